"""The live head-count grid of notebooks 00 and 02 (``headcount.experiments.contrast``) and its views."""
from __future__ import annotations

import pytest
from matplotlib.figure import Figure

import headcount as hc
from headcount.constructions import beta_table, construction_sweep
from headcount.diagnostics import HeadFeatureReport
from headcount.experiments.contrast import best_vs_best_gap, paper_M_by_T, train_head_grid, worst_vs_best_gap
from headcount.ui import intro_views as views


@pytest.fixture(scope="module")
def grid():
    return train_head_grid("max_min", 8, heads=(1, 2), seeds=(0, 1), steps=20, n_train=128, n_val=64)


def test_grid_holds_every_member_and_its_history(grid):
    nmse = grid.nmse()
    assert set(nmse) == {1, 2} and all(len(v) == 2 for v in nmse.values())
    member = grid.member(2, 1)
    assert isinstance(member, hc.HeadCountTransformer) and member.config.heads == 2
    assert nmse[2][1] == grid.histories[2, 1].final_val_nmse
    reports = grid.coverage(2)
    assert set(reports) == {0, 1} and all(isinstance(r, HeadFeatureReport) for r in reports.values())
    assert grid.wall_time() > 0


def test_member_matches_its_single_model_training(grid):
    # the batched member predicts what its own history says (same validation NMSE up to rounding)
    split = grid.task.split(128, 64, seed=0)
    pred = grid.member(1, 0)(split.X_val).detach()
    assert float(hc.nmse(pred, split.y_val)) == pytest.approx(grid.histories[1, 0].final_val_nmse, rel=1e-4)


def test_gaps():
    nmse = {1: [0.2, 0.1], 2: [0.01, 0.001]}
    assert worst_vs_best_gap(nmse, 2) == pytest.approx(10.0)
    assert best_vs_best_gap(nmse, 2) == pytest.approx(100.0)
    with pytest.raises(ValueError, match="head counts"):
        best_vs_best_gap(nmse, 3)


def test_paper_M_by_T_shape():
    counts = paper_M_by_T((1, 2), (8, 16))
    assert set(counts) == {1, 2} and set(counts[1]) == {8, 16}


def test_views_render(grid):
    nmse = grid.nmse()
    assert "median" in views.seed_rows(nmse, grid.seeds)
    assert "seed 0" in views.coverage_rows(dict(zip(grid.seeds, nmse[2])), grid.coverage(2))
    assert "f_1" in views.feature_rows(hc.smooth_task(8, D=2, d=1), hc.smooth_task(8, D=2, d=1).sample(1, 0)[0])
    assert "smooth" in views.task_rows({"smooth": hc.smooth_task(8)})
    assert "2050" in views.corollary1_rows(5)
    assert "encoder" in views.parameter_rows(grid.member(1, 0))
    assert "M at T=8" in views.param_count_rows({"none": paper_M_by_T((1,), (8,))})
    assert "paper bound" in views.construction_rows(construction_sweep("max_min", [8], [10], n=20))
    assert "near-worst" in views.beta_rows(beta_table("max_min", [8], 0.1), 0.1)
    assert isinstance(views.seed_curves(grid.histories), Figure)
