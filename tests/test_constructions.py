"""The Theorem 2(1) construction: eq. (4) with explicit weights, errors within the bounds."""
import math

import pytest
import torch

import headcount as hc
from headcount import constructions as C
from headcount import theory as th


def test_weights_and_logits_are_the_papers():
    task = hc.smooth_task(12, D=3, d=2)
    m = C.theorem2_heads(task, beta=7.0)
    X, _ = task.sample(5, 1)
    tokens = m.embed(X)
    q = torch.einsum("e,hne->hn", m.c0, m.W_Q)
    assert torch.equal(q, torch.tensor([[1.0, 0.0]] * 3, dtype=torch.float64))
    logits = torch.einsum("hn,hne,bte->bht", q, m.W_K, tokens)
    expected = -task.feature_values(X).double() - (~task.subsets.T).double()
    assert torch.allclose(logits, expected.transpose(1, 2))
    s = m.param_summary()
    assert s["heads"] == 3 and s["embed_dim"] == 6
    assert s["gate_entries"] == int((~task.subsets).sum())


def test_attention_entries_do_not_grow_with_T():
    counts = {C.theorem2_heads(hc.max_min_task(T), 10.0).param_summary()["attention_entries"] for T in (8, 64, 512)}
    assert len(counts) == 1
    assert C.theorem2_heads(hc.max_min_task(64), 10.0).param_summary()["gate_entries"] == 0


@pytest.mark.parametrize("family", ["max_min", "smooth"])
def test_error_within_bounds(family):
    for T in (8, 32):
        for beta in (1.0, 10.0, 300.0):
            e = C.construction_error(hc.make_task(family, T), beta, n=300)
            assert e.within_bound, e
            assert e.above <= e.bound and e.above <= e.entropy_bound


def test_paper_bound_two_sided_on_max_min_and_with_deeper_mask():
    e = C.construction_error(hc.max_min_task(16), 50.0, n=500)
    assert e.below <= 1e-12 and e.feature <= e.bound
    e2 = C.construction_error(hc.smooth_task(8), 20.0, n=500, mask=2.0)
    assert e2.feature <= e2.bound


def test_gate_tie_counterexample():
    z, zt = C.gate_tie_example(T=8, beta=20.0)
    assert z - zt > th.gibbs_bound(4, 8, 20.0)        # the paper's lower side fails with mask 1
    assert z - zt <= th.gibbs_bound_below(4, 8, 20.0, z_min=z) + 1e-9
    z2, zt2 = C.gate_tie_example(T=8, beta=20.0, mask=2.0)
    assert abs(z2 - zt2) <= th.gibbs_bound(4, 8, 20.0)


def test_error_shrinks_with_beta_and_output_is_lipschitz():
    rows = C.construction_sweep("max_min", [16], [2.0, 20.0, 200.0], n=300)
    errs = [r.feature for r in rows]
    assert errs[0] > errs[1] > errs[2]
    for r in rows:  # F0(z) = z1 + 1 - z2 has |grad|_1 = 2
        assert r.output <= 2 * r.feature + 1e-12


def test_forward_matches_exact_target_for_huge_beta():
    task = hc.max_min_task(8)
    X, y = task.sample(50, 3)
    m = C.theorem2_heads(task, 1e6)
    assert torch.allclose(m(X), y.double(), atol=1e-4)
    w = m.attention(X)
    assert w.shape == (50, 2, 8) and torch.allclose(w.sum(-1), torch.ones(50, 2, dtype=torch.float64))


def test_validation():
    with pytest.raises(ValueError, match="beta"):
        C.theorem2_heads(hc.max_min_task(8), -1.0)
    with pytest.raises(ValueError, match="task must be a RetrievalTask"):
        C.theorem2_heads("max_min", 1.0)
    assert math.isinf(C.construction_error(hc.max_min_task(8), 0.5, n=10).bound)
