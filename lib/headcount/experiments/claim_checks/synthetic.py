"""Predicates of notebook 05 (the synthetic experiments of section 6.1, App. B.1) and of the paper's tables of
the synthetic task (Tables 2-5, Figs. 1a and 2e, Remark B.1.1). A grid is ``{h: {T: NMSE}}``."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from headcount.claims import predicate
from headcount.diagnostics import HeadFeatureReport
from headcount.experiments import synthetic as ex

Grid = Mapping[int, Mapping[int, float]]
JUMP, BEAT, SHRINK = 10.0, 5.0, 3.0   # h = D is 10x below h = D - 1; its worst cell 5x below; beyond D 3x less


def _parts(parts: Mapping[str, bool]) -> tuple[bool, str]:
    return all(parts.values()), "; ".join(f"{k}: {v}" for k, v in parts.items())


def _ratios(grid: Grid, D: int) -> str:
    return "NMSE(D-1)/NMSE(D) by T " + ", ".join(f"{T}: {r:.1f}" for T, r in ex.transition_ratios(grid, D).items())


@predicate("fig1a")
def fig1a(ours: Grid, median: Grid, D: int) -> tuple[bool, str]:
    """Fig. 1a on our Table 2 (min and median over seeds): h = D is 10x below h = D - 1 at every T (both
    statistics); beyond D one more head gains 3x less than the step to D; the worst h = D cell is 5x below the
    best h = D - 1 cell."""
    ok, said = _parts({"jump (min)": ex.jump_at(ours, D, factor=JUMP),
                       "jump (median)": ex.jump_at(median, D, factor=JUMP),
                       "less beyond D": ex.gains_less_beyond(ours, D, shrink=SHRINK),
                       "heads beat length": ex.heads_beat_length(ours, D, factor=BEAT)})
    return ok, f"{said}; {_ratios(ours, D)}"


@predicate("fig1a/4000-steps")
def fig1a_longer(ours: Grid, D: int) -> tuple[bool, str]:
    """At 4000 steps h = D is still 10x below h = D - 1 at every T (min over seeds)."""
    return ex.jump_at(ours, D, factor=JUMP), _ratios(ours, D)


@predicate("table2")
def table2_size(ours: Grid, paper: Grid, D: int) -> tuple[bool, str]:
    """Location reproduced, size not: every one of our h = D minima is 5x+ above every paper h = D mean."""
    return min(ours[D].values()) > 5 * max(paper[D].values()), \
        f"our best h = D {min(ours[D].values()):.1e}, paper's worst h = D {max(paper[D].values()):.1e}"


@predicate("table2/4000-steps")
def table2_longer(rows: Sequence[Mapping[str, Any]], D: int) -> tuple[bool, str]:
    """At 4000 steps every run with h >= D reaches NMSE <= 1e-3, at every T."""
    per_T: dict[int, list[float]] = {}
    for r in rows:
        per_T.setdefault(r["T"], []).extend([r["val_nmse"]] if r["heads"] >= D else [])
    worst = {T: max(v) if v else float("inf") for T, v in per_T.items()}
    return all(w <= 1e-3 for w in worst.values()), "worst h >= D run by T " + \
        ", ".join(f"{T}: {w:.1e}" for T, w in sorted(worst.items()))


@predicate("table3")
def table3(ours: Grid, D: int) -> tuple[bool, str]:
    """At fixed width E = 32, h = D is still 10x below h = D - 1 at every T (min over seeds)."""
    return ex.jump_at(ours, D, factor=JUMP), _ratios(ours, D)


@predicate("seed-lottery/paper")
def paper_heavy_tail(mean: Sequence[float], std: Sequence[float]) -> tuple[bool, str]:
    """The paper's Table 2 at h = D: std > mean at every T (a heavy tail of stuck seeds)."""
    return all(s > m for m, s in zip(mean, std)), "std/mean " + ", ".join(f"{s / m:.1f}" for m, s in zip(mean, std))


@predicate("seed-lottery")
def median_near_best(lottery: Sequence[Mapping[str, Any]], D: int) -> tuple[bool, str]:
    """Ours at h = D: the median seed is within 3x of the best one at every T (``ex.seed_lottery`` cells)."""
    at_D = {c["T"]: c["median_over_min"] for c in lottery if c["heads"] == D}
    return bool(at_D) and all(v < 3 for v in at_D.values()), \
        "median/min by T " + ", ".join(f"{T}: {v:.1f}" for T, v in sorted(at_D.items()))


@predicate("seed-lottery/coverage")
def best_seed_specializes(nmse: Mapping[int, float], coverage: Mapping[int, HeadFeatureReport]) -> tuple[bool, str]:
    """The best of the seeds (lowest NMSE, ``{seed: NMSE}``) gives each head its own feature."""
    best = min(nmse, key=nmse.get)
    return coverage[best].one_feature_per_head, f"best seed {best}: uncovered {coverage[best].uncovered}"


@predicate("fairness")
def fair_gap(fair: Mapping[str, Any]) -> tuple[bool, str]:
    """Each h tuned alike (:func:`headcount.experiments.fairness.fairness_summary`): h = D is still 10x below
    h = D - 1 at 2000 steps (min and median over seeds) and at every stage of the search."""
    gaps = {k: fair[k] for k in ("gap_min", "gap_median", "gap_tuning_best")}
    return all(v >= JUMP for v in gaps.values()), ", ".join(f"{k} {v:.0f}x" for k, v in gaps.items())


@predicate("fig2e/paper")
def paper_reversal(table3: Grid, table2_mean: Grid) -> tuple[bool, str]:
    """The paper's own numbers: Table 3's R(h) > 0 exactly for h = 4, 5; Table 2's means give a small R(3)
    (0 < R(3) < 0.1) before the large R(4) (> 0.1)."""
    r3, r2 = ex.reversal_scores(table3), ex.reversal_scores(table2_mean)
    ok, said = _parts({"Table 3 positive at 4, 5 only": [h for h, v in r3.items() if v > 0] == [4, 5],
                       "Table 2: 0 < R(3) < 0.1 < R(4)": 0 < r2[3] < 0.1 < r2[4]})
    return ok, f"{said}; R(3), R(4) on Table 2 {r2[3]:.3f}, {r2[4]:.3f}"


@predicate("fig2e/2000-steps")
def no_clear_reversal(table2: Grid, table3: Grid, D: int) -> tuple[bool, str]:
    """Ours at 2000 steps (min over seeds): no clear reversal at h = D, R(D) < 0.5 on Tables 2 and 3."""
    r2, r3 = ex.reversal_scores(table2)[D], ex.reversal_scores(table3)[D]
    return r2 < 0.5 and r3 < 0.5, f"R(D) {r2:.2f} (Table 2), {r3:.2f} (Table 3)"


@predicate("fig2e/4000-steps")
def reversal_at_D(median: Grid, D: int) -> tuple[bool, str]:
    """At 4000 steps (median over seeds): R(h) is larger at h = D and D + 1 than at any h < D."""
    R = ex.reversal_scores(median)
    below = max(R[h] for h in range(1, D))
    return min(R[D], R[D + 1]) > below, f"R(D), R(D+1) = {R[D]:.2f}, {R[D + 1]:.2f}; max below D {below:.2f}"


@predicate("remark-b11/paper")
def paper_short_T_rise(table2_mean: Grid, table3: Grid, D: int) -> tuple[bool, str]:
    """The paper's own numbers: short sequences are 2x+ worse than the best T at h = D + 1 (Table 2 means) and
    at h = D (Table 3)."""
    a, b = ex.short_T_rise(table2_mean)[D + 1]["short_over_best"], ex.short_T_rise(table3)[D]["short_over_best"]
    return a > 2 and b > 2, f"NMSE(T_min)/best {a:.2f} (Table 2, h = D + 1), {b:.2f} (Table 3, h = D)"


@predicate("remark-b11")
def no_short_T_rise(table2: Grid, table3: Grid, D: int) -> tuple[bool, str]:
    """Ours at 2000 steps (min over seeds): no short-T rise, NMSE(T_min)/best < 1.5 at h = D and D + 1 on
    Tables 2 and 3."""
    rises = [ex.short_T_rise(g)[h]["short_over_best"] for g in (table2, table3) for h in (D, D + 1)]
    return all(r < 1.5 for r in rises), "NMSE(T_min)/best " + ", ".join(f"{r:.2f}" for r in rises)
