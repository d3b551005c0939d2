"""Roofline and speed-up of the batched trainer on Table 2's training, against today's trainer, in one run.

Table 2's training (paper section 6.1, App. B.1): 75 configurations (``T = 8 .. 128``, ``h = 1..5``, per-head dim
8, ``N = 32``, 3 seeds), 2000 steps, batch 128, one group per ``T`` as the engine trains them. For each ``T``:

* **executed FLOPs**: the matrix products (``mm``, ``bmm``, ``baddbmm`` in every overload, ``out=`` and in-place
  included: ``FlopCounterMode`` misses those) that one training step of the batched trainer dispatches, counted
  with a ``TorchDispatchMode`` on the real step (padding included); **minimal FLOPs**: the same count with every
  configuration trained alone (no padding), summed;
* **bytes**: the bytes of every kernel's tensor arguments and results (an upper bound of memory traffic: it
  ignores caches), and the **minimal bytes** of the step: the unpadded ``(B T, N)`` hidden layer written once and
  read three times (pooling, logits, backward) plus its gradient written and read once, and the inputs;
* **aten ops per step**: the kernels dispatched (view ops not counted);
* **time**: CPU time per training step of this process (the clock on a shared machine; it does not count
  waiting for a core), today's trainer (:data:`baseline.BASELINE_COMMIT`, loaded from git) and the current one
  alternating ``--reps`` times; the one-thread 1024 x 1024 matmul peak and the copy bandwidth are measured
  between the repetitions. Table 2's training time is ``2000 x`` the summed per-step times.

A second part trains all 75 configurations ``--check-steps`` steps with both trainers and prints the largest
relative difference of their per-step training losses (same initial weights and batches; float rounding only),
next to today's trainer against the single-model trainer (the rounding floor of the recipe).
A third times each group the engine forms for Table 2 (:func:`headcount.training.sweep.group_configs`) and
schedules them, costliest first as the engine does, on two workers: CPU-time accounting of how near two workers
come to 2x (the shared machine is never idle), against one group per ``T``.

    OMP_NUM_THREADS=1 python benchmarks/bench_roofline.py --out benchmarks/results/roofline_cpu.md
    python benchmarks/bench_roofline.py --T 32 --reps 2 --check-steps 20     # a quick look

Printed (and written with ``--out``), never asserted.
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
from baseline import BASELINE_COMMIT, load_baseline, timed
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_leaves

from headcount import ModelConfig, TrainConfig, build_model, synthetic_task, train
from headcount.experiments.paper_tables import TABLES
from headcount.training import batched

#: Timed steps per repetition (about a second of CPU each).
STEPS = {8: 60, 16: 50, 32: 30, 64: 20, 128: 12}
_MATMULS = {"mm", "bmm", "baddbmm", "addmm", "addbmm"}


class StepCounter(TorchDispatchMode):
    """Kernels, matrix-product FLOPs and argument bytes of everything dispatched while active."""

    def __init__(self) -> None:
        super().__init__()
        self.ops = self.flops = self.bytes = 0

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        if func.is_view or func.__name__.split(".")[0] in ("detach", "_to_copy", "lift_fresh"):
            return out
        self.ops += 1
        name = func.__name__.split(".")[0].rstrip("_")
        if name in _MATMULS:
            a, b = _operands(args)
            batch = a.shape[0] if a.dim() == 3 else 1
            self.flops += 2 * batch * a.shape[-2] * a.shape[-1] * b.shape[-1]
        seen = {}
        for t in tree_leaves((args, kwargs, out)):
            if isinstance(t, torch.Tensor):
                seen[(t.data_ptr(), t.numel())] = t.numel() * t.element_size()
        self.bytes += sum(seen.values())
        return out


def _operands(args) -> tuple[torch.Tensor, torch.Tensor]:
    """The two multiplied matrices of a matrix product's arguments (the last two tensors of dim >= 2)."""
    mats = [x for x in args if isinstance(x, torch.Tensor) and x.dim() >= 2]
    return mats[-2], mats[-1]


def table2_group(T: int, n_train: int = 8000) -> tuple[list[ModelConfig], list[int], object]:
    """Table 2's 15 configurations at ``T`` (heads x seeds) and their data (the engine's split)."""
    spec = TABLES["table2"]
    configs = [ModelConfig(d=spec["d"], T=T, heads=h, head_dim=spec["head_dim"], width=spec["width"])
               for h in spec["heads"] for _ in range(3)]
    seeds = [s for _ in spec["heads"] for s in range(3)]
    split = synthetic_task(T, D=spec["D"], d=spec["d"]).split(n_train, spec["n_val"], seed=spec["data_seed"])
    return configs, seeds, split


def count_step(train_fn, configs, seeds, split) -> StepCounter:
    """One training step (the second) of ``train_fn`` under a :class:`StepCounter`."""
    counter = StepCounter()

    def cb(event: dict) -> None:
        if event["step"] == 1:
            counter.__enter__()
        elif event["step"] == 2:
            counter.__exit__(None, None, None)

    train_fn(configs, seeds, split, TrainConfig(steps=3, warmup=1, eval_every=3), callbacks=[cb])
    return counter


def step_time(train_fn, configs, seeds, split, steps: int) -> float:
    """CPU seconds per training step, from the first step's callback to the last (no set-up, no evaluation)."""
    marks: list[float] = []
    train_fn(configs, seeds, split, TrainConfig(steps=steps + 1, warmup=1, eval_every=10**6),
             callbacks=[lambda e: marks.append(time.process_time())])
    return (marks[-1] - marks[0]) / steps


def matmul_peak(reps: int = 5, size: int = 1024) -> float:
    """FLOP/s of a ``size x size`` float32 matmul on the current thread count (best of ``reps``, CPU time)."""
    a, b = torch.randn(size, size), torch.randn(size, size)
    torch.mm(a, b)
    return 2 * size**3 / min(timed(lambda: [torch.mm(a, b) for _ in range(3)])[0] / 3 for _ in range(reps))


def bandwidth(reps: int = 5, mb: int = 64) -> float:
    """Bytes/s of a ``mb`` MB copy (read plus write; best of ``reps``, CPU time)."""
    a = torch.ones(mb * 2**18)
    b = torch.empty_like(a)
    b.copy_(a)
    return 2 * a.numel() * 4 / min(timed(lambda: b.copy_(a))[0] for _ in range(reps))


def minimal_bytes(configs: list[ModelConfig], batch: int = 128) -> float:
    """Bytes the step must move at least (fp32): per configuration, its ``(B T, N)`` hidden layer written once and
    read three times plus its gradient written and read once (hidden recomputed, never padded), and the inputs."""
    return float(sum(4 * batch * c.T * (6 * c.width + c.d) for c in configs))


def loss_drift(old, configs, seeds, split, steps: int, early: int) -> tuple[float, float, float]:
    """Largest relative difference of today's and the current trainer's per-step training losses over the first
    ``early`` steps and over all ``steps``, and of today's against the single-model trainer
    (:func:`headcount.training.train.train`, the definition both batch) on the seed-0 members: the size that
    float rounding reaches through training in this recipe."""
    tc = TrainConfig(steps=steps, eval_every=steps)
    a, _ = old.train_batched(configs, seeds, split, tc)
    b, _ = batched.train_batched(configs, seeds, split, tc)
    rel = [[abs(x - y) / abs(x) for x, y in zip(ha.train_loss, hb.train_loss)] for ha, hb in zip(a, b)]
    floor = 0.0
    for c, s, ha in zip(configs, seeds, a):
        if s == 0:
            ref = train(build_model(c, s), split, replace(tc, seed=s)).train_loss
            floor = max(floor, max(abs(x - y) / abs(x) for x, y in zip(ref, ha.train_loss)))
    return max(max(r[:early]) for r in rel), max(max(r) for r in rel), floor


def lpt(times: list[float], order: list[int], workers: int = 2) -> float:
    """Makespan of ``times`` handed out in ``order`` to the least-loaded of ``workers`` (the engine's schedule)."""
    loads = [0.0] * workers
    for i in order:
        loads[loads.index(min(loads))] += times[i]
    return max(loads)


def balance_lines() -> list[str]:
    """Two workers on Table 2's groups, by CPU time per step of each group (x 2000 steps)."""
    from headcount.experiments.paper_tables import table_spec
    from headcount.training.fit import model_config, split_of
    from headcount.training.sweep import expand_grid, group_configs, group_cost

    groups = group_configs(expand_grid(table_spec("table2")))
    per_T = {}
    for g in groups:
        per_T.setdefault(g[0]["T"], []).append(g)
    lines, rows = ["", "| group (T: heads) | configurations | CPU s for 2000 steps |", "|---|---|---|"], []
    for g in groups:
        T = g[0]["T"]
        t = 2000 * step_time(batched.train_batched, [model_config(c) for c in g], [c["seed"] for c in g],
                             split_of(g[0]), STEPS.get(T, 20))
        rows.append((T, g, t))
        lines.append(f"| {T}: {sorted({c['heads'] for c in g})} | {len(g)} | {t:.0f} |")
    times = [t for _, _, t in rows]
    order = sorted(range(len(rows)), key=lambda i: group_cost(rows[i][1]), reverse=True)
    now = sum(times) / lpt(times, order)
    whole = [sum(t for T2, _, t in rows if T2 == T) for T in per_T]  # one group per T (its parts summed)
    before = sum(whole) / lpt(whole, sorted(range(len(whole)), key=lambda i: whole[i], reverse=True))
    lines += ["", f"Two workers, costliest group first: {now:.2f}x of one worker ({2 / now:.2f}x from the ideal 2x) "
              f"with these groups; {before:.2f}x ({2 / before:.2f}x from ideal) with one group per T."]
    return lines


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--T", type=int, nargs="+", default=[8, 16, 32, 64, 128])
    p.add_argument("--reps", type=int, default=3, help="interleaved repetitions per trainer")
    p.add_argument("--check-steps", type=int, default=200, help="steps of the loss comparison (0: skip)")
    p.add_argument("--no-balance", dest="balance", action="store_false", help="skip the two-worker part")
    p.add_argument("--out", type=Path, default=None, help="also write the report (markdown) here")
    args = p.parse_args()
    torch.set_num_threads(1)
    old = load_baseline()
    lines = [f"torch {torch.__version__}, 1 thread; Table 2: h = 1..5 x 3 seeds, n = 8, N = 32, batch 128, "
             f"one group per T; today's trainer = lib/headcount/training/batched*.py at {BASELINE_COMMIT}; "
             f"medians of {args.reps} interleaved repetitions, CPU time per training step", ""]
    print(lines[0], flush=True)
    peaks, bws, rows = [matmul_peak()], [bandwidth()], []
    for T in args.T:
        configs, seeds, split = table2_group(T)
        count = {"today": count_step(old.train_batched, configs, seeds, split),
                 "now": count_step(batched.train_batched, configs, seeds, split)}
        minimal = sum(count_step(batched.train_batched, [c], [s], split).flops for c, s in zip(configs, seeds))
        times: dict[str, list[float]] = {"today": [], "now": []}
        for _ in range(args.reps):  # interleaved: a change of load hits both sides alike
            times["today"].append(step_time(old.train_batched, configs, seeds, split, STEPS.get(T, 20)))
            times["now"].append(step_time(batched.train_batched, configs, seeds, split, STEPS.get(T, 20)))
            peaks.append(matmul_peak(3))
            bws.append(bandwidth(3))
        med = {k: statistics.median(v) for k, v in times.items()}
        rows.append((T, count, minimal, minimal_bytes(configs), med))
        print(f"T = {T:>3}: today {med['today'] * 1e3:.1f} ms/step, now {med['now'] * 1e3:.1f} ms/step, "
              f"{med['today'] / med['now']:.2f}x; aten ops {count['today'].ops} -> {count['now'].ops}", flush=True)
    peak, bw = statistics.median(peaks), statistics.median(bws)
    lines += [f"one-thread peak: {peak / 1e9:.1f} GFLOP/s (1024^2 matmul), copy bandwidth {bw / 1e9:.1f} GB/s "
              f"(64 MB, read + write): machine balance {peak / bw:.1f} FLOP/B; medians over the run", "",
              "| T | ms/step today | ms/step now | speed-up | aten ops today -> now | executed GFLOP/step today | "
              "executed GFLOP/step now | minimal GFLOP/step | executed % of peak today -> now | minimal % of peak "
              "now | kernel MB/step now | minimal MB/step | bound ms/step |", "|" + "---|" * 13]
    total = {"today": 0.0, "now": 0.0, "bound": 0.0}
    for T, count, minimal, mbytes, med in rows:
        bound = max(minimal / peak, mbytes / bw)
        for k in ("today", "now"):
            total[k] += med[k]
        total["bound"] += bound
        lines.append(
            f"| {T} | {med['today'] * 1e3:.1f} | {med['now'] * 1e3:.1f} | {med['today'] / med['now']:.2f}x | "
            f"{count['today'].ops} -> {count['now'].ops} | {count['today'].flops / 1e9:.3f} | "
            f"{count['now'].flops / 1e9:.3f} | {minimal / 1e9:.3f} | "
            f"{count['today'].flops / med['today'] / peak:.1%} -> {count['now'].flops / med['now'] / peak:.1%} | "
            f"{minimal / med['now'] / peak:.1%} | {count['now'].bytes / 1e6:.0f} | {mbytes / 1e6:.1f} | "
            f"{bound * 1e3:.2f} |")
    steps = 2000
    lines += ["", f"Table 2's training ({len(rows) * 15} configurations x {steps} steps, one thread, steps only): "
              f"today {total['today'] * steps:.0f} s, now {total['now'] * steps:.0f} s: "
              f"**{total['today'] / total['now']:.2f}x**; lower bound (minimal FLOPs at peak or minimal bytes at "
              f"the copy bandwidth, whichever is larger, per T) {total['bound'] * steps:.1f} s, so today is "
              f"{total['today'] / total['bound']:.0f}x and now {total['now'] / total['bound']:.0f}x above it."]
    if args.check_steps:
        early = min(50, args.check_steps)
        drifts = [loss_drift(old, *table2_group(T), args.check_steps, early) for T in args.T]
        lines += ["", f"Per-step training losses, all {len(rows) * 15} configurations, today's against the current "
                  f"trainer (same initial weights and batches): largest relative difference "
                  f"{max(d[0] for d in drifts):.1e} over the first {early} steps, {max(d[1] for d in drifts):.1e} "
                  f"over {args.check_steps} steps; today's against the single-model trainer (seed 0 members) "
                  f"{max(d[2] for d in drifts):.1e} over {args.check_steps} steps (rounding grows through training "
                  f"in this recipe: neither batched trainer can stay within 1e-4 of another summation order "
                  f"for 200 steps)."]
    if args.balance:
        lines += balance_lines()
    lines.append("(one run on a shared machine: ratios measured with interleaved repetitions; absolute times move "
                 "with the load)")
    report = "\n".join(lines)
    print("\n" + report)
    if args.out is not None:
        args.out.write_text(report + "\n")


if __name__ == "__main__":
    main()
