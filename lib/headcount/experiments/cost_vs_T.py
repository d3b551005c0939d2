"""Conjecture 1 as a statement about ``T``: how the error of depth-``L``, ``h``-head cells grows with ``T``.

Conjecture 1 (section 4.6) is about efficiency: with ``L h < D`` the cost of approximation should grow with
``T``, while ``L h >= D`` stays efficient. One ``T`` cannot test that, so the cells that separate the candidate
rules are trained at ``T = 8, 16, 32, 64`` with the L x h map's recipe (``data/results/conj1_T_steps<S>.csv``;
the ``T = 16`` rows of the 1000-step budget are the map's own, ``depth_map.csv``, same keys):

* :data:`CELLS`: per ``D``, the cells ``(L, h)`` and what each rule says of them;
* :func:`load_cost_vs_T`: the rows of one budget, with a clear error naming the command when missing;
* :func:`errors_by_T`: ``{(L, h): {T: [NMSE per seed]}}``;
* :func:`T_slopes`: per cell, the log-log slope of NMSE against ``T`` for every seed (mean and spread);
* :func:`ratio_to_reference`: per ``T``, a cell's median NMSE over a reference cell's, and the log-log
  slope of that ratio against ``T`` (positive: the gap widens as ``T`` grows, the conjecture's direction).
"""
from __future__ import annotations

import math
import os
import statistics
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from headcount._checks import check_choice
from headcount.env import data_dir
from headcount.experiments.synthetic import ResultsMissing

__all__ = ["BUDGETS", "CELLS", "COMMANDS", "T_slopes", "errors_by_T", "load_cost_vs_T", "loglog_slope",
           "ratio_to_reference"]

Cell = tuple[int, int]
#: Per ``D``: ``{(L, h): (L h >= D, (2L - 1) h >= D)}``, the two candidate rules' predictions (solved or not).
CELLS: dict[int, dict[Cell, tuple[bool, bool]]] = {
    D: {(L, h): (L * h >= D, (2 * L - 1) * h >= D) for (L, h) in cells}
    for D, cells in {4: [(2, 1), (3, 1), (4, 1), (2, 2), (3, 2)]}.items()}
#: The budgets run (steps of batch 64, 4000 training examples: the map's recipe and four times its steps).
BUDGETS = (1000, 4000)
_RECIPE = ("--D 4 --d 4 --embed 32 --width 32 --batch-size 64 --n-train 4000 --n-val 1000 --seeds 3 "
           "--workers 1 --threads 1 --device cpu")
#: How each file is made (per T; the 1000-step file has no T = 16, which depth_map.csv holds).
COMMANDS: dict[int, str] = {
    S: (f"for T in {'8 32 64' if S == 1000 else '8 16 32 64'}; do "
        f"python -m headcount sweep --heads 1 --depth 2 3 4 --T $T --steps {S} {_RECIPE} "
        f"--out data/results/conj1_T_steps{S}.csv && "
        f"python -m headcount sweep --heads 2 --depth 2 3 --T $T --steps {S} {_RECIPE} "
        f"--out data/results/conj1_T_steps{S}.csv; done")
    for S in BUDGETS}


def load_cost_vs_T(steps: int = 1000, D: int = 4, folder: str | os.PathLike | None = None) -> list[dict[str, Any]]:
    """Finished rows of the cells :data:`CELLS` ``[D]`` at ``steps`` (1000 adds the map's ``T = 16`` rows)."""
    from headcount.training.sweep import load_results

    steps = int(check_choice("steps", steps, BUDGETS))
    D = int(check_choice("D", D, sorted(CELLS)))
    base = Path(folder) if folder is not None else data_dir() / "results"
    path = base / f"conj1_T_steps{steps}.csv"
    if not path.exists():
        raise ResultsMissing(f"{path} is missing: make it from the repository root with `{COMMANDS[steps]}` "
                             "(resumable), then rerun this notebook")
    rows = {r["key"]: r for r in load_results(path)}
    if steps == 1000 and (base / "depth_map.csv").exists():
        rows.update((r["key"], r) for r in load_results(base / "depth_map.csv") if int(r["T"]) == 16)
    return [r for r in rows.values() if int(r["D"]) == D and (int(r["depth"]), int(r["heads"])) in CELLS[D]
            and int(r["steps"]) == steps and r.get("status", "ok") == "ok" and r.get("val_nmse") is not None]


def errors_by_T(rows: Sequence[Mapping[str, Any]]) -> dict[Cell, dict[int, list[float]]]:
    """``{(L, h): {T: [validation NMSE of each seed, in seed order]}}``."""
    out: dict[Cell, dict[int, list[tuple[int, float]]]] = {}
    for r in rows:
        out.setdefault((int(r["depth"]), int(r["heads"])), {}).setdefault(int(r["T"]), []).append(
            (int(r["seed"]), float(r["val_nmse"])))
    return {c: {T: [v for _, v in sorted(vs)] for T, vs in sorted(byT.items())} for c, byT in sorted(out.items())}


def loglog_slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Least-squares slope of ``log y`` against ``log x``."""
    if len(xs) != len(ys) or len(xs) < 2:
        raise ValueError(f"need two or more (x, y) pairs of equal length, got {len(xs)} and {len(ys)}")
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = statistics.fmean(lx), statistics.fmean(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx)


def T_slopes(errors: Mapping[Cell, Mapping[int, Sequence[float]]]) -> dict[Cell, dict[str, float]]:
    """Per cell, the slope of ``log NMSE`` against ``log T`` fitted per seed: ``mean``, ``min``, ``max`` over seeds
    (seeds present at every ``T`` only)."""
    out = {}
    for cell, byT in errors.items():
        Ts = sorted(byT)
        n = min(len(byT[T]) for T in Ts)
        if len(Ts) < 2 or n == 0:
            continue
        slopes = [loglog_slope(Ts, [byT[T][s] for T in Ts]) for s in range(n)]
        out[cell] = {"mean": statistics.fmean(slopes), "min": min(slopes), "max": max(slopes), "seeds": n}
    return out


def ratio_to_reference(errors: Mapping[Cell, Mapping[int, Sequence[float]]], cell: Cell,
                       reference: Cell) -> dict[str, Any]:
    """``{'by_T': {T: median(cell) / median(reference)}, 'slope': d log ratio / d log T}`` at the ``T`` both have."""
    for name, c in (("cell", cell), ("reference", reference)):
        if c not in errors:
            raise ValueError(f"{name} {c} has no rows; cells: {sorted(errors)}")
    Ts = sorted(set(errors[cell]) & set(errors[reference]))
    by_T = {T: statistics.median(errors[cell][T]) / statistics.median(errors[reference][T]) for T in Ts}
    return {"by_T": by_T, "slope": loglog_slope(Ts, [by_T[T] for T in Ts]) if len(Ts) >= 2 else None}

