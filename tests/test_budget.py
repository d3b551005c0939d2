"""Error against budget (headcount.experiments.budget): curves, slopes, predictions, jumps, the loader."""
from __future__ import annotations

import math

import pytest

from headcount.experiments import budget
from headcount.experiments.synthetic import ResultsMissing
from headcount.training.results_file import write_rows_atomic


def _rows(values: dict[tuple[int, int], list[float]]) -> list[dict]:
    return [{"key": f"{h}-{s}-{i}", "heads": h, "steps": s, "T": 16, "val_nmse": v, "status": "ok"}
            for (h, s), vs in values.items() for i, v in enumerate(vs)]


def test_curves_take_the_statistic_over_seeds():
    rows = _rows({(4, 2000): [1e-3, 3e-3], (4, 8000): [1e-4, 3e-4]})
    assert budget.budget_curves(rows, "mean") == {4: {2000: pytest.approx(2e-3), 8000: pytest.approx(2e-4)}}
    assert budget.budget_curves(rows, "min")[4][8000] == pytest.approx(1e-4)
    with pytest.raises(ValueError, match="stat"):
        budget.budget_curves(rows, "mode")


def test_slope_and_prediction_follow_the_last_two_budgets():
    curve = {2000: 1e-2, 5000: 1e-3, 20000: 1e-4}          # last segment: a factor 10 per factor 4
    slope = budget.log_slope(curve)
    assert slope == pytest.approx(-math.log(10) / math.log(4))
    assert budget.steps_to_reach(curve, 1e-5) == pytest.approx(80000)
    assert budget.steps_to_reach(curve, 1e-3) == 20000        # already there
    assert budget.steps_to_reach({2000: 1e-3, 5000: 2e-3}, 1e-4) is None   # not falling
    with pytest.raises(ValueError, match="two budgets"):
        budget.log_slope({2000: 1e-3})


def test_jumps_use_each_tables_transition():
    curves = {1: {2000: 1e-2, 5000: 1e-2}, 2: {2000: 1e-3, 5000: 1e-4}}
    assert budget.transition_jumps(curves, "table5") == {2000: pytest.approx(10), 5000: pytest.approx(100)}
    with pytest.raises(ValueError, match="h = 3"):
        budget.transition_jumps(curves, "table2")


def test_report_compares_with_the_paper_at_T16():
    rows = _rows({(4, 2000): [4.36e-4], (4, 5000): [4.36e-5 * 2]})
    rep = budget.budget_report("table2", rows)
    last = [r for r in rep if r["steps"] == 5000][0]
    assert last["paper"] == pytest.approx(4.36e-5) and last["ratio"] == pytest.approx(2)
    assert last["slope"] < 0 and last["predicted_steps"] > 5000
    assert [r["slope"] for r in rep if r["steps"] == 2000] == [None]


def test_loader_names_the_command_and_merges_table5s_first_budget(tmp_path):
    with pytest.raises(ResultsMissing, match="--heads 3 4 5 --head-dim 8"):
        budget.load_budget("table2", tmp_path)
    cols = ["key", "heads", "steps", "T", "val_nmse", "status"]
    write_rows_atomic(tmp_path / "budget_table5_T16.csv", _rows({(1, 5000): [1e-2], (2, 5000): [1e-4]}), cols)
    old = _rows({(1, 2000): [2e-2], (2, 2000): [3e-4], (3, 2000): [3e-4]})
    old.append({"key": "x", "heads": 2, "steps": 2000, "T": 32, "val_nmse": 1.0, "status": "ok"})
    write_rows_atomic(tmp_path / "table5_synthetic.csv", old, cols)
    rows = budget.load_budget("table5", tmp_path)
    assert sorted((int(r["heads"]), int(r["steps"])) for r in rows) == [(1, 2000), (1, 5000), (2, 2000), (2, 5000)]


def test_figure_draws_one_panel_per_table_and_the_papers_lines():
    from headcount.ui.evidence import budget_figure

    rows = _rows({(3, 2000): [1e-2], (3, 5000): [5e-3], (4, 2000): [1e-3], (4, 5000): [1e-4]})
    fig = budget_figure({"table2": rows, "table3": rows})
    assert len(fig.axes) == 2
    assert len(fig.axes[0].lines) == 4        # two curves, two paper lines
    with pytest.raises(ValueError, match="at least one table"):
        budget_figure({})


def test_table_states_the_prediction_at_the_last_budget_only():
    from headcount.ui.evidence import budget_table

    rows = _rows({(4, 2000): [4.36e-4], (4, 5000): [8.72e-5]})
    t = budget_table("table2", rows)
    assert t.caption.startswith("Table 2, T = 16")
    assert [r[1] for r in t.rows] == ["2,000", "5,000"]
    assert t.rows[0][-1] == "" and t.rows[1][-1].replace(",", "").isdigit()
    assert t.rows[1][4] == "2.0x" and t.rows[0][4] == "10x"
