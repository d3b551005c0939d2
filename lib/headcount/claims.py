"""The reproduction ledger: every claim of the paper, the course's verdict, and the asserts that back it.

One :class:`Claim` per theorem part, lemma, corollary, remark, table, figure and conjecture of
Yu et al. (arXiv 2510.06662), plus the course's own findings (kind ``'beyond'``). A paper claim gets one of
the seven verdicts of :data:`VERDICTS`, each defined once here with the evidence it requires; a
:class:`Claim` whose fields do not meet its verdict's criterion raises ``ValueError`` when built (a run of
ours for "reproduced", a recorded :class:`Budget` for a training-based verdict, a floor below the effect
for "not reproduced", a counterexample for "refuted", a reason for "not settled" and "not tested").
Notebooks check a claim with :func:`check`, which is an ``assert`` that names the claim, so the ledger
knows which cells back which verdict (``tests/test_claims.py``).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from headcount.claims_registry import ENTRIES

__all__ = ["BEYOND", "CLAIMS", "VERDICTS", "Budget", "Claim", "ClaimFailed", "PREDICATES", "check",
           "claim_id_of", "get", "is_training_based", "predicate"]

#: The seven verdicts a paper claim can have, each with the evidence it requires (the ledger's legend).
VERDICTS: dict[str, str] = {
    "reproduced": "we ran the paper's experiment or construction (or a stated stand-in) and got its result; "
                  "the source names a run of ours (a committed results file, live training or a construction), "
                  "and a training run states its budget",
    "reproduced in location, not in size": "the transition is where the paper puts it, the numbers are not at "
                                           "the stated budget of our run (a longer budget may move them)",
    "consistent with the paper's own numbers": "recomputed from the paper's published table or figure, no run "
                                               "of ours",
    "not reproduced": "we ran the paper's setting (or the stand-in the ledger names) at a budget able to resolve "
                      "the effect, and the effect is absent: at least two budgets 4x apart in steps, each with "
                      "its error floor below the effect's size",
    "refuted": "a counterexample to the statement as written",
    "not settled": "evidence on both sides, or evidence at a setting the claim is not about; the reason is "
                   "stated",
    "not tested": "with the reason",
}
#: The verdict of the course's own findings (kind ``'beyond'``), outside the seven.
BEYOND = "beyond the paper"

_RUN = re.compile(r"data/results/|live training|construction:")
_PAPERS = re.compile(r"the paper's (Table|Fig)")


@dataclass(frozen=True)
class Budget:
    """What a training-based verdict rests on: ``steps`` of batch ``batch`` on ``samples`` training examples,
    ``seeds`` seeds, at lengths ``T``; ``floor`` is the smallest validation error the budget reached (its
    resolution: an effect smaller than the floor cannot show), ``effect`` the size of the effect the claim is
    about in the same units (required for "not reproduced"). ``file`` names the results file (in
    ``data/results``) the numbers are read from and ``where`` the rows the floor is taken over, so
    ``tests/test_claims.py`` checks them against the file; a budget of live training has no file."""

    steps: int
    batch: int
    samples: int
    seeds: int
    T: str
    floor: float
    effect: float | None = None
    file: str = ""
    where: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("steps", "batch", "samples", "seeds"):
            value = getattr(self, name)
            if not (isinstance(value, int) and value >= 1):
                raise ValueError(f"budget {name} must be a positive integer, got {value!r}")
        if not self.floor > 0 or (self.effect is not None and not self.effect > 0):
            raise ValueError(f"budget floor and effect must be positive, got {self.floor!r}, {self.effect!r}")

    def __str__(self) -> str:
        text = (f"{self.steps} steps of batch {self.batch}, {self.samples} training examples, {self.seeds} "
                f"seed{'s' if self.seeds > 1 else ''}, "
                f"T = {self.T}; error floor {self.floor:.0e}"
                + "".join(f" at {k} = {v}" for k, v in self.where.items()))
        if self.effect is not None:
            text += f" against an effect of {self.effect:.0e}"
        return text + (f" ({self.file})" if self.file else "")


def is_training_based(source: str) -> bool:
    """Whether a claim's ``source`` names a training run of ours (a results file or live training)."""
    return "data/results/" in source or "live training" in source


def _criterion_problems(c: Claim) -> list[str]:
    """The ways ``c``'s fields fail its verdict's criterion (:data:`VERDICTS`)."""
    v, out = c.verdict, []
    if v in ("reproduced", "reproduced in location, not in size") and not _RUN.search(c.source):
        out.append("needs a run of ours: a source naming data/results/..., live training or a construction")
    if v == "reproduced" and is_training_based(c.source) and not c.budget:
        out.append("rests on training, so it needs a recorded budget (steps, batch, samples, seeds, floor)")
    if v == "reproduced in location, not in size" and not c.budget:
        out.append("needs the budget its sizes were measured at (steps, batch, samples, seeds, floor)")
    if v == "consistent with the paper's own numbers" and not _PAPERS.search(c.source):
        out.append("needs the paper's table or figure it was recomputed from in its source")
    if v == "not reproduced":
        if len(c.budget) < 2 or max(b.steps for b in c.budget) < 4 * min(b.steps for b in c.budget):
            out.append("needs at least two budgets 4x apart in steps")
        if any(b.effect is None or b.floor >= b.effect for b in c.budget):
            out.append("needs every budget's error floor below the effect's size")
    if v == "refuted" and not c.counterexample.strip():
        out.append("needs a counterexample to the statement as written")
    if v in ("not settled", "not tested") and not c.evidence.strip():
        out.append("needs the reason in its evidence")
    return out


@dataclass(frozen=True)
class Claim:
    """One claim: its id, where the paper states it, what it says, and the course's verdict with evidence."""

    id: str
    ref: str            # the paper's reference: "Theorem 2(1)", "Table 4", ...
    statement: str      # what the paper claims (or, for kind 'beyond', what the course found)
    verdict: str = "not tested"
    evidence: str = ""  # the numbers behind the verdict, or the reason (not settled, not tested)
    source: str = ""    # where they come from: a committed results file with its command, or a construction
    notebook: str = ""  # the notebook section that shows it, e.g. "02_heads_suffice.ipynb#the-construction"
    kind: str = "paper"  # 'paper' or 'beyond'
    budget: tuple[Budget, ...] = ()  # the training budget(s) the verdict rests on
    counterexample: str = ""  # for 'refuted': the case that breaks the statement as written

    def __post_init__(self) -> None:
        if self.kind not in ("paper", "beyond"):
            raise ValueError(f"claim {self.id!r}: kind must be 'paper' or 'beyond', got {self.kind!r}")
        allowed = (BEYOND,) if self.kind == "beyond" else tuple(VERDICTS)
        if self.verdict not in allowed:
            raise ValueError(f"claim {self.id!r}: verdict must be one of {allowed}, got {self.verdict!r}")
        budgets = self.budget if isinstance(self.budget, (tuple, list)) else (self.budget,)
        object.__setattr__(self, "budget", tuple(b if isinstance(b, Budget) else Budget(**b) for b in budgets))
        problems = _criterion_problems(self)
        if problems:
            raise ValueError(f"claim {self.id!r}: verdict {self.verdict!r} " + "; ".join(problems))


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


#: A named predicate: it takes a notebook's inputs and returns ``(holds, what was measured)``.
Predicate = Callable[..., "tuple[bool, str]"]

#: Every named predicate, by name. A name is a claim id (``"fig1a"``) or a claim id and a variant after a slash
#: (``"fig1a/median"``); the predicates themselves live in :mod:`headcount.experiments.claim_checks`, which
#: registers them with :func:`predicate` when the package is imported.
PREDICATES: dict[str, Predicate] = {}


def claim_id_of(name: str) -> str:
    """The claim a predicate name backs: ``'fig1a/median'`` -> ``'fig1a'``."""
    return name.split("/", 1)[0]


def predicate(name: str) -> Callable[[Predicate], Predicate]:
    """Register the decorated function as the predicate ``name`` (its claim id must be registered, its name new);
    its docstring's first paragraph states the claim and its threshold."""
    get(claim_id_of(name))
    if name in PREDICATES:
        raise ValueError(f"predicate {name!r} is registered twice")

    def register(fn: Predicate) -> Predicate:
        PREDICATES[name] = fn
        return fn
    return register


def check(name: str, *inputs: Any, **options: Any) -> None:
    """Run the named predicate on a notebook's inputs: raises :class:`ClaimFailed` naming the claim, its paper
    reference, the predicate's statement and what was measured when it does not hold; ``KeyError`` naming the
    known predicates when ``name`` is not one."""
    claim = get(claim_id_of(name))
    try:
        fn = PREDICATES[name]
    except KeyError:
        raise KeyError(f"no claim predicate named {name!r}; registered: {', '.join(sorted(PREDICATES))}") from None
    holds, measured = fn(*inputs, **options)
    if not holds:
        said = " ".join((fn.__doc__ or claim.statement).strip().split("\n\n")[0].split())
        raise ClaimFailed(f"[{claim.id} | {claim.ref}] {name}: {said} (measured: {measured})")
