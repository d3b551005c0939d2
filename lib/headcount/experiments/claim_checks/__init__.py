"""The named predicates behind every notebook claim: ``claims.check("fig1a", ours)`` runs one of these.

Each predicate states its claim and threshold in its docstring's first paragraph, takes the notebook's inputs
(result grids, construction rows, diagnostics) and returns ``(holds, what was measured)``; importing this
package registers them in :data:`headcount.claims.PREDICATES` (``import headcount`` does). A threshold
lives here and only here, so changing one is a visible library change that ``tests/test_claims_nb*.py``
run on a passing and a mutated input. One module per part of the course:

* :mod:`.task_theory`: the task's definition, Assumption 2, Lemma 2, Theorem 1's size, Corollary 1 (nb 01);
* :mod:`.construction`: Theorem 2(1)'s construction and the Gibbs-mean bounds (nb 02);
* :mod:`.heads`: trained heads: the h = D gap and head specialization (nb 00, 02);
* :mod:`.lower_bound`: Theorem 2(2), the collision certificate, Lemma 4, Fig. 1b (nb 03);
* :mod:`.memorization`: Theorem 2(3), Lemmas 8-9, the embedding sweep (nb 04);
* :mod:`.synthetic`: Tables 2-3, Fig. 1a, Fig. 2e, Remark B.1.1, the seed lottery, fairness (nb 05);
* :mod:`.realdata`: Tables 6-9, Fig. 2b/2d and the course's real-data stand-ins (nb 06);
* :mod:`.depth`: Tables 4-5, the L x h map and Conjecture 1 (nb 07);
* :mod:`.evidence`: the budget curves of Tables 2-5 and Conjecture 1's cells against T (nb 05, 07).
"""
from headcount.experiments.claim_checks import (  # noqa: F401  (importing registers the predicates)
    construction,
    depth,
    evidence,
    heads,
    lower_bound,
    memorization,
    realdata,
    synthetic,
    task_theory,
)
