"""Notebooks 05 and 06: every claim they check holds on its real input and fails on a mutated one.

Each test feeds a notebook's predicate (the library function, or the expression the notebook passes to
``claims.check``) first the committed input the notebook uses, then an input with the claim's premise broken:
head counts swapped in a loaded table, a row reversed in T, a stuck seed added, D labels exchanged. A check
that still passed on the mutated input could not fail for the right reason.
"""
from __future__ import annotations

import copy

import numpy as np
import pytest

from headcount import claims, theory
from headcount.experiments import fairness
from headcount.experiments import realdata as rd
from headcount.experiments import realdata_analysis as ra
from headcount.experiments import synthetic as ex
from headcount.experiments.datasets import data_dir
from headcount.experiments.paper_tables import PAPER_TABLE2_MEAN, PAPER_TABLE2_STD
from headcount.training.sweep import load_results

RESULTS = data_dir() / "results"
D = 4


def swap(grid: dict, a: int, b: int) -> dict:
    """The grid (or table) with rows ``a`` and ``b`` exchanged."""
    out = dict(grid)
    out[a], out[b] = grid[b], grid[a]
    return out


@pytest.fixture(scope="module")
def rows2():
    return ex.load_table("table2", RESULTS)


@pytest.fixture(scope="module")
def grids(rows2):
    rows3 = ex.load_table("table3", RESULTS)
    return {"min": ex.nmse_grid(rows2, "min"), "median": ex.nmse_grid(rows2, "median"),
            "t3": ex.nmse_grid(rows3, "min"), "paper2": ex.paper_grid("table2"), "paper3": ex.paper_grid("table3")}


# --------------------------------------------------------------------------- notebook 05


def test_fig1a_and_table3_jump_fails_with_h_D_and_D_minus_1_swapped(grids):
    for g in (grids["min"], grids["median"], grids["t3"]):
        assert ex.jump_at(g, D, 10) and ex.heads_beat_length(g, D, 5)
        assert not ex.jump_at(swap(g, D, D - 1), D, 10)
        assert not ex.heads_beat_length(swap(g, D, D - 1), D, 5)
    with pytest.raises(claims.ClaimFailed, match="fig1a"):
        claims.check("fig1a", ex.jump_at(swap(grids["min"], D, D - 1), D, 10))


def test_fig1a_gain_beyond_D_fails_when_D_plus_1_jumps_again(grids):
    g = grids["min"]
    assert ex.gains_less_beyond(g, D, 3)
    jumped = {**g, D + 1: {T: v / 100 for T, v in g[D].items()}}
    assert not ex.gains_less_beyond(jumped, D, 3)


def test_heads_beat_length_fails_when_one_h_D_cell_is_stuck(grids):
    g = copy.deepcopy(grids["min"])
    g[D][128] = 2 * max(g[D - 1].values())
    assert not ex.heads_beat_length(g, D, 5)


def table2_size(ours: dict, paper: dict) -> bool:
    """Notebook 05 §2 (table2): our h = D minima are all 5x above the paper's h = D means."""
    return min(ours[D].values()) > 5 * max(paper[D].values())


def test_table2_size_claim_fails_if_we_reached_the_papers_level(grids):
    assert table2_size(grids["min"], grids["paper2"])
    assert not table2_size({**grids["min"], D: grids["paper2"][D]}, grids["paper2"])


def test_seed_lottery_claims_fail_on_mutated_inputs(rows2):
    assert all(s > m for m, s in zip(PAPER_TABLE2_MEAN[D], PAPER_TABLE2_STD[D]))
    assert not all(s > m for m, s in zip(PAPER_TABLE2_MEAN[D], [m / 2 for m in PAPER_TABLE2_MEAN[D]]))
    at_D = [c for c in ex.seed_lottery(rows2, 3) if c["heads"] == D]
    assert all(c["median_over_min"] < 3 for c in at_D)
    stuck = [dict(r, val_nmse=r["val_nmse"] * 50) if r["heads"] == D and r["T"] == 64 and r["seed"] > 0 else r
             for r in rows2]
    assert not all(c["median_over_min"] < 3 for c in ex.seed_lottery(stuck, 3) if c["heads"] == D)


def fairness_claim(rows: list[dict]) -> bool:
    """Notebook 05 §5 (fairness): tuned alike, h = D is 10x below h = D - 1 (min, median, in the search)."""
    s = fairness.fairness_summary(rows, D=D)
    return s["gap_min"] >= 10 and s["gap_median"] >= 10 and s["gap_tuning_best"] >= 10


def test_fairness_claim_fails_with_head_counts_swapped():
    rows = load_results(RESULTS / "fairness_T32.csv")
    assert fairness_claim(rows)
    swapped = [dict(r, heads={D: D - 1, D - 1: D}[int(r["heads"])]) for r in rows]
    assert not fairness_claim(swapped)


def test_fairness_best_settings_pick_the_lowest_median():
    rows = [{"heads": h, "lr": lr, "beta": None, "steps": 1000, "val_nmse": v}
            for h, lr, v in [(3, 0.01, 0.5), (3, 0.01, 0.4), (3, 0.02, 0.1), (3, 0.02, 0.9), (3, 0.02, 0.2)]]
    assert fairness.best_settings(rows)[3] == {"lr": 0.02, "beta": None, "median": 0.2, "n": 3}
    spec = fairness.tuning_spec()
    assert spec["heads"] == [3, 4] and spec["T"] == 32 and len(spec["lr"]) * len(spec["beta"]) == 12


def test_fig2e_claims_fail_on_mutated_tables(grids):
    positive = lambda g: [h for h, v in ex.reversal_scores(g).items() if v > 0]  # noqa: E731
    assert positive(grids["paper3"]) == [4, 5]
    assert positive(swap(grids["paper3"], 3, 4)) != [4, 5]
    ours = grids["min"]
    assert ex.reversal_scores(ours)[D] < 0.5
    reversed_row = {**ours, D: dict(zip(sorted(ours[D]), [ours[D][T] for T in sorted(ours[D], reverse=True)]))}
    assert ex.reversal_scores(reversed_row)[D] >= 0.5


def test_remark_b11_fails_when_short_T_is_worse(grids):
    ours = grids["min"]
    assert ex.short_T_rise(ours)[D]["short_over_best"] < 1.5
    risen = {**ours, D: {**ours[D], 8: 3 * max(ours[D].values())}}
    assert ex.short_T_rise(risen)[D]["short_over_best"] >= 1.5
    assert ex.short_T_rise(grids["paper2"])[5]["short_over_best"] > 2


def test_long_run_R_claim_fails_with_rows_swapped():
    long_median = ex.nmse_grid(load_results(RESULTS / "table2_steps4000_cuda.csv"), "median")

    def claim(g: dict) -> bool:
        R = ex.reversal_scores(g)
        return min(R[D], R[D + 1]) > max(R[h] for h in range(1, D))

    assert claim(long_median)
    assert not claim(swap(long_median, 2, D))


# --------------------------------------------------------------------------- notebook 06


def test_fig2d_and_table6_reversal_claims_fail_on_mutated_tables():
    R_image = ra.table_reversal_scores(rd.PAPER_IMAGE_TRAIN, top=100)
    assert all(R_image[h] == 0 for h in (1, 2, 4, 8)) and R_image[10] > 0
    mutated = ra.table_reversal_scores(swap(rd.PAPER_IMAGE_TRAIN, 8, 16), top=100)
    assert not all(mutated[h] == 0 for h in (1, 2, 4, 8))
    assert all(r == 0 for r in ra.table_reversal_scores(rd.PAPER_TEXT_TRAIN).values())
    flat12 = {**rd.PAPER_TEXT_TRAIN, 12: (0.995, 0.999, 0.998, 0.991)}
    assert not all(r == 0 for r in ra.table_reversal_scores(flat12).values())


def _fits(table: dict) -> dict:
    H, Ts, E = ra.error_model_points(table, rd.PAPER_TEXT_T)
    return {"free": rd.error_model_fit(H, Ts, E), "one": rd.error_model_fit(H, Ts, E, deltas=[1.0])}


def test_fig2b_claims_fail_on_a_table_made_with_delta_1():
    fits = _fits(rd.PAPER_TEXT_TRAIN)
    assert abs(fits["free"]["delta"] - 0.25) <= 0.1 and fits["one"]["mae"] > 3 * fits["free"]["mae"]
    made = {h: tuple(1 - 0.5 * T ** 0.3 * np.exp(-4.0 * h / T) for T in rd.PAPER_TEXT_T) for h in rd.PAPER_TEXT_TRAIN}
    fits = _fits(made)
    assert abs(fits["free"]["delta"] - 0.25) > 0.1
    assert not fits["one"]["mae"] > 3 * fits["free"]["mae"]


def test_bound_delta_is_one_and_the_bound_is_silent_only_at_short_T():
    assert abs(ra.bound_delta() - 1) < 0.01
    k_max = lambda Ts: max(theory.lower_bound_exponent(T, s, 32, d)  # noqa: E731
                           for T in Ts for d in range(2, 17) for s in range(1, d))
    assert k_max(rd.PAPER_TEXT_T) <= 0
    assert k_max((512,)) > 0
    assert ra.bound_log_error(1, 64, 32, 12, 20.0) is None
    assert ra.bound_log_error(1, 2000, 32, 12, 20.0) > ra.bound_log_error(1, 4000, 32, 12, 20.0)


@pytest.fixture(scope="module")
def marked():
    rows = rd.load_rows(RESULTS / "realdata_marked.json")
    return rd.summarize_rows(rows, ("D", "heads")), rd.summarize_rows(rows, ("D", "heads"), metric="val_acc")


def marked_claims(summary: dict) -> dict[str, bool]:
    """Notebook 06 §3 (realdata-marked): the three checks on the committed means and stds."""
    Ds, Hs = sorted({k[0] for k in summary}), sorted({k[1] for k in summary})
    curves = {d: {h: summary[(d, h)]["mean"] for h in Hs} for d in Ds}
    spread = {d: max(summary[(d, h)]["std"] for h in Hs) for d in Ds}
    total = {d: curves[d][Hs[-1]] - curves[d][Hs[0]] for d in Ds}
    into, after = ra.gains(curves[2])[2], ra.gains(curves[2])[4]
    into4, after4 = ra.gains(curves[4])[4], ra.gains(curves[4])[8]
    return {"more": total[1] < total[2] < total[4], "knee2": into > 2 * after and into - after > 2 * spread[2],
            "no_knee4": into4 - after4 < 2 * spread[4]}


def test_marked_claims_fail_on_mutated_results(marked):
    summary, val = marked
    assert all(marked_claims(summary).values())
    relabel = {(({1: 4, 4: 1}.get(d, d)), h): s for (d, h), s in summary.items()}
    assert not marked_claims(relabel)["more"]
    flat2 = {**summary, (2, 2): {**summary[(2, 2)], "mean": (summary[(2, 1)]["mean"] + summary[(2, 4)]["mean"]) / 2}}
    assert not marked_claims(flat2)["knee2"]
    knee4 = {**summary, (4, 8): {**summary[(4, 8)], "mean": summary[(4, 4)]["mean"] + 0.01}}
    assert not marked_claims(knee4)["no_knee4"]
    assert max(abs(summary[k]["mean"] - val[k]["mean"]) for k in summary) < 0.05


def text_claims(main: dict) -> dict[str, bool]:
    """Notebook 06 §4 (realdata-text): heads needed grow with D; accuracy falls with D (D, h >= 2)."""
    tD, tH = sorted({k[0] for k in main}), sorted({k[1] for k in main})
    curves = {d: {h: main[(d, h)]["mean"] for h in tH if (d, h) in main} for d in tD}
    needed = {d: ra.heads_needed(curves[d], 0.03) for d in tD}
    big = [d for d in tD if d >= 2]
    return {"needed": all(needed[a] <= needed[b] for a, b in zip(tD, tD[1:])) and needed[tD[-1]] > needed[tD[0]],
            "falls": all(curves[a][h] > curves[b][h] for a, b in zip(big, big[1:]) for h in tH if h >= 2)}


def test_text_claims_fail_with_D_labels_swapped():
    text = rd.summarize_rows(rd.load_rows(RESULTS / "realdata_text.json"), ("T", "D", "heads"))
    main = {(d, h): s for (T, d, h), s in text.items() if T == 8}
    assert all(text_claims(main).values())
    swapped = {({2: 6, 6: 2}.get(d, d), h): s for (d, h), s in main.items()}
    assert not any(text_claims(swapped).values())


def test_validation_table_claims_fail_with_rows_swapped():
    def table7(t: dict) -> bool:
        best = [max(t, key=lambda h: t[h][i]) for i in range(4)]
        return all(h <= 2 for h in best) and all(t[16][i] < t[1][i] for i in range(4))

    def table9(t: dict) -> bool:
        best = [max(t, key=lambda h: t[h][i]) for i in range(5)]
        return all(4 <= h <= 13 for h in best) and all(t[24][i] < max(v[i] for v in t.values()) - 3 for i in range(5))

    assert table7(rd.PAPER_TEXT_VAL) and not table7(swap(rd.PAPER_TEXT_VAL, 2, 16))
    assert table9(rd.PAPER_IMAGE_VAL) and not table9(swap(rd.PAPER_IMAGE_VAL, 8, 24))


def test_vit_claims_fail_on_mutated_results():
    rows = rd.load_rows(RESULTS / "realdata_vit.json")
    vit = rd.summarize_rows(rows, ("heads", "frame"))
    frames, hs = sorted({k[1] for k in vit}), sorted({k[0] for k in vit})

    def claim(v: dict) -> bool:
        R = {h: theory.reversal_score([1 - v[(h, f)]["mean"] for f in frames]) for h in hs}
        drop = {h: v[(h, frames[0])]["mean"] - v[(h, frames[-1])]["mean"] for h in hs}
        return all(r == 0 for r in R.values()) and drop[hs[-1]] < drop[hs[0]] / 1.2

    assert claim(vit)
    assert not claim({(h, {frames[0]: frames[-1], frames[-1]: frames[0]}.get(f, f)): s for (h, f), s in vit.items()})
    assert not claim({({hs[0]: hs[-1], hs[-1]: hs[0]}.get(h, h), f): s for (h, f), s in vit.items()})


def test_knee_helpers():
    curve = {8: 0.9, 1: 0.1, 2: 0.5, 4: 0.6}
    assert ra.gains(curve) == pytest.approx({2: 0.4, 4: 0.1, 8: 0.3})
    assert ra.largest_gain(curve) == 2 and ra.largest_gain({1: 0.0, 2: 0.1, 3: 0.2}) == 2
    assert ra.heads_needed(curve, 0.35) == 4 and ra.heads_needed(curve, 0.0) == 8
    with pytest.raises(ValueError, match="at least two"):
        ra.gains({1: 0.5})
