"""Conjecture 1 (an ``L``-layer transformer approximates efficiently only if ``L h >= D``) against an ``L x h`` map.

Pure functions of the grids :func:`headcount.experiments.depth.depth_grid` makes (``{L: {h: NMSE}}`` at one
``D``) and of results rows, for notebook 07:

* :data:`RULES`: Conjecture 1's rule and the alternatives the map can tell apart; :func:`min_heads`;
* :func:`solved`: the cells within ``factor`` of the best cell of their map (the data's "efficient");
* :func:`rule_report`: how many cells each rule classifies as the data do, and which it gets wrong;
* :func:`surprises`: cells the conjecture calls inefficient (``L h < D``) that the data call solved;
* :func:`seed_spread`: ``max / min`` over seeds per cell (a lottery cell: training, not expressivity);
* :func:`width_needed_by_T`: the MLP width a target NMSE needs against ``T`` per ``(L, h)`` (measured,
  Fig. 1b's question one layer deeper).

The jump at Conjecture 1's threshold per ``L`` is :func:`headcount.experiments.depth.product_jumps`.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from headcount._checks import check_choice, check_int, check_positive
from headcount.experiments.depth import depth_grid
from headcount.experiments.synthetic import over_seeds

__all__ = ["RULES", "min_heads", "rule_report", "seed_spread", "solved", "surprises", "width_needed_by_T"]

Grid = Mapping[int, Mapping[int, float]]

#: Rules for "(L, h) approximates a D-retrieval task efficiently": Conjecture 1 and four alternatives.
#: ``h >= ceil(D / L)`` is the same rule as ``L h >= D`` for whole ``h``.
RULES: dict[str, Callable[[int, int, int], bool]] = {
    "L h >= D (Conjecture 1)": lambda D, L, h: L * h >= D,
    "h >= D (depth does not help)": lambda D, L, h: h >= D,
    "L >= 2 or h >= D (one more layer solves everything)": lambda D, L, h: L >= 2 or h >= D,
    "h >= D - L + 1 (each layer adds one head)": lambda D, L, h: h >= D - L + 1,
    "(2L - 1) h >= D (an intermediate head retrieves twice: for the class token and for the tokens)":
        lambda D, L, h: (2 * L - 1) * h >= D,
}


def min_heads(D: int, L: int) -> int:
    """The fewest heads Conjecture 1 allows: the smallest ``h`` with ``L h >= D``, i.e. ``ceil(D / L)``."""
    return -(-check_int("D", D) // check_int("L", L))


def _cells(grid: Grid) -> dict[tuple[int, int], float]:
    if not grid or not all(grid.values()):
        raise ValueError("grid must be a non-empty {L: {h: NMSE}} mapping (see depth_grid)")
    return {(int(L), int(h)): float(v) for L, row in grid.items() for h, v in row.items()}


def solved(grid: Grid, factor: float = 10.0) -> set[tuple[int, int]]:
    """The cells ``(L, h)`` whose NMSE is within ``factor`` of the best cell of the map: what the data call
    efficient."""
    cells = _cells(grid)
    best = min(cells.values())
    return {k for k, v in cells.items() if v <= check_positive("factor", factor) * best}


def rule_report(grid: Grid, D: int, factor: float = 10.0) -> dict[str, dict[str, Any]]:
    """For each rule of :data:`RULES`: ``agree`` (cells it classifies as :func:`solved` does), ``total`` and
    ``wrong``: the cells it gets wrong as ``(L, h, predicted)`` (``predicted=True``: the rule says efficient)."""
    ok, cells = solved(grid, factor), _cells(grid)
    out = {}
    for name, rule in RULES.items():
        wrong = [(L, h, rule(D, L, h)) for (L, h) in sorted(cells) if rule(D, L, h) != ((L, h) in ok)]
        out[name] = {"agree": len(cells) - len(wrong), "total": len(cells), "wrong": wrong}
    return out


def surprises(grid: Grid, D: int, factor: float = 10.0) -> list[tuple[int, int]]:
    """The cells Conjecture 1 calls inefficient (``L h < D``) whose NMSE is within ``factor`` of the map's best."""
    return sorted(k for k in solved(grid, factor) if k[0] * k[1] < D)


def seed_spread(rows: Sequence[Mapping[str, Any]], D: int, metric: str = "val_nmse") -> dict[int, dict[int, float]]:
    """``{L: {h: max / min over seeds}}``: a large spread marks a seed lottery (optimization), not a limit of
    what the architecture can express."""
    hi, lo = depth_grid(rows, D, "max", metric), depth_grid(rows, D, "min", metric)
    return {L: {h: hi[L][h] / lo[L][h] if lo[L][h] > 0 else math.inf for h in row} for L, row in hi.items()}


def width_needed_by_T(rows: Sequence[Mapping[str, Any]], target: float, reduce: str = "min") -> dict[tuple[int, int], dict[int, float]]:
    """``{(L, h): {T: N*}}``: the smallest MLP width at which the NMSE (``reduce`` over seeds) reaches ``target``,
    interpolated log-linearly between the two measured widths around it: the measured version of Fig. 1b's
    "width needed". ``N*`` is the smallest measured width if that already reaches the target, ``inf`` if no
    measured width does. Rows without ``depth`` count as one layer."""
    target = check_positive("target", target)
    reduce = check_choice("reduce", reduce, ("min", "median", "mean"))
    values: dict[tuple[int, int, int], dict[int, list[float]]] = {}
    for r in rows:
        key = (int(r.get("depth", 1) or 1), int(r["heads"]), int(r["T"]))
        values.setdefault(key, {}).setdefault(int(r["width"]), []).append(float(r["val_nmse"]))
    out: dict[tuple[int, int], dict[int, float]] = {}
    for (L, h, T), by_width in sorted(values.items()):
        widths = sorted(by_width)
        err = [over_seeds(by_width[w], reduce) for w in widths]
        needed = math.inf
        for k, (w, e) in enumerate(zip(widths, err)):
            if e <= target:
                if k == 0 or err[k - 1] <= e:
                    needed = float(w)
                else:
                    frac = (math.log(err[k - 1]) - math.log(target)) / (math.log(err[k - 1]) - math.log(e))
                    needed = math.exp(math.log(widths[k - 1]) + frac * (math.log(w) - math.log(widths[k - 1])))
                break
        out.setdefault((L, h), {})[T] = needed
    return out
