"""Every layer's attention (``HeadCountTransformer.trace``) and the per-layer probes of Conjecture 1's mechanism."""
import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
import torch  # noqa: E402

import headcount as hc  # noqa: E402
from headcount.diagnostics import (  # noqa: E402
    head_feature_attention,
    layer_feature_attention,
    layer_probe,
    linear_probe_r2,
)
from headcount.model import LayerTrace  # noqa: E402
from headcount.ui import depth_plots  # noqa: E402


def reference_forward(model: hc.HeadCountTransformer, X: torch.Tensor) -> tuple[torch.Tensor, list]:
    """The depth-L forward pass written out by hand: blocks (self-attention over tokens and class token,
    residual, token-wise MLP, no LayerNorm), then eq. (4) from the class token."""
    c = model.config
    x = torch.cat([model.encoder(X), model.c0.expand(X.shape[0], 1, -1)], dim=1)
    weights = []
    for block in model.blocks:
        q, k, v = (torch.einsum("bte,hne->bhtn", x, block.W_QKV[i]) for i in range(3))
        w = torch.softmax(c.scale * q @ k.transpose(-1, -2), dim=-1)
        weights.append(w)
        x = x + (w @ v).transpose(1, 2).flatten(2) @ block.W_O.T
        x = x + block.mlp(x)
    tokens, cls = x[:, :-1], x[:, -1]
    logits = torch.einsum("bhn,bhtn->bht", torch.einsum("be,hne->bhn", cls, model.W_Q),
                          torch.einsum("bte,hne->bhtn", tokens, model.W_K))
    w = torch.softmax(c.scale * logits, dim=-1)
    weights.append(w)
    heads = torch.einsum("bht,bhtn->bhn", w, torch.einsum("bte,hne->bhtn", tokens, model.W_V))
    return model.ffn(cls + heads.flatten(1) @ model.W_O.T).squeeze(-1), weights


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_trace_matches_a_hand_written_forward(depth):
    model = hc.build_model(hc.ModelConfig(d=3, T=5, heads=2, head_dim=3, width=6, depth=depth), seed=2).double()
    X = torch.randn(4, 5, 3, dtype=torch.float64)
    tr = model.trace(X)
    ref, ref_weights = reference_forward(model, X)
    assert isinstance(tr, LayerTrace) and tr.depth == depth
    with torch.no_grad():
        assert torch.allclose(model(X), ref, atol=1e-10)
    assert torch.allclose(tr.prediction, ref, atol=1e-10)
    for got, want in zip(tr.attention, ref_weights):
        assert torch.allclose(got, want, atol=1e-10)
    assert torch.allclose(tr.attention[-1], model.attention(X))
    assert [tuple(w.shape) for w in tr.attention] == [(4, 2, 6, 6)] * (depth - 1) + [(4, 2, 5)]
    assert all(torch.allclose(w.sum(-1), torch.ones_like(w.sum(-1))) for w in tr.attention)
    assert [tuple(s.shape) for s in tr.states] == [(4, 6, 6)] * depth
    with torch.no_grad():
        assert torch.allclose(tr.states[0][:, :-1], model.embed(X))
        assert torch.allclose(tr.states[0][:, -1], model.c0.expand(4, -1))
        if depth > 1:
            assert torch.allclose(tr.states[1], model.blocks[0](tr.states[0]))
    assert tr.readout.shape == (4, 6) and not tr.prediction.requires_grad


def test_trace_leaves_training_unchanged():
    cfg = hc.ModelConfig(d=2, T=4, heads=1, head_dim=4, width=5, depth=2)
    a, b = hc.build_model(cfg, seed=0), hc.build_model(cfg, seed=0)
    X = torch.randn(8, 4, 2)
    a.trace(X)
    la, lb = a(X).square().mean(), b(X).square().mean()
    la.backward()
    lb.backward()
    for pa, pb in zip(a.parameters(), b.parameters()):
        assert torch.equal(pa.grad, pb.grad)


def test_linear_probe_r2_known_answers():
    g = torch.Generator().manual_seed(0)
    x = torch.randn(400, 5, generator=g)
    y = torch.stack([x @ torch.tensor([1.0, -2, 0, 0, 3]) + 0.5, torch.randn(400, generator=g)], dim=1)
    r2 = linear_probe_r2(x[:200], y[:200], x[200:], y[200:], ridge=0.0)
    assert r2[0] > 0.999999 and abs(float(r2[1])) < 0.1
    const = torch.ones(400, 3)
    assert float(linear_probe_r2(const[:200], y[:200, 0], const[200:], y[200:, 0]).max()) <= 1e-12
    # the ridge-free probe is ordinary least squares: compare with torch.linalg.lstsq on [1, x]
    A = torch.cat([torch.ones(200, 1), x[:200]], 1).double()
    w = torch.linalg.lstsq(A, y[:200].double()).solution
    pred = torch.cat([torch.ones(200, 1), x[200:]], 1).double() @ w
    ref = 1 - ((y[200:] - pred) ** 2).sum(0) / ((y[200:] - y[200:].mean(0)) ** 2).sum(0)
    assert torch.allclose(r2, ref, atol=1e-8)
    with pytest.raises(ValueError, match="same k"):
        linear_probe_r2(x[:10], y[:10], x[:10, :3], y[:10])


class Gatherer(torch.nn.Module):
    """A fake depth-2 model whose class token holds z_1 after layer 1 and every z_i after layer 2, and whose
    heads attend one-hot to chosen features' retrieved positions (layer 1: f1; layer 2: f2 and nothing)."""

    def __init__(self, task):
        super().__init__()
        self.task = task
        self.p = torch.nn.Parameter(torch.zeros(1))

    def trace(self, X):
        z, pos = self.task.retrieve(X)
        B, T, D = X.shape[0], self.task.T, self.task.D
        E = D + 1
        c0 = torch.zeros(B, 1, E)
        noise = torch.randn(B, T, E, generator=torch.Generator().manual_seed(1))
        s0 = torch.cat([noise, c0], 1)
        s1 = s0.clone()
        s1[:, -1, 0] = z[:, 0]
        readout = torch.cat([z, torch.zeros(B, 1)], 1)
        hot = lambda i: torch.nn.functional.one_hot(pos[:, i], T).float()  # noqa: E731
        w1 = torch.zeros(B, 1, T + 1, T + 1)
        w1[:, 0, :, :T] = hot(0).unsqueeze(1)
        w2 = torch.stack([hot(1), torch.full((B, T), 1 / T)], 1)
        return LayerTrace(states=(s0, s1), attention=(w1.expand(-1, 2, -1, -1), w2), readout=readout,
                          prediction=z.sum(1))


def test_layer_probe_and_attention_see_what_each_layer_gathered():
    task = hc.synthetic_task(16, D=3, d=3)
    model = Gatherer(task)
    cls = layer_probe(model, task, n=400)
    assert cls.carried() == (0, 1, 3)
    assert cls.r2.shape == (3, 3) and float(cls.r2[0].max()) <= 1e-9 and float(cls.r2[1, 0]) > 0.999
    assert "class token after layer 2 (FFN input)" in cls.labels[-1] and "carried" in cls.summary()
    tok = layer_probe(model, task, n=400, site="tokens")
    assert tok.r2.shape == (2, 3) and tok.carried() == (0, 0)
    reports = layer_feature_attention(model, task, n=300)
    assert [r.assignment for r in reports] == [(0, 0), (1, None)]
    with pytest.raises(ValueError, match="site"):
        layer_probe(model, task, site="both")


def test_trained_depth_one_probe_agrees_with_head_feature_attention():
    task = hc.synthetic_task(8, D=2, d=2)
    model = hc.build_model(hc.ModelConfig(d=2, T=8, heads=2, head_dim=4, width=8), seed=0)
    last = layer_feature_attention(model, task, n=200)[-1]
    assert torch.allclose(last.mass, head_feature_attention(model, task, n=200).mass)
    assert layer_probe(model, task, n=200).r2.shape == (2, 2)


def test_depth_plots_draw():
    task = hc.synthetic_task(8, D=2, d=2)
    model = hc.build_model(hc.ModelConfig(d=2, T=8, heads=2, head_dim=4, width=8, depth=2), seed=0)
    X, _ = task.sample(64, 3)
    tr = model.trace(X)
    probe = layer_probe(model, task, n=200)
    figs = [depth_plots.mechanism_figure(layer_feature_attention(model, task, n=100), probe),
            depth_plots.layer_attention_maps(tr, task.retrieve(X)[1]),
            depth_plots.probe_figure(probe),
            depth_plots.mechanism_figure(layer_feature_attention(model, task, n=100), probe,
                                         layer_probe(model, task, n=200, site="tokens")),
            depth_plots.lxh_heatmaps({2: {1: {1: 0.1, 2: 1e-3}, 2: {1: 2e-3}}, 4: {1: {1: 0.2}, 2: {3: 1e-4}}})]
    for fig in figs:
        assert fig.axes
    with pytest.raises(ValueError, match="rows after c0"):
        depth_plots.mechanism_figure(layer_feature_attention(model, task, n=100)[:1], probe)


def test_live_depth_slice_trains_every_cell_and_rejects_bad_settings():
    from headcount.ui.depth_slice import DepthSliceSettings, LiveDepthSlice, depth_slice_panel

    c = LiveDepthSlice(DepthSliceSettings(D=2, d=2, T=4, L_max=2, h_max=2, steps=4, n_train=64, n_val=32))
    seen = []
    c.on_update = lambda ctrl: seen.append(ctrl.status)
    assert c.run() and c.ok and seen
    assert {L: sorted(row) for L, row in c.grid().items()} == {1: [1, 2], 2: [1, 2]}
    assert c.grid("median").keys() == c.grid().keys()
    assert c.member(2, 1).config.depth == 2
    assert c.figure().axes
    assert not c.configure(L_min=3, L_max=2) and "L range is empty" in c.status
    assert not c.configure(D=5, d=1, family="max_min") and not c.ok
    with pytest.raises(ValueError, match="invalid DepthSliceSettings"):
        LiveDepthSlice(DepthSliceSettings(h_min=0))
    c.configure(steps=2000)
    c.start()
    c.stop()
    c.join(60)
    assert not c.running
    panel = depth_slice_panel(LiveDepthSlice(DepthSliceSettings(D=2, d=2, T=4, steps=2)))
    assert panel.controller.settings.D == 2


def test_conjecture_rules_and_map_views():
    from headcount.experiments import conjecture as cj
    from headcount.experiments.depth import depth_grid

    assert [cj.min_heads(D, L) for D, L in ((4, 1), (4, 2), (3, 2), (6, 4), (5, 2))] == [4, 2, 2, 2, 3]
    rows = [{"D": 3, "depth": L, "heads": h, "seed": s, "val_nmse": v * (1 + s)}
            for (L, h), v in {(1, 1): 0.1, (1, 2): 0.05, (1, 3): 1e-3, (2, 1): 2e-3, (2, 2): 1e-3}.items()
            for s in (0, 1)]
    rows.append({"D": 3, "depth": 2, "heads": 1, "seed": 2, "val_nmse": 0.5})   # a stuck seed
    grid = depth_grid(rows, 3)
    assert grid[2][1] == 2e-3
    assert cj.surprises(grid, 3) == [(2, 1)] and cj.surprises(grid, 3, factor=1.5) == []
    assert cj.solved(grid, 10) == {(1, 3), (2, 1), (2, 2)}
    rep = cj.rule_report(grid, 3)
    assert rep["L h >= D (Conjecture 1)"]["wrong"] == [(2, 1, False)]
    assert rep["L >= 2 or h >= D (one more layer solves everything)"]["agree"] == 5
    assert [r["agree"] for r in rep.values()] == [4, 3, 5, 4, 5]
    assert cj.seed_spread(rows, 3)[2][1] == pytest.approx(250.0)
    with pytest.raises(ValueError, match="non-empty"):
        cj.solved({})


def test_width_needed_by_T_interpolates_measured_widths():
    from headcount.experiments import conjecture as cj

    err = {8: {8: 0.1, 16: 0.01, 32: 0.001}, 16: {8: 0.1, 16: 0.1, 32: 0.01}, 32: {8: 0.1, 16: 0.1, 32: 0.1}}
    rows = [{"depth": 2, "heads": 1, "T": T, "width": w, "seed": s, "val_nmse": v * (1 + s)}
            for T, row in err.items() for w, v in row.items() for s in (0, 1)]
    rows += [{"heads": 4, "T": T, "width": w, "seed": 0, "val_nmse": 1e-4} for T in (8, 16) for w in (8, 16)]
    need = cj.width_needed_by_T(rows, 0.01)
    assert need[(2, 1)][8] == pytest.approx(16.0) and need[(2, 1)][16] == pytest.approx(32.0)
    assert need[(2, 1)][32] == float("inf") and need[(1, 4)] == {8: 8.0, 16: 8.0}
    assert cj.width_needed_by_T(rows, 10 ** -1.5)[(2, 1)][8] == pytest.approx(8 * 2 ** 0.5)
    assert cj.width_needed_by_T(rows, 0.01, reduce="median")[(2, 1)][8] > 16


def test_map_claims_fail_on_mutated_maps():
    """Notebook 07's checks on the committed L x h map hold, and fail when the map is changed where they look."""
    from headcount.experiments import conjecture as cj
    from headcount.experiments import depth

    try:
        rows = depth.load_depth("depth_map")
    except FileNotFoundError:
        pytest.skip("data/results/depth_map.csv is not committed yet")
    maps = {D: depth.depth_grid(rows, D) for D in depth.MAP_D}

    def holds(m):
        best = {D: min(v for row in g.values() for v in row.values()) for D, g in m.items()}
        agree = {D: [r["agree"] for r in cj.rule_report(g, D).values()] for D, g in m.items()}
        return (all(depth.product_jumps(m[D], D)[1] >= 10 for D in (2, 3, 4))
                and (2, 1) in cj.surprises(m[3], 3, 3.0) and (3, 1) in cj.surprises(m[4], 4, 3.0)
                and m[4][2][1] > 10 * best[4] and all(a[-1] >= a[0] for a in agree.values()))

    assert holds(maps)
    for D, L, h, factor in ((3, 2, 1, 100.0), (4, 3, 1, 100.0), (4, 2, 1, 1e-2), (3, 1, 2, 1e-2)):
        mutated = {k: {LL: dict(row) for LL, row in g.items()} for k, g in maps.items()}
        mutated[D][L][h] *= factor
        assert not holds(mutated), (D, L, h)
