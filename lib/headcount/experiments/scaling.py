"""Scaling fits for Fig. 1b (§6.1 and Fig. 4 of arXiv 2510.06662): log NMSE against log width N, per head count and T.

Theorem 2(2) predicts, for ``h < D``, that the parameter count needed for an error ``eps`` grows
like ``eps^-k`` with ``k`` growing in ``T``; the FFN parameter count is linear in the width ``N``.
So at fixed ``h`` a least-squares line ``log NMSE = a + b log N`` per ``T`` summarizes a sweep:
the slope ``b`` (negative: wider is better) and the width a target NMSE needs,
``N* = exp((log target - a) / b)``, which should grow with ``T`` for ``h < D`` and not for ``h = D``.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from headcount._checks import check_positive
from headcount.training.sweep import summarize

__all__ = ["LogLogFit", "fit_loglog", "fit_by_group", "width_needed", "fig1b_targets", "width_label",
           "best_over_widths", "flatter_than", "level_gap", "ratio_by_T", "fig1b_claims"]


@dataclass(frozen=True)
class LogLogFit:
    """``log y = intercept + slope log x`` (natural logs), fitted by least squares on ``points`` points."""

    slope: float
    intercept: float
    r2: float
    points: int
    x_min: float
    x_max: float

    def predict(self, x: float | Sequence[float]) -> np.ndarray:
        """The fitted ``y`` at ``x``."""
        return np.exp(self.intercept + self.slope * np.log(np.asarray(x, dtype=float)))

    def x_for(self, y_target: float) -> float:
        """The ``x`` at which the fitted line reaches ``y_target`` (``inf`` if the slope is >= 0 and the
        target lies below the line's values)."""
        y_target = check_positive("y_target", y_target)
        if self.slope == 0:
            return math.inf if y_target < math.exp(self.intercept) else 0.0
        x = math.exp((math.log(y_target) - self.intercept) / self.slope)
        if self.slope > 0 and x < self.x_max:
            return math.inf
        return x


def fit_loglog(x: Sequence[float], y: Sequence[float]) -> LogLogFit:
    """Least-squares line through ``(log x, log y)``; needs at least two distinct positive ``x`` and positive ``y``."""
    xa, ya = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if xa.shape != ya.shape or xa.ndim != 1:
        raise ValueError(f"x and y must be 1-D sequences of the same length, got shapes {xa.shape} and {ya.shape}")
    if xa.size < 2 or np.unique(xa).size < 2:
        raise ValueError(f"x needs at least two distinct values for a fit, got {xa.tolist()}")
    if not (np.all(np.isfinite(xa)) and np.all(np.isfinite(ya)) and np.all(xa > 0) and np.all(ya > 0)):
        raise ValueError("x and y must be finite and > 0 (they are fitted on a log scale)")
    lx, ly = np.log(xa), np.log(ya)
    slope, intercept = np.polyfit(lx, ly, 1)
    resid = ly - (intercept + slope * lx)
    ss = float(((ly - ly.mean()) ** 2).sum())
    r2 = 1 - float((resid**2).sum()) / ss if ss > 0 else 1.0
    return LogLogFit(float(slope), float(intercept), r2, int(xa.size), float(xa.min()), float(xa.max()))


def fit_by_group(rows: Iterable[Mapping[str, Any]], x: str = "width", y: str = "val_nmse",
                 by: Sequence[str] = ("heads", "T"), reduce: str = "min") -> dict[tuple, LogLogFit]:
    """One :func:`fit_loglog` of ``y`` against ``x`` per ``by`` group, after reducing over seeds.

    ``reduce`` is ``'min'`` (the paper's minimum over seeds) or ``'mean'``, taken by
    :func:`headcount.training.sweep.summarize`. Returns ``{group values: fit}``.
    """
    if reduce not in ("min", "mean"):
        raise ValueError(f"reduce must be one of ('min', 'mean'), got {reduce!r}")
    by = list(by)
    table = summarize(list(rows), by=(*by, x), metric=y)
    groups: dict[tuple, list[tuple[float, float]]] = {}
    for r in table:
        groups.setdefault(tuple(r[k] for k in by), []).append((float(r[x]), r[reduce]))
    return {key: fit_loglog([p[0] for p in pts], [p[1] for p in pts]) for key, pts in sorted(groups.items())}


def width_needed(fits: Mapping[tuple, LogLogFit], target: float) -> dict[tuple, float]:
    """The width each fitted line needs for ``target`` NMSE (:meth:`LogLogFit.x_for`), per group."""
    return {key: fit.x_for(target) for key, fit in fits.items()}


# --------------------------------------------------------------------------- Fig. 1b: the claims, as predicates

Table = Mapping[tuple, float]  # (heads, T, width) -> NMSE (min over seeds)


def fig1b_targets(table: Table, heads: Sequence[int], T_list: Sequence[int], widths: Sequence[int]) -> dict[int, float]:
    """Per head count, a target NMSE inside its own data: the geometric mean over ``T`` of its NMSE at the
    middle width (a target outside the data would make every ``N*`` an extrapolation)."""
    mid = sorted(widths)[len(widths) // 2]
    return {h: float(np.exp(np.mean([np.log(table[h, T, mid]) for T in T_list]))) for h in heads}


def width_label(fit: LogLogFit, target: float, widths: Sequence[int]) -> str:
    """How to read the width ``N*`` at which ``fit`` reaches ``target``: the number when it lies in (or just
    outside) the swept widths; "narrowest suffices" when the line is already at the target at the narrowest
    width (for a rising line, its best point); "never" when a rising line starts above the target (``N* =
    inf``); and a warning when ``N*`` is an extrapolation more than 4x beyond the widest width swept, where a
    nearly flat line gives a huge width that the data say nothing about."""
    narrow, wide = min(widths), max(widths)
    if fit.slope >= 0:  # wider is not better on this line: its best point is the narrowest width
        return f"narrowest ({narrow}) suffices; line rises" if float(fit.predict(narrow)) <= target else \
            "never (line does not fall)"
    if float(fit.predict(narrow)) <= target:
        return f"narrowest ({narrow}) suffices"
    N = fit.x_for(target)
    if N > 4 * wide:
        return f"{N:,.0f} (extrapolated, >4x widest)"
    return f"{N:,.1f}"


def best_over_widths(table: Table, heads: Sequence[int], T_list: Sequence[int],
                     widths: Sequence[int]) -> dict[tuple[int, int], float]:
    """``{(h, T): min_N table[h, T, N]}``: the best error any swept width reached."""
    return {(h, T): min(table[h, T, w] for w in widths if (h, T, w) in table) for h in heads for T in T_list}


def flatter_than(fits: Mapping[tuple, LogLogFit], h: int, h_ref: int, T_list: Sequence[int]) -> dict[int, float]:
    """``{T: |slope(h, T)| / |slope(h_ref, T)|}``: below 1 at every ``T`` means width matters less at ``h``
    than at ``h_ref`` (Fig. 1b: at ``h = D`` the runs sit at their floor whatever the width)."""
    return {T: abs(fits[h, T].slope) / max(abs(fits[h_ref, T].slope), 1e-12) for T in T_list}


def level_gap(table: Table, h: int, below: Sequence[int], T_list: Sequence[int], widths: Sequence[int]) -> float:
    """The best NMSE any ``h' in below`` reached at any ``T`` and width, divided by the worst NMSE of ``h`` at the
    narrowest width over all ``T``. Above 1: the narrowest ``h``-head MLP beats every ``h'``-head one at every
    ``T``, so an error between the two needs almost no width at ``h`` and is out of the swept range below it."""
    narrow = min(widths)
    worst_h = max(table[h, T, narrow] for T in T_list)
    best_below = min(v for (hh, T, w), v in table.items() if hh in below and T in T_list and w in widths)
    return best_below / worst_h


def ratio_by_T(best: Mapping[tuple[int, int], float], h_num: int, h_den: int, T_list: Sequence[int]) -> dict[int, float]:
    """``{T: best[h_num, T] / best[h_den, T]}`` (e.g. ``h = D - 1`` over ``h = D``)."""
    return {T: best[h_num, T] / best[h_den, T] for T in T_list}


def fig1b_claims(table: Table, fits: Mapping[tuple, LogLogFit], heads: Sequence[int], T_list: Sequence[int],
                 widths: Sequence[int], D: int) -> dict[str, bool]:
    """Fig. 1b's picture as named predicates on a sweep (all should hold); each is a contrast between head
    counts or lengths, so it fails when ``h = D`` and ``h < D`` (or the lengths) are swapped.

    At the fewest heads ``h_min < D``: wider is better at every ``T`` and the width a fixed target needs
    grows with ``T``. At ``h = D``: width matters less than at ``h_min`` at every ``T`` (flatter lines); the
    narrowest ``D``-head MLP beats every ``h < D`` run at every width and ``T``; and ``h = D`` beats
    ``h = D - 1`` by 10x at every ``T``.
    """
    h_min = min(heads)
    if not h_min < D <= max(heads) or D - 1 not in heads:
        raise ValueError(f"heads {list(heads)} must include some h < D, D - 1 and D = {D}")
    target = fig1b_targets(table, heads, T_list, widths)[h_min]
    need = [fits[h_min, T].x_for(target) for T in T_list]
    best = best_over_widths(table, heads, T_list, widths)
    return {
        f"h = {h_min}: wider is better at every T": all(fits[h_min, T].slope < 0 for T in T_list),
        f"h = {h_min}: longer sequences need a wider MLP for the same error": all(a < b for a, b in zip(need, need[1:])),
        f"h = D = {D}: width matters less than at h = {h_min}, at every T":
            all(r < 1 for r in flatter_than(fits, D, h_min, T_list).values()),
        f"h = D = {D} at the narrowest width beats every h < D at any width and T":
            level_gap(table, D, [h for h in heads if h < D], T_list, widths) > 1,
        f"h = D = {D} beats h = {D - 1} by 10x at every T": all(r >= 10 for r in ratio_by_T(best, D - 1, D, T_list).values()),
    }
