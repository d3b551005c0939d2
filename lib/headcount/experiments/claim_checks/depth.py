"""Predicates of notebook 07: Tables 4-5 (the jump moves with D and with depth), the L x h map against
Conjecture 1 (L h >= D), what the first layer gathers, and the width sweep at two layers. A grid is
``{h: {T: NMSE}}``, a map ``{D: {L: {h: NMSE}}}``."""
from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from headcount.claims import predicate
from headcount.experiments import conjecture as cj
from headcount.experiments import depth
from headcount.experiments import synthetic as ex
from headcount.experiments.claim_checks.synthetic import BEAT, JUMP, _parts, _ratios

Grid = Mapping[int, Mapping[int, float]]
Maps = Mapping[int, Mapping[int, Mapping[int, float]]]


def _best(grid: Mapping[int, Mapping[int, float]]) -> float:
    return min(v for row in grid.values() for v in row.values())


@predicate("table4")
def table4(ours: Grid, median: Grid, D: int) -> tuple[bool, str]:
    """Table 4's task (D = 3): h = D is 10x below h = D - 1 at every T (min and median over seeds), and the worst
    h = D cell beats the best h = D - 1 cell 5x."""
    ok, said = _parts({"jump (min)": ex.jump_at(ours, D, factor=JUMP),
                       "jump (median)": ex.jump_at(median, D, factor=JUMP),
                       "heads beat length": ex.heads_beat_length(ours, D, factor=BEAT)})
    return ok, f"{said}; {_ratios(ours, D)}"


@predicate("table5")
def table5(ours: Grid, median: Grid, h: int) -> tuple[bool, str]:
    """Two layers (Table 5, D = 4): h = D / L is 10x below h - 1 at every T (min and median over seeds)."""
    ok, said = _parts({"jump (min)": ex.jump_at(ours, h, factor=JUMP),
                       "jump (median)": ex.jump_at(median, h, factor=JUMP)})
    return ok, f"{said}; {_ratios(ours, h)}"


@predicate("conj1/second-layer")
def second_layer_helps(one_layer: Grid, two_layers: Grid, h: int) -> tuple[bool, str]:
    """At h heads with L h = D only for two layers, the second layer lowers the error 10x at every T."""
    ratios = {T: one_layer[h][T] / two_layers[h][T] for T in two_layers[h] if T in one_layer[h]}
    return bool(ratios) and all(r > 10 for r in ratios.values()), "one layer / two layers by T " + \
        ", ".join(f"{T}: {r:.0f}x" for T, r in ratios.items())


@predicate("lxh-map/one-layer")
def one_layer_jumps(maps: Maps) -> tuple[bool, str]:
    """One layer on the L x h map (min over seeds): the jump at h = D is 10x+ for D = 2, 3, 4; at D = 6 one layer
    with six heads stays 3x+ above the map's best cell."""
    jumps = {D: depth.product_jumps(maps[D], D)[1] for D in (2, 3, 4)}
    six = maps[6][1][6] / _best(maps[6])
    return all(j >= 10 for j in jumps.values()) and six > 3, \
        "one-layer jumps " + ", ".join(f"D={D}: {j:.0f}x" for D, j in jumps.items()) + f"; D = 6, h = 6: {six:.1f}x"


@predicate("lxh-map/one-head")
def one_head_behind(maps: Maps) -> tuple[bool, str]:
    """Two layers with one head stay 10x+ behind the map's best cell at D = 4 and D = 6: depth alone does not solve
    everything."""
    behind = {D: maps[D][2][1] / _best(maps[D]) for D in (4, 6)}
    return all(b > 10 for b in behind.values()), ", ".join(f"D={D}: {b:.0f}x best" for D, b in behind.items())


@predicate("conj1")
def counter_evidence(maps_min: Maps, maps_median: Maps, solved: float) -> tuple[bool, str]:
    """Counter-evidence at T = 16: L h < D cells count as solved (``cj.surprises`` at ``solved``), D = 3 at
    (L, h) = (2, 1) and D = 4 at (3, 1), for the min and for the median over seeds."""
    found = {(stat, D): cj.surprises(m[D], D, solved) for stat, m in (("min", maps_min), ("median", maps_median))
             for D in (3, 4)}
    want = {3: (2, 1), 4: (3, 1)}
    return all(want[D] in cells for (_, D), cells in found.items()), \
        "; ".join(f"{stat} D={D}: {cells}" for (stat, D), cells in found.items())


@predicate("lxh-map/held-out")
def rule_held_out(held: Mapping[Any, Mapping[str, Any]], rule: str) -> tuple[bool, str]:
    """Chosen on one part of the map (``cj.held_out``), ``rule`` is among the chosen and not beaten on the other
    part, at every threshold and split."""
    won = {k: rule in ho["chosen"] and ho["test"][rule][0] == max(a for a, _ in ho["test"].values())
           for k, ho in held.items()}
    return all(won.values()), f"won {sum(won.values())} of {len(won)}"


@predicate("lxh-map/rules")
def wider_rule_classifies_more(reports: Mapping[int, Mapping[str, Mapping[str, Any]]]) -> tuple[bool, str]:
    """(2L - 1) h >= D (the last rule of ``cj.RULES``) classifies at least as many cells as L h >= D (the first)
    at every D."""
    first, last = list(cj.RULES)[0], list(cj.RULES)[-1]
    pairs = {D: (r[last]["agree"], r[first]["agree"]) for D, r in reports.items()}
    return all(a >= b for a, b in pairs.values()), ", ".join(f"D={D}: {a} vs {b}" for D, (a, b) in pairs.items())


def _median(values: Sequence[float]) -> float:
    return statistics.median(values)


@predicate("lxh-map/mechanism")
def second_layer_gathers(unexplained: Mapping[tuple[int, int], float],
                         probes: Mapping[tuple[int, int], Mapping[int, Mapping[str, Any]]]) -> tuple[bool, str]:
    """D = 4 (median seed): one layer with two heads leaves 3x more unexplained variance at the FFN input than two
    layers; two layers with two heads make all four retrieved values readable there (R^2 >= 0.9) and, after
    layer 1, the class token carries more than one value's worth (sum of R^2 > 1)."""
    carried = _median([r["class"].carried()[-1] for r in probes[(2, 2)].values()])
    after1 = _median([float(r["class"].r2[1].clip(0, 1).sum()) for r in probes[(2, 2)].values()])
    ok, said = _parts({"3x unexplained": unexplained[(1, 2)] > 3 * unexplained[(2, 2)], "all four": carried == 4,
                       "after layer 1 > 1": after1 > 1.0})
    return ok, f"{said} (unexplained {unexplained[(1, 2)]:.3f} vs {unexplained[(2, 2)]:.3f}, layer 1 {after1:.2f})"


@predicate("lxh-map/one-head-gathers")
def one_head_two_layers(runs: Mapping[int, Mapping[str, Any]], distinct: Callable[[Mapping[str, Any]], int],
                        D: int) -> tuple[bool, str]:
    """Two layers with one head (median seed): layer 1 makes two distinct values readable (``distinct``, class token
    or tokens) and all D values are readable at the FFN input."""
    after1 = _median([distinct(r) for r in runs.values()])
    at_ffn = _median([r["class"].carried()[-1] for r in runs.values()])
    return after1 >= 2 and at_ffn == D, f"after layer 1: {after1}, at the FFN input: {at_ffn} of {D}"


@predicate("conj1/width")
def width_cannot_replace_heads(need: Mapping[tuple[int, int], Mapping[int, float]], best: Grid,
                               widths: Sequence[int]) -> tuple[bool, str]:
    """Two layers, D = 4: no measured width reaches the target with h = 1 (L h < D) and the smallest width does with
    h = 2 at every T; the best error grows 2x+ from the shortest to the longest T with h = 1, and less than 2x with
    h = 2."""
    Ts = sorted(best[1])
    ok, said = _parts({"widths": all(need[(2, 1)][T] == float("inf") and need[(2, 2)][T] <= min(widths) for T in Ts),
                       "h = 1 grows 2x+": best[1][Ts[-1]] > 2 * best[1][Ts[0]],
                       "h = 2 less than 2x": best[2][Ts[-1]] < 2 * best[2][Ts[0]]})
    growth = {h: best[h][Ts[-1]] / best[h][Ts[0]] for h in (1, 2)}
    return ok, f"{said} (growth h = 1: {growth[1]:.1f}x, h = 2: {growth[2]:.1f}x)"
