"""Predicates of notebook 03: Theorem 2(2)'s exponent, the collision certificate, Lemma 4 and Fig. 1b."""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from torch import nn

from headcount.claims import predicate
from headcount.experiments import bottleneck, scaling
from headcount.theory import lower_bound_exponent


def _failed(parts: Mapping[str, bool]) -> str:
    bad = [k for k, v in parts.items() if not v]
    return "fails: " + "; ".join(bad) if bad else "all hold"


@predicate("thm2.2-silent")
def silent_at_paper_lengths(s: int, n: int, D: int) -> tuple[bool, str]:
    """With s heads of dimension n on a D-task, Theorem 2(2)'s exponent k is <= 0 up to the paper's T = 128
    and above 5 at T = 1024."""
    first, k = bottleneck.informative_T(s, n, D), lower_bound_exponent(1024, s, n, D)
    return first - 1 >= 128 and k > 5, f"first informative T = {first}, k(1024) = {k:.2f}"


@predicate("thm2.2-collision")
def collision_certificate(one: bottleneck.Collision, two: bottleneck.Collision, eps: float) -> tuple[bool, str]:
    """One head: a pair with targets >= 3 eps apart on which the model must err, and does; two heads have no pair
    a third as steep (slope one head > 3x slope two heads)."""
    return one.certifies(eps) and one.slope > 3 * two.slope, \
        f"certifies: {one.certifies(eps)}, slopes {one.slope:.3g} vs {two.slope:.3g}"


@predicate("lem4")
def lemma4_chain(net: nn.Sequential, samples: int = 2000, seed: int = 0) -> tuple[bool, str]:
    """Lemma 4 on a two-layer net with weights in [-1, 1]: the steepest gradient found <= sum_r |V_r| |u_r|
    <= p sqrt(n) (p hidden units, n inputs)."""
    p, n = net[0].out_features, net[0].in_features
    emp = bottleneck.empirical_slope(net, samples=samples, seed=seed)
    mid = bottleneck.two_layer_slope_bound(net[0].weight, net[2].weight)
    return emp <= mid + 1e-9 <= p * math.sqrt(n) + 1e-9, f"{emp:.3g} <= {mid:.3g} <= {p * math.sqrt(n):.3g}"


@predicate("fig1b")
def fig1b_picture(table: scaling.Table, fits: Mapping[tuple, scaling.LogLogFit], heads: Sequence[int],
                  T_list: Sequence[int], widths: Sequence[int], D: int) -> tuple[bool, str]:
    """Fig. 1b on a width sweep: every predicate of :func:`headcount.experiments.scaling.fig1b_claims` holds
    (wider helps at the fewest heads and needs more width at longer T; h = D flatter, its narrowest MLP
    beating every h < D run, and 10x below h = D - 1 at every T)."""
    parts = scaling.fig1b_claims(table, fits, heads, T_list, widths, D)
    return all(parts.values()), _failed(parts)
