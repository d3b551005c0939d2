"""The model against an independent, loop-by-loop reading of eq. (4), and its parameter counts."""
import math

import pytest
import torch

import headcount as hc


def reference_eq4(model: hc.HeadCountTransformer, X: torch.Tensor) -> torch.Tensor:
    """eq. (4) with explicit loops over sequences, heads and positions (depth 1)."""
    c = model.config
    out = []
    for x in X:
        tokens = [model.encoder(x[t]) + (model.position[t] if model.position is not None else 0)
                  for t in range(c.T)]
        heads = []
        for i in range(c.heads):
            q = model.W_Q[i] @ model.c0
            logits = torch.stack([q @ (model.W_K[i] @ tok) for tok in tokens])
            w = torch.exp(c.scale * logits)
            w = w / w.sum()
            heads.append(sum(w[t] * (model.W_V[i] @ tokens[t]) for t in range(c.T)))
        out.append(model.ffn(model.c0 + model.W_O @ torch.cat(heads)))
    return torch.stack(out).squeeze(-1)


@pytest.mark.parametrize("heads, head_dim, positional, beta", [
    (1, 8, "none", None), (3, 4, "learned", 2.0), (2, 5, "none", 0.7),
])
def test_forward_matches_reference(heads, head_dim, positional, beta):
    cfg = hc.ModelConfig(d=3, T=6, heads=heads, head_dim=head_dim, width=7, positional=positional, beta=beta)
    model = hc.build_model(cfg, seed=1).double()
    X = torch.randn(4, 6, 3, dtype=torch.float64)
    with torch.no_grad():
        assert torch.allclose(model(X), reference_eq4(model, X), atol=1e-10)


def test_onehot_position_is_concatenated_at_the_encoder_input():
    cfg = hc.ModelConfig(d=2, T=5, heads=2, head_dim=3, width=4, positional="onehot")
    model = hc.build_model(cfg)
    assert model.encoder[0].in_features == 2 + 5
    X = torch.rand(1, 5, 2).expand(2, -1, -1).clone()
    X[1] = X[0].flip(0)                      # same tokens, permuted: positions now matter
    assert not torch.allclose(model(X[:1]), model(X[1:]))


def test_without_positions_the_model_is_permutation_invariant():
    model = hc.build_model(hc.ModelConfig(d=4, T=7, heads=2))
    X = torch.randn(3, 7, 4)
    assert torch.allclose(model(X), model(X[:, torch.randperm(7)]), atol=1e-6)


def test_attention_weights_sum_to_one():
    model = hc.build_model(hc.ModelConfig(d=4, T=9, heads=3, depth=2))
    w = model.attention(torch.randn(5, 9, 4))
    assert w.shape == (5, 3, 9)
    assert torch.allclose(w.sum(-1), torch.ones(5, 3), atol=1e-6)


def test_param_counts_equal_a_hand_count():
    d, T, h, n, N = 4, 8, 3, 8, 32
    E = h * n
    model = hc.build_model(hc.ModelConfig(d=d, T=T, heads=h, head_dim=n, width=N))
    encoder = d * N + N + N * E + E
    ffn = E * N + N + N * 1 + 1
    attention = 3 * h * n * E + E * E + E      # W_Q, W_K, W_V, W_O, c0
    assert hc.paper_param_count(model) == encoder + ffn
    assert hc.total_param_count(model) == encoder + ffn + attention
    learned = hc.build_model(hc.ModelConfig(d=d, T=T, heads=h, head_dim=n, width=N, positional="learned"))
    assert hc.paper_param_count(learned) == encoder + ffn + T * E


def test_depth_two_adds_a_full_attention_block():
    one = hc.build_model(hc.ModelConfig(d=2, T=5, heads=2, head_dim=4, width=6))
    two = hc.build_model(hc.ModelConfig(d=2, T=5, heads=2, head_dim=4, width=6, depth=2))
    E = 8
    block = 3 * 2 * 4 * E + E * E + (E * 6 + 6 + 6 * E + E)
    assert hc.total_param_count(two) - hc.total_param_count(one) == block
    assert two(torch.rand(3, 5, 2)).shape == (3,)


def test_build_model_is_seeded_and_leaves_global_rng_alone():
    cfg = hc.ModelConfig(d=2, T=4, heads=2)
    torch.manual_seed(0)
    before = torch.rand(1)
    torch.manual_seed(0)
    a = hc.build_model(cfg, seed=3)
    after = torch.rand(1)
    b = hc.build_model(cfg, seed=3)
    assert before == after
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))


@pytest.mark.parametrize("kwargs, name", [
    ({"heads": 0}, "heads"), ({"head_dim": 0}, "head_dim"), ({"T": 0}, "T"), ({"width": -1}, "width"),
    ({"beta": 0.0}, "beta"), ({"beta": math.inf}, "beta"), ({"positional": "sinusoid"}, "positional"),
    ({"depth": 0}, "depth"), ({"heads": 1.5}, "heads"),
])
def test_bad_config_names_the_parameter(kwargs, name):
    base = {"d": 2, "T": 4, "heads": 2}
    with pytest.raises(ValueError, match=name):
        hc.ModelConfig(**{**base, **kwargs})


def test_wrong_input_shape_is_rejected():
    model = hc.build_model(hc.ModelConfig(d=2, T=4, heads=1))
    with pytest.raises(ValueError, match="shape"):
        model(torch.rand(3, 5, 2))
