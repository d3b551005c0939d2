"""Conjecture 1 (an ``L``-layer transformer approximates efficiently only if ``L h >= D``) against results rows.

Pure functions of the rows :func:`headcount.training.sweep.run_sweep` writes (keys ``D``, ``depth``,
``heads``, ``seed``, ``val_nmse``), for notebook 07:

* :func:`lxh_cells` / :func:`lxh_maps`: validation NMSE per ``(L, h)`` (a statistic over seeds), per ``D``;
* :data:`RULES`: Conjecture 1's rule and the alternatives the map can tell apart;
* :func:`solved`: the cells within ``factor`` of the best cell of their map (the data's "efficient");
* :func:`rule_report`: how many cells each rule classifies as the data do, and which it gets wrong;
* :func:`surprises`: cells the conjecture calls inefficient (``L h < D``) that the data call solved;
* :func:`predicted_jumps`: per ``L``, ``NMSE(h = ceil(D/L) - 1) / NMSE(h = ceil(D/L))``, the jump the
  conjecture puts at ``L h = D``;
* :func:`seed_spread`: ``max / min`` over seeds per cell (a lottery cell: training, not expressivity);
* :func:`width_needed_by_T` / :func:`width_growth`: the MLP width a target NMSE needs against ``T`` per
  ``(L, h)`` (measured, Fig. 1b's question), and its log-log slope in ``T``;
* :func:`paper_grid`: the paper's Tables 4 and 5 as ``{h: {T: value}}``.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from headcount._checks import check_choice, check_int, check_positive
from headcount.experiments.paper_tables import TABLES, paper_value
from headcount.experiments.scaling import fit_loglog
from headcount.experiments.synthetic import over_seeds

__all__ = ["RULES", "lxh_cells", "lxh_maps", "min_heads", "paper_grid", "predicted_jumps", "rule_report",
           "seed_spread", "solved", "surprises", "width_growth", "width_needed_by_T"]

Cells = dict[tuple[int, int], float]

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


def lxh_cells(rows: Sequence[Mapping[str, Any]], D: int, stat: str = "min", metric: str = "val_nmse") -> Cells:
    """``{(L, h): stat over seeds of metric}`` for the rows with this ``D`` (one ``T`` expected; rows of
    several ``T`` are pooled, so filter first)."""
    stat = check_choice("stat", stat, ("min", "median", "mean", "max"))
    values: dict[tuple[int, int], list[float]] = {}
    for r in rows:
        if int(r["D"]) == D:
            values.setdefault((int(r.get("depth", 1)), int(r["heads"])), []).append(float(r[metric]))
    if not values:
        raise ValueError(f"no rows with D = {D}")
    return {k: over_seeds(v, stat) for k, v in sorted(values.items())}


def lxh_maps(rows: Sequence[Mapping[str, Any]], stat: str = "min", metric: str = "val_nmse") -> dict[int, Cells]:
    """:func:`lxh_cells` for every ``D`` in the rows."""
    return {D: lxh_cells(rows, D, stat, metric) for D in sorted({int(r["D"]) for r in rows})}


def solved(cells: Mapping[tuple[int, int], float], factor: float = 10.0) -> set[tuple[int, int]]:
    """The cells whose NMSE is within ``factor`` of the best cell of the map: what the data call efficient."""
    best = min(cells.values())
    return {k for k, v in cells.items() if v <= check_positive("factor", factor) * best}


def rule_report(cells: Mapping[tuple[int, int], float], D: int, factor: float = 10.0) -> dict[str, dict[str, Any]]:
    """For each rule of :data:`RULES`: ``agree`` (cells it classifies as :func:`solved` does), ``total`` and
    ``wrong``: the cells it gets wrong, each with what the rule predicted (``True``: efficient)."""
    ok = solved(cells, factor)
    out = {}
    for name, rule in RULES.items():
        wrong = [(L, h, rule(D, L, h)) for (L, h) in sorted(cells) if rule(D, L, h) != ((L, h) in ok)]
        out[name] = {"agree": len(cells) - len(wrong), "total": len(cells), "wrong": wrong}
    return out


def surprises(cells: Mapping[tuple[int, int], float], D: int, factor: float = 10.0) -> list[tuple[int, int]]:
    """The cells Conjecture 1 calls inefficient (``L h < D``) whose NMSE is within ``factor`` of the map's best."""
    return sorted(k for k in solved(cells, factor) if k[0] * k[1] < D)


def predicted_jumps(cells: Mapping[tuple[int, int], float], D: int) -> dict[int, float]:
    """Per depth ``L``: ``NMSE(L, h* - 1) / NMSE(L, h*)`` at ``h* = ceil(D / L)``, the jump Conjecture 1 puts
    at ``L h = D`` (depths with ``h* = 1``, or without both cells, are left out)."""
    out = {}
    for L in sorted({L for L, _ in cells}):
        h = min_heads(D, L)
        if h >= 2 and (L, h) in cells and (L, h - 1) in cells:
            out[L] = cells[(L, h - 1)] / cells[(L, h)]
    return out


def seed_spread(rows: Sequence[Mapping[str, Any]], D: int, metric: str = "val_nmse") -> Cells:
    """``max / min`` over seeds per ``(L, h)``: a large spread marks a seed lottery (optimization), not a
    limit of what the architecture can express."""
    hi, lo = lxh_cells(rows, D, "max", metric), lxh_cells(rows, D, "min", metric)
    return {k: hi[k] / lo[k] if lo[k] > 0 else math.inf for k in hi}


def paper_grid(table: str) -> dict[int, dict[int, float]]:
    """The paper's Table 4 or 5 (or 2-3) as ``{h: {T: value}}`` (:func:`headcount.experiments.paper_tables.paper_value`)."""
    table = check_choice("table", table, sorted(TABLES))
    return {h: {T: paper_value(table, h, T)[0] for T in TABLES[table]["T"]} for h in TABLES[table]["heads"]}


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


def width_growth(needed: Mapping[tuple[int, int], Mapping[int, float]]) -> dict[tuple[int, int], float]:
    """Per ``(L, h)``: the slope of ``log N*`` against ``log T`` over the ``T`` where ``N*`` is finite (``nan``
    with fewer than two), i.e. ``N* ~ T^slope``; ``inf`` if ``N*`` is infinite at the longest ``T`` only."""
    out = {}
    for key, row in needed.items():
        Ts = [T for T in sorted(row) if math.isfinite(row[T]) and row[T] > 0]
        if len(Ts) >= 2:
            out[key] = fit_loglog(Ts, [row[T] for T in Ts]).slope
        else:
            out[key] = math.nan
    return out
