"""The reproduction ledger: every claim of the paper, the course's verdict, and the asserts that back it.

One :class:`Claim` per theorem part, lemma, corollary, remark, table, figure and conjecture of
Yu et al. (arXiv 2510.06662), plus the course's own findings (kind ``'beyond'``). Notebooks check a
claim with :func:`check`, which is an ``assert`` that names the claim, so the ledger knows which cells
back which verdict (``tests/test_claims.py`` fails when a registered claim has no check anywhere and
is not marked ``'not tested'`` with a reason, or a check names an unknown claim).
"""
from __future__ import annotations

from dataclasses import dataclass

from headcount.claims_registry import ENTRIES

__all__ = ["CLAIMS", "VERDICTS", "Claim", "ClaimFailed", "check", "get"]

#: The verdicts a claim can have.
VERDICTS = ("reproduced", "reproduced in location, not in size", "not reproduced", "refuted", "beyond the paper",
            "not tested")


@dataclass(frozen=True)
class Claim:
    """One claim: its id, where the paper states it, what it says, and the course's verdict with evidence."""

    id: str
    ref: str            # the paper's reference: "Theorem 2(1)", "Table 4", ...
    statement: str      # what the paper claims (or, for kind 'beyond', what the course found)
    verdict: str = "not tested"
    evidence: str = ""  # the numbers behind the verdict
    source: str = ""    # where they come from: a committed results file with its command, or a construction
    notebook: str = ""  # the notebook section that shows it, e.g. "02_heads_suffice.ipynb#the-construction"
    kind: str = "paper"  # 'paper' or 'beyond'

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"claim {self.id!r}: verdict must be one of {VERDICTS}, got {self.verdict!r}")
        if self.kind not in ("paper", "beyond"):
            raise ValueError(f"claim {self.id!r}: kind must be 'paper' or 'beyond', got {self.kind!r}")


class ClaimFailed(AssertionError):
    """A notebook check of a registered claim did not hold."""


#: The registry, in the paper's order; ids are stable (notebooks and tests name them). The entries live in
#: :mod:`headcount.claims_registry` (add a claim there); ``python -m headcount.ui.ledger --write`` renders them.
CLAIMS: dict[str, Claim] = {e["id"]: Claim(**e) for e in ENTRIES}
if len(CLAIMS) != len(ENTRIES):
    raise ValueError("headcount.claims_registry: duplicate claim ids")


def get(claim_id: str) -> Claim:
    """The registered claim ``claim_id``; a clear error naming the known ids otherwise."""
    try:
        return CLAIMS[claim_id]
    except KeyError:
        raise KeyError(f"unknown claim id {claim_id!r}; registered: {', '.join(CLAIMS)}") from None


def check(claim_id: str, condition: object, message: str = "") -> None:
    """``assert condition`` for the registered claim ``claim_id``: raises :class:`ClaimFailed` naming the claim
    and its paper reference when ``condition`` is false, and ``KeyError`` when the id is unknown."""
    claim = get(claim_id)
    if not condition:
        raise ClaimFailed(f"[{claim.id} | {claim.ref}] {message or claim.statement}")
