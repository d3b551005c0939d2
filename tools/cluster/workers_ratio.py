"""Wall time of one reduced Table 2 sweep with 1 worker (in process) and with N local worker processes, one run.

    OMP_NUM_THREADS=1 python tools/cluster/workers_ratio.py --workers 2 --steps 200 --repeats 2

Both routes train the same groups (one batched model per T) with one torch thread each, so the rows
must agree exactly; the script checks that and prints the times and their ratio. Both routes are warmed
up first (the first optimizer step of a process imports torch._dynamo; the fork server imports torch),
and the repeats alternate 1, N, 1, N so that a busy neighbour disturbs both alike.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from headcount.env import configure_threads
from headcount.experiments.paper_tables import table_spec
from headcount.training.sweep import run_sweep


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--steps", type=int, default=200)
    p.add_argument("--n-train", type=int, default=2000)
    p.add_argument("--repeats", type=int, default=2)
    args = p.parse_args()
    configure_threads(1)
    spec = {**table_spec("table2", seeds=3), "steps": args.steps, "n_train": args.n_train, "n_val": 500}
    tiny = {"T": 4, "heads": [1, 2], "width": 8, "n_train": 64, "n_val": 32, "steps": 2, "batch_size": 8, "warmup": 1}
    times: dict[int, list[float]] = {1: [], args.workers: []}
    with tempfile.TemporaryDirectory() as tmp:
        for w in times:  # warm-up: lazy imports in this process and the fork server's start
            run_sweep(tiny, Path(tmp) / f"warm{w}.csv", progress=False, workers=w)
        rows = {}
        for rep in range(args.repeats):
            for w in times:
                start = time.perf_counter()
                rows[w] = run_sweep(spec, Path(tmp) / f"w{w}_{rep}.csv", progress=False, workers=w)
                times[w].append(time.perf_counter() - start)
                print(f"repeat {rep}: {w} worker(s): {times[w][-1]:.1f} s", flush=True)
    one, many = ({r["key"]: r["val_nmse"] for r in rows[w]} for w in times)
    same = one == many
    t1, tn = statistics.median(times[1]), statistics.median(times[args.workers])
    print(f"Table 2 reduced ({len(one)} configurations, {args.steps} steps, n_train {args.n_train}): "
          f"1 worker {t1:.1f} s, {args.workers} workers {tn:.1f} s (medians of {args.repeats}); "
          f"ratio {t1 / tn:.2f}x; rows identical: {same}")


if __name__ == "__main__":
    main()
