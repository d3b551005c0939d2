"""Where a training step of the batched trainer spends its time: torch.profiler over a few steps of Table 2's group.

One group of Table 2 (``h = 1..5`` x 3 seeds, per-head dim 8, ``N = 32``, batch 128; paper section 6.1) at one
``T``, one thread; steps ``--skip + 1 .. --skip + --steps`` are profiled (no evaluation inside), and the operators
are printed by self CPU time, grouped by input shapes with ``--shapes``.

    OMP_NUM_THREADS=1 python benchmarks/bench_profile.py --T 128
    python benchmarks/bench_profile.py --T 8 --shapes --rows 30

Printed, never asserted (the profiler adds its own overhead to each operator: read shares, not times).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lib"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import torch
from bench_roofline import table2_group
from torch.profiler import ProfilerActivity, profile

from headcount import TrainConfig
from headcount.training import batched


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--T", type=int, default=128)
    p.add_argument("--steps", type=int, default=8)
    p.add_argument("--skip", type=int, default=3, help="warm-up steps before profiling")
    p.add_argument("--rows", type=int, default=20)
    p.add_argument("--shapes", action="store_true", help="group operators by input shapes")
    args = p.parse_args()
    torch.set_num_threads(1)
    configs, seeds, split = table2_group(args.T)
    prof = profile(activities=[ProfilerActivity.CPU], record_shapes=args.shapes)
    marks: list[float] = []

    def cb(event: dict) -> None:
        if event["step"] == args.skip:
            marks.append(time.process_time())
            prof.__enter__()
        elif event["step"] == args.skip + args.steps:
            prof.__exit__(None, None, None)
            marks.append(time.process_time())

    tc = TrainConfig(steps=args.skip + args.steps + 1, warmup=1, eval_every=10**6)
    batched.train_batched(configs, seeds, split, tc, callbacks=[cb])
    print(f"T = {args.T}, {len(configs)} configurations, {args.steps} profiled steps: "
          f"{(marks[1] - marks[0]) / args.steps * 1e3:.1f} ms/step CPU under the profiler")
    print(prof.key_averages(group_by_input_shape=args.shapes).table(sort_by="self_cpu_time_total",
                                                                    row_limit=args.rows, max_name_column_width=40))


if __name__ == "__main__":
    main()
