"""The batched trainer equals the single-model trainer, member by member (section 6.1's models and their depth-L
extension of Conjecture 1), and gives the same bits for 1 and 2 CPU threads."""
from __future__ import annotations

from dataclasses import replace

import pytest
import torch

from headcount import ModelConfig, TrainConfig, build_model, synthetic_task, train
from headcount.training.batched import BatchedTransformer, train_batched
from headcount.training.batched_layers import Workspace, with_ones

torch.set_num_threads(1)


@pytest.fixture(scope="module")
def split():
    return synthetic_task(8).split(256, 128, seed=0)


# Mixed shapes: per-head dim 8 (Table 2), fixed E (Table 3: n = ceil(32/h)), different MLP widths.
CONFIGS = [ModelConfig(d=4, T=8, heads=h, head_dim=n, width=w)
           for h, n, w in [(1, 8, 16), (2, 8, 8), (3, 11, 16), (4, 8, 16), (5, 7, 12)]]
SEEDS = [0, 1, 2, 3, 4]


def test_forward_matches_single_models(split):
    batched = BatchedTransformer.from_configs(CONFIGS, SEEDS)
    X = split.X_val[:16]
    out, weights = batched.forward_with_attention(X)
    assert out.shape == (5, 16) and weights.shape == (5, 16, 5, 8)
    for g, (c, s) in enumerate(zip(CONFIGS, SEEDS)):
        single = build_model(c, s)
        torch.testing.assert_close(out[g], single(X), atol=1e-6, rtol=1e-5)
        torch.testing.assert_close(weights[g, :, :c.heads], single.attention(X), atol=1e-6, rtol=1e-5)


def test_training_matches_single_trainer(split):
    tc = TrainConfig(steps=40, batch_size=32, lr=1e-2, warmup=5, eval_every=20, weight_decay=1e-2)
    histories, batched = train_batched(CONFIGS, SEEDS, split, tc, device="cpu")
    for g, (c, s) in enumerate(zip(CONFIGS, SEEDS)):
        single_model = build_model(c, s)
        ref = train(single_model, split, replace(tc, seed=s), device="cpu")
        assert histories[g].seed == s and histories[g].eval_steps == ref.eval_steps == [20, 40]
        assert histories[g].train_loss == pytest.approx(ref.train_loss, rel=1e-4, abs=1e-6)
        assert histories[g].val_nmse == pytest.approx(ref.val_nmse, rel=1e-4)
        assert histories[g].train_nmse == pytest.approx(ref.train_nmse, rel=1e-4)
        member = batched.member(g)
        for (name, p), (_, q) in zip(member.named_parameters(), single_model.named_parameters()):
            torch.testing.assert_close(p, q, atol=1e-5, rtol=1e-4, msg=name)
    # padded entries of the narrowest member stayed exactly zero (weight decay on)
    assert len(batched.packs) == 1  # one layer: E and n pad almost for free, so one pack
    pack = batched.packs[0]
    assert pack.W2[0, 8:].abs().max() == 0 and pack.W_Q[0, 1:].abs().max() == 0
    # and training changed something (the comparison above is not vacuous)
    assert histories[3].val_nmse[-1] < 0.999 * histories[3].val_nmse[0] or histories[3].train_loss[0] != histories[3].train_loss[-1]


def test_clipping_is_per_member(split):
    # A tiny clip makes every member's update depend on its own gradient norm only: changing one
    # member's seed must not change another member's trajectory.
    tc = TrainConfig(steps=5, batch_size=16, grad_clip=1e-3, warmup=1)
    a, _ = train_batched(CONFIGS[:2], [0, 1], split, tc)
    b, _ = train_batched(CONFIGS[:2], [0, 7], split, tc)
    assert a[0].train_loss == b[0].train_loss
    assert a[1].train_loss != b[1].train_loss


def test_rejects_bad_inputs(split):
    with pytest.raises(ValueError, match="configs must hold"):
        BatchedTransformer([])
    with pytest.raises(ValueError, match="share T"):
        BatchedTransformer([ModelConfig(d=4, T=8, heads=1), ModelConfig(d=4, T=16, heads=1)])
    with pytest.raises(ValueError, match="same length"):
        train_batched(CONFIGS, [0], split)
    with pytest.raises(ValueError, match="positional='none'"):
        BatchedTransformer([ModelConfig(d=4, T=8, heads=1, positional="learned")])
    with pytest.raises(ValueError, match=r"X must have shape"):
        BatchedTransformer.from_configs(CONFIGS[:1], [0])(torch.zeros(2, 9, 4))
    with pytest.raises(ValueError, match="split.X_train"):
        train_batched([ModelConfig(d=4, T=16, heads=1)], [0], split)


def test_callbacks_see_per_member_losses_and_can_stop(split):
    seen = []

    def stop_at_3(event):
        seen.append(event)
        return event["step"] == 3

    hs, _ = train_batched(CONFIGS[:2], [0, 1], split, TrainConfig(steps=10, batch_size=8, eval_every=2),
                          callbacks=[stop_at_3])
    assert [e["step"] for e in seen] == [1, 2, 3] and len(seen[0]["loss"]) == 2 and len(seen[1]["val_nmse"]) == 2
    assert all(h.interrupted and len(h.train_loss) == 3 and h.eval_steps == [2, 3] for h in hs)
    assert hs[1].train_loss[0] == seen[0]["loss"][1]


# Mixed depths (Conjecture 1's L-layer extension): members with fewer layers are masked to the identity.
DEEP = [ModelConfig(d=4, T=8, heads=h, head_dim=n, width=w, depth=L)
        for h, n, w, L in [(1, 8, 16, 2), (2, 8, 8, 1), (3, 11, 16, 3), (4, 8, 16, 2), (5, 7, 12, 2)]]


def test_deep_forward_matches_single_models(split):
    batched = BatchedTransformer.from_configs(DEEP, SEEDS)
    X = split.X_val[:16]
    out, weights = batched.forward_with_attention(X)
    for g, (c, s) in enumerate(zip(DEEP, SEEDS)):
        single = build_model(c, s)
        torch.testing.assert_close(out[g], single(X), atol=1e-6, rtol=1e-5)
        torch.testing.assert_close(weights[g, :, :c.heads], single.attention(X), atol=1e-6, rtol=1e-5)
        member = batched.member(g)
        assert [n for n, _ in member.named_parameters()] == [n for n, _ in single.named_parameters()]
        torch.testing.assert_close(member(X), single(X), atol=1e-6, rtol=1e-5)


def test_deep_training_matches_single_trainer_and_padding_stays_zero(split):
    tc = TrainConfig(steps=40, batch_size=32, lr=1e-2, warmup=5, eval_every=20, weight_decay=1e-2)
    histories, batched = train_batched(DEEP, SEEDS, split, tc, device="cpu")
    for g, (c, s) in enumerate(zip(DEEP, SEEDS)):
        single_model = build_model(c, s)
        ref = train(single_model, split, replace(tc, seed=s), device="cpu")
        assert histories[g].train_loss == pytest.approx(ref.train_loss, rel=1e-4, abs=1e-6)
        assert histories[g].val_nmse == pytest.approx(ref.val_nmse, rel=1e-4)
        for (name, p), (_, q) in zip(batched.member(g).named_parameters(), single_model.named_parameters()):
            torch.testing.assert_close(p, q, atol=1e-5, rtol=1e-4, msg=name)
    # packs follow depth and head shape
    assert [[DEEP[g].depth for g in idx] for idx in batched.plan] == [[1, 2], [2, 2], [3]]


def test_padding_and_masked_layers_get_exactly_zero_updates(split):
    # One pack forced (max_waste huge): the depth-1 member's masked layers, the 2-layer members' second
    # block, padded heads, per-head dims and widths inside a real layer stay exactly zero (weight decay on).
    tc = TrainConfig(steps=20, batch_size=32, lr=1e-2, warmup=5, weight_decay=1e-2)
    hs, batched = train_batched(DEEP, SEEDS, split, tc, max_waste=1e9)
    assert len(batched.packs) == 1
    b = batched.packs[0]
    j = [batched.where[g][1] for g in range(5)]  # position of each member in the pack
    for p in (b.A_QKV, b.A_O, b.M1, b.m1, b.M2, b.m2):
        assert p[j[1]].abs().max() == 0 and p[j[0], 1].abs().max() == 0 and p[j[3], 1].abs().max() == 0
    assert b.A_QKV[j[0], 0, :, 1:].abs().max() == 0 and b.A_QKV[j[3], 0, :, :, :, 32:].abs().max() == 0
    assert b.M1[j[4], 0, 12:].abs().max() == 0 and b.A_O[j[2], :, 33:].abs().max() == 0
    assert b.A_QKV[j[2], 1].abs().max() > 0  # the 3-layer member trained its second block
    for g, (c, s) in enumerate(zip(DEEP, SEEDS)):  # and the forced pack still trains each member as alone
        ref = train(build_model(c, s), split, replace(tc, seed=s))
        assert hs[g].train_loss == pytest.approx(ref.train_loss, rel=1e-4, abs=1e-6)


def test_same_bits_for_one_and_two_threads():
    # torch's CPU softmax backward over the last dimension changes with the thread count once a tensor
    # exceeds its grain size; that made depth > 1 runs differ between 1 and 2 threads (0.10 against 0.38).
    split = synthetic_task(16).split(256, 64, seed=0)
    configs = [ModelConfig(d=4, T=16, heads=h, head_dim=32 // h, width=16, depth=L) for h, L in [(1, 2), (2, 2), (4, 1)]]
    tc = TrainConfig(steps=3, batch_size=128, warmup=1)
    before = torch.get_num_threads()
    runs = []
    try:
        for threads in (1, 2):
            torch.set_num_threads(threads)
            hs, model = train_batched(configs, [0, 1, 2], split, tc)
            runs.append(([h.train_loss for h in hs], [p.detach().clone() for p in model.parameters()]))
    finally:
        torch.set_num_threads(before)
    assert runs[0][0] == runs[1][0]
    assert all(torch.equal(a, b) for a, b in zip(runs[0][1], runs[1][1]))


def test_batches_cross_the_draw_chunks_like_the_single_trainer(split):
    # indices are drawn 250 steps at a time; the 251st batch must still be the single trainer's
    c = ModelConfig(d=4, T=8, heads=2, head_dim=4, width=8)
    tc = TrainConfig(steps=260, batch_size=4, warmup=5, eval_every=260)
    hs, _ = train_batched([c, c], [3, 5], split, tc)
    for h, s in zip(hs, (3, 5)):
        ref = train(build_model(c, s), split, replace(tc, seed=s))
        assert h.train_loss[248:] == pytest.approx(ref.train_loss[248:], rel=1e-3, abs=1e-5)


@pytest.mark.parametrize("configs", [CONFIGS, DEEP], ids=["depth 1", "depth 1-3"])
def test_fast_step_gradients_match_plain_autograd(split, configs):
    # The training step (flat views aside): forward_tokens with a Workspace, i.e. the hand-written backward of the
    # token side (threshold_backward, [W1 b1] on [x; 1], no u_bias) against autograd through each single model.
    # Float64, so 1e-5 relative is far above rounding. The second pass reuses the workspace buffers.
    batched = BatchedTransformer.from_configs(configs, SEEDS).double()
    X, y = split.X_train[:16].double(), split.y_train[:16].double()
    G, B, T, d = len(configs), *X.shape
    xa = with_ones(X).reshape(1, B * T, d + 1).expand(G, -1, -1).contiguous()
    ws = Workspace()
    for _ in range(2):
        batched.zero_grad(set_to_none=True)
        pred, _ = batched.forward_tokens(xa, ws)
        losses = ((pred - y) ** 2).mean(dim=1)
        losses.sum().backward()
    with torch.no_grad():  # member(g) of the gradients: the batched gradients unpadded, named as the single model's
        for p in batched.parameters():
            p.copy_(p.grad)
    for g, (c, s) in enumerate(zip(configs, SEEDS)):
        single = build_model(c, s).double()
        loss = ((single(X) - y) ** 2).mean()
        loss.backward()
        assert float(losses.detach()[g]) == pytest.approx(float(loss.detach()), rel=1e-10)
        grads = dict(batched.member(g).named_parameters())
        for name, p in single.named_parameters():
            scale = float(p.grad.abs().max())
            torch.testing.assert_close(grads[name].double(), p.grad, rtol=1e-5, atol=1e-5 * scale + 1e-12,
                                       msg=lambda m, name=name: f"{name}: {m}")


def test_a_stale_workspace_graph_fails_loudly(split):
    # the buffers are reused by the next forward: a backward through the previous step's graph must raise
    batched = BatchedTransformer.from_configs(CONFIGS[:2], SEEDS[:2])
    X = split.X_train[:8]
    xa = with_ones(X).reshape(1, -1, X.shape[2] + 1).expand(2, -1, -1).contiguous()
    ws = Workspace()
    first, _ = batched.forward_tokens(xa, ws)
    batched.forward_tokens(xa, ws)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        first.sum().backward()
