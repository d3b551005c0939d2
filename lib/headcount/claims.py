"""The reproduction ledger: every claim of the paper, the course's verdict, and the asserts that back it.

One :class:`Claim` per theorem part, lemma, corollary, remark, table, figure and conjecture of
Yu et al. (arXiv 2510.06662), plus the course's own findings (kind ``'beyond'``). Notebooks check a
claim with :func:`check`, which is an ``assert`` that names the claim, so the ledger knows which cells
back which verdict (``tests/test_claims.py`` fails when a registered claim has no check anywhere and
is not marked ``'not tested'`` with a reason, or a check names an unknown claim).
"""
from __future__ import annotations

from dataclasses import dataclass

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


_C = Claim
#: The registry, in the paper's order; ids are stable (notebooks and tests name them).
CLAIMS: dict[str, Claim] = {c.id: c for c in [
    _C("thm1", "Theorem 1", "For fixed d and T the D-retrieval families are dense in C(X_T)."),
    _C("lem1", "Lemma 1", "Relaxing the regularity conditions on f_i does not change the closure of the class."),
    _C("lem2", "Lemma 2", "With 4 | T, maxima of subset minima give the order statistics of a sequence."),
    _C("lem3", "Lemma 3", "A smooth selector approximates the order-statistic combination."),
    _C("cor1", "Corollary 1", "Under Assumptions 1-2 and D1^2 + D2^2 <= T/50, the intrinsic dimension D is unique."),
    _C("asm2", "Assumption 2", "The target class (unique minimizers, distinct minima, PD Hessians) excludes "
                               "degenerate tasks."),
    _C("thm2.1", "Theorem 2(1)", "With h >= D heads, eq. (4) approximates the task to accuracy eps with parameters "
                                 "independent of T (explicit construction, App. A.2.1)."),
    _C("thm2.1-gibbs", "App. A.2.1 (Gibbs bound)", "The softmax-weighted mean over S_i is within the stated bound of "
                                                   "the minimum, on both sides."),
    _C("thm2.2", "Theorem 2(2)", "With h = s < D heads, under Assumption 1, an eps-approximation needs "
                                 "Omega(eps^-k) parameters with k growing linearly in T."),
    _C("thm2.2-collision", "App. A.2.2 (proof steps)", "Two sequences whose FFN inputs nearly coincide have targets "
                                                       "that differ by more than 3 eps."),
    _C("lem4", "Lemma 4", "A 2-layer net with bounded entries separating close inputs by B needs width ~ B/A."),
    _C("lem5-7", "Lemmas 5-7", "Monotone segments, sensitivity of F0 and disjoint basins (proof lemmas of Thm 2(2))."),
    _C("thm2.3", "Theorem 2(3)", "One head with embedding dimension n >= Td memorizes the sequence and approximates "
                                 "the task with a 5-layer ReLU FFN."),
    _C("lem8", "Lemma 8", "A 2-, a 3- and a 2-layer ReLU net compose into a 5-layer net."),
    _C("lem9", "Lemma 9", "max over T inputs on [0,1]^T by a shallow ReLU net of width O(T/eps) with error <= eps."),
    _C("conj1", "Conjecture 1", "An L-layer transformer approximates efficiently only if L * h >= D."),
    _C("remark-b11", "Remark B.1.1 (Fig. 3)", "For h >= D the error can rise at short T (memorization versus "
                                             "pattern learning)."),
    _C("fig1a", "Fig. 1a / Table 2", "Synthetic D = 4: validation NMSE drops sharply at h = D = 4 at every T."),
    _C("table2", "Table 2", "Mean and std of the synthetic NMSE; h >= 4 reaches ~1e-5, h = 3 ~1e-3."),
    _C("table3", "Table 3", "With fixed total width E = 32 the jump at h = 4 remains (width does not explain it)."),
    _C("table4", "Table 4", "With D = 3 the single-layer jump moves to h = 3."),
    _C("table5", "Table 5", "A two-layer transformer on D = 4 already jumps at h = 2 (L * h = D)."),
    _C("fig1b", "Fig. 1b / Fig. 4", "With h < D the NMSE falls with MLP width N at a rate that worsens with T; "
                                    "with h >= D it is flat in T."),
    _C("fig2de", "Figs. 2d-2e", "The weighted reversal score R(h) is positive exactly from h = D."),
    _C("table6", "Table 6 / Fig. 2a", "Text retrieval: training accuracy rises with h, transition near h = 12."),
    _C("table7", "Table 7", "Text retrieval: validation accuracy does not improve with h."),
    _C("fig2b", "Fig. 2b", "The error model Err(h, T) fits the text results with delta ~ 0.25-0.31 "
                           "('highly consistent' with the theory)."),
    _C("table8", "Table 8 / Fig. 2c", "Images: training accuracy rises with h, transition near h = 10."),
    _C("table9", "Table 9", "Images: validation accuracy peaks near h = 8-12 and falls for large h."),
    _C("table10", "Table 10", "Head counts of popular models are chosen heuristically."),
]}


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
