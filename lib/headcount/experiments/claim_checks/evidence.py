"""Predicates of the long-run evidence: the budget curves of Tables 2-5 at ``T = 16`` (notebooks 05 and 07) and
Conjecture 1's cells against ``T`` (notebook 07). Curves are ``{h: {steps: mean NMSE}}``
(:func:`headcount.experiments.budget.budget_curves`), errors ``{(L, h): {T: [NMSE per seed]}}``
(:func:`headcount.experiments.cost_vs_T.errors_by_T`)."""
from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence

from headcount.claims import predicate
from headcount.experiments import budget as bg
from headcount.experiments import cost_vs_T as cvt
from headcount.experiments.claim_checks.synthetic import _parts
from headcount.experiments.paper_tables import paper_value

Curves = Mapping[int, Mapping[int, float]]
Errors = Mapping[tuple[int, int], Mapping[int, Sequence[float]]]
FALL = 3.0    # more steps: the h at the transition falls 3x+ from the first budget to the last
SIZE = 3.0    # "in size": within 3x of the paper's value (or below it)
LEVEL = 2.0   # "level with": within 2x, about the seed spread of the L x h map (1.95x, notebook 07)
APART = 10.0  # "apart": 10x, under the paper's smallest jump (Table 2: 11x)
HOLD = 1.5    # a jump "holds" if it shrinks by less than 1.5x (means over 3 seeds move that much by chance)


def _budget_helps(curves: Curves, table: str) -> tuple[bool, str]:
    _, at = bg.TRANSITION[table]
    first, last = min(curves[at]), max(curves[at])
    jumps = bg.transition_jumps(curves, table)
    fall = curves[at][first] / curves[at][last]
    ok, said = _parts({f"h = {at} falls {FALL:.0f}x+": fall >= FALL,
                       "jump holds or grows": jumps[last] * HOLD >= jumps[first]})
    return ok, f"{said} (fall {fall:.1f}x from {first} to {last} steps; jump by steps " + \
        ", ".join(f"{s}: {j:.0f}x" for s, j in jumps.items()) + ")"


def _register_budget_helps(table: str) -> None:
    def helps(curves: Curves) -> tuple[bool, str]:
        return _budget_helps(curves, table)
    below, at = bg.TRANSITION[table]
    helps.__doc__ = (f"At T = 16 more steps help {table.replace('table', 'Table ')}: the h = {at} mean over seeds "
                     f"falls {FALL:.0f}x+ from the first budget to the last, and the jump h = {below} -> {at} holds "
                     f"or grows: at the last budget it is at least the first budget's / {HOLD}.")
    predicate(f"{table}/budget")(helps)


for _table in bg.TRANSITION:
    _register_budget_helps(_table)


@predicate("table2/size-at-budget")
def table2_in_size(curves: Curves) -> tuple[bool, str]:
    """At T = 16 and the largest budget, Table 2's h = D = 4 mean over seeds is within 3x of the paper's mean (or
    below it), and the jump h = 3 -> 4 is at least the paper's."""
    last = max(curves[4])
    ratio = curves[4][last] / paper_value("table2", 4, bg.BUDGET_T)[0]
    jump = bg.transition_jumps(curves, "table2")[last]
    paper_jump = paper_value("table2", 3, bg.BUDGET_T)[0] / paper_value("table2", 4, bg.BUDGET_T)[0]
    ok, said = _parts({f"within {SIZE:.0f}x": ratio <= SIZE, "jump >= paper's": jump >= paper_jump})
    return ok, f"{said} ({last} steps: ours / paper {ratio:.2f}, jump {jump:.0f}x against {paper_jump:.0f}x)"


def _median(errors: Errors, cell: tuple[int, int], T: int) -> float:
    return statistics.median(errors[cell][T])


@predicate("conj1/against-T")
def cells_against_T(errors: Errors) -> tuple[bool, str]:
    """D = 4, every T measured (median over seeds): (3, 1), where L h < D but (2L - 1) h >= D, stays within 2x of
    both L h = D cells (2, 2) and (4, 1); (2, 1), which both rules call unsolved, stays 10x+ behind (2, 2) and its
    ratio to (2, 2) grows with T (positive log-log slope)."""
    Ts = sorted(errors[(3, 1)])
    ratios = {T: [_median(errors, (3, 1), T) / _median(errors, ref, T) for ref in ((2, 2), (4, 1))] for T in Ts}
    level = {T: max(max(r, 1 / r) for r in rs) for T, rs in ratios.items()}
    failing = cvt.ratio_to_reference(errors, (2, 1), (2, 2))
    ok, said = _parts({f"(3, 1) within {LEVEL:.0f}x": all(v <= LEVEL for v in level.values()),
                       f"(2, 1) {APART:.0f}x+ behind": all(r >= APART for r in failing["by_T"].values()),
                       "(2, 1)'s gap grows": failing["slope"] is not None and failing["slope"] > 0})
    return ok, f"{said} ((3, 1) worst factor by T {', '.join(f'{T}: {v:.2f}' for T, v in level.items())}; " \
        f"(2, 1) / (2, 2) by T {', '.join(f'{T}: {r:.0f}' for T, r in failing['by_T'].items())}, " \
        f"slope {failing['slope']:+.2f})"


@predicate("conj1/gap-with-budget")
def gap_with_budget(errors_by_budget: Mapping[int, Errors]) -> tuple[bool, str]:
    """D = 4, at the longest T both budgets have (medians over seeds): at the larger budget (3, 1) is more than 1.5x
    behind both L h = D cells (2, 2) and (4, 1), and further behind each than at the smaller budget: the gap the
    product rule predicts opens as the floor falls."""
    small, large = (errors_by_budget[s] for s in sorted(errors_by_budget)[:2])
    T = max(set(small[(3, 1)]) & set(large[(3, 1)]))
    lag = {name: {ref: _median(e, (3, 1), T) / _median(e, ref, T) for ref in ((2, 2), (4, 1))}
           for name, e in (("small", small), ("large", large))}
    ok, said = _parts({"behind both, 1.5x+": min(lag["large"].values()) > 1.5,
                       "further behind than at the smaller budget": all(
                           lag["large"][r] > lag["small"][r] for r in lag["large"])})
    return ok, f"{said} (T = {T}: " + "; ".join(f"{n}: " + ", ".join(f"/{r} {v:.2f}" for r, v in d.items())
                                               for n, d in lag.items()) + ")"
