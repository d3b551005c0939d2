"""Predicates on trained heads (notebooks 00 and 02): the gap at h = D over seeds and head specialization."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from headcount.claims import predicate
from headcount.diagnostics import HeadFeatureReport
from headcount.experiments.contrast import best_run_covers_every_feature, best_vs_best_gap, worst_vs_best_gap

NMSE = Mapping[int, Sequence[float]]   # {h: [final validation NMSE per seed]}


@predicate("heads-specialize/teaser")
def two_heads_teaser(nmse: NMSE) -> tuple[bool, str]:
    """max + min (D = 2): every h = 2 seed is below NMSE 0.05 and 5x below the best h = 1 seed."""
    gap = worst_vs_best_gap(nmse, D=2, low=1)
    return gap > 5 and max(nmse[2]) < 0.05, f"gap {gap:.1f}x, worst h = 2 seed {max(nmse[2]):.2g}"


@predicate("heads-specialize/max-min")
def two_heads_gap(nmse: NMSE) -> tuple[bool, str]:
    """max + min (D = 2): every h = 2 seed is 5x below the best h = 1 seed."""
    gap = worst_vs_best_gap(nmse, D=2, low=1)
    return gap > 5, f"gap {gap:.1f}x"


@predicate("fig1a/seeds")
def synthetic_best_seed_gap(nmse: NMSE) -> tuple[bool, str]:
    """Synthetic task (D = 4): the best h = 4 seed is 2.5x below the best h = 3 seed and 8x below the best h = 2."""
    gap_3, gap_2 = best_vs_best_gap(nmse, D=4, low=3), best_vs_best_gap(nmse, D=4, low=2)
    return gap_3 > 2.5 and gap_2 > 8, f"{gap_3:.1f}x below h = 3, {gap_2:.1f}x below h = 2"


@predicate("heads-specialize/coverage")
def best_run_specializes(nmse: Sequence[float],
                         coverage: Mapping[int, HeadFeatureReport] | Sequence[HeadFeatureReport]) -> tuple[bool, str]:
    """The best h = D run (lowest NMSE) gives each head its own feature (``coverage`` in the order of ``nmse``)."""
    reports = list(coverage.values()) if isinstance(coverage, Mapping) else list(coverage)
    best = min(range(len(nmse)), key=lambda i: nmse[i])
    return best_run_covers_every_feature(nmse, reports), f"best run {best}: uncovered {reports[best].uncovered}"
