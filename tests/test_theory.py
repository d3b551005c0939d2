"""headcount.theory: each formula against its definition or a brute-force check."""
import math

import pytest
import torch

from headcount import theory as th


def test_gibbs_bound_formula_and_validation():
    assert th.gibbs_bound(4, 8, 2.0) == pytest.approx(3 / (math.e * 2) + 8 * math.exp(-2))
    with pytest.raises(ValueError, match="beta must be >= 1"):
        th.gibbs_bound(4, 8, 0.5)
    with pytest.raises(ValueError, match="subset_size"):
        th.gibbs_bound(9, 8, 2.0)
    with pytest.raises(ValueError, match="T must be"):
        th.gibbs_bound(1, 0, 2.0)


@pytest.mark.parametrize("T", [2, 8, 64])
def test_gibbs_bounds_hold_for_random_energies(T):
    # The Gibbs mean of values a with logits -a (S = [T]) is within both bounds of min a.
    g = torch.Generator().manual_seed(T)
    for beta in [1.0, 5.0, 50.0]:
        a = torch.rand(2000, T, generator=g, dtype=torch.float64) ** 3
        w = torch.softmax(-beta * a, dim=1)
        err = (w * a).sum(1) - a.min(1).values
        assert float(err.min()) >= -1e-12
        assert float(err.max()) <= th.gibbs_bound(T, T, beta)
        assert float(err.max()) <= th.gibbs_entropy_bound(T, beta)


def test_near_worst_case_sits_between_half_and_full_entropy_bound():
    for T in [8, 128]:
        for beta in [10.0, 100.0]:
            wc = th.gibbs_near_worst_case(T, beta)
            assert math.log(T - 1) / (2 * beta) * 0.99 <= wc <= th.gibbs_entropy_bound(T, beta)


def test_gibbs_bound_below():
    assert th.gibbs_bound_below(8, 8, 10.0) == 0.0          # S = [T]: no position can pull below
    assert th.gibbs_bound_below(4, 8, 10.0, z_min=1.0) == pytest.approx(4.0)
    assert th.gibbs_bound_below(4, 8, 10.0, z_min=1.0, mask=2.0) <= 8 * math.exp(-10)
    with pytest.raises(ValueError, match="z_min"):
        th.gibbs_bound_below(4, 8, 10.0, z_min=1.5)


def test_beta_needed():
    for T, eps in [(8, 0.1), (128, 0.01)]:
        b = th.beta_needed(T, eps)
        assert th.gibbs_bound(T, T, b) <= eps < th.gibbs_bound(T, T, b * 0.999)
    assert th.beta_needed(4, 100.0) == 1.0
    assert th.beta_needed(128, 0.01, bound="entropy") == pytest.approx(math.log(128) / 0.01)
    # grows like T / eps
    assert th.beta_needed(1024, 0.01) / th.beta_needed(512, 0.01) == pytest.approx(2, rel=0.01)
    with pytest.raises(ValueError, match="bound must be one of"):
        th.beta_needed(8, 0.1, bound="other")
    assert th.beta_paper(8, 0.1, 2.0, 2) == pytest.approx(4 * 8 * 2 * 2 / 0.1)


def test_lower_bound_exponent():
    assert th.lower_bound_exponent(128, 3, 8, 4) == pytest.approx((32 - 3 - 4 + 1) / (9 * 3 + 1) - 1)
    with pytest.raises(ValueError, match="s .* must be < D"):
        th.lower_bound_exponent(128, 4, 8, 4)
    assert th.corollary1_applies(1, 2, 250) and not th.corollary1_applies(1, 2, 249)


def test_lemma2_against_sorting():
    g = torch.Generator().manual_seed(0)
    x = torch.rand(50, 8, generator=g, dtype=torch.float64)
    for m in [1, 2, 5, 8]:
        assert torch.equal(th.max_of_subset_minima(x, m), th.kth_largest(x, m))
    v2 = th.kth_largest(x, 2)
    for t in range(8):
        assert torch.equal(th.max_of_subset_minima_containing(x, 2, t), torch.minimum(x[:, t], v2))
    assert th.subset_minima_count(8, 1) == 2 * math.comb(8, 2)
    with pytest.raises(ValueError, match="too many"):
        th.max_of_subset_minima(torch.rand(40), 10)
    with pytest.raises(ValueError, match="m must be"):
        th.max_of_subset_minima(torch.rand(4), 5)


def test_reversal_score():
    assert th.reversal_score([1, 2, 3]) == 0.0                    # error grows with T
    assert th.reversal_score([3, 2, 1]) == pytest.approx((1 + 2 + 1) / 2)
    assert th.reversal_score([1, 1]) == 0.0
    with pytest.raises(ValueError, match="at least 2"):
        th.reversal_score([1])
