"""Shared by ``tests/test_claims_nb*.py``: run a named claim predicate on the inputs a notebook gives it (it must
hold) and on mutated inputs (it must fail, naming the predicate)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from headcount import claims
from headcount.claims import ClaimFailed

TESTS = Path(__file__).resolve().parent


class Inputs:
    """The positional and keyword inputs of one ``claims.check(name, ...)`` call."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs


def holds_then_fails(name: str, good: Inputs, *bad: Inputs) -> None:
    """``claims.check(name, good)`` passes and ``claims.check(name, b)`` raises ClaimFailed for each ``b``."""
    assert bad, "give at least one mutated input"
    claims.check(name, *good.args, **good.kwargs)
    for b in bad:
        with pytest.raises(ClaimFailed, match=re.escape(f"{name}:")):
            claims.check(name, *b.args, **b.kwargs)


def covered() -> set[str]:
    """Every predicate name given to :func:`holds_then_fails` as a literal in ``tests/test_claims_nb*.py``."""
    found = set()
    for path in TESTS.glob("test_claims_nb*.py"):
        found |= set(re.findall(r'holds_then_fails\(\s*"([^"]+)"', path.read_text(encoding="utf-8")))
    return found
