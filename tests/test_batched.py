"""The batched trainer equals the single-model trainer, member by member (section 6.1's models)."""
from __future__ import annotations

from dataclasses import replace

import pytest
import torch

from headcount import ModelConfig, TrainConfig, build_model, synthetic_task, train
from headcount.training.batched import BatchedTransformer, train_batched

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
    assert batched.W2[0, 8:].abs().max() == 0 and batched.W_Q[0, 1:].abs().max() == 0
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
    with pytest.raises(ValueError, match="depth=1"):
        BatchedTransformer([ModelConfig(d=4, T=8, heads=1, depth=2)])
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
