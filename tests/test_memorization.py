"""Lemma 9's max network, the Theorem 2(3) construction and the parameter accounting."""
import math

import pytest
import torch

import headcount as hc
from headcount.experiments import memorization as mem


@pytest.mark.parametrize("T", [1, 2, 5, 16])
@pytest.mark.parametrize("eps", [0.5, 0.1, 0.013])
def test_lemma9_error_within_bound_and_sharp(T, eps):
    n = mem.lemma9_n(eps)
    assert 1 / n <= eps + 1e-12
    err = mem.lemma9_error(T, eps, samples=2000, seed=T)
    sharp = mem.lemma9_sharp_bound(T, n)
    assert err <= sharp + 1e-12 <= 1 / n + 1e-12
    if T > 1:  # the adversarial half gets close to the sharp bound
        assert err >= 0.9 * sharp
    assert mem.lemma9_error(T, eps, samples=500, kind="min") <= sharp + 1e-12


def test_lemma9_network_is_written_as_in_the_paper():
    T, n = 3, 4
    net = mem.MaxNet(T, n)
    x = torch.tensor([[0.1, 0.8, 0.3]], dtype=torch.float64)
    h1 = torch.relu(x.repeat_interleave(n, dim=1) - (torch.arange(n) / n).repeat(T))
    s = h1.view(T, n).sum(0)
    expected = (torch.relu(s) - torch.relu(s - 1 / n)).sum()
    assert torch.allclose(net(x), expected.reshape(1))
    assert net.widths() == (T * n, 2 * n) and max(net.widths()) <= 2 * T * n
    w = mem.lemma9_widths(T, 1 / n)
    assert w["nonzero_params"] == net.nonzero_params() and w["dense_params"] == net.dense_params()
    # never below the max (our sharpening), exact for T = 1
    xs = torch.rand(200, T, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    assert (net(xs) >= xs.max(1).values - 1e-12).all()
    one = mem.MaxNet(1, 7)
    assert torch.allclose(one(xs[:, :1]), xs[:, 0])


def test_lemma9_width_grows_with_T_and_inverse_eps():
    a, b, c = mem.lemma9_widths(8, 0.1), mem.lemma9_widths(16, 0.1), mem.lemma9_widths(8, 0.05)
    assert b["width1"] == 2 * a["width1"] and c["width1"] == 2 * a["width1"]


def test_lemma9_rejects_bad_input():
    with pytest.raises(ValueError, match="eps"):
        mem.lemma9_n(0)
    with pytest.raises(ValueError, match="T"):
        mem.lemma9_max_net(0, 0.1)
    with pytest.raises(ValueError, match="kind"):
        mem.MaxNet(3, 3, kind="median")
    with pytest.raises(ValueError, match="shape"):
        mem.MaxNet(3, 3)(torch.zeros(2, 4))


@pytest.mark.parametrize("task", [hc.max_min_task(8), hc.smooth_task(12, D=3, d=2)])
def test_theorem2_3_construction(task):
    r = mem.memorization_error(task, eps=0.05, samples=300, seed=1)
    assert r.attention_max_dev == 0.0          # c0 = 0: uniform attention
    assert r.readout < 1e-12                    # the head output stores the whole sequence
    assert r.within_bound and r.feature <= 1 / r.n + 1e-12 and r.output <= r.lipschitz / r.n + 1e-9
    model = mem.theorem2_memorize(task, 0.05)
    assert model.embed_dim == task.T * task.d
    X, _ = task.sample(2, 0)
    tokens = model.embed(X)
    t = 3
    block = tokens[0, t].view(task.T, task.d)
    assert torch.equal(block[t], X[0, t].double()) and block.abs().sum() == X[0, t].double().abs().sum()


def test_theorem2_3_error_shrinks_with_eps():
    task = hc.max_min_task(6)
    coarse = mem.memorization_error(task, 0.2, samples=300).output
    fine = mem.memorization_error(task, 0.01, samples=300).output
    assert fine < coarse and fine <= 2 * 0.01


def test_theorem2_3_rejects_features_outside_unit_interval():
    with pytest.raises(ValueError, match="features in"):
        mem.memorization_error(hc.synthetic_task(4), 0.1, samples=10)


def test_outer_lipschitz():
    assert mem.outer_lipschitz(hc.max_min_task(4)) == pytest.approx(2.0)
    assert mem.outer_lipschitz(hc.smooth_task(4, D=2, d=1)) == pytest.approx(2.0, rel=1e-6)


def test_accounting_exponents():
    rows = {eps: mem.memorization_accounting(16, 4, 4, eps, gamma=2.0) for eps in (0.02, 0.01)}
    # h = D: M ~ eps^-gamma, so halving eps multiplies M by ~2^gamma = 4, independent of T
    ratio_heads = rows[0.01]["heads"]["M"] / rows[0.02]["heads"]["M"]
    ratio_dense = rows[0.01]["memorize"]["M_dense"] / rows[0.02]["memorize"]["M_dense"]
    assert ratio_heads == pytest.approx(4, rel=0.01)
    assert ratio_dense == pytest.approx(8, rel=0.05)            # eps^-(1 + gamma)
    assert rows[0.01]["memorize"]["E"] == 64 and rows[0.01]["heads"]["E"] == 8
    longer = mem.memorization_accounting(32, 4, 4, 0.01)
    assert longer["heads"]["M"] == rows[0.01]["heads"]["M"]     # no T in the h = D route
    assert longer["memorize"]["M"] > rows[0.01]["memorize"]["M"]
    with pytest.raises(ValueError, match="gamma"):
        mem.memorization_accounting(4, 1, 2, 0.1, gamma=0)
    assert math.isfinite(rows[0.01]["memorize"]["M"])


def test_lemma8_composes_the_max_min_ffn_into_five_layers():
    for T, eps in ((4, 0.1), (16, 0.05)):
        task = hc.max_min_task(T)
        X, _ = task.sample(300, 1)
        model = mem.theorem2_memorize(task, eps)
        head, _ = model.attend(X)
        ffn = mem.max_min_ffn(T, eps)
        linear = [m for m in ffn if isinstance(m, torch.nn.Linear)]
        assert len(linear) == 5                                        # 2 + 3 + 2 layers, two junctions merged
        assert torch.allclose(ffn(head).squeeze(-1), model(X), atol=1e-12)
        n = mem.lemma9_n(eps)
        assert int((linear[1].weight != 0).sum()) == 2 * T * n         # T D n W with D = 2, W = 1
        acc = mem.memorization_accounting(T, 1, 2, eps, gamma=1.0, C=eps)   # W = 1
        assert sum(p.numel() for p in ffn.parameters()) == acc["memorize"]["M_dense"]
        assert sum(int((p != 0).sum()) for p in ffn.parameters()) <= acc["memorize"]["M_composed"]


def test_lemma8_compose_merges_affine_junctions_and_checks_its_input():
    torch.manual_seed(0)
    a = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.ReLU(), torch.nn.Linear(5, 4))
    b = torch.nn.Sequential(torch.nn.Linear(4, 6), torch.nn.ReLU(), torch.nn.Linear(6, 2))
    x = torch.randn(10, 3)
    ab = mem.lemma8_compose(a, b)
    assert len(ab) == 5 and torch.allclose(ab(x), b(a(x)), atol=1e-6)
    with pytest.raises(ValueError, match="nn.Linear"):
        mem.lemma8_compose(a, torch.nn.Sequential(torch.nn.ReLU()))
    for kind in ("max", "min"):
        net = mem.MaxNet(5, 7, kind=kind)
        xs = torch.rand(50, 5, dtype=torch.float64)
        assert torch.allclose(net.as_sequential()(xs).squeeze(-1), net(xs), atol=1e-12)
