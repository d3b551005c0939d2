"""Predicates of notebook 02's constructions: Theorem 2(1)'s heads, its error bound and the Gibbs-mean bounds
(App. A.2.1 and the course's corrections)."""
from __future__ import annotations

from collections.abc import Sequence

import torch

import headcount.theory as theory
from headcount.claims import predicate
from headcount.constructions import (
    BetaRow,
    ConstructionError,
    RetrievalHeadsTransformer,
    error_falls_with_beta,
    gate_tie_example,
    lower_side_violations,
    paper_bound_holds,
)
from headcount.tasks import RetrievalTask

TOL = 1e-12   # rounding slack of the float64 construction


@predicate("thm2.1/logits")
def head_logits(construction: RetrievalHeadsTransformer, task: RetrievalTask, X: torch.Tensor) -> tuple[bool, str]:
    """Head i's logit on token t is -f_i(x_t) + r_i(t), the gate r_i(t) = -1 off S_i (torch.allclose)."""
    q = torch.einsum("e,hne->hn", construction.c0, construction.W_Q)
    logits = torch.einsum("hn,hne,bte->bht", q, construction.W_K, construction.embed(X))
    expected = (-task.feature_values(X).double() - (~task.subsets.T).double()).transpose(1, 2)
    return torch.allclose(logits, expected), f"max |logit - expected| = {float((logits - expected).abs().max()):.1e}"


@predicate("thm2.1/max-min")
def max_min_error(rows: Sequence[ConstructionError]) -> tuple[bool, str]:
    """On max + min the error is within the paper's bound on every row, falls as beta grows, and the output
    error is at most twice the feature error (F0 = z1 + 1 - z2 is 2-Lipschitz in l1)."""
    parts = {"within bound": paper_bound_holds(list(rows)), "falls with beta": error_falls_with_beta(list(rows)),
             "2-Lipschitz": all(r.output <= 2 * r.feature + TOL for r in rows)}
    return all(parts.values()), "; ".join(f"{k}: {v}" for k, v in parts.items())


@predicate("thm2.1/bound")
def within_paper_bound(rows: Sequence[ConstructionError]) -> tuple[bool, str]:
    """The feature error is within the paper's bound (T - |S|) e^(-beta ...) on every row (upper side)."""
    return paper_bound_holds(list(rows)), f"worst error/bound {max(r.above / r.bound for r in rows):.3g}"


@predicate("thm2.1-gibbs")
def never_undershoots(rows: Sequence[ConstructionError]) -> tuple[bool, str]:
    """With S_i = [T] the Gibbs mean never falls below the minimum (by more than 1e-12)."""
    return all(r.below <= TOL for r in rows), f"largest undershoot {max(r.below for r in rows):.1e}"


@predicate("gibbs-logT")
def entropy_bound(rows: Sequence[ConstructionError]) -> tuple[bool, str]:
    """The Gibbs-mean error above the minimum is at most log(T)/beta on every row."""
    return all(r.above <= r.entropy_bound for r in rows), \
        f"worst error / (log T / beta) {max(r.above / r.entropy_bound for r in rows):.3g}"


@predicate("gibbs-logT/near-worst")
def log_T_beta_meets_eps(table: Sequence[BetaRow], eps: float) -> tuple[bool, str]:
    """beta = log(T)/eps meets the error eps on the near-worst (two-level) example at every T."""
    return all(r.near_worst <= eps for r in table), f"largest near-worst error {max(r.near_worst for r in table):.3g}"


@predicate("thm2.1-params")
def what_grows_with_T(table: Sequence[BetaRow]) -> tuple[bool, str]:
    """On the smooth task (D = 3, |S_i| = T/2): the attention weights do not grow with T, the gate has
    D (T - |S_i|) = 3T/2 nonzero entries, the paper's beta grows like T/eps (ratio 3.9-4.1 for T x 4), and at
    fixed beta = 100 the near-worst error at the longest T is 2x+ that at the shortest."""
    first, last = table[0].T, table[-1].T
    parts = {"attention constant": len({r.attention_entries for r in table}) == 1,
             "gate 3T/2": all(r.gate_entries == 3 * r.T // 2 for r in table),
             "beta_paper x4": 3.9 < table[-1].beta_paper / table[-2].beta_paper < 4.1,
             "near-worst grows": theory.gibbs_near_worst_case(last, 100.0) > 2 * theory.gibbs_near_worst_case(first,
                                                                                                        100.0)}
    return all(parts.values()), "; ".join(f"{k}: {v}" for k, v in parts.items())


@predicate("gibbs-counterexample")
def paper_lower_side_fails(rows: Sequence[ConstructionError]) -> tuple[bool, str]:
    """With a {0, -1} gate and S_i != [T] the corrected lower bound (T - |S|) z e^(-beta (1 - z)) holds on every
    row, and the paper's lower side fails on at least one."""
    corrected = all(r.below <= r.bound_below + TOL for r in rows)
    fails = lower_side_violations(list(rows))
    return corrected and bool(fails), f"corrected bound holds: {corrected}; rows below the paper's: {len(fails)}"


@predicate("gibbs-counterexample/tie")
def gate_depth_tie(T: int = 8, beta: float = 20.0) -> tuple[bool, str]:
    """On the two-level example (S = first T/2 positions, x = 0.9 on S, 0 off it) a gate of depth 1 undershoots
    by more than the paper's bound, a gate of depth 2 does not."""
    z, z_tilde = gate_tie_example(T=T, beta=beta, mask=1.0)
    z2, z_tilde2 = gate_tie_example(T=T, beta=beta, mask=2.0)
    bound = theory.gibbs_bound(T // 2, T, beta)
    return z - z_tilde > bound and abs(z2 - z_tilde2) <= bound, \
        f"depth 1: {z - z_tilde:.3g}, depth 2: {abs(z2 - z_tilde2):.3g}, bound {bound:.3g}"


@predicate("gibbs-counterexample/depth2")
def deeper_gate_two_sided(rows: Sequence[ConstructionError]) -> tuple[bool, str]:
    """With a gate of depth 2 the paper's two-sided bound holds on every row."""
    return all(r.feature <= r.bound for r in rows), f"worst error/bound {max(r.feature / r.bound for r in rows):.3g}"
