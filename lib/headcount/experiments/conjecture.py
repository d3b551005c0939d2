"""Conjecture 1 (an ``L``-layer transformer approximates efficiently only if ``L h >= D``) against an ``L x h`` map.

Pure functions of the grids :func:`headcount.experiments.depth.depth_grid` makes (``{L: {h: NMSE}}`` at one
``D``) and of results rows, for notebook 07:

* :data:`RULES`: Conjecture 1's rule and the alternatives the map can tell apart; :func:`min_heads`;
* :func:`solved`: the cells within ``factor`` of the best cell of their map (the data's "efficient");
  :func:`spread_factor` chooses ``factor`` from the seed spread, :func:`paper_jump` is the paper's smallest jump;
* :func:`held_out`: a rule chosen on some ``D`` and scored on the others (the rule was picked after seeing
  the map, so it is scored on cells it was not chosen on);
* :func:`cell_facts`, :func:`cell_sentence`: one cell's seeds against the floor's, for sentences derived
  from the file; :func:`unsolved`: the cells not solved, with their seed spread (a budget's failures);
* :func:`rule_report`: how many cells each rule classifies as the data do, and which it gets wrong;
* :func:`surprises`: cells the conjecture calls inefficient (``L h < D``) that the data call solved;
* :func:`seed_spread`: ``max / min`` over seeds per cell (a lottery cell: training, not expressivity);
* :func:`width_needed_by_T`: the MLP width a target NMSE needs against ``T`` per ``(L, h)`` (measured,
  Fig. 1b's question one layer deeper).

The jump at Conjecture 1's threshold per ``L`` is :func:`headcount.experiments.depth.product_jumps`.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from headcount._checks import check_choice, check_int, check_positive
from headcount.experiments.depth import depth_grid
from headcount.experiments.synthetic import over_seeds

__all__ = ["RULES", "cell_facts", "cell_sentence", "held_out", "min_heads", "paper_jump", "rule_report",
           "seed_spread", "solved", "spread_factor", "surprises", "unsolved", "width_needed_by_T"]

Grid = Mapping[int, Mapping[int, float]]

#: Rules for "(L, h) approximates a D-retrieval task efficiently": Conjecture 1 and four alternatives.
#: ``h >= ceil(D / L)`` is the same rule as ``L h >= D`` for whole ``h``.
RULES: dict[str, Callable[[int, int, int], bool]] = {
    "L h >= D (Conjecture 1)": lambda D, L, h: L * h >= D,
    "h >= D (depth does not help)": lambda D, L, h: h >= D,
    "L >= 2 or h >= D (one more layer solves everything)": lambda D, L, h: L >= 2 or h >= D,
    "h >= D - L + 1 (each layer adds one head)": lambda D, L, h: h >= D - L + 1,
    "(2L - 1) h >= D (an intermediate head retrieves twice: for the class token and for the tokens)":
        lambda D, L, h: (2 * L - 1) * h >= D,
}


def min_heads(D: int, L: int) -> int:
    """The fewest heads Conjecture 1 allows: the smallest ``h`` with ``L h >= D``, i.e. ``ceil(D / L)``."""
    return -(-check_int("D", D) // check_int("L", L))


def _cells(grid: Grid) -> dict[tuple[int, int], float]:
    if not grid or not all(grid.values()):
        raise ValueError("grid must be a non-empty {L: {h: NMSE}} mapping (see depth_grid)")
    return {(int(L), int(h)): float(v) for L, row in grid.items() for h, v in row.items()}


def solved(grid: Grid, factor: float = 10.0) -> set[tuple[int, int]]:
    """The cells ``(L, h)`` whose NMSE is within ``factor`` of the best cell of the map: what the data call
    efficient."""
    cells = _cells(grid)
    best = min(cells.values())
    return {k for k, v in cells.items() if v <= check_positive("factor", factor) * best}


def rule_report(grid: Grid, D: int, factor: float = 10.0) -> dict[str, dict[str, Any]]:
    """For each rule of :data:`RULES`: ``agree`` (cells it classifies as :func:`solved` does), ``total`` and
    ``wrong``: the cells it gets wrong as ``(L, h, predicted)`` (``predicted=True``: the rule says efficient)."""
    ok, cells = solved(grid, factor), _cells(grid)
    out = {}
    for name, rule in RULES.items():
        wrong = [(L, h, rule(D, L, h)) for (L, h) in sorted(cells) if rule(D, L, h) != ((L, h) in ok)]
        out[name] = {"agree": len(cells) - len(wrong), "total": len(cells), "wrong": wrong}
    return out


def surprises(grid: Grid, D: int, factor: float = 10.0) -> list[tuple[int, int]]:
    """The cells Conjecture 1 calls inefficient (``L h < D``) whose NMSE is within ``factor`` of the map's best."""
    return sorted(k for k in solved(grid, factor) if k[0] * k[1] < D)


def seed_spread(rows: Sequence[Mapping[str, Any]], D: int, metric: str = "val_nmse") -> dict[int, dict[int, float]]:
    """``{L: {h: max / min over seeds}}``: a large spread marks a seed lottery (optimization), not a limit of
    what the architecture can express."""
    hi, lo = depth_grid(rows, D, "max", metric), depth_grid(rows, D, "min", metric)
    return {L: {h: hi[L][h] / lo[L][h] if lo[L][h] > 0 else math.inf for h in row} for L, row in hi.items()}


def width_needed_by_T(rows: Sequence[Mapping[str, Any]], target: float, reduce: str = "min") -> dict[tuple[int, int], dict[int, float]]:
    """``{(L, h): {T: N*}}``: the smallest MLP width at which the NMSE (``reduce`` over seeds) reaches ``target``,
    interpolated log-linearly between the two measured widths around it: the measured version of Fig. 1b's
    "width needed". ``N*`` is the smallest measured width if that already reaches the target, ``inf`` if no
    measured width does. Rows without ``depth`` count as one layer."""
    target = check_positive("target", target)
    reduce = check_choice("reduce", reduce, ("min", "median", "mean"))
    values: dict[tuple[int, int, int], dict[int, list[float]]] = {}
    for r in rows:
        key = (int(r.get("depth", 1) or 1), int(r["heads"]), int(r["T"]))
        values.setdefault(key, {}).setdefault(int(r["width"]), []).append(float(r["val_nmse"]))
    out: dict[tuple[int, int], dict[int, float]] = {}
    for (L, h, T), by_width in sorted(values.items()):
        widths = sorted(by_width)
        err = [over_seeds(by_width[w], reduce) for w in widths]
        needed = math.inf
        for k, (w, e) in enumerate(zip(widths, err)):
            if e <= target:
                if k == 0 or err[k - 1] <= e:
                    needed = float(w)
                else:
                    frac = (math.log(err[k - 1]) - math.log(target)) / (math.log(err[k - 1]) - math.log(e))
                    needed = math.exp(math.log(widths[k - 1]) + frac * (math.log(w) - math.log(widths[k - 1])))
                break
        out.setdefault((L, h), {})[T] = needed
    return out


def spread_factor(rows: Sequence[Mapping[str, Any]], quantile: float = 0.9) -> float:
    """The ``quantile`` of the seed spread (``max / min`` over seeds) over every cell of every ``D`` in ``rows``:
    two cells whose minima differ by less than this are as close as the seeds of one cell usually are, so a
    "solved" threshold below it reads seed noise as a difference."""
    if not 0 < quantile <= 1:
        raise ValueError(f"quantile must be in (0, 1], got {quantile!r}")
    spreads = sorted(v for D in sorted({int(r["D"]) for r in rows}) for row in seed_spread(rows, D).values()
                     for v in row.values())
    if not spreads:
        raise ValueError("rows must hold at least one cell")
    return spreads[min(len(spreads) - 1, math.ceil(quantile * len(spreads)) - 1)]


def paper_jump(table: str, low: int) -> tuple[float, float]:
    """``(smallest, largest)`` over ``T`` of ``NMSE(h = low) / NMSE(h = low + 1)`` in the paper's ``table``
    (``'table2'``, ``'table3'``: ``low = 3``; ``'table4'``: 2; ``'table5'``: 1): the size of the paper's jumps."""
    from headcount.experiments.synthetic import paper_grid, transition_ratios

    ratios = transition_ratios(paper_grid(table), check_int("low", low) + 1).values()
    return min(ratios), max(ratios)


def held_out(grids: Mapping[int, Grid], choose_on: Sequence[int], test_on: Sequence[int],
             factor: float) -> dict[str, Any]:
    """Choose a rule of :data:`RULES` on the maps ``grids[D]`` for ``D in choose_on`` (most cells classified as
    :func:`solved` does at ``factor``; ties all kept) and score every rule on ``test_on``. Returns ``chosen``
    (the names), ``choose`` and ``test`` (``{name: (agree, total)}``)."""
    for name, Ds in (("choose_on", choose_on), ("test_on", test_on)):
        if not Ds or any(D not in grids for D in Ds):
            raise ValueError(f"{name} must be a non-empty subset of {sorted(grids)}, got {list(Ds)}")
    if set(choose_on) & set(test_on):
        raise ValueError(f"choose_on and test_on must not share a D, got {list(choose_on)} and {list(test_on)}")

    def score(Ds: Sequence[int]) -> dict[str, tuple[int, int]]:
        reports = [rule_report(grids[D], D, factor) for D in Ds]
        return {n: (sum(r[n]["agree"] for r in reports), sum(r[n]["total"] for r in reports)) for n in RULES}

    choose, test = score(choose_on), score(test_on)
    top = max(a for a, _ in choose.values())
    return {"chosen": [n for n, (a, _) in choose.items() if a == top], "choose": choose, "test": test}


def cell_facts(rows: Sequence[Mapping[str, Any]], D: int, L: int, h: int,
               metric: str = "val_nmse") -> dict[str, Any]:
    """One cell of the map at ``D`` against its floor, from the rows (no typed-in numbers): ``seeds`` (the
    cell's values, sorted), ``floor_cell`` (the ``(L, h)`` with the smallest min over seeds), ``floor_seeds``
    (its values, sorted), ``ratio`` (the cell's min over the floor) and ``all_above`` (every seed of the cell
    above every seed of the floor cell)."""
    D, L, h = check_int("D", D), check_int("L", L), check_int("h", h)
    cells: dict[tuple[int, int], list[float]] = {}
    for r in rows:
        if int(r["D"]) == D:
            cells.setdefault((int(r["depth"]), int(r["heads"])), []).append(float(r[metric]))
    if (L, h) not in cells:
        raise ValueError(f"no cell (L, h) = ({L}, {h}) at D = {D}; the cells are {sorted(cells)}")
    floor_cell = min(cells, key=lambda k: min(cells[k]))
    seeds, floor = sorted(cells[(L, h)]), sorted(cells[floor_cell])
    return {"seeds": seeds, "floor_cell": floor_cell, "floor_seeds": floor, "ratio": seeds[0] / floor[0],
            "all_above": seeds[0] > floor[-1]}


def cell_sentence(rows: Sequence[Mapping[str, Any]], D: int, L: int, h: int, factor: float) -> str:
    """One sentence about cell ``(L, h)`` at ``D`` with every number read from ``rows`` (:func:`cell_facts`):
    its seeds, its ratio to the floor, the floor cell's seeds, and whether it counts as solved at ``factor``."""
    f = cell_facts(rows, D, L, h)
    seeds = ", ".join(f"{v:.1e}" for v in f["seeds"])
    floor = ", ".join(f"{v:.1e}" for v in f["floor_seeds"])
    side = "<" if L * h < D else ">="
    state = "solved" if f["ratio"] <= check_positive("factor", factor) else "not solved"
    above = "; every seed above every seed of the floor cell" if f["all_above"] else ""
    return (f"D = {D}, (L, h) = ({L}, {h}) (L h {side} D): seeds {seeds}, min {f['ratio']:.1f}x the floor "
            f"(cell {f['floor_cell']}: {floor}): {state} at {factor:.2f}x{above}")


def unsolved(rows: Sequence[Mapping[str, Any]], D: int, factor: float) -> dict[tuple[int, int], float]:
    """``{(L, h): seed spread}`` of the cells at ``D`` that are not :func:`solved` at ``factor`` (min over seeds):
    a small spread means every seed falls short at this budget, a large one a seed lottery."""
    grid, spread = depth_grid(rows, D, "min"), seed_spread(rows, D)
    ok = solved(grid, factor)
    return {(L, h): spread[L][h] for L, row in grid.items() for h in row if (L, h) not in ok}
