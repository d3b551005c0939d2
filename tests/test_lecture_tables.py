"""Notebook 05's lecture tables (headcount.ui.lecture_tables): the cells they show, from the inputs given."""
from __future__ import annotations

from headcount.ui import lecture_tables as lt


def test_paper_spread_table_gives_std_over_mean():
    t = lt.paper_spread_table([8, 16], [1e-4, 2e-5], [2e-4, 1e-5], heads=4)
    assert t.header[1] == "paper h = 4: mean" and t.rows == (("8", "1.00e-04", "2.00e-04", "2.0"),
                                                            ("16", "2.00e-05", "1.00e-05", "0.5"))


def test_fairness_table_names_the_default_beta():
    best = {3: {"lr": 0.01, "beta": None, "median": 1e-2, "final_min": 2e-3, "final_median": 3e-3},
            4: {"lr": 0.003, "beta": 1.0, "median": 1e-4, "final_min": 2e-4, "final_median": 3e-4}}
    t = lt.fairness_table(best)
    assert [r[:3] for r in t.rows] == [("3", "0.01", "1/sqrt(n)"), ("4", "0.003", "1")]


def test_short_T_table_keeps_h_at_least_D():
    rise = {"ours": {3: {"best_T": 8, "short_over_best": 1.0, "long_over_best": 3.0},
                     4: {"best_T": 32, "short_over_best": 4.0, "long_over_best": 1.5}}}
    assert lt.short_T_table(rise, D=4).rows == (("ours", "4", "32", "4.00", "1.50"),)
