"""Input validation shared by the library: each check converts once and names the parameter.

Integer-like values (Python, NumPy and 0-d torch integers) pass through ``operator.index`` and come
back as ``int``; real numbers (Python, NumPy) come back as ``float``. Floats where an integer is
expected, strings, booleans and other types are rejected with the parameter's name, the value and
what is allowed.
"""
from __future__ import annotations

import math
import numbers
import operator
from collections.abc import Iterable

import torch


def check_int(name: str, value: object, minimum: int = 1, maximum: int | None = None) -> int:
    """Return ``value`` as an int in ``[minimum, maximum]`` or raise ``ValueError`` naming ``name``.

    Accepts anything ``operator.index`` takes (``int``, ``numpy.int64``, an integer 0-d tensor);
    rejects ``bool``, floats (even ``2.0``) and strings.
    """
    allowed = f"an integer >= {minimum}" + (f" and <= {maximum}" if maximum is not None else "")
    if isinstance(value, bool):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    try:
        n = operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise ValueError(f"{name} must be {allowed}, got {value!r}") from None
    if n < minimum or (maximum is not None and n > maximum):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return n


def check_real(name: str, value: object, minimum: float | None = None, allow_equal: bool = True) -> float:
    """Return ``value`` as a finite float (``>= minimum``, or ``> minimum`` with ``allow_equal=False``).

    Accepts ints and real numbers (``numbers.Real``: Python and NumPy); rejects ``bool``, strings,
    NaN and infinities with ``ValueError`` naming ``name``.
    """
    allowed = "a finite number" + ("" if minimum is None else f" {'>=' if allow_equal else '>'} {minimum:g}")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    x = float(value)
    if not math.isfinite(x) or (minimum is not None and (x < minimum or (x == minimum and not allow_equal))):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return x


def check_positive(name: str, value: object, allow_zero: bool = False) -> float:
    """Return ``value`` as a finite float > 0 (or >= 0) or raise ``ValueError`` naming ``name``."""
    return check_real(name, value, 0.0, allow_equal=allow_zero)


def check_choice(name: str, value: object, choices: Iterable) -> str:
    """Return ``value`` if it is one of ``choices`` or raise ``ValueError`` listing them."""
    choices = tuple(choices)
    if isinstance(value, bool) or value not in choices:
        raise ValueError(f"{name} must be one of {choices}, got {value!r}")
    return value  # type: ignore[return-value]


def check_finite(name: str, tensor: torch.Tensor) -> torch.Tensor:
    """Raise ``ValueError`` if ``tensor`` holds NaN or infinity."""
    if not torch.isfinite(tensor).all():
        raise ValueError(f"{name} must be finite, but it contains NaN or infinity")
    return tensor
