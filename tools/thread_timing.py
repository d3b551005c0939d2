"""How many torch threads should a kernel use? Time the training panel's default run (notebook 02:
max_min, T = 16, h = 2, 500 steps) with 1 and 2 threads, on an idle machine and with a busy second
process, and print the times and ratios measured in this one run.

    OMP_NUM_THREADS=1 .venv/bin/python tools/thread_timing.py [--repeats 3]

Each timing runs in a fresh process (torch's thread pool is per process). The busy process is a
pure-Python loop, like a second kernel or a test worker on a 2-core laptop.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

CHILD = """
import os, time, torch
torch.set_num_threads(int(os.environ["N"]))
from headcount.ui.training_panel import TrainingController
c = TrainingController()
c.run()
t0 = time.perf_counter(); c.run(); print(time.perf_counter() - t0)
"""


def _time(threads: int) -> float:
    env = {**os.environ, "N": str(threads), "OMP_NUM_THREADS": str(threads), "HEADCOUNT_FAST": "0"}
    env.pop("CI", None)
    out = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    rows = []
    for load in ("idle", "one busy process"):
        busy = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if load != "idle" else None
        try:
            time.sleep(0.5)
            for threads in (1, 2):
                times = sorted(_time(threads) for _ in range(args.repeats))
                rows.append((load, threads, times[len(times) // 2], times))
        finally:
            if busy is not None:
                busy.kill()
                busy.wait()
    print(f"{'load':<18} {'threads':>7} {'median s':>9}  all")
    for load, threads, med, times in rows:
        print(f"{load:<18} {threads:>7} {med:>9.2f}  {', '.join(f'{t:.2f}' for t in times)}")
    for load in ("idle", "one busy process"):
        t1, t2 = (med for ld, _, med, _ in rows if ld == load)
        print(f"{load}: 2 threads / 1 thread = {t2 / t1:.2f}x")


if __name__ == "__main__":
    main()
