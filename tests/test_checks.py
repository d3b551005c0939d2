"""Validators convert once: integer-like values become ``int``, real numbers ``float``; the rest is refused by name."""
import math

import numpy as np
import pytest
import torch

from headcount._checks import check_choice, check_int, check_positive, check_real


@pytest.mark.parametrize("value", [3, np.int64(3), np.int8(3), torch.tensor(3)])
def test_integer_like_values_become_int(value):
    n = check_int("heads", value)
    assert n == 3 and type(n) is int


@pytest.mark.parametrize("value", [3.0, 2.5, "3", True, None, [3], torch.tensor(3.0), np.float64(3)])
def test_floats_strings_and_bools_are_not_integers(value):
    with pytest.raises(ValueError, match=r"^heads must be an integer >= 1, got "):
        check_int("heads", value)


def test_integer_bounds_are_named():
    with pytest.raises(ValueError, match=r"D must be an integer >= 2 and <= 2, got 4"):
        check_int("D", 4, 2, 2)


@pytest.mark.parametrize("value", [0.5, 1, np.float32(0.5), np.int64(1)])
def test_real_numbers_become_float(value):
    x = check_positive("lr", value)
    assert type(x) is float and x == pytest.approx(float(value))


@pytest.mark.parametrize("value", ["0.01", True, math.nan, math.inf, -1.0, 0.0, None, torch.tensor(0.1)])
def test_strings_bools_nonfinite_and_nonpositive_are_refused(value):
    with pytest.raises(ValueError, match=r"^lr must be a finite number > 0, got "):
        check_positive("lr", value)


def test_real_with_bounds_and_choices():
    assert check_real("x", -2) == -2.0 and check_positive("wd", 0, allow_zero=True) == 0.0
    with pytest.raises(ValueError, match=r"x must be a finite number >= 1, got 0.5"):
        check_real("x", 0.5, 1.0)
    assert check_choice("T", 8, (8, 16)) == 8
    with pytest.raises(ValueError, match=r"task must be one of \('a', 'b'\), got 'c'"):
        check_choice("task", "c", ("a", "b"))
