"""Benchmark (b) and (c): wall time and peak memory of ``python -m headcount reproduce <table>``.

    OMP_NUM_THREADS=1 python benchmarks/bench_reproduce.py table2 --threads 1 --out /tmp/t2.csv
    python benchmarks/bench_reproduce.py table2 --fast          # seconds; checks the plumbing only

Runs the command in a child process (fresh output file unless ``--out`` names an existing one,
which resumes), then prints its wall time, the child's peak resident memory, and the summed
per-group training time recorded in the results file. Goal for table2 at paper scale on a
2-core CPU: <= 20 minutes. Printed, never asserted.
"""
from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))

from headcount.training.sweep import load_results  # noqa: E402


def main() -> None:
    args = sys.argv[1:] or ["table2"]
    if "--out" not in args:
        args += ["--out", str(Path(tempfile.mkdtemp()) / f"{args[0]}.csv")]
    out = Path(args[args.index("--out") + 1])
    env = {**os.environ, "PYTHONPATH": str(ROOT / "lib") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.setdefault("OMP_NUM_THREADS", "1")
    cmd = [sys.executable, "-m", "headcount", "reproduce", *args, "--no-progress"]
    print("running:", " ".join(cmd), flush=True)
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=ROOT)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rows = load_results(out) if out.exists() else []
    groups = {(r["T"], r["group_wall_time"], r["finished_at"]) for r in rows}
    print(f"exit {proc.returncode}; wall {wall / 60:.1f} min (goal for table2 at paper scale: <= 20 min); "
          f"peak RSS {peak:.0f} MB; {len(rows)} rows; training time recorded in the file "
          f"{sum(g[1] for g in groups) / 60:.1f} min")


if __name__ == "__main__":
    main()
