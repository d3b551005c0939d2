"""Predicates of notebook 01: the D-retrieval task (eqs. 8-9), Assumption 2, Lemma 2, Theorem 1, Corollary 1."""
from __future__ import annotations

from collections.abc import Mapping

import torch

import headcount.theory as theory
from headcount.claims import predicate
from headcount.diagnostics import Assumption2Report
from headcount.tasks import RetrievalTask


@predicate("task-def/max-min")
def max_min_definition(X: torch.Tensor, y: torch.Tensor) -> tuple[bool, str]:
    """The max + min task's target equals max_t x_t + min_t x_t on every sequence (torch.allclose)."""
    direct = X[..., 0].max(dim=1).values + X[..., 0].min(dim=1).values
    return torch.allclose(y, direct), f"max |y - direct| = {float((y - direct).abs().max()):.1e}"


@predicate("task-def/synthetic")
def synthetic_definition(X: torch.Tensor, y: torch.Tensor, a: torch.Tensor) -> tuple[bool, str]:
    """The synthetic task's target equals sum_i max_t a_i . x_t on every sequence (atol 1e-5)."""
    direct = (X @ a.T).max(dim=1).values.sum(dim=1)
    return torch.allclose(y, direct, atol=1e-5), f"max |y - direct| = {float((y - direct).abs().max()):.1e}"


@predicate("task-def/subsets")
def retrieves_inside_subsets(task: RetrievalTask, positions: torch.Tensor) -> tuple[bool, str]:
    """Each feature i retrieves a position inside its subset S_i, on every sequence."""
    inside = torch.stack([task.subsets[i, positions[:, i]] for i in range(task.D)], dim=1)
    return bool(inside.all()), f"{int((~inside).sum())} retrieved positions outside S_i"


@predicate("asm2")
def assumption2_cases(reports: Mapping[str, Assumption2Report]) -> tuple[bool, str]:
    """The smooth task meets Assumption 2; a constant feature breaks 2.1, duplicated features 2.2, max + min's
    boundary minimum 2.3 and a flat F0 2.4."""
    cases = {"smooth task holds": reports["smooth (D=3, d=2)"].holds,
             "constant feature fails 2.1": not reports["constant feature"].unique_min[1],
             "duplicated features fail 2.2": not reports["duplicated features"].distinct,
             "max_min fails 2.3": not any(reports["max_min"].hessian_pd),
             "flat F0 fails 2.4": not reports["flat F0"].gradient_nonzero}
    return all(cases.values()), "; ".join(f"{k}: {v}" for k, v in cases.items())


@predicate("lem2")
def lemma2(x: torch.Tensor, m: int, U: torch.Tensor) -> tuple[bool, str]:
    """Lemma 2 on every sequence: U, the max of m-subset minima, is the m-th largest value v_m; Y_t =
    min(x_t, v_m) for every t; and 1 - (the same on 1 - x) is the m-th smallest value w_m."""
    T = x.shape[-1]
    v_m = theory.kth_largest(x, m)
    parts = {"U = v_m": torch.equal(U, v_m),
             "Y_t = min(x_t, v_m)": all(torch.equal(theory.max_of_subset_minima_containing(x, m, t),
                                                    torch.minimum(x[:, t], v_m)) for t in range(T)),
             "w_m": torch.allclose(1 - theory.max_of_subset_minima(1 - x, m), theory.kth_largest(x, T - m + 1))}
    return all(parts.values()), "; ".join(f"{k}: {v}" for k, v in parts.items())


@predicate("thm1-size")
def density_proof_size(T: int) -> tuple[bool, str]:
    """The density proof's D (2 d C(T, T/4), d = 1) exceeds 10^14 at length T: it explodes with T."""
    count = theory.subset_minima_count(T)
    return count > 10**14, f"D = {count:.2e} at T = {T}"


@predicate("cor1")
def corollary1_long_sequences(max_D: int, scale: int = 50) -> tuple[bool, str]:
    """At T = scale (D1^2 + D2^2) (the paper's condition: scale 50) the exponent k exceeds max(D1, D2) for every
    D1 < D2 <= max_D."""
    margins = {(D1, D2): theory.corollary1_margin(D1, D2, scale * (D1 * D1 + D2 * D2))
               for D1 in range(1, max_D + 1) for D2 in range(D1 + 1, max_D + 1)}
    worst = min(margins, key=margins.get)
    return margins[worst] > 0, f"smallest margin {margins[worst]:.3g} at (D1, D2) = {worst}"
