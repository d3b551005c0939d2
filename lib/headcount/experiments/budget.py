"""Error against training budget: how far more steps take the paper's Tables 2-5 at ``T = 16``.

Our error floor is budget, not recipe: the same configurations trained for 2,000 / 5,000 / 20,000 /
50,000 steps (the library recipe, its cosine schedule stretched to the budget) show, per ``h``, how the
validation NMSE falls with steps, how far it is from the paper's number, and whether the jump at the
transition (``h = D - 1`` to ``h = D``; Table 5: ``L h = D``, so ``h = 1`` to ``h = 2``) grows as the
floor falls. The files are ``data/results/budget_<table>_T16.csv`` (commands: :data:`COMMANDS`);
Table 5's 2,000-step points are the ``T = 16`` rows of ``table5_synthetic.csv`` (the same keys).

* :func:`load_budget`: the rows of one table, with a clear error naming the command when missing;
* :func:`budget_curves`: ``{h: {steps: statistic over seeds}}``;
* :func:`log_slope`: ``d log NMSE / d log steps`` over the last two budgets (the local rate);
* :func:`steps_to_reach`: the budget that rate predicts for a target NMSE (``None`` when not falling);
* :func:`transition_jumps`: the jump ``NMSE(h_below) / NMSE(h_at)`` at every budget;
* :func:`budget_report`: one row per ``(h, steps)`` with ours, the paper's, their ratio and the prediction.
"""
from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from headcount._checks import check_choice, check_positive
from headcount.env import data_dir
from headcount.experiments.paper_tables import paper_value
from headcount.experiments.synthetic import ResultsMissing, over_seeds

__all__ = ["BUDGET_T", "COMMANDS", "TRANSITION", "budget_curves", "budget_report", "load_budget", "log_slope",
           "steps_to_reach", "transition_jumps"]

#: The sequence length of the budget curves.
BUDGET_T = 16
#: Per table, the transition's two head counts ``(h_below, h_at)`` (Tables 2-3: D = 4; Table 4: D = 3;
#: Table 5: two layers, L h = D at h = 2).
TRANSITION: dict[str, tuple[int, int]] = {"table2": (3, 4), "table3": (3, 4), "table4": (2, 3), "table5": (1, 2)}
_FLAGS = {"table2": "--heads 3 4 5 --head-dim 8", "table3": "--heads 3 4 5 --embed 32",
          "table4": "--heads 2 3 4 --D 3 --embed 32", "table5": "--heads 1 2 --depth 2 --embed 32"}
#: The command that makes each file; ``S`` is each budget in turn (2000 5000 20000 50000; Table 5 from 5000).
COMMANDS: dict[str, str] = {
    t: (f"for S in 2000 5000 20000 50000; do python -m headcount sweep {f} --T 16 --seeds 3 --steps $S "
        f"--workers 1 --threads 1 --device cpu --out data/results/budget_{t}_T16.csv; done")
    for t, f in _FLAGS.items()}


def load_budget(table: str, folder: str | os.PathLike | None = None) -> list[dict[str, Any]]:
    """The budget-curve rows of ``table`` (``'table2'`` .. ``'table5'``) at ``T = 16``, finished rows only.

    Raises :class:`headcount.experiments.synthetic.ResultsMissing` naming the command if the file is missing.
    """
    from headcount.training.sweep import load_results

    table = check_choice("table", table, sorted(TRANSITION))
    base = Path(folder) if folder is not None else data_dir() / "results"
    path = base / f"budget_{table}_T16.csv"
    if not path.exists():
        raise ResultsMissing(f"{path} is missing: make it from the repository root with `{COMMANDS[table]}` "
                             "(resumable), then rerun this notebook")
    rows = {}
    if table == "table5" and (base / "table5_synthetic.csv").exists():
        rows = {r["key"]: r for r in load_results(base / "table5_synthetic.csv")
                if int(r["T"]) == BUDGET_T and int(r["heads"]) in TRANSITION["table5"]}
    rows.update((r["key"], r) for r in load_results(path))
    return [r for r in rows.values() if r.get("status", "ok") == "ok" and r.get("val_nmse") is not None]


def budget_curves(rows: Sequence[Mapping[str, Any]], stat: str = "mean") -> dict[int, dict[int, float]]:
    """``{h: {steps: stat over seeds of the validation NMSE}}`` (``stat``: min, median, mean or max)."""
    stat = check_choice("stat", stat, ("min", "median", "mean", "max"))
    cells: dict[tuple[int, int], list[float]] = {}
    for r in rows:
        cells.setdefault((int(r["heads"]), int(r["steps"])), []).append(float(r["val_nmse"]))
    out: dict[int, dict[int, float]] = {}
    for (h, steps), values in sorted(cells.items()):
        out.setdefault(h, {})[steps] = over_seeds(values, stat)
    return out


def _last_two(curve: Mapping[int, float]) -> tuple[tuple[int, float], tuple[int, float]]:
    if len(curve) < 2:
        raise ValueError(f"a curve needs at least two budgets, got {sorted(curve)}")
    (s0, e0), (s1, e1) = sorted(curve.items())[-2:]
    return (s0, e0), (s1, e1)


def log_slope(curve: Mapping[int, float]) -> float:
    """``d log NMSE / d log steps`` between the curve's last two budgets (negative while more steps help)."""
    (s0, e0), (s1, e1) = _last_two(curve)
    return (math.log(e1) - math.log(e0)) / (math.log(s1) - math.log(s0))


def steps_to_reach(curve: Mapping[int, float], target: float) -> float | None:
    """The steps at which the last two budgets' power law ``NMSE ~ steps^slope`` reaches ``target``;
    the last budget itself when already there, ``None`` when the curve is not falling."""
    target = check_positive("target", target)
    (_, _), (s1, e1) = _last_two(curve)
    if e1 <= target:
        return float(s1)
    slope = log_slope(curve)
    if slope >= 0:
        return None
    return s1 * (target / e1) ** (1.0 / slope)


def transition_jumps(curves: Mapping[int, Mapping[int, float]], table: str) -> dict[int, float]:
    """``{steps: NMSE(h_below) / NMSE(h_at)}`` at every budget both head counts have (:data:`TRANSITION`)."""
    below, at = TRANSITION[check_choice("table", table, sorted(TRANSITION))]
    if below not in curves or at not in curves:
        raise ValueError(f"{table}'s jump needs h = {below} and h = {at}; the curves have h in {sorted(curves)}")
    return {s: curves[below][s] / curves[at][s] for s in sorted(set(curves[below]) & set(curves[at]))}


def budget_report(table: str, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One row per ``(h, steps)``: mean and range over seeds, the paper's value at ``T = 16``, ours / paper,
    and (at the last budget) the local slope and the steps it predicts to reach the paper's value."""
    table = check_choice("table", table, sorted(TRANSITION))
    mean, lo, hi = (budget_curves(rows, s) for s in ("mean", "min", "max"))
    out = []
    for h, curve in mean.items():
        paper = paper_value(table, h, BUDGET_T)[0]
        last = max(curve)
        for steps, m in curve.items():
            row = {"h": h, "steps": steps, "mean": m, "min": lo[h][steps], "max": hi[h][steps], "paper": paper,
                   "ratio": m / paper, "slope": None, "predicted_steps": None}
            if steps == last and len(curve) >= 2:
                row["slope"] = log_slope(curve)
                row["predicted_steps"] = steps_to_reach(curve, paper)
            out.append(row)
    return out
