"""The named predicates behind notebooks 05 and 06 hold on the committed results and the paper's tables (the
notebooks' inputs) and fail on mutated ones: h = D swapped with a neighbour, the paper's numbers where ours
belong, a stuck seed, a knee moved to another D, a curve that rises where it should fall.
"""
from __future__ import annotations

import pytest
import torch
from claim_cases import Inputs, holds_then_fails

import headcount as hc
from headcount import theory
from headcount.constructions import theorem2_heads
from headcount.diagnostics import head_feature_attention
from headcount.experiments import fairness
from headcount.experiments import realdata as rd
from headcount.experiments import realdata_analysis as ra
from headcount.experiments import synthetic as ex
from headcount.experiments.paper_tables import PAPER_TABLE2_MEAN, PAPER_TABLE2_STD

D = 4


def swap(grid: dict, a: int, b: int) -> dict:
    return {**grid, a: grid[b], b: grid[a]}


@pytest.fixture(scope="module")
def nb05():
    rows2, rows3 = hc.results("table2"), hc.results("table3")
    long = hc.results("table2_steps4000_cuda")
    return {"ours2": ex.nmse_grid(rows2, "min"), "median2": ex.nmse_grid(rows2, "median"),
            "ours3": ex.nmse_grid(rows3, "min"), "paper2": ex.paper_grid("table2"), "paper3": ex.paper_grid("table3"),
            "rows2": rows2, "long_rows": long, "long_min": ex.nmse_grid(long, "min"),
            "long_median": ex.nmse_grid(long, "median")}


# --------------------------------------------------------------------------- notebook 05

def test_fig1a_and_tables_fail_when_h_D_and_h_D_minus_1_swap(nb05):
    ours, median = nb05["ours2"], nb05["median2"]
    holds_then_fails("fig1a", Inputs(ours, median, D), Inputs(swap(ours, D - 1, D), median, D),
                     Inputs(ours, swap(median, D - 1, D), D),
                     Inputs({**ours, D + 1: {T: v / 100 for T, v in ours[D].items()}}, median, D))   # more beyond D
    holds_then_fails("fig1a/4000-steps", Inputs(nb05["long_min"], D), Inputs(swap(nb05["long_min"], D - 1, D), D))
    holds_then_fails("table3", Inputs(nb05["ours3"], D), Inputs(swap(nb05["ours3"], D - 1, D), D))
    holds_then_fails("table2", Inputs(ours, nb05["paper2"], D),
                     Inputs({**ours, D: {T: v / 100 for T, v in ours[D].items()}}, nb05["paper2"], D))


def test_table2_at_4000_steps_fails_with_one_run_above_1e_3(nb05):
    rows = nb05["long_rows"]
    stuck = [dict(r) for r in rows]
    next(r for r in stuck if r["heads"] == D)["val_nmse"] = 2e-3
    holds_then_fails("table2/4000-steps", Inputs(rows, D), Inputs(stuck, D), Inputs(rows, D - 1))


def test_seed_lottery_fails_without_a_heavy_tail_or_with_one(nb05):
    holds_then_fails("seed-lottery/paper", Inputs(PAPER_TABLE2_MEAN[D], PAPER_TABLE2_STD[D]),
                     Inputs(PAPER_TABLE2_MEAN[D], [s / 10 for s in PAPER_TABLE2_STD[D]]))
    lottery = ex.seed_lottery(nb05["rows2"], factor=3)
    stuck = [{**c, "median_over_min": 4.0} if c["heads"] == D and c["T"] == 32 else c for c in lottery]
    holds_then_fails("seed-lottery", Inputs(lottery, D), Inputs(stuck, D))
    task = hc.smooth_task(16)
    good = head_feature_attention(theorem2_heads(task, 200.0), task, n=200)
    collapsed = theorem2_heads(task, 200.0)
    with torch.no_grad():
        collapsed.W_Q[1], collapsed.W_K[1] = collapsed.W_Q[0], collapsed.W_K[0]
    bad = head_feature_attention(collapsed, task, n=200)
    holds_then_fails("seed-lottery/coverage", Inputs({0: 1e-3, 1: 5e-2}, {0: good, 1: bad}),
                     Inputs({0: 5e-2, 1: 1e-3}, {0: good, 1: bad}))


def test_fairness_fails_below_10x_at_any_stage():
    fair = fairness.fairness_summary(hc.results("fairness_T32"), D=D)
    holds_then_fails("fairness", Inputs(fair), Inputs({**fair, "gap_median": 9.0}),
                     Inputs({**fair, "gap_tuning_best": 9.0}))


def test_reversal_and_short_T_rise_tell_the_paper_from_ours(nb05):
    paper2, paper3, ours2, ours3 = nb05["paper2"], nb05["paper3"], nb05["ours2"], nb05["ours3"]
    holds_then_fails("fig2e/paper", Inputs(paper3, paper2), Inputs(swap(paper3, 2, 4), paper2),
                     Inputs(paper3, swap(paper2, 3, 4)))
    holds_then_fails("fig2e/2000-steps", Inputs(ours2, ours3, D), Inputs(paper3, ours3, D))
    holds_then_fails("fig2e/4000-steps", Inputs(nb05["long_median"], D), Inputs(nb05["median2"], D))   # 2000 steps
    holds_then_fails("remark-b11/paper", Inputs(paper2, paper3, D), Inputs(ours2, ours3, D))
    holds_then_fails("remark-b11", Inputs(ours2, ours3, D), Inputs(paper2, paper3, D))


# --------------------------------------------------------------------------- notebook 06

def test_paper_real_data_tables_fail_when_rows_move():
    R_image = ra.table_reversal_scores(rd.PAPER_IMAGE_TRAIN, top=100)
    R_text = ra.table_reversal_scores(rd.PAPER_TEXT_TRAIN, top=1)
    holds_then_fails("fig2d", Inputs(R_image), Inputs({**R_image, 10: 0.0}), Inputs({**R_image, 4: 0.2}))
    holds_then_fails("table6", Inputs(R_text), Inputs({**R_text, 12: 0.05}))
    holds_then_fails("table7", Inputs(rd.PAPER_TEXT_VAL), Inputs(swap(rd.PAPER_TEXT_VAL, 1, 16)))
    best = max(rd.PAPER_IMAGE_VAL, key=lambda h: rd.PAPER_IMAGE_VAL[h][0])
    holds_then_fails("table9", Inputs(rd.PAPER_IMAGE_VAL), Inputs(swap(rd.PAPER_IMAGE_VAL, best, 24)),
                     Inputs(swap(rd.PAPER_IMAGE_VAL, best, 1)))


def test_error_model_fits_fail_on_another_table():
    H, Ts, E = ra.error_model_points(rd.PAPER_TEXT_TRAIN, rd.PAPER_TEXT_T, drop=ra.PAPER_TEXT_OUTLIERS)
    fits = {"free delta": rd.error_model_fit(H, Ts, E),
            "delta = 1 (Theorem 2(2))": rd.error_model_fit(H, Ts, E, deltas=[1.0])}
    k_max = max(theory.lower_bound_exponent(T, s, 32, D) for T in rd.PAPER_TEXT_T for D in range(2, 17)
                for s in range(1, D))
    shifted = {**fits, "free delta": {**fits["free delta"], "delta": 0.5}}
    holds_then_fails("fig2b", Inputs(fits), Inputs(shifted))
    holds_then_fails("fig2b-theory", Inputs(fits, k_max), Inputs(fits, 0.5),
                     Inputs({**fits, "delta = 1 (Theorem 2(2))": fits["free delta"]}, k_max))


@pytest.fixture(scope="module")
def marked():
    rows = hc.results("realdata_marked")
    return rd.summarize_rows(rows, ("D", "heads")), rd.summarize_rows(rows, ("D", "heads"), metric="val_acc")


def test_marked_images_fail_when_the_knee_moves(marked):
    train, val = marked
    Ds, Hs = sorted({D for D, _ in train}), sorted({h for _, h in train})
    curves = {D: {h: train[(D, h)]["mean"] for h in Hs} for D in Ds}
    spread = {D: max(train[(D, h)]["std"] for h in Hs) for D in Ds}
    holds_then_fails("realdata-marked", Inputs(curves, spread), Inputs(swap(curves, 2, 4), spread),
                     Inputs(curves, {D: 10 * s for D, s in spread.items()}))
    holds_then_fails("realdata-marked/overfit", Inputs(train, val),
                     Inputs(train, {k: {**v, "mean": v["mean"] - 0.1} for k, v in val.items()}))


def test_text_fails_when_D_is_reversed():
    text = rd.summarize_rows(hc.results("realdata_text"), ("T", "D", "heads"))
    curves: dict[int, dict[int, float]] = {}
    for (T, D_, h), s in text.items():
        if T == 8:
            curves.setdefault(D_, {})[h] = s["mean"]
    Ds = sorted(curves)
    holds_then_fails("realdata-text", Inputs(curves), Inputs(dict(zip(Ds, [curves[D_] for D_ in reversed(Ds)]))))


def test_vit_stand_in_fails_with_a_reversal_or_more_T_dependence():
    vit = rd.summarize_rows(hc.results("realdata_vit"), ("heads", "frame"))
    frames, heads = sorted({f for _, f in vit}), sorted({h for h, _ in vit})
    R = {h: theory.reversal_score([1 - vit[(h, f)]["mean"] for f in frames]) for h in heads}
    drop = {h: vit[(h, frames[0])]["mean"] - vit[(h, frames[-1])]["mean"] for h in heads}
    holds_then_fails("realdata-vit", Inputs(R, drop), Inputs({**R, heads[0]: 0.1}, drop),
                     Inputs(R, dict(zip(heads, reversed(list(drop.values()))))))


# --------------------------------------------------------------------------- notebooks 05 and 07: the budget curves

def budget_cases(table: str) -> tuple[Inputs, Inputs, Inputs]:
    """The committed budget curves of ``table`` at T = 16, the same with the transition's h not falling with more
    steps, and with no jump at the last budget."""
    from headcount.experiments import budget

    curves = budget.budget_curves(budget.load_budget(table))
    below, at = budget.TRANSITION[table]
    last = max(curves[at])
    flat = {**curves, at: {s: max(curves[at].values()) for s in curves[at]}}
    closed = {**curves, below: {**curves[below], last: curves[at][last]}}
    return Inputs(curves), Inputs(flat), Inputs(closed)


def test_budget_curves_fail_when_more_steps_do_not_help():
    holds_then_fails("table2/budget", *budget_cases("table2"))
    holds_then_fails("table3/budget", *budget_cases("table3"))
    good, _, closed = budget_cases("table2")
    worse = {**good.args[0], 4: {s: 10 * v for s, v in good.args[0][4].items()}}   # 10x above the paper's
    holds_then_fails("table2/size-at-budget", good, Inputs(worse), closed)
