"""Notebook 06's readings of the real-data results (section 6.2, App. B.2-B.3): pure functions, no training.

* :func:`table_reversal_scores`: the weighted reversal score ``R(h)`` (Figs. 2d-e) of every row of one of
  the paper's accuracy tables (error = ``top - accuracy``);
* :func:`error_model_points`: the ``(h, T, Err)`` points of a table that the paper's error-model fit
  (Fig. 2b) uses, with its outlier rows dropped;
* :func:`bound_log_error`: the largest ``-log eps`` that Theorem 2(2) allows at a parameter count ``M``
  (``None`` where the exponent ``k <= 0`` and the bound says nothing), and :func:`bound_delta`, the ``delta``
  of the error model that this bound implies (``-log eps ~ h log M / T``, so ``delta = 1``);
* :func:`gains`, :func:`largest_gain` and :func:`heads_needed`: knee contrasts on an accuracy curve
  ``{h: accuracy}`` (gain over the next smaller head count; the smallest ``h`` near the best).
"""
from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence

from headcount._checks import check_int, check_positive
from headcount.theory import lower_bound_exponent, reversal_score

__all__ = ["PAPER_TEXT_OUTLIERS", "best_heads", "bound_delta", "bound_log_error", "curves_and_spread",
           "error_model_points", "gains", "heads_needed", "largest_gain", "table_reversal_scores"]

#: The rows of Table 6 the paper drops as outliers before fitting its error model (Fig. 2b).
PAPER_TEXT_OUTLIERS = (1, 12, 14, 16)
Curve = Mapping[int, float]


def table_reversal_scores(table: Mapping[int, Sequence[float]], top: float = 1.0) -> dict[int, float]:
    """``R(h)`` of every row ``h -> (accuracy at increasing T)`` of a paper table, error ``= top - accuracy``
    (``top = 1`` for Table 6's fractions, ``100`` for Table 8's percentages)."""
    return {h: reversal_score([top - a for a in accs]) for h, accs in sorted(table.items())}


def error_model_points(table: Mapping[int, Sequence[float]], Ts: Sequence[int], top: float = 1.0,
                       drop: Sequence[int] = PAPER_TEXT_OUTLIERS) -> tuple[list[int], list[int], list[float]]:
    """``(h, T, Err)`` lists from a table's rows except ``drop`` (the paper's Fig. 2b fit drops h = 1, 12, 14, 16)."""
    H, T, E = [], [], []
    for h, accs in sorted(table.items()):
        if h in drop:
            continue
        if len(accs) != len(Ts):
            raise ValueError(f"row h={h} has {len(accs)} values for {len(Ts)} lengths T")
        for t, a in zip(Ts, accs):
            H.append(h), T.append(t), E.append(top - a)
    return H, T, E


def bound_log_error(h: int, T: int, n: int, D: int, log_M: float) -> float | None:
    """The largest ``-log eps`` Theorem 2(2) allows with ``h < D`` heads of dimension ``n`` and ``M = e^log_M``
    parameters: ``M >= eps^-k`` gives ``-log eps <= log M / k`` (constants dropped); ``None`` when ``k <= 0``
    (the theorem then bounds nothing at this ``T``)."""
    k = lower_bound_exponent(T, h, n, D)
    return None if k <= 0 else check_positive("log_M", log_M) / k


def bound_delta(h: int = 1, n: int = 32, D: int = 12, log_M: float = 20.0, T_large: int = 10**6) -> float:
    """The exponent ``delta`` of ``-log Err ~ h / T^delta`` implied by :func:`bound_log_error`: minus the
    log-log slope of the bound in ``T`` at large ``T`` (where ``k ~ T / (4((n+1)h+1))``). It is 1."""
    a = bound_log_error(h, T_large, n, D, log_M)
    b = bound_log_error(h, 2 * T_large, n, D, log_M)
    assert a is not None and b is not None, "T_large must be large enough for k > 0"
    return -math.log(b / a) / math.log(2)


def _sorted_curve(curve: Curve) -> list[int]:
    if not isinstance(curve, Mapping) or len(curve) < 2:
        raise ValueError("curve must map at least two head counts h to an accuracy")
    for h, v in curve.items():
        check_int("h", h)
        if not math.isfinite(float(v)):
            raise ValueError(f"curve[{h}] must be finite, got {v!r}")
    return sorted(curve)


def gains(curve: Curve) -> dict[int, float]:
    """``{h: curve[h] - curve[previous h]}`` for every ``h`` but the smallest (head counts in increasing order)."""
    hs = _sorted_curve(curve)
    return {h: float(curve[h]) - float(curve[prev]) for prev, h in itertools.pairwise(hs)}


def largest_gain(curve: Curve) -> int:
    """The knee detector: the ``h`` whose accuracy gains most over the next smaller head count (ties: smaller ``h``)."""
    g = gains(curve)
    return max(sorted(g), key=lambda h: (g[h], -h))


def heads_needed(curve: Curve, tol: float = 0.03) -> int:
    """The smallest ``h`` whose accuracy is within ``tol`` of the curve's best."""
    hs = _sorted_curve(curve)
    best = max(float(curve[h]) for h in hs)
    return min(h for h in hs if float(curve[h]) >= best - check_positive("tol", tol, allow_zero=True))



def best_heads(table: Mapping[int, Sequence[float]], Ts: Sequence[int]) -> dict[int, int]:
    """Per length ``T``: the ``h`` with the highest accuracy in a paper table ``{h: [accuracy at each T]}``
    (Tables 7 and 9: where validation accuracy peaks)."""
    return {T: max(table, key=lambda h: table[h][i]) for i, T in enumerate(Ts)}


def curves_and_spread(summary: Mapping[tuple[int, int], Mapping[str, float]]) -> tuple[dict[int, dict[int, float]],
                                                                                      dict[int, float]]:
    """From a ``(D, h)`` summary (:func:`headcount.experiments.realdata.summarize_rows`): the mean accuracy curve
    ``{D: {h: mean}}`` and each ``D``'s largest seed std over ``h``."""
    curves: dict[int, dict[int, float]] = {}
    spread: dict[int, float] = {}
    for (D, h), s in sorted(summary.items()):
        curves.setdefault(D, {})[h] = s["mean"]
        spread[D] = max(spread.get(D, 0.0), s["std"])
    return curves, spread
