"""Scaling fits for Fig. 1b (NOTES 5.1): log NMSE against log width N, per head count and T.

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

__all__ = ["LogLogFit", "fit_loglog", "fit_by_group", "width_needed"]


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
