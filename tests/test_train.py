"""The training loop: it learns, it is reproducible, it validates, it stops when asked."""
import pytest
import torch

import headcount as hc
from headcount.training.train import lr_factor


@pytest.fixture(scope="module")
def split():
    return hc.max_min_task(T=6).split(256, 128, seed=0)


def small_model(heads=2):
    return hc.build_model(hc.ModelConfig(d=1, T=6, heads=heads, head_dim=4, width=16), seed=0)


def test_loss_decreases_on_a_tiny_task(split):
    history = hc.train(small_model(), split, hc.TrainConfig(steps=150, batch_size=64, eval_every=50))
    first, last = sum(history.train_loss[:10]) / 10, sum(history.train_loss[-10:]) / 10
    assert last < 0.5 * first
    assert history.val_nmse[-1] < history.val_nmse[0]
    assert history.eval_steps == [50, 100, 150] and len(history.train_loss) == 150


def test_same_seed_same_history(split):
    cfg = hc.TrainConfig(steps=40, batch_size=32, eval_every=20, seed=7)
    a = hc.train(small_model(), split, cfg)
    b = hc.train(small_model(), split, cfg)
    assert a.train_loss == b.train_loss and a.val_nmse == b.val_nmse
    c = hc.train(small_model(), split, hc.TrainConfig(steps=40, batch_size=32, eval_every=20, seed=8))
    assert c.train_loss != a.train_loss


def test_history_records_provenance(split):
    h = hc.train(small_model(), split, hc.TrainConfig(steps=5, eval_every=5, seed=3), device="cpu")
    assert h.seed == 3 and h.device.startswith("cpu") and h.versions["torch"] == torch.__version__
    assert h.config["steps"] == 5 and h.wall_time > 0 and not h.interrupted


def test_a_callback_can_stop_training(split):
    h = hc.train(small_model(), split, hc.TrainConfig(steps=100, eval_every=10),
                 callbacks=[lambda e: e["step"] >= 25])
    assert len(h.train_loss) == 25 and h.interrupted and h.eval_steps[-1] == 25


def test_nmse_is_one_for_the_mean_predictor():
    y = torch.randn(1000)
    assert hc.nmse(torch.full_like(y, float(y.mean())), y) == pytest.approx(1.0)
    assert hc.nmse(y, y) == 0.0
    with pytest.raises(ValueError, match="variance"):
        hc.nmse(torch.ones(3), torch.ones(3))


def test_warmup_cosine_schedule():
    cfg = hc.TrainConfig(steps=110, warmup=10)
    assert lr_factor(cfg, 0) == pytest.approx(0.1)
    assert lr_factor(cfg, 9) == pytest.approx(1.0)
    assert lr_factor(cfg, 60) == pytest.approx(0.5)
    assert lr_factor(cfg, 110) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("kwargs, name", [
    ({"steps": 0}, "steps"), ({"lr": -1}, "lr"), ({"optimizer": "lbfgs"}, "optimizer"),
    ({"schedule": "step"}, "schedule"), ({"batch_size": 0}, "batch_size"), ({"seed": -2}, "seed"),
])
def test_bad_train_config_names_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        hc.TrainConfig(**kwargs)


def test_unknown_or_missing_device_is_rejected(split):
    with pytest.raises(ValueError, match="device"):
        hc.train(small_model(), split, hc.TrainConfig(steps=1), device="tpu")
    if not torch.cuda.is_available():
        with pytest.raises(ValueError, match="CUDA"):
            hc.pick_device("cuda")


def _with(split, **parts):
    """``split`` with some of its tensors replaced (Split is frozen)."""
    fields = {k: getattr(split, k) for k in ("X_train", "y_train", "X_val", "y_val")}
    return hc.Split(**{**fields, **parts}, seed=split.seed)


@pytest.mark.parametrize("parts, message", [
    (lambda s: {"X_val": s.X_val[:0], "y_val": s.y_val[:0]}, "split.X_val is empty"),
    (lambda s: {"y_train": s.y_train[:, None]}, r"split.y_train must have shape \(n,\) = \(256,\)"),
    (lambda s: {"X_train": s.X_train.clone().index_fill_(0, torch.tensor([3]), float("nan"))},
     "split.X_train must be finite"),
    (lambda s: {"X_train": s.X_train[:, :, 0]}, r"split.X_train must have shape \(n, T, d\)"),
    (lambda s: {"y_train": torch.ones_like(s.y_train)}, "zero variance"),
])
def test_a_bad_split_is_refused_before_the_first_step(split, parts, message):
    steps = []
    with pytest.raises(ValueError, match=message):
        hc.train(small_model(), _with(split, **parts(split)), hc.TrainConfig(steps=5), callbacks=[steps.append])
    assert steps == []  # refused before training


def test_configs_convert_numpy_and_torch_integers_and_refuse_floats_and_strings():
    import numpy as np

    mc = hc.ModelConfig(d=np.int64(1), T=torch.tensor(6), heads=np.int32(2), beta=np.float32(0.5))
    assert (type(mc.T), type(mc.heads), type(mc.beta)) == (int, int, float) and mc.as_dict()["T"] == 6
    tc = hc.TrainConfig(steps=np.int64(5), lr=np.float64(0.01))
    assert type(tc.steps) is int and type(tc.lr) is float
    for bad, name in [({"heads": 2.0}, "heads"), ({"beta": "1"}, "beta"), ({"T": "8"}, "T")]:
        with pytest.raises(ValueError, match=f"{name} must be"):
            hc.ModelConfig(**{"d": 1, "T": 6, "heads": 2, **bad})
    for bad, name in [({"steps": 2.0}, "steps"), ({"lr": "0.01"}, "lr"), ({"lr": float("nan")}, "lr"),
                      ({"lr": float("inf")}, "lr"), ({"weight_decay": "0"}, "weight_decay")]:
        with pytest.raises(ValueError, match=f"{name} must be"):
            hc.TrainConfig(**bad)
    assert hc.synthetic_task(np.int64(8)).T == 8 and hc.make_task("max_min", np.int64(4)).T == 4


TINY = {"task": "max_min", "T": 4, "width": 8, "steps": 6, "batch_size": 16, "n_train": 64, "n_val": 32, "warmup": 1}


def test_train_configs_decides_the_route_and_keeps_the_order(monkeypatch, tmp_path):
    """The one entry point: every depth without positional encoding batched, a positional encoding alone on
    the single loop; results in the order given, equal to what a saved sweep records for the same keys."""
    from headcount.training import batched, fit, sweep
    from headcount.training import train as train_mod

    used = {"batched": [], "single": 0}
    real_b, real_t = batched.train_batched, train_mod.train
    monkeypatch.setattr(batched, "train_batched", lambda *a, **k: used["batched"].append(len(a[0])) or real_b(*a, **k))
    monkeypatch.setattr(train_mod, "train", lambda *a, **k: used.__setitem__("single", used["single"] + 1)
                        or real_t(*a, **k))
    configs = [{**TINY, "heads": 2, "depth": 2, "seed": 1}, {**TINY, "heads": 1, "positional": "learned"},
               {**TINY, "heads": 1, "seed": 1}, {**TINY, "heads": 2}]
    trained = fit.train_configs(configs, torch.device("cpu"))
    assert [(c["heads"], c["depth"], c["positional"], c["seed"]) for c in trained.configs] == [
        (2, 2, "none", 1), (1, 1, "learned", 0), (1, 1, "none", 1), (2, 1, "none", 0)]
    assert used == {"batched": [3], "single": 1} and not trained.interrupted
    assert trained.model(0).config.depth == 2 and trained.model(1).config.positional == "learned"
    assert trained.index(heads=1, positional="learned") == 1
    with pytest.raises(ValueError, match="matches 2 trained configurations"):
        trained.index(heads=1)
    saved = {r["key"]: r["val_nmse"] for r in sweep.run_sweep(configs, tmp_path / "s.csv", progress=False)}
    assert {r["key"]: r["val_nmse"] for r in trained.rows()} == pytest.approx(saved, rel=1e-6)


def test_train_configs_stops_when_a_callback_asks():
    """A callback returning True stops after that step: the cut configurations are marked, never rows."""
    from headcount.training.fit import train_configs

    events = []
    trained = train_configs({**TINY, "heads": [1, 2], "steps": 50}, callbacks=[lambda e: events.append(e) or
                                                                                e["step"] == 3])
    assert trained.interrupted and [len(h.train_loss) for h in trained.histories] == [3, 3]
    assert trained.rows() == [] and events[-1]["step"] == 3 and len(events[-1]["loss"]) == 2
