"""The named predicates behind notebook 07 hold on the committed depth runs (the notebook's inputs) and fail on
mutated ones: head counts swapped, one layer where two belong, a rule that loses on the held-out part, probes
that read fewer values, a width that suffices with one head."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
import torch
from claim_cases import Inputs, holds_then_fails

import headcount as hc
from headcount.experiments import conjecture as cj
from headcount.experiments import depth
from headcount.experiments import synthetic as ex


def swap(grid: dict, a: int, b: int) -> dict:
    return {**grid, a: grid[b], b: grid[a]}


@pytest.fixture(scope="module")
def tables():
    rows4, rows5 = hc.results("table4"), hc.results("table5")
    return {"ours4": ex.nmse_grid(rows4, "min"), "median4": ex.nmse_grid(rows4, "median"),
            "ours5": ex.nmse_grid(rows5, "min"), "median5": ex.nmse_grid(rows5, "median"),
            "ours3": ex.nmse_grid(hc.results("table3"), "min")}


@pytest.fixture(scope="module")
def maps():
    rows = hc.results("depth_map")
    return (rows, {D: depth.depth_grid(rows, D, "min") for D in depth.MAP_D},
            {D: depth.depth_grid(rows, D, "median") for D in depth.MAP_D})


def test_tables_4_and_5_fail_when_head_counts_swap(tables):
    t = tables
    holds_then_fails("table4", Inputs(t["ours4"], t["median4"], 3), Inputs(swap(t["ours4"], 2, 3), t["median4"], 3),
                     Inputs(t["ours4"], swap(t["median4"], 2, 3), 3))
    holds_then_fails("table5", Inputs(t["ours5"], t["median5"], 2), Inputs(swap(t["ours5"], 1, 2), t["median5"], 2),
                     Inputs(t["ours5"], swap(t["median5"], 1, 2), 2))
    holds_then_fails("conj1/second-layer", Inputs(t["ours3"], t["ours5"], 2), Inputs(t["ours5"], t["ours3"], 2))


def _scaled(maps_min: dict, D: int, L: int, h: int, factor: float) -> dict:
    return {**maps_min, D: {**maps_min[D], L: {**maps_min[D][L], h: maps_min[D][L][h] * factor}}}


def test_map_predicates_fail_when_cells_move(maps):
    rows, mn, md = maps
    holds_then_fails("lxh-map/one-layer", Inputs(mn), Inputs(_scaled(mn, 3, 1, 3, 1000)),
                     Inputs(_scaled(mn, 6, 1, 6, 1e-3)))
    holds_then_fails("lxh-map/one-head", Inputs(mn), Inputs(_scaled(mn, 4, 2, 1, 1e-3)))
    solved = cj.spread_factor(rows)
    holds_then_fails("conj1", Inputs(mn, md, solved), Inputs(_scaled(mn, 3, 2, 1, 100), md, solved),
                     Inputs(mn, _scaled(md, 4, 3, 1, 100), solved), Inputs(mn, md, 1.0))
    reports = {D: cj.rule_report(g, D, solved) for D, g in mn.items()}
    first, last = list(cj.RULES)[0], list(cj.RULES)[-1]
    lost = {D: {**r, last: {**r[last], "agree": r[first]["agree"] - 1}} for D, r in reports.items()}
    holds_then_fails("lxh-map/rules", Inputs(reports), Inputs(lost))
    held = {(f, c): cj.held_out(mn, c, t, f) for f in (solved, 10.0) for c, t in (((2, 3, 4), (6,)), ((6,), (2, 3, 4)))}
    holds_then_fails("lxh-map/held-out", Inputs(held, last), Inputs(held, first))


def _probe(r2_after1: list[float], carried_at_ffn: int) -> SimpleNamespace:
    r2 = torch.tensor([[0.0] * len(r2_after1), r2_after1])
    return SimpleNamespace(r2=r2, carried=lambda: [0, sum(v >= 0.9 for v in r2_after1), carried_at_ffn])


def test_mechanism_predicates_fail_with_weaker_probes():
    two = {s: {"class": _probe([0.5, 0.4, 0.3, 0.2], 4)} for s in range(3)}
    weak = {s: {"class": _probe([0.2, 0.2, 0.2, 0.2], 3)} for s in range(3)}
    holds_then_fails("lxh-map/mechanism", Inputs({(1, 2): 0.3, (2, 2): 0.05}, {(2, 2): two}),
                     Inputs({(1, 2): 0.1, (2, 2): 0.05}, {(2, 2): two}), Inputs({(1, 2): 0.3, (2, 2): 0.05}, {(2, 2): weak}))
    one = {s: {"class": _probe([0.95, 0.1, 0.1], 3), "tokens": _probe([0.1, 0.95, 0.1], 3)} for s in range(3)}
    distinct = lambda r: int((torch.maximum(r["class"].r2[1], r["tokens"].r2[1]) >= 0.75).sum())  # noqa: E731
    holds_then_fails("lxh-map/one-head-gathers", Inputs(one, distinct, 3), Inputs(one, distinct, 4),
                     Inputs({s: {**r, "tokens": r["class"]} for s, r in one.items()}, distinct, 3))


def test_width_fails_when_one_head_suffices():
    rows = hc.results("depth_width")
    widths, Ts = sorted({r["width"] for r in rows}), sorted({r["T"] for r in rows})
    need = cj.width_needed_by_T(rows, 1e-2)
    best = {h: {T: min(r["val_nmse"] for r in rows if r["heads"] == h and r["T"] == T) for T in Ts} for h in (1, 2)}
    holds_then_fails("conj1/width", Inputs(need, best, widths),
                     Inputs({**need, (2, 1): need[(2, 2)]}, best, widths), Inputs(need, swap(best, 1, 2), widths))


def test_budget_curves_of_tables_4_and_5_fail_when_more_steps_do_not_help():
    from test_claims_nb05_06 import budget_cases

    holds_then_fails("table4/budget", *budget_cases("table4"))
    holds_then_fails("table5/budget", *budget_cases("table5"))


def test_cells_against_T_fail_when_the_cells_move():
    from headcount.experiments import cost_vs_T as cvt

    errors = cvt.errors_by_T(cvt.load_cost_vs_T(1000))
    behind = {**errors, (3, 1): {T: [10 * v for v in vs] for T, vs in errors[(3, 1)].items()}}   # (3, 1) unsolved
    level = {**errors, (2, 1): errors[(2, 2)]}                                                     # (2, 1) solved
    holds_then_fails("conj1/against-T", Inputs(errors), Inputs(behind), Inputs(level))


def test_the_gap_with_budget_fails_when_the_larger_budget_closes_it():
    from headcount.experiments import cost_vs_T as cvt

    errors = {S: cvt.errors_by_T(cvt.load_cost_vs_T(S)) for S in cvt.BUDGETS}
    large = errors[4000]
    T = max(large[(3, 1)])
    closed = {**errors, 4000: {**large, (3, 1): {**large[(3, 1)], T: large[(2, 2)][T]}}}   # level at 4x the steps
    wider = {**errors, 1000: {**errors[1000], (3, 1): {t: [100 * v for v in vs]                 # already behind
                                                       for t, vs in errors[1000][(3, 1)].items()}}}
    holds_then_fails("conj1/gap-with-budget", Inputs(errors), Inputs(closed), Inputs(wider))
