"""Checks for notebook 03: Theorem 2(2)'s exponent (§5, App. A.2.2) and reading Fig. 1b (§6.1, Fig. 4)."""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import numpy as np

from headcount.exercises._core import exercise
from headcount.experiments.bottleneck import informative_T
from headcount.theory import lower_bound_exponent

#: The setting of the "does the bound say anything at T = 64?" exercise: the paper's synthetic task.
SILENT_SETTING = {"T": 64, "n": 8, "D": 4}


@exercise("nb03.exponent_k", "Theorem 2(2)'s exponent k(T, s, n, D)", "implement", 1, 10)
def check_exponent_k(exponent_k: Callable[[int, int, int, int], float]) -> None:
    """Compare with :func:`headcount.theory.lower_bound_exponent` on a grid of valid ``(T, s, n, D)``."""
    assert callable(exponent_k), "exponent_k must be a function of (T, s, n, D)"
    rng = np.random.default_rng(3)
    cases = [(1024, 3, 8, 4), (128, 3, 8, 4), (64, 1, 8, 4), (16, 1, 2, 2)]
    cases += [(int(rng.integers(4, 4096)), s, int(rng.integers(1, 65)), D)
              for D in (2, 4, 7) for s in range(1, D) for _ in range(3)]
    for T, s, n, D in cases:
        got, ref = exponent_k(T, s, n, D), lower_bound_exponent(T, s, n, D)
        try:
            got = float(got)
        except (TypeError, ValueError):
            raise AssertionError(f"exponent_k({T}, {s}, {n}, {D}) must return a number, got {got!r}") from None
        if math.isclose(got, ref + 1, rel_tol=1e-9, abs_tol=1e-9):
            raise AssertionError(f"k({T}, {s}, {n}, {D}): you returned k + 1 = T0 / ((n+1)s+1); subtract the 1")
        if math.isclose(got, (T - s - D + 1) / ((n + 1) * s + 1) - 1, rel_tol=1e-9):
            raise AssertionError(f"k({T}, {s}, {n}, {D}): the numerator is T/4 - s - D + 1 (a quarter of T)")
        assert math.isclose(got, ref, rel_tol=1e-9, abs_tol=1e-9), \
            f"k({T}, {s}, {n}, {D}) should be {ref:.6g}, got {got:.6g}: k = (T/4 - s - D + 1)/((n+1)s + 1) - 1"


@exercise("nb03.first_informative_T", "where the bound starts to speak", "number", 1, 5)
def check_first_informative_T(answer: object) -> None:
    """``answer = (T1, T2)``: the smallest ``T`` with ``k > 0`` and the smallest with ``k >= 1``, for
    ``s = 3, n = 8, D = 4`` (one head too few in the paper's synthetic setting)."""
    try:
        T1, T2 = (int(v) for v in answer)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        raise AssertionError(f"give two integers (T1, T2), got {answer!r}") from None
    ref1 = informative_T(3, 8, 4)
    assert T1 == ref1, (f"T1 = {T1}: k({T1}) = {lower_bound_exponent(max(T1, 1), 3, 8, 4):.3f}; "
                        "solve T/4 - 6 > 28 for the smallest integer T (k > 0 strictly)")
    ref2 = next(T for T in range(1, 10_000) if lower_bound_exponent(T, 3, 8, 4) >= 1)
    assert T2 == ref2, (f"T2 = {T2}: k({T2}) = {lower_bound_exponent(max(T2, 1), 3, 8, 4):.3f}; "
                        "k >= 1 means T/4 - 6 >= 2 * 28")


@exercise("nb03.silent_heads", "does the bound say anything at T = 64?", "predict", 1, 5)
def check_silent_heads(answer: Iterable[int]) -> None:
    """``answer``: the head counts ``s < D`` for which Theorem 2(2) gives ``k > 0`` at ``T = 64``,
    ``n = 8``, ``D = 4`` (:data:`SILENT_SETTING`)."""
    try:
        got = {int(s) for s in answer}
    except (TypeError, ValueError):
        raise AssertionError(f"give a set of head counts such as {{1, 2}}, got {answer!r}") from None
    T, n, D = SILENT_SETTING["T"], SILENT_SETTING["n"], SILENT_SETTING["D"]
    ref = {s for s in range(1, D) if lower_bound_exponent(T, s, n, D) > 0}
    assert got <= set(range(1, D)), f"Theorem 2(2) is about s < D = {D} heads only"
    assert got == ref, (f"k > 0 means T/4 - s - D + 1 > (n + 1) s + 1: put in T = {T}, n = {n}, D = {D}, solve "
                        "for s, and keep the whole s < D that satisfy it (or evaluate your exponent_k for each "
                        "s < D)")


@exercise("nb03.width_for_target", "read the width a target error needs off a fitted line", "number", 2, 15)
def check_width_for_target(N_star: object) -> None:
    """``N_star``: the width at which the line ``log NMSE = a + b log N``, fitted to the minimum over seeds at
    the fewest heads and the longest ``T`` of ``data/results/fig1b_width.csv``, reaches that head count's
    target (the geometric mean over ``T`` of its errors at the middle width)."""
    from headcount.experiments.datasets import data_dir
    from headcount.experiments.scaling import fit_by_group, fig1b_targets
    from headcount.training.sweep import load_results, summarize

    try:
        N = float(N_star)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise AssertionError(f"N_star must be a number, got {N_star!r}") from None
    rows = load_results(data_dir() / "results" / "fig1b_width.csv")
    table = {(s["heads"], s["T"], s["width"]): s["min"] for s in summarize(rows, by=("heads", "T", "width"))}
    heads, T_list = sorted({k[0] for k in table}), sorted({k[1] for k in table})
    widths = sorted({k[2] for k in table})
    h, T = heads[0], T_list[-1]
    target = fig1b_targets(table, heads, T_list, widths)[h]
    ref = fit_by_group(rows)[h, T].x_for(target)
    mean_fit = fit_by_group(rows, reduce="mean")[h, T].x_for(target)
    if math.isclose(N, mean_fit, rel_tol=0.02):
        raise AssertionError("that line is fitted to the mean over seeds; the paper (and Section 4) use the minimum")
    assert math.isclose(N, ref, rel_tol=0.02), \
        f"N* = exp((log target - a) / b) with a, b from numpy.polyfit(log N, log NMSE, 1); expected about {ref:.1f}"
