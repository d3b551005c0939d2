"""Input validation shared by the library: errors name the parameter, the value and what is allowed."""
from __future__ import annotations

import math
from collections.abc import Iterable

import torch


def check_int(name: str, value: object, minimum: int = 1, maximum: int | None = None) -> int:
    """Return ``value`` as an int in ``[minimum, maximum]`` or raise ``ValueError`` naming ``name``."""
    allowed = f"an integer >= {minimum}" + (f" and <= {maximum}" if maximum is not None else "")
    if isinstance(value, bool) or not isinstance(value, (int,)) and not (
        isinstance(value, float) and value.is_integer()
    ):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    n = int(value)
    if n < minimum or (maximum is not None and n > maximum):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return n


def check_positive(name: str, value: object, allow_zero: bool = False) -> float:
    """Return ``value`` as a finite float > 0 (or >= 0) or raise ``ValueError`` naming ``name``."""
    allowed = "a finite number " + (">= 0" if allow_zero else "> 0")
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be {allowed}, got {value!r}") from None
    if not math.isfinite(x) or x < 0 or (x == 0 and not allow_zero):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return x


def check_choice(name: str, value: object, choices: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``choices`` or raise ``ValueError`` listing them."""
    choices = tuple(choices)
    if value not in choices:
        raise ValueError(f"{name} must be one of {choices}, got {value!r}")
    return value  # type: ignore[return-value]


def check_finite(name: str, tensor: torch.Tensor) -> torch.Tensor:
    """Raise ``ValueError`` if ``tensor`` holds NaN or infinity."""
    if not torch.isfinite(tensor).all():
        raise ValueError(f"{name} must be finite, but it contains NaN or infinity")
    return tensor
