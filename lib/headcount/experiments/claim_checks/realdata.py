"""Predicates of notebook 06: the paper's real-data tables (6-9, Figs. 2b and 2d, recomputed from its numbers)
and the course's real-data stand-ins (marked images, multi-query text, a small ViT). A curve is
``{h: accuracy}``; a paper table ``{h: [accuracy at each T]}``."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from headcount.claims import predicate
from headcount.experiments import realdata_analysis as ra

Curves = Mapping[int, Mapping[int, float]]   # {D: {h: mean accuracy}}
FREE, DELTA_ONE = "free delta", "delta = 1 (Theorem 2(2))"   # the labels of notebook 06's fits on Table 6


def _parts(parts: Mapping[str, bool]) -> tuple[bool, str]:
    return all(parts.values()), "; ".join(f"{k}: {v}" for k, v in parts.items())


@predicate("fig2d")
def image_reversal(R_image: Mapping[int, float]) -> tuple[bool, str]:
    """The paper's Table 8: R(h) = 0 up to h = 8, positive at h = 10 and 11."""
    return all(R_image[h] == 0 for h in (1, 2, 4, 8)) and R_image[10] > 0 and R_image[11] > 0, \
        "R " + ", ".join(f"{h}: {r:.3f}" for h, r in R_image.items())


@predicate("table6")
def text_reversal(R_text: Mapping[int, float]) -> tuple[bool, str]:
    """The paper's Table 6: R(h) = 0 at every h, including h = 12 and 16 past the paper's transition."""
    return all(r == 0 for r in R_text.values()), "R " + ", ".join(f"{h}: {r:.3f}" for h, r in R_text.items())


@predicate("fig2b")
def refit_near_paper(fits: Mapping[str, Mapping[str, float]]) -> tuple[bool, str]:
    """The free refit of -log Err ~ h / T^delta on Table 6 lands near the paper's delta = 0.25 (within 0.1) and
    alpha = -1.40 (within 0.3)."""
    free = fits[FREE]
    return abs(free["delta"] - 0.25) <= 0.1 and abs(free["alpha"] + 1.40) <= 0.3, \
        f"delta {free['delta']:.2f}, alpha {free['alpha']:.2f}"


@predicate("fig2b-theory")
def bound_unsupported(fits: Mapping[str, Mapping[str, float]], k_max: float) -> tuple[bool, str]:
    """Theorem 2(2)'s bound implies delta = 1 (within 0.05), delta = 1 fits Table 6 3x+ worse than the free fit,
    and at Table 6's lengths the exponent k is <= 0 (the bound says nothing there)."""
    worse = fits[DELTA_ONE]["mae"] / fits[FREE]["mae"]
    ok, said = _parts({"delta = 1": abs(ra.bound_delta() - 1) < 0.05, "3x worse": worse > 3, "k <= 0": k_max <= 0})
    return ok, f"{said} (mae ratio {worse:.1f}, k_max {k_max:.2f})"


@predicate("realdata-marked")
def marked_knee(curves: Curves, spread: Mapping[int, float]) -> tuple[bool, str]:
    """Marked images: extra heads (h = 1 -> 8) gain more the more tokens the task retrieves (D = 1 < 2 < 4);
    at D = 2 the step into h = D gains 2x+ the next doubling, by more than twice the seed spread; at D = 4 it
    beats the next step by less than twice the spread (no knee)."""
    total = {D: c[max(c)] - c[min(c)] for D, c in curves.items()}
    into, after = ra.gains(curves[2])[2], ra.gains(curves[2])[4]
    into4, after4 = ra.gains(curves[4])[4], ra.gains(curves[4])[8]
    ok, said = _parts({"gain grows with D": total[1] < total[2] < total[4],
                       "knee at D = 2": into > 2 * after and into - after > 2 * spread[2],
                       "no knee at D = 4": into4 - after4 < 2 * spread[4]})
    return ok, f"{said} (D = 2: {into:+.3f} then {after:+.3f}; D = 4: {into4:+.3f} then {after4:+.3f})"


@predicate("realdata-marked/overfit")
def little_overfitting(train: Mapping[Any, Mapping[str, float]],
                       val: Mapping[Any, Mapping[str, float]]) -> tuple[bool, str]:
    """Fresh sequences every step: training and validation accuracy differ by less than 0.05 in every cell."""
    gap = max(abs(train[k]["mean"] - val[k]["mean"]) for k in train)
    return gap < 0.05, f"largest gap {gap:.3f}"


@predicate("realdata-text")
def text_needs_more_heads(curves: Curves) -> tuple[bool, str]:
    """Multi-query text: the heads needed to come within 0.03 of the best accuracy grow with D (never fall, and
    more at the largest D than at the smallest); for D >= 2 and h >= 2 accuracy falls as D grows."""
    Ds = sorted(curves)
    needed = {D: ra.heads_needed(curves[D], tol=0.03) for D in Ds}
    big = [D for D in Ds if D >= 2]
    ok, said = _parts({"needed grows": all(needed[a] <= needed[b] for a, b in zip(Ds, Ds[1:]))
                       and needed[Ds[-1]] > needed[Ds[0]],
                       "falls with D": all(curves[a][h] > curves[b][h] for a, b in zip(big, big[1:])
                                           for h in curves[a] if h >= 2 and h in curves[b])})
    return ok, f"{said}; heads needed {needed}"


def _best_h(table: Mapping[int, Sequence[float]]) -> list[int]:
    return list(ra.best_heads(table, range(len(next(iter(table.values()))))).values())


@predicate("table7")
def text_validation_peak(val: Mapping[int, Sequence[float]]) -> tuple[bool, str]:
    """The paper's Table 7: the best validation h is <= 2 at every T, and h = 16 is below h = 1 at every T."""
    best = _best_h(val)
    return all(h <= 2 for h in best) and all(a < b for a, b in zip(val[16], val[1])), f"best h by T {best}"


@predicate("table9")
def image_validation_peak(val: Mapping[int, Sequence[float]]) -> tuple[bool, str]:
    """The paper's Table 9: validation peaks at a middle h (4 <= h <= 13) at every T, and h = 24 is 3+ points
    below the best at every T."""
    best = _best_h(val)
    top = [max(v[i] for v in val.values()) for i in range(len(best))]
    return all(4 <= h <= 13 for h in best) and all(a < t - 3 for a, t in zip(val[24], top)), \
        f"best h by T {best}; h = 24 below the best by {[round(t - a, 1) for a, t in zip(val[24], top)]}"


@predicate("realdata-vit")
def vit_stand_in(R_vit: Mapping[int, float], drop: Mapping[int, float]) -> tuple[bool, str]:
    """The ViT stand-in: R(h) = 0 at every h (no transition at this scale), and the accuracy lost from the
    smallest to the largest frame at the most heads is 1.2x+ smaller than at one head."""
    most, fewest = max(drop), min(drop)
    return all(r == 0 for r in R_vit.values()) and drop[most] < drop[fewest] / 1.2, \
        f"R {dict(R_vit)}; drop {drop[fewest]:.3f} at h = {fewest}, {drop[most]:.3f} at h = {most}"
