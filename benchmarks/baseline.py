"""Today's trainers for the benchmarks: the batched trainer as committed before the speed work, loaded from git.

``load_baseline()`` reads the batched trainer's modules (``lib/headcount/training/batched*.py``) at
:data:`BASELINE_COMMIT` with ``git show`` into temporary modules (nothing is copied into the tree), so a benchmark
can time it against the current trainer in the same process, on the same data and configurations.
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
#: The commit whose ``train_batched`` is "today's trainer" (before the issue-19 speed work).
BASELINE_COMMIT = "1efecfd"
#: The trainer's modules, loaded together so the baseline runs its own layers and models, not today's.
MODULES = ("batched_layers", "batched_model", "batched")


def load_baseline(commit: str = BASELINE_COMMIT) -> ModuleType:
    """``headcount.training.batched`` as of ``commit`` (with its ``batched_layers`` and ``batched_model`` of that
    commit, where they exist), imported as ``baseline_batched``; the rest of ``headcount`` is today's."""
    folder = Path(tempfile.mkdtemp())
    module = None
    for name in MODULES:
        shown = subprocess.run(["git", "show", f"{commit}:lib/headcount/training/{name}.py"], cwd=ROOT,
                               capture_output=True, text=True)
        if shown.returncode:  # an older commit without this module
            continue
        source = shown.stdout
        for other in MODULES:
            source = source.replace(f"headcount.training.{other} import", f"baseline_{other} import")
        path = folder / f"baseline_{name}.py"
        path.write_text(source)
        spec = importlib.util.spec_from_file_location(f"baseline_{name}", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[f"baseline_{name}"] = module
        spec.loader.exec_module(module)
    return module


def timed(fn, *args, **kwargs) -> tuple[float, float, object]:
    """``(cpu seconds, wall seconds, result)`` of one call: CPU time of this process is the main clock on a
    shared machine (it does not count time spent waiting for a core), wall time is printed beside it."""
    c, w = time.process_time(), time.perf_counter()
    out = fn(*args, **kwargs)
    return time.process_time() - c, time.perf_counter() - w, out
