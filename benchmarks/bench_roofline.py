"""Roofline report: useful FLOP/s of the batched trainer as a share of this machine's one-thread matmul peak.

Useful FLOPs are counted with ``torch.utils.flop_counter.FlopCounterMode`` on one training step (forward and
backward, batch 128) of each *single* model of the grid (Table 2's: ``h = 1..5``, per-head dim 8, ``N = 32``, 3
seeds; paper section 6.1), so work the batched model avoids (it never forms the ``E``-wide tokens) or adds
(padding) does not count. The peak is a 1024 x 1024 float32 matmul on one thread, measured in the same run.
Today's trainer (:data:`baseline.BASELINE_COMMIT`, loaded from git) and the current one are timed on the same
configurations and batches, their repetitions interleaved; CPU time of this process is the clock (on a shared
machine it does not count time spent waiting for a core; wall time is printed too).

    OMP_NUM_THREADS=1 python benchmarks/bench_roofline.py              # T = 8, 32, 128
    python benchmarks/bench_roofline.py --T 32 --steps 20 --reps 3

Printed, never asserted.
"""
from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lib"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import torch
from baseline import BASELINE_COMMIT, load_baseline, timed
from torch.utils.flop_counter import FlopCounterMode

from headcount import ModelConfig, TrainConfig, build_model, synthetic_task
from headcount.training import batched


def matmul_peak(reps: int = 7, size: int = 1024) -> float:
    """FLOP/s of a ``size x size`` float32 matmul on the current thread count (median of ``reps``, CPU time)."""
    a, b = torch.randn(size, size), torch.randn(size, size)
    torch.mm(a, b)
    times = []
    for _ in range(reps):
        cpu, _, _ = timed(lambda: [torch.mm(a, b) for _ in range(5)])
        times.append(cpu / 5)
    return 2 * size**3 / statistics.median(times)


def useful_flops(configs: list[ModelConfig], seeds: list[int], X: torch.Tensor, y: torch.Tensor) -> int:
    """FLOPs of one forward + backward step of every single model (``FlopCounterMode``), summed."""
    total = 0
    for c, s in zip(configs, seeds):
        model = build_model(c, s)
        with FlopCounterMode(display=False) as counter:
            ((model(X) - y) ** 2).mean().backward()
        total += counter.get_total_flops()
    return total


def step_time(train_fn, configs, seeds, split, tc) -> tuple[float, float]:
    """CPU and wall seconds per training step (from the first step's callback to the last: no set-up, no final
    evaluation)."""
    import time

    marks: list[tuple[float, float]] = []
    train_fn(configs, seeds, split, tc, callbacks=[lambda e: marks.append((time.process_time(), time.perf_counter()))])
    n = len(marks) - 1
    return (marks[-1][0] - marks[0][0]) / n, (marks[-1][1] - marks[0][1]) / n


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--T", type=int, nargs="+", default=[8, 32, 128])
    p.add_argument("--steps", type=int, default=30)
    p.add_argument("--reps", type=int, default=3, help="interleaved repetitions per trainer")
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    old = load_baseline()
    peaks = [matmul_peak()]
    print(f"torch {torch.__version__}, {args.threads} thread(s); Table 2 grid: h = 1..5 x 3 seeds, n = 8, N = 32, "
          f"batch 128; baseline = batched.py at {BASELINE_COMMIT}")
    rows = []
    for T in args.T:
        split = synthetic_task(T).split(2000, 200, seed=0)
        configs = [ModelConfig(d=4, T=T, heads=h, head_dim=8, width=32, beta=1.0) for h in range(1, 6) for _ in range(3)]
        seeds = [s for _ in range(1, 6) for s in range(3)]
        flops = useful_flops(configs, seeds, split.X_train[:128], split.y_train[:128])
        tc = TrainConfig(steps=args.steps, warmup=1, eval_every=args.steps)
        times: dict[str, list[tuple[float, float]]] = {"today": [], "now": []}
        for _ in range(args.reps):  # interleaved: load changes hit both sides alike
            times["today"].append(step_time(old.train_batched, configs, seeds, split, tc))
            times["now"].append(step_time(batched.train_batched, configs, seeds, split, tc))
            peaks.append(matmul_peak(reps=3))
        peak = statistics.median(peaks)
        cells = []
        for side in ("today", "now"):
            cpu = statistics.median(t[0] for t in times[side])
            wall = statistics.median(t[1] for t in times[side])
            cells.append((side, cpu, wall, flops / cpu / peak))
        rows.append((T, flops, peak, cells))
        print(f"T = {T:>3}: useful {flops / 1e9:.2f} GFLOP/step, peak {peak / 1e9:.1f} GFLOP/s | " + " | ".join(
            f"{side}: {cpu * 1e3:.1f} ms/step CPU ({wall * 1e3:.0f} wall), {pct:.1%} of peak"
            for side, cpu, wall, pct in cells) + f" | speed-up {cells[0][1] / cells[1][1]:.2f}x", flush=True)
    print("\n| T | useful GFLOP/step | today: % of peak | now: % of peak | speed-up (CPU time) |\n|---|---|---|---|---|")
    for T, flops, _, cells in rows:
        print(f"| {T} | {flops / 1e9:.2f} | {cells[0][3]:.1%} | {cells[1][3]:.1%} | {cells[0][1] / cells[1][1]:.2f}x |")
    print("(one run on a shared machine: ratios are meaningful, absolute rates move with the load)")


if __name__ == "__main__":
    main()
