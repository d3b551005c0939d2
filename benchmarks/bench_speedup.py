"""Speed-up of the batched trainer: against today's trainer, against a per-configuration loop, and at depth 2.

All sides train the same configurations from the same initial weights on the same batches for the same
steps (so they compute the same thing up to float rounding; the script prints how far their training
losses drift apart), and only the training steps are timed (CPU time of this process, from the end of the
first step to the end of the last: no set-up, no evaluation). Repetitions of the sides are interleaved, so a
change of the machine's load hits them alike; medians are reported.

* ``T in {8, 32, 128}``, Table 2's grid (``h = 1..5``, per-head dim 8, ``N = 32``, 3 seeds; section 6.1):
  the current ``train_batched`` against today's (:data:`baseline.BASELINE_COMMIT`, loaded from git) and
  against the straightforward loop, one model at a time with ``nn.MultiheadAttention``
  (``bench_batched.MHAModel``; DESIGN.md's goal: at least 3x at every ``T``);
* depth 2, ``T = 16``, Table 5's grid (``h = 1..5``, ``E = 32``, 3 seeds): ``train_batched`` against
  ``headcount.training.train.train`` one configuration at a time (what sweeps did for ``depth > 1`` before).

    OMP_NUM_THREADS=1 python benchmarks/bench_speedup.py
    python benchmarks/bench_speedup.py --T 32 --reps 2

Printed, never asserted (timings depend on the machine and its load; on a shared machine, trust the ratios).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lib"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import torch
from baseline import BASELINE_COMMIT, load_baseline
from bench_batched import train_mha

from headcount import ModelConfig, TrainConfig, build_model, synthetic_task, train
from headcount.training import batched

STEPS = {8: 40, 16: 20, 32: 20, 128: 8}


def batched_side(train_fn):
    """A side that trains every configuration at once with ``train_fn`` (a ``train_batched``)."""
    def run(configs, seeds, split, tc):
        marks: list[float] = []
        hs, _ = train_fn(configs, seeds, split, tc, callbacks=[lambda e: marks.append(time.process_time())])
        return marks[-1] - marks[0], [h.train_loss for h in hs]
    return run


def single_side(configs, seeds, split, tc):
    """``train()`` one configuration at a time."""
    total, losses = 0.0, []
    for c, s in zip(configs, seeds):
        marks: list[float] = []
        h = train(build_model(c, s), split, replace(tc, seed=s), callbacks=[lambda e, m=marks: m.append(time.process_time())])
        total += marks[-1] - marks[0]
        losses.append(h.train_loss)
    return total, losses


def loop_side(configs, seeds, split, tc):
    """The textbook loop: one ``nn.MultiheadAttention`` model at a time (same weights, batches, loss, AdamW,
    schedule and clipping as the batched trainer)."""
    total, losses = 0.0, []
    var = float(split.y_train.var(unbiased=False))
    for c, s in zip(configs, seeds):
        marks: list[float] = []  # CPU time after each step; the first step (warm-up) is not counted
        _, curve = train_mha(c, s, split, tc, var, on_step=lambda _, m=marks: m.append(time.process_time()))
        total += marks[-1] - marks[0]
        losses.append(curve)
    return total, losses


def drift(a: list[list[float]], b: list[list[float]]) -> float:
    """Largest relative difference between two sides' per-step training losses."""
    return max(abs(x - y) / max(abs(y), 1e-12) for ca, cb in zip(a, b) for x, y in zip(ca, cb))


def compare(title: str, sides: dict, configs, seeds, split, tc, reps: int) -> dict[str, float]:
    times: dict[str, list[float]] = {k: [] for k in sides}
    losses = {}
    for _ in range(reps):
        for name, side in sides.items():
            t, losses[name] = side(configs, seeds, split, tc)
            times[name].append(t)
    med = {k: statistics.median(v) for k, v in times.items()}
    first = next(iter(sides))
    per_step = ", ".join(f"{k} {med[k] / (tc.steps - 1) * 1e3:.1f} ms/step" for k in sides)
    ratios = ", ".join(f"{first} vs {k}: {med[k] / med[first]:.2f}x (loss drift {drift(losses[first], losses[k]):.0e})"
                       for k in list(sides)[1:])
    print(f"{title}: {per_step} | {ratios}", flush=True)
    return {k: med[k] / med[first] for k in list(sides)[1:]}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--T", type=int, nargs="+", default=[8, 32, 128])
    p.add_argument("--reps", type=int, default=3, help="interleaved repetitions of each side")
    p.add_argument("--no-depth2", action="store_true", help="skip the depth-2 case")
    args = p.parse_args()
    torch.set_num_threads(1)
    old = load_baseline()
    print(f"torch {torch.__version__}, 1 thread; batch 128; today's trainer = batched.py at {BASELINE_COMMIT}; "
          f"medians of {args.reps} interleaved repetitions, CPU time of training steps")
    rows = []
    for T in args.T:
        split = synthetic_task(T).split(2000, 200, seed=0)
        configs = [ModelConfig(d=4, T=T, heads=h, head_dim=8, width=32) for h in range(1, 6) for _ in range(3)]  # beta 1/sqrt(n), as MHA
        seeds = [s for _ in range(1, 6) for s in range(3)]
        tc = TrainConfig(steps=STEPS.get(T, 20), warmup=1, eval_every=STEPS.get(T, 20))
        r = compare(f"T = {T:>3}, Table 2 grid, {tc.steps} steps", {
            "now": batched_side(batched.train_batched), "today": batched_side(old.train_batched), "MHA loop": loop_side},
            configs, seeds, split, tc, args.reps)
        rows.append((f"T = {T}, depth 1", r))
    if not args.no_depth2:
        split = synthetic_task(16).split(2000, 200, seed=0)
        configs = [ModelConfig(d=4, T=16, heads=h, head_dim=-(-32 // h), width=32, beta=1.0, depth=2)
                   for h in range(1, 6) for _ in range(3)]
        seeds = [s for _ in range(1, 6) for s in range(3)]
        tc = TrainConfig(steps=STEPS[16], warmup=1, eval_every=STEPS[16])
        r = compare("T =  16, Table 5 grid (depth 2)", {"now": batched_side(batched.train_batched),
                                                         "one at a time": single_side},
                    configs, seeds, split, tc, args.reps)
        rows.append(("T = 16, depth 2", r))
    print("\n| case | speed-up of the batched trainer |\n|---|---|")
    for case, r in rows:
        print(f"| {case} | " + ", ".join(f"{v:.2f}x vs {k}" for k, v in r.items()) + " |")
    print("(one run on a shared machine: ratios measured with interleaved repetitions; absolute times move with the load)")


if __name__ == "__main__":
    main()
