"""Checks for notebook 06: R(h) on the paper's Table 8, an accuracy-knee detector, and the delta that
Theorem 2(2)'s bound implies for the error model of Fig. 2b."""
from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping

from headcount.exercises._core import exercise
from headcount.experiments.realdata_analysis import bound_delta, gains, largest_gain
from headcount.theory import reversal_score


@exercise("nb06.R10", "R(10) of the paper's Table 8 by hand", "number", 1, 5)
def check_R10(value: object) -> None:
    """``R(10)`` for the errors 1.9, 2.7, 3.3, 3.5, 3.3 (``100 -`` Table 8's accuracy at ``h = 10``)."""
    ref = reversal_score([1.9, 2.7, 3.3, 3.5, 3.3])
    assert isinstance(value, (int, float)), f"R10 must be a number, got {value!r}"
    assert not math.isclose(value, 0.2, abs_tol=1e-3), "0.2 is the sum of drops: divide by w_h, the range of the errors"
    assert abs(value - ref) < 1e-3, f"got {value}: find every pair T1 < T2 whose error falls, add the falls, " \
                                    "divide by max - min"


@exercise("nb06.largest_gain", "a knee detector for accuracy against h", "implement", 2, 15)
def check_largest_gain(fn: Callable[[Mapping[int, float]], int]) -> None:
    """``fn({h: accuracy}) -> h``: the head count gaining most over the next smaller one, against
    :func:`headcount.experiments.realdata_analysis.largest_gain` (ties go to the smaller ``h``)."""
    assert callable(fn), "largest_gain must be a function of one dict {h: accuracy}"
    rng = random.Random(6)
    cases = [{1: 0.517, 2: 0.671, 4: 0.731, 8: 0.768}, {8: 0.67, 1: 0.318, 4: 0.561, 2: 0.417},
             {1: 0.5, 2: 0.6, 3: 0.7, 4: 0.75}]
    for _ in range(20):
        hs = sorted(rng.sample(range(1, 17), rng.randint(2, 6)))
        acc = sorted(rng.random() for _ in hs)
        cases.append(dict(zip(hs, acc)))
    for curve in cases:
        got, ref = fn(dict(curve)), largest_gain(curve)
        if got == max(curve, key=curve.get) and got != ref:
            raise AssertionError(f"{curve}: you returned the best h; the knee is where the GAIN over the next "
                                 f"smaller h is largest (gains {gains(curve)})")
        assert got == ref, (f"{curve}: expected h = {ref}, got {got!r}. Sort the head counts first (dicts need not "
                            "be in order), compare each with the next smaller one, ties go to the smaller h")


@exercise("nb06.delta_bound", "the delta that Theorem 2(2) implies for the error model", "number", 3, 15)
def check_delta_bound(value: object) -> None:
    """``delta`` in ``-log Err ~ h / T^delta`` from ``M >= eps^-k``, ``k ~ T / (4((n+1)h+1))``: 1."""
    assert isinstance(value, (int, float)), f"delta_bound must be a number, got {value!r}"
    assert not math.isclose(value, 0.25, abs_tol=0.07), "0.25-0.31 is what the paper's fit found, not what the " \
                                                        "bound says: solve M = eps^-k for -log eps"
    assert abs(value - bound_delta()) < 0.05, f"got {value}: -log eps <= log M / k, and k grows like T to which power?"
