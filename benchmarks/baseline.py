"""Today's trainers for the benchmarks: the batched trainer as committed before the speed work, loaded from git.

``load_baseline()`` reads ``lib/headcount/training/batched.py`` at :data:`BASELINE_COMMIT` with ``git show`` into a
temporary module (nothing is copied into the tree), so a benchmark can time it against the current trainer in the
same process, on the same data and configurations.
"""
from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
#: The commit whose ``train_batched`` is "today's trainer" (depth 1 only, one padded model per group).
BASELINE_COMMIT = "4215e88"


def load_baseline(commit: str = BASELINE_COMMIT) -> ModuleType:
    """``headcount.training.batched`` as of ``commit``, imported under the name ``baseline_batched``."""
    source = subprocess.run(["git", "show", f"{commit}:lib/headcount/training/batched.py"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    path = Path(tempfile.mkdtemp()) / "baseline_batched.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("baseline_batched", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["baseline_batched"] = module
    spec.loader.exec_module(module)
    return module


def timed(fn, *args, **kwargs) -> tuple[float, float, object]:
    """``(cpu seconds, wall seconds, result)`` of one call: CPU time of this process is the main clock on a
    shared machine (it does not count time spent waiting for a core), wall time is printed beside it."""
    c, w = time.process_time(), time.perf_counter()
    out = fn(*args, **kwargs)
    return time.process_time() - c, time.perf_counter() - w, out
