"""The paper's formulas as pure functions, each citing where it comes from.

Section, equation, theorem and appendix numbers refer to arXiv 2510.06662 v2.

* Gibbs-mean retrieval error of one softmax head (App. A.2.1): :func:`gibbs_bound`,
  :func:`gibbs_bound_below`, :func:`beta_needed`, :func:`beta_paper`, and our sharper
  :func:`gibbs_entropy_bound` with a near-worst example :func:`gibbs_near_worst_case`;
* the lower-bound exponent of Theorem 2(2): :func:`lower_bound_exponent`;
* Corollary 1's condition for the uniqueness of D: :func:`corollary1_applies`, and its proof step
  :func:`corollary1_margin`;
* Lemma 2 (order statistics from maxima of subset minima, the key step of Theorem 1):
  :func:`max_of_subset_minima`, :func:`max_of_subset_minima_containing`,
  :func:`kth_largest`, :func:`subset_minima_count`;
* the weighted reversal score of Figs. 2d-e (Remark B.1.1): :func:`reversal_score`.
"""
from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import torch

from headcount._checks import check_choice, check_int, check_positive

E = math.e

# Lemma 2 enumerates subsets; beyond this many the exact computation is refused.
MAX_SUBSETS = 200_000


# --------------------------------------------------------------------------- Gibbs mean (Thm 2(1))


def _check_subset(subset_size: object, T: int) -> int:
    return check_int("subset_size", subset_size, 1, T)


def gibbs_bound(subset_size: int, T: int, beta: float) -> float:
    """Upper bound on one head's retrieval error in the Theorem 2(1) construction (App. A.2.1).

    Head ``i`` has logits ``-a_t + r_i(t)`` with ``a_t = f_i(x_t) in [0, 1]`` and the position gate
    ``r_i(t) = 0`` on ``S_i``, ``-1`` off it. Its Gibbs mean ``z~ = sum_t softmax(beta logits)_t a_t``
    satisfies, for ``beta >= 1``,

        z~ - min_{t in S_i} a_t  <=  (|S_i| - 1) / (e beta) + T e^(-beta).

    The first term: each of the other ``|S_i| - 1`` positions of ``S_i`` adds at most
    ``sup_b b e^(-beta b) = 1/(e beta)``; the second: a position outside ``S_i`` has weight at most
    ``e^(-beta)`` and value at most 1. This is the *upper* side only; see :func:`gibbs_bound_below`.
    """
    T = check_int("T", T)
    s = _check_subset(subset_size, T)
    beta = check_positive("beta", beta)
    if beta < 1:
        raise ValueError(f"beta must be >= 1 for the Gibbs-mean bound (App. A.2.1), got {beta!r}")
    return (s - 1) / (E * beta) + T * math.exp(-beta)


def gibbs_bound_below(subset_size: int, T: int, beta: float, z_min: float = 1.0, mask: float = 1.0) -> float:
    """How far the Gibbs mean can fall *below* ``min_{S_i} a_t`` (a correction to App. A.2.1).

    The paper states ``min_{S_i} a_t <= z~``. That holds when ``S_i = [T]``, but not in general:
    a position outside ``S_i`` with a small value ``a_t`` has logit ``-a_t - mask``, which can tie
    with the minimizer's ``-z_min`` when ``z_min`` is close to ``mask``. Each outside position
    pulls the mean down by at most ``u e^(-beta (mask - u))`` with ``u = z_min - a_t <= z_min``, so

        min_{S_i} a_t - z~  <=  (T - |S_i|) z_min e^(-beta (mask - z_min)).

    With features in ``[0, 1]`` and ``mask >= 2`` (or ``z_min`` bounded away from ``mask``) this is
    ``O(T e^(-beta))`` again. ``z_min = 1`` gives the worst case over all inputs.
    """
    T = check_int("T", T)
    s = _check_subset(subset_size, T)
    beta = check_positive("beta", beta)
    z_min = float(z_min)
    if not 0 <= z_min <= 1:
        raise ValueError(f"z_min must be in [0, 1] (features take values in [0, 1]), got {z_min!r}")
    mask = check_positive("mask", mask)
    return (T - s) * z_min * math.exp(-beta * (mask - z_min))


def gibbs_entropy_bound(T: int, beta: float) -> float:
    """A sharper upper bound on the same Gibbs-mean error: ``z~ - min_{S_i} a_t <= log(T) / beta``.

    Not in the paper (our addition, any ``beta > 0``). Give position ``t`` the energy
    ``e_t = a_t - a_* + mask [t not in S_i] >= a_t - a_*`` (``a_* = min_{S_i} a_t``), so the weights are
    the Gibbs distribution ``w`` of ``e`` and ``min_t e_t = 0``. Then
    ``beta E_w[e] = H(w) - log sum_t e^(-beta e_t) <= log T - 0``, and ``z~ - a_* <= E_w[e]``.
    One position at ``a_*`` and ``T - 1`` at ``a_* + log(T - 1)/beta`` reach ``log(T - 1)/(2 beta)``
    (:func:`gibbs_near_worst_case`), so the error really grows with ``T``, but like ``log T``, not ``T``.
    """
    T = check_int("T", T)
    beta = check_positive("beta", beta)
    return math.log(T) / beta


def gibbs_near_worst_case(T: int, beta: float, grid: int = 20001) -> float:
    """A near-worst Gibbs-mean error, **not** the supremum over all inputs: the largest error over
    *two-level* sequences only, one position at the minimum ``a_*`` and ``T - 1`` positions at
    ``a_* + u``, ``u in [0, 1]`` (maximized over ``u`` on a grid),
    ``max_u (T - 1) u e^(-beta u) / (1 + (T - 1) e^(-beta u))``.

    It is a lower bound on the true worst case (so an error target below it cannot be promised for
    every input) and at least ``log(T - 1)/(2 beta)`` for ``beta >= log(T - 1)``, against the upper bound
    ``log(T)/beta`` of :func:`gibbs_entropy_bound`: the supremum lies between the two."""
    T = check_int("T", T)
    beta = check_positive("beta", beta)
    u = torch.linspace(0, 1, check_int("grid", grid, 2), dtype=torch.float64)
    w = (T - 1) * torch.exp(-beta * u)
    return float((u * w / (1 + w)).max())


BOUNDS = ("paper", "entropy")


def beta_needed(T: int, eps: float, subset_size: int | None = None, bound: str = "paper") -> float:
    """The smallest ``beta`` at which a bound on the Gibbs-mean error drops to ``eps``.

    ``bound='paper'``: the smallest ``beta >= 1`` with ``gibbs_bound(subset_size, T, beta) <= eps``
    (bisection; ``subset_size`` defaults to ``T``). For ``T >> 1`` this is about
    ``(|S_i| - 1) / (e eps)``: the scale grows like ``T / eps`` (App. A.2.1).
    ``bound='entropy'``: ``log(T) / eps`` (:func:`gibbs_entropy_bound`), which is enough too.
    """
    T = check_int("T", T)
    s = T if subset_size is None else _check_subset(subset_size, T)
    eps = check_positive("eps", eps)
    if check_choice("bound", bound, BOUNDS) == "entropy":
        return math.log(T) / eps
    if gibbs_bound(s, T, 1.0) <= eps:
        return 1.0
    lo, hi = 1.0, 2.0
    while gibbs_bound(s, T, hi) > eps:
        lo, hi = hi, 2 * hi
        if hi > 1e15:
            raise ValueError(f"eps={eps!r} is too small for beta to reach in floating point")
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if gibbs_bound(s, T, mid) > eps:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-12 * hi:
            break
    return hi


def beta_paper(T: int, eps: float, lipschitz: float, D: int) -> float:
    """The paper's sufficient softmax scale (App. A.2.1):
    ``beta >= max{1, 4 C_T L0 D / eps, log(4 C_T L0 D / eps)}`` with ``C_T = max{T/e, T} = T``,
    ``L0 = sup |grad F0|_1``. It grows like ``T / eps``."""
    T = check_int("T", T)
    eps = check_positive("eps", eps)
    lipschitz = check_positive("lipschitz", lipschitz)
    D = check_int("D", D)
    a = 4 * T * lipschitz * D / eps
    return max(1.0, a, math.log(a))


# --------------------------------------------------------------------------- Thm 2(2), Cor 1


def lower_bound_exponent(T: int, s: int, n: int, D: int) -> float:
    """Theorem 2(2): with ``h = s < D`` heads of dimension ``n``, ``M = Omega(eps^-k)`` with

        k = (T/4 - s - D + 1) / ((n + 1) s + 1) - 1.

    The bound says something only when ``k > 0``; the value is returned either way.
    """
    T = check_int("T", T)
    D = check_int("D", D)
    s = check_int("s", s, 1)
    if s >= D:
        raise ValueError(f"s (the number of heads) must be < D = {D} for the lower bound, got {s!r}")
    n = check_int("n", n)
    return (T / 4 - s - D + 1) / ((n + 1) * s + 1) - 1


def corollary1_applies(D1: int, D2: int, T: int) -> bool:
    """Corollary 1's condition ``D1^2 + D2^2 <= T / 50`` under which two representations of one
    task (both meeting Assumptions 1-2) must have the same intrinsic dimension."""
    D1, D2, T = check_int("D1", D1), check_int("D2", D2), check_int("T", T)
    return D1 * D1 + D2 * D2 <= T / 50


def corollary1_margin(D1: int, D2: int, T: int) -> float:
    """The step of Corollary 1's proof (App. A.4) that needs long sequences: with ``D1 < D2``, Theorem 2(2)
    applied to the ``D2``-representation with ``s = D1`` heads of dimension ``n = 2`` gives the exponent
    ``k = (T/4 - D1 - D2 + 1) / (3 D1 + 1) - 1``, and the contradiction with Theorem 2(1)'s ``eps^-gamma``
    needs ``k > gamma``, where ``gamma <= max(D1, D2)``. Returns ``k - max(D1, D2)``: positive where the
    argument goes through."""
    D1, D2 = check_int("D1", D1), check_int("D2", D2)
    if D1 >= D2:
        raise ValueError(f"D1 must be smaller than D2, got D1 = {D1}, D2 = {D2}")
    return lower_bound_exponent(T, s=D1, n=2, D=D2) - max(D1, D2)


# --------------------------------------------------------------------------- Lemma 2 (Theorem 1)


def _check_sequences(x: torch.Tensor | Sequence[float], m: int) -> tuple[torch.Tensor, int]:
    x = torch.as_tensor(x, dtype=torch.float64)
    if x.dim() == 1:
        x = x.unsqueeze(0)
    if x.dim() != 2:
        raise ValueError(f"x must be a sequence (T,) or a batch of sequences (n, T), got shape {tuple(x.shape)}")
    T = x.shape[1]
    m = check_int("m", m, 1, T)
    count = math.comb(T, m)
    if count > MAX_SUBSETS:
        raise ValueError(f"C(T, m) = C({T}, {m}) = {count} subsets is too many to enumerate "
                         f"(at most {MAX_SUBSETS}); use a shorter sequence or a smaller m")
    return x, m


def max_of_subset_minima(x: torch.Tensor | Sequence[float], m: int) -> torch.Tensor:
    """Lemma 2: ``U = max_{|B| = m} min_{u in B} x_u``, by enumerating every ``m``-subset.

    This equals the ``m``-th largest value of ``x`` (compare :func:`kth_largest`): a subset's
    minimum is at most its ``m``-th largest element, and the ``m`` largest values reach it.
    ``x`` is ``(T,)`` or ``(n, T)``; the result has shape ``(n,)``.
    """
    x, m = _check_sequences(x, m)
    idx = torch.tensor(list(itertools.combinations(range(x.shape[1]), m)))
    return x[:, idx].min(dim=-1).values.max(dim=-1).values


def max_of_subset_minima_containing(x: torch.Tensor | Sequence[float], m: int, t: int) -> torch.Tensor:
    """Lemma 2: ``Y_t = max_{|A| = m, t in A} min_{u in A} x_u = min{x_t, v_m}`` (``v_m`` the
    ``m``-th largest value), by enumeration. Shape ``(n,)``."""
    x, m = _check_sequences(x, m)
    t = check_int("t", t, 0, x.shape[1] - 1)
    idx = torch.tensor([c for c in itertools.combinations(range(x.shape[1]), m) if t in c])
    return x[:, idx].min(dim=-1).values.max(dim=-1).values


def kth_largest(x: torch.Tensor | Sequence[float], k: int) -> torch.Tensor:
    """The ``k``-th largest value of each sequence, by sorting (the reference for Lemma 2)."""
    x = torch.as_tensor(x, dtype=torch.float64)
    if x.dim() == 1:
        x = x.unsqueeze(0)
    k = check_int("k", k, 1, x.shape[-1])
    return x.sort(dim=-1, descending=True).values[:, k - 1]


def subset_minima_count(T: int, d: int = 1, m: int | None = None) -> int:
    """How many retrieval features the density proof uses as primitives (App. A.1, main step):
    ``min_{t in S} x_j`` and ``min_{t in S} (1 - x_j)`` for every ``|S| = m`` (default ``T/4``) and
    coordinate ``j``, i.e. ``2 d C(T, m)``. This is the order of the ``D`` Theorem 1 produces."""
    T, d = check_int("T", T), check_int("d", d)
    m = max(1, T // 4) if m is None else check_int("m", m, 1, T)
    return 2 * d * math.comb(T, m)


# --------------------------------------------------------------------------- reversal score (Figs. 2d-e)


def reversal_score(err_by_T: Sequence[float] | torch.Tensor) -> float:
    """Weighted reversal score of Figs. 2d-e (Remark B.1.1):

        R(h) = (1 / w_h) sum_{T1 < T2} max(err(T1) - err(T2), 0),   w_h = max_T err - min_T err.

    ``err_by_T`` lists one head count's errors in order of increasing ``T``. ``R > 0`` means a
    longer sequence was sometimes *easier*, the signature of the ``h >= D`` regime. A flat
    curve (``w_h = 0``) scores 0.
    """
    err = [float(e) for e in err_by_T]
    if len(err) < 2:
        raise ValueError(f"err_by_T needs errors for at least 2 sequence lengths, got {len(err)}")
    if not all(math.isfinite(e) for e in err):
        raise ValueError(f"err_by_T must be finite, got {err}")
    w = max(err) - min(err)
    if w == 0:
        return 0.0
    total = sum(max(err[i] - err[j], 0.0) for i in range(len(err)) for j in range(i + 1, len(err)))
    return total / w
