"""The named predicates behind notebooks 00-02's claims hold on the notebooks' inputs and fail on mutated ones.

Each test calls ``claims.check`` with the predicate the notebook names, on an input of the notebook's kind (a
construction, a task sample, per-seed NMSE of the shape measured at default size), then on a mutation that
breaks the claim (h = D swapped with h = D - 1, a collapsed head, another gate depth, a wrong target, ...).
"""
from __future__ import annotations

import dataclasses

import pytest
import torch
from claim_cases import Inputs, covered, holds_then_fails

import headcount as hc
from headcount import claims, theory
from headcount.constructions import beta_table, construction_sweep, theorem2_heads
from headcount.diagnostics import assumption2_report, head_feature_attention
from headcount.experiments.contrast import worst_vs_best_gap
from headcount.tasks import degenerate_task, synthetic_directions

# Validation NMSE per seed as measured on this machine (notebooks 00 and 02, default size). The tests need their
# shape (a stuck h < D seed, a stuck h = D seed), not their digits.
MAX_MIN = {1: [0.151, 0.459, 0.120, 0.116], 2: [0.0014, 0.0033, 0.0028, 0.0036]}
SYNTHETIC = {2: [0.080, 0.088, 0.112, 0.111], 3: [0.061, 0.029, 0.068, 0.023], 4: [0.049, 0.0033, 0.0030, 0.0022]}


def swap(nmse: dict[int, list[float]], a: int, b: int) -> dict[int, list[float]]:
    return {**nmse, a: nmse[b], b: nmse[a]}


def test_every_predicate_has_a_passing_and_a_failing_case():
    missing = sorted(set(claims.PREDICATES) - covered())
    assert not missing, f"named predicates without a holds_then_fails test in tests/test_claims_nb*.py: {missing}"


def test_check_names_the_predicate_and_rejects_an_unknown_one():
    with pytest.raises(claims.ClaimFailed, match=r"\[thm1-size \| Theorem 1.*10\^14.*T = 16"):
        claims.check("thm1-size", 16)
    with pytest.raises(KeyError, match="no claim predicate named 'table2/nope'"):
        claims.check("table2/nope", 1)
    with pytest.raises(KeyError, match="unknown claim id 'nope'"):
        claims.check("nope/x", 1)
    assert claims.claim_id_of("fig1a/seeds") == "fig1a" and claims.claim_id_of("lem2") == "lem2"


# notebook 00 and 02 §3: training

def test_max_min_gaps():
    holds_then_fails("heads-specialize/teaser", Inputs(MAX_MIN), Inputs(swap(MAX_MIN, 1, 2)),
                     Inputs({1: MAX_MIN[1], 2: MAX_MIN[2][:-1] + [0.1]}),     # one h = 2 seed stuck
                     Inputs({1: [v * 10 for v in MAX_MIN[1]], 2: [0.06] * 4}))   # gap kept, error above 0.05
    holds_then_fails("heads-specialize/max-min", Inputs(MAX_MIN), Inputs(swap(MAX_MIN, 1, 2)),
                     Inputs({1: MAX_MIN[1], 2: MAX_MIN[2][:-1] + [0.1]}))
    claims.check("heads-specialize/max-min", {1: [v * 10 for v in MAX_MIN[1]], 2: [0.06] * 4})   # no error level


def test_synthetic_best_seed_gap_tolerates_stuck_seeds_but_not_all():
    assert max(SYNTHETIC[4]) > min(SYNTHETIC[3])          # a stuck seed is worse than the best h = 3 run
    holds_then_fails("fig1a/seeds", Inputs(SYNTHETIC), Inputs(swap(SYNTHETIC, 3, 4)),
                     Inputs({**SYNTHETIC, 4: [v * 5 for v in SYNTHETIC[4]]}),     # a mere 1.5x gap
                     Inputs({**SYNTHETIC, 4: [0.049, 0.05, 0.04, 0.03]}))
    claims.check("fig1a/seeds", {**SYNTHETIC, 4: [0.049, 0.05, 0.04, 0.0022]})


def test_gap_refuses_a_low_head_count_that_is_not_below_D():
    with pytest.raises(ValueError, match="low"):
        worst_vs_best_gap(MAX_MIN, D=2, low=2)


def _collapsed(task, beta=200.0):
    """The Theorem 2(1) construction with head 2 reading head 1's block: feature 2 uncovered."""
    model = theorem2_heads(task, beta)
    with torch.no_grad():
        model.W_Q[1] = model.W_Q[0]
        model.W_K[1] = model.W_K[0]
    return model


def test_coverage_fails_when_the_best_run_is_collapsed():
    task = hc.smooth_task(16)
    good = head_feature_attention(theorem2_heads(task, 200.0), task, n=200)
    bad = head_feature_attention(_collapsed(task), task, n=200)
    assert good.one_feature_per_head and bad.uncovered == (1,) and bad.collapsed == (0,)
    holds_then_fails("heads-specialize/coverage", Inputs([1e-3, 5e-2], {0: good, 1: bad}),
                     Inputs([5e-2, 1e-3], {0: good, 1: bad}), Inputs([5e-2, 1e-3], [good, bad]))


# notebook 01: the task and the lemmas

def test_task_definitions_fail_for_another_target():
    X, y = hc.max_min_task(T=16).sample(200, 0)
    holds_then_fails("task-def/max-min", Inputs(X, y), Inputs(X, X[..., 0].max(1).values - X[..., 0].min(1).values))
    Xs, ys = hc.synthetic_task(T=16).sample(200, 0)
    a = synthetic_directions(D=4, d=4)
    holds_then_fails("task-def/synthetic", Inputs(Xs, ys, a), Inputs(Xs, ys, a.flip(0) * 1.1))
    smooth = hc.smooth_task(16)
    _, positions = smooth.retrieve(smooth.sample(50, 0)[0])
    outside = torch.stack([(~smooth.subsets[i]).nonzero()[0].expand(50) for i in range(smooth.D)], dim=1)
    holds_then_fails("task-def/subsets", Inputs(smooth, positions), Inputs(smooth, outside))


def test_assumption2_cases_fail_when_a_degenerate_task_is_called_smooth():
    reports = {name: assumption2_report(t) for name, t in {
        "smooth (D=3, d=2)": hc.smooth_task(16), "max_min": hc.max_min_task(16),
        "constant feature": degenerate_task("constant_feature", 16),
        "duplicated features": degenerate_task("duplicate_features", 16),
        "flat F0": degenerate_task("flat_outer", 16)}.items()}
    holds_then_fails("asm2", Inputs(reports), Inputs({**reports, "smooth (D=3, d=2)": reports["flat F0"]}),
                     Inputs({**reports, "flat F0": reports["smooth (D=3, d=2)"]}))


def test_lemma2_fails_for_the_wrong_order_statistic():
    x = torch.rand(100, 12, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    holds_then_fails("lem2", Inputs(x, 3, theory.max_of_subset_minima(x, 3)),
                     Inputs(x, 3, theory.max_of_subset_minima(x, 4)))


def test_theorem1_size_and_corollary1_fail_at_short_lengths():
    holds_then_fails("thm1-size", Inputs(64), Inputs(16))
    holds_then_fails("cor1", Inputs(5), Inputs(5, scale=1))   # T = D1^2 + D2^2 is too short


# notebook 02: the construction and the Gibbs mean

@pytest.fixture(scope="module")
def rows_mm():
    return construction_sweep("max_min", [8, 32], [1, 10, 100], n=300)


@pytest.fixture(scope="module")
def rows_sm():
    return construction_sweep("smooth", [8, 32], [10, 30, 100], n=300)


@pytest.fixture(scope="module")
def rows_deep():
    return construction_sweep("smooth", [8, 32], [10, 30, 100], n=300, mask=2.0)


def test_head_logits_fail_for_another_gate_depth():
    task = hc.smooth_task(T=16, D=3, d=2)
    X, _ = task.sample(4, 0)
    holds_then_fails("thm2.1/logits", Inputs(theorem2_heads(task, 50.0), task, X),
                     Inputs(theorem2_heads(task, 50.0, mask=2.0), task, X))


def test_error_checks_fail_against_a_bound_for_a_larger_beta_or_reversed_betas(rows_mm):
    tighter = [dataclasses.replace(r, bound=theory.gibbs_bound(r.T, r.T, 10 * r.beta)) for r in rows_mm]
    reversed_beta = [dataclasses.replace(r, beta=1.0 / r.beta) for r in rows_mm]
    doubled = [dataclasses.replace(r, output=3 * r.feature + 1e-6) for r in rows_mm]
    holds_then_fails("thm2.1/max-min", Inputs(rows_mm), Inputs(tighter), Inputs(reversed_beta), Inputs(doubled))
    holds_then_fails("thm2.1/bound", Inputs(rows_mm), Inputs(tighter))


def test_gibbs_sides(rows_mm, rows_sm, rows_deep):
    holds_then_fails("thm2.1-gibbs", Inputs(rows_mm), Inputs(rows_sm))           # S_i != [T] undershoots
    holds_then_fails("gibbs-logT", Inputs(rows_mm),
                     Inputs([dataclasses.replace(r, entropy_bound=r.above / 2) for r in rows_mm]))
    holds_then_fails("gibbs-counterexample", Inputs(rows_sm), Inputs(rows_deep),
                     Inputs([dataclasses.replace(r, bound_below=0.0) for r in rows_sm]))
    holds_then_fails("gibbs-counterexample/depth2", Inputs(rows_deep), Inputs(rows_sm))
    holds_then_fails("gibbs-counterexample/tie", Inputs(T=8, beta=20.0), Inputs(T=8, beta=200.0))


def test_what_grows_with_T_fails_on_the_wrong_task_or_eps():
    eps = 0.01
    smooth = beta_table("smooth", [8, 128, 512, 2048], eps)
    holds_then_fails("thm2.1-params", Inputs(smooth), Inputs(beta_table("max_min", [8, 128, 512, 2048], eps)),
                     Inputs([dataclasses.replace(r, beta_paper=r.beta_log) for r in smooth]))
    holds_then_fails("gibbs-logT/near-worst", Inputs(smooth, eps), Inputs(smooth, eps / 4))
