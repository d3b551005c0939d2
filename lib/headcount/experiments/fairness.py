"""The fairness check of notebook 05 (the course's own; the paper makes none): tune h = D - 1 as h = D was tuned.

The library's recipe (:class:`headcount.training.train.TrainConfig`) was chosen by a small search on one
number: the validation NMSE of ``h = D = 4`` at ``T = 32`` on the synthetic task of section 6.1, 1000
steps, seeds 0-2. That is the very model the jump of Fig. 1a contrasts with ``h = D - 1 = 3``, so the
jump could partly be a tuning artefact. Here both head counts get the same search:

* stage 1 (:func:`tuning_spec`): the search's grid, learning rate x softmax scale,
  ``lr in {3e-3, 1e-2, 2e-2}`` x ``beta in {1/sqrt(n), 1, 2, 3}`` (every point the original search tried at
  batch 128, plus the rest of the product), for ``h = D - 1`` and ``h = D``, 3 seeds, ``T = 32``, 1000 steps;
* selection (:func:`best_settings`): per ``h``, the setting with the lowest median validation NMSE over seeds;
* stage 2 (:func:`final_spec`): each ``h``'s chosen setting retrained at the recipe's 2000 steps, 3 seeds
  (rows identical to Table 2's are copied from ``table2_synthetic.csv``).

:func:`fairness_summary` gives the gap ``NMSE(h = D - 1) / NMSE(h = D)`` with each ``h`` at its own best
setting. ``python -m headcount.experiments.fairness`` writes ``data/results/fairness_T32.csv``.
"""
from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from headcount._checks import check_int
from headcount.experiments.datasets import data_dir

__all__ = ["BETAS", "LRS", "TUNING_STEPS", "best_settings", "fairness_summary", "final_spec", "main", "tuning_spec"]

#: The search grid (the ``TrainConfig`` docstring lists the points the recipe's search tried).
LRS = (3e-3, 1e-2, 2e-2)
BETAS = (None, 1.0, 2.0, 3.0)   # None: 1/sqrt(n), the library's old default
TUNING_STEPS = 1000
_BASE: dict[str, Any] = {"task": "synthetic", "d": 4, "head_dim": 8, "embed": None, "width": 32,
                         "n_train": 8000, "n_val": 2000, "data_seed": 0}


def tuning_spec(D: int = 4, T: int = 32, seeds: int = 3, steps: int = TUNING_STEPS) -> dict[str, Any]:
    """Stage 1: the grid spec of the search, for ``h = D - 1`` and ``h = D`` (``d = D`` Gaussian tokens)."""
    D = check_int("D", D, 2)
    return {**_BASE, "D": D, "d": D, "T": check_int("T", T), "heads": [D - 1, D], "lr": list(LRS),
            "beta": list(BETAS), "seeds": check_int("seeds", seeds), "steps": check_int("steps", steps)}


def _setting(row: Mapping[str, Any]) -> tuple[float, float | None]:
    beta = row.get("beta")
    return float(row["lr"]), None if beta in (None, "") else float(beta)


def best_settings(rows: Sequence[Mapping[str, Any]], steps: int = TUNING_STEPS) -> dict[int, dict[str, Any]]:
    """Per ``h``: the ``(lr, beta)`` with the lowest median validation NMSE over seeds among ``rows`` trained
    for ``steps`` steps, as ``{'lr', 'beta', 'median', 'n'}`` (``beta=None`` is ``1/sqrt(n)``)."""
    cells: dict[tuple[int, tuple], list[float]] = {}
    for r in rows:
        if int(r["steps"]) == steps:
            cells.setdefault((int(r["heads"]), _setting(r)), []).append(float(r["val_nmse"]))
    if not cells:
        raise ValueError(f"no rows trained for {steps} steps")
    best: dict[int, dict[str, Any]] = {}
    for (h, (lr, beta)), vals in sorted(cells.items(), key=lambda kv: (kv[0][0], statistics.median(kv[1]))):
        if h not in best:
            best[h] = {"lr": lr, "beta": beta, "median": statistics.median(vals), "n": len(vals)}
    return best


def final_spec(best: Mapping[int, Mapping[str, Any]], D: int = 4, T: int = 32, seeds: int = 3,
               steps: int = 2000) -> list[dict[str, Any]]:
    """Stage 2: each ``h``'s chosen setting at the recipe's ``steps``, as a list of grid specs."""
    return [{**_BASE, "D": D, "d": D, "T": T, "heads": h, "lr": s["lr"], "beta": s["beta"], "seeds": seeds,
             "steps": steps} for h, s in sorted(best.items())]


def fairness_summary(rows: Sequence[Mapping[str, Any]], D: int = 4, steps: int = 2000,
                     recipe: tuple[float, float | None] = (1e-2, 1.0),
                     tuning_steps: int = TUNING_STEPS) -> dict[str, Any]:
    """The check's numbers: per ``h`` the chosen setting and, at ``steps``, its min and median over seeds;
    the gap ``NMSE(h = D - 1) / NMSE(h = D)`` (min and median), each ``h`` at its own best setting; and the
    same gap in the tuning stage under the recipe's setting and under each ``h``'s best."""
    best = best_settings(rows, tuning_steps)
    tuned = {}
    for h, s in best.items():
        vals = [float(r["val_nmse"]) for r in rows if int(r["heads"]) == h and int(r["steps"]) == steps
                and _setting(r) == (s["lr"], s["beta"])]
        if not vals:
            raise ValueError(f"no {steps}-step rows for h = {h} at its best setting {s}: run stage 2")
        tuned[h] = {**s, "final_min": min(vals), "final_median": statistics.median(vals), "final_n": len(vals)}
    stage1 = {h: statistics.median(float(r["val_nmse"]) for r in rows if int(r["heads"]) == h
                                   and int(r["steps"]) == tuning_steps and _setting(r) == recipe) for h in best}
    return {"best": tuned,
            "gap_min": tuned[D - 1]["final_min"] / tuned[D]["final_min"],
            "gap_median": tuned[D - 1]["final_median"] / tuned[D]["final_median"],
            "gap_tuning_recipe": stage1[D - 1] / stage1[D],
            "gap_tuning_best": best[D - 1]["median"] / best[D]["median"]}


def main(argv: Sequence[str] | None = None) -> int:
    """Run both stages into ``--out`` (resumable) and print the summary."""
    from headcount.env import configure_threads
    from headcount.training.sweep import run_sweep

    p = argparse.ArgumentParser(prog="python -m headcount.experiments.fairness", description=__doc__.split("\n")[0])
    p.add_argument("--out", default=str(data_dir() / "results" / "fairness_T32.csv"))
    p.add_argument("--device", default="cpu")
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args(argv)
    configure_threads(args.threads)
    command = "python -m headcount.experiments.fairness " + " ".join(sys.argv[1:] if argv is None else argv)
    rows = run_sweep(tuning_spec(), args.out, device=args.device, command=command.strip())
    best = best_settings(rows)
    table2 = Path(data_dir() / "results" / "table2_synthetic.csv")
    for spec in final_spec(best):
        rows = run_sweep(spec, args.out, device=args.device, command=command.strip(), reuse_from=[table2])
    s = fairness_summary(rows)
    for h, b in s["best"].items():
        print(f"h = {h}: best lr {b['lr']:g}, beta {b['beta'] or '1/sqrt(n)'} (median {b['median']:.2e} at "
              f"{TUNING_STEPS} steps); at 2000 steps min {b['final_min']:.2e}, median {b['final_median']:.2e}")
    print(f"gap NMSE(h=D-1)/NMSE(h=D), each h at its best: min {s['gap_min']:.1f}x, median {s['gap_median']:.1f}x; "
          f"tuning stage: recipe {s['gap_tuning_recipe']:.1f}x, best {s['gap_tuning_best']:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
