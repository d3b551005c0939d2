"""Conjecture 1 against T (headcount.experiments.cost_vs_T): rules per cell, slopes over seeds, ratios, loader."""
from __future__ import annotations

import pytest

from headcount.experiments import cost_vs_T as cvt
from headcount.experiments.synthetic import ResultsMissing
from headcount.training.results_file import write_rows_atomic


def _rows(values: dict[tuple[int, int, int], list[float]], steps: int = 1000) -> list[dict]:
    return [{"key": f"{L}-{h}-{T}-{s}-{steps}", "D": 4, "depth": L, "heads": h, "T": T, "seed": s, "steps": steps,
             "val_nmse": v, "status": "ok"} for (L, h, T), vs in values.items() for s, v in enumerate(vs)]


def test_cells_carry_both_rules():
    assert cvt.CELLS[4][3, 1] == (False, True)      # L h < D, but (2L - 1) h >= D: the rules disagree
    assert cvt.CELLS[4][2, 1] == (False, False)
    assert cvt.CELLS[4][2, 2] == (True, True)


def test_slopes_are_fitted_per_seed():
    e = cvt.errors_by_T(_rows({(3, 1, 8): [1e-3, 1e-3], (3, 1, 32): [4e-3, 1e-3]}))
    s = cvt.T_slopes(e)[3, 1]
    assert s["max"] == pytest.approx(1.0) and s["min"] == pytest.approx(0.0) and s["mean"] == pytest.approx(0.5)
    assert cvt.loglog_slope([1, 10, 100], [2, 20, 200]) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="two or more"):
        cvt.loglog_slope([1], [1])


def test_ratio_grows_when_the_gap_widens_with_T():
    e = cvt.errors_by_T(_rows({(3, 1, 8): [1e-3], (3, 1, 64): [8e-3], (2, 2, 8): [1e-3], (2, 2, 64): [1e-3]}))
    r = cvt.ratio_to_reference(e, (3, 1), (2, 2))
    assert r["by_T"] == {8: pytest.approx(1), 64: pytest.approx(8)} and r["slope"] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="reference"):
        cvt.ratio_to_reference(e, (3, 1), (4, 1))


def test_loader_keeps_the_cells_and_budget_and_adds_the_maps_T16(tmp_path):
    with pytest.raises(ResultsMissing, match="conj1_T_steps1000.csv"):
        cvt.load_cost_vs_T(1000, folder=tmp_path)
    cols = ["key", "D", "depth", "heads", "T", "seed", "steps", "val_nmse", "status"]
    write_rows_atomic(tmp_path / "conj1_T_steps1000.csv", _rows({(3, 1, 8): [1e-3], (1, 4, 8): [1e-3]}), cols)
    write_rows_atomic(tmp_path / "depth_map.csv", _rows({(3, 1, 16): [2e-3], (3, 1, 8): [9.0]}), cols)
    rows = cvt.load_cost_vs_T(1000, folder=tmp_path)
    assert sorted((r["depth"], r["heads"], r["T"], r["val_nmse"]) for r in rows) == [(3, 1, 8, 1e-3), (3, 1, 16, 2e-3)]
    with pytest.raises(ValueError, match="steps"):
        cvt.load_cost_vs_T(2000, folder=tmp_path)


def test_figure_has_a_panel_per_budget_and_a_line_per_cell():
    from headcount.ui.evidence import cost_vs_T_figure

    e = cvt.errors_by_T(_rows({(3, 1, 8): [1e-3, 2e-3], (3, 1, 16): [2e-3, 3e-3], (2, 2, 8): [1e-3], (2, 2, 16): [1e-3]}))
    fig = cost_vs_T_figure({1000: e, 4000: e})
    assert len(fig.axes) == 2 and len(fig.axes[0].lines) == 2
    with pytest.raises(ValueError, match="at least one budget"):
        cost_vs_T_figure({})


def test_table_shows_rules_medians_and_ratios():
    from headcount.ui.evidence import cost_vs_T_table

    e = cvt.errors_by_T(_rows({(3, 1, 8): [1e-3, 2e-3, 3e-3], (3, 1, 16): [4e-3] * 3,
                               (2, 2, 8): [1e-3] * 3, (2, 2, 16): [1e-3] * 3}))
    t = cost_vs_T_table(e, (2, 2))
    row = dict(zip(t.header, t.rows[1]))
    assert row["(L, h)"] == "(3, 1)" and row["L h >= D"] == "no" and row["(2L - 1) h >= D"] == "yes"
    assert row["T = 8"] == "2.0e-03" and row["ratio to (2, 2) by T"] == "2.00 / 4.00"


def test_table_leaves_the_ratio_empty_without_the_reference():
    from headcount.ui.evidence import cost_vs_T_table

    t = cost_vs_T_table(cvt.errors_by_T(_rows({(3, 1, 8): [1e-3], (3, 1, 16): [2e-3]})), (2, 2))
    assert t.rows[0][-1] == "" and t.rows[0][-2].startswith("+1.00")
