"""Theorem 2(2)'s exponent helpers, the near-collision search, Lemma 4, scaling fits."""
import math

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

import headcount as hc  # noqa: E402
from headcount.experiments import bottleneck as B  # noqa: E402
from headcount.experiments.scaling import fit_by_group, fit_loglog, width_needed  # noqa: E402
from headcount.theory import lower_bound_exponent  # noqa: E402


@pytest.mark.parametrize("s,n,D", [(1, 2, 2), (3, 8, 4), (2, 1, 5)])
def test_informative_T_is_the_first_positive_k(s, n, D):
    T = B.informative_T(s, n, D)
    assert lower_bound_exponent(T, s, n, D) > 0 >= lower_bound_exponent(T - 1, s, n, D)
    assert T == 4 * ((n + 2) * s + D) + 1
    assert B.exponent_grid([T - 1, T], s, n, D)[1] > 0
    with pytest.raises(ValueError, match="s"):
        B.informative_T(D, n, D)


def _trained(heads, steps=150):
    task = hc.max_min_task(8)
    split = task.split(600, 200, seed=0)
    model = hc.build_model(hc.ModelConfig(d=1, T=8, heads=heads, head_dim=4, width=16), seed=0)
    hc.train(model, split, hc.TrainConfig(steps=steps, batch_size=64, eval_every=steps, warmup=10))
    return model, task


def test_near_collisions_are_consistent():
    hc.configure_threads(1)
    model, task = _trained(1)
    found = B.near_collisions(model, task, n=300, min_gap=0.2, variants=2, top=3, seed=0)
    assert 1 <= len(found) <= 3
    best = found[0]
    assert best.gap >= 0.2 and best.distance > 0
    assert [f.slope for f in found] == sorted((f.slope for f in found), reverse=True)
    # the certified error really bounds the model's error on the pair
    assert best.actual_error >= best.certified_error - 1e-6
    u = B.ffn_inputs(model, torch.stack([best.X1, best.X2]))
    assert float((u[0] - u[1]).norm()) == pytest.approx(best.distance, rel=1e-5)
    # the FFN's Lipschitz bound holds on the pair
    assert abs(best.pred1 - best.pred2) <= best.lipschitz * best.distance * (1 + 1e-5)
    assert best.certifies(best.gap / 3) == (best.certified_error > 0)
    looks = B.attended_positions(model, torch.stack([best.X1, best.X2]), top=3)
    weights = model.attention(torch.stack([best.X1, best.X2]))[:, 0]
    assert [len(p) for p in looks] == [3, 3] and looks[0][0] == int(weights[0].argmax()) + 1
    with pytest.raises(ValueError, match="top"):
        B.attended_positions(model, best.X1[None], top=9)
    with pytest.raises(ValueError, match="does not match"):
        B.near_collisions(model, hc.max_min_task(4))
    with pytest.raises(ValueError, match="min_gap"):
        B.near_collisions(model, task, min_gap=0)


def test_gelu_lipschitz():
    x = torch.linspace(-6, 6, 20001, dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(torch.nn.functional.gelu(x).sum(), x)
    assert B.gelu_lipschitz() == pytest.approx(float(g.abs().max()), rel=1e-6)


@pytest.mark.parametrize("p", [4, 64])
def test_lemma4_bounds(p):
    n = 8
    net = B.bounded_two_layer_net(n, p, seed=p)
    for prm in net.parameters():
        assert prm.abs().max() <= 1
    bound = B.two_layer_slope_bound(net[0].weight, net[2].weight)
    slope = B.empirical_slope(net, samples=500)
    assert slope <= bound + 1e-9 <= p * math.sqrt(n) + 1e-9
    # a jump B over a distance A needs width >= B / (A sqrt n): here A = 0.01 gives the net's own width bound
    assert B.lemma4_min_width(0.01, slope * 0.01, n) <= p
    with pytest.raises(ValueError, match="A"):
        B.lemma4_min_width(0, 1, 2)
    with pytest.raises(ValueError, match="activation"):
        B.bounded_two_layer_net(2, 2, activation="gelu2")


def test_fit_loglog_recovers_a_power_law():
    x = np.array([8, 16, 32, 64, 128])
    fit = fit_loglog(x, 3.0 * x**-1.5)
    assert fit.slope == pytest.approx(-1.5) and fit.r2 == pytest.approx(1.0)
    assert fit.x_for(3.0 * 32**-1.5) == pytest.approx(32)
    assert float(fit.predict(16)) == pytest.approx(3.0 * 16**-1.5)
    flat = fit_loglog([1, 2], [1.0, 2.0])
    assert flat.x_for(0.5) == math.inf
    with pytest.raises(ValueError, match="distinct"):
        fit_loglog([2, 2], [1, 1])
    with pytest.raises(ValueError, match="> 0"):
        fit_loglog([1, 2], [0, 1])


def test_fit_by_group_takes_min_over_seeds():
    rows = []
    for T, c in ((8, 1.0), (32, 4.0)):
        for N in (8, 16, 32):
            for seed, noise in ((0, 1.0), (1, 3.0)):
                rows.append({"heads": 2, "T": T, "width": N, "seed": seed, "val_nmse": noise * c * N**-1.0})
    fits = fit_by_group(rows)
    assert set(fits) == {(2, 8), (2, 32)}
    assert fits[(2, 8)].slope == pytest.approx(-1.0)
    need = width_needed(fits, 0.05)
    assert need[(2, 32)] == pytest.approx(4 * need[(2, 8)])
    with pytest.raises(ValueError, match="reduce"):
        fit_by_group(rows, reduce="median")


def test_width_label_reads_each_kind_of_line():
    from headcount.experiments.scaling import LogLogFit, width_label

    widths = [8, 16, 32, 64, 128]
    line = lambda slope, at8: LogLogFit(slope, math.log(at8) - slope * math.log(8), 1.0, 5, 8, 128)  # noqa: E731
    assert width_label(line(-0.5, 0.1), 0.05, widths) == "32.0"
    assert width_label(line(-0.5, 0.04), 0.05, widths) == "narrowest (8) suffices"
    assert width_label(line(0.3, 0.1), 0.05, widths) == "never (line does not fall)"
    assert width_label(line(0.3, 0.04), 0.05, widths).startswith("narrowest (8) suffices; line rises")
    assert "extrapolated" in width_label(line(-0.04, 0.1), 0.05, widths)
