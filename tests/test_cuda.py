"""The same code on a GPU: training, the batched trainer and the CLI on CUDA (skipped without CUDA)."""
from dataclasses import replace

import pytest
import torch

import headcount as hc
from headcount.training.batched import train_batched
from headcount.cli import main
from headcount.training.sweep import load_results

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")


def test_auto_device_is_cuda():
    assert hc.pick_device().type == "cuda"
    assert "cuda" in hc.device_report()


def test_training_on_cuda_learns():
    split = hc.max_min_task(T=8).split(2000, 500, seed=0)
    model = hc.build_model(hc.ModelConfig(d=1, T=8, heads=2, head_dim=8, width=32), seed=0)
    history = hc.train(model, split, hc.TrainConfig(steps=300, eval_every=100), device="cuda")
    assert history.device.startswith("cuda")
    assert history.val_nmse[-1] < 0.02 < history.val_nmse[0]   # CPU, same seed: 0.069 -> 0.0052
    assert next(model.parameters()).device.type == "cuda"


def test_batched_equals_single_on_cuda():
    split = hc.synthetic_task(8).split(256, 128, seed=0)
    configs = [hc.ModelConfig(d=4, T=8, heads=h, head_dim=8, width=16) for h in (1, 3, 4)]
    tc = hc.TrainConfig(steps=30, batch_size=32, warmup=5, eval_every=15)
    histories, _ = train_batched(configs, [0, 1, 2], split, tc, device="cuda")
    for g, (c, s) in enumerate(zip(configs, [0, 1, 2])):
        ref = hc.train(hc.build_model(c, s), split, replace(tc, seed=s), device="cuda")
        assert histories[g].val_nmse == pytest.approx(ref.val_nmse, rel=1e-3)


def test_cuda_and_cpu_agree_at_initialization():
    model = hc.build_model(hc.ModelConfig(d=4, T=16, heads=3), seed=0)
    X = torch.randn(8, 16, 4)
    cpu = model(X)
    gpu = model.to("cuda")(X.to("cuda")).cpu()
    torch.testing.assert_close(cpu, gpu, atol=1e-4, rtol=1e-4)


def test_cli_reproduce_runs_on_cuda(tmp_path):
    out = tmp_path / "t2.csv"
    assert main(["reproduce", "table2", "--fast", "--seeds", "1", "--device", "cuda", "--no-progress",
                 "--out", str(out)]) == 0
    rows = load_results(out)
    assert len(rows) == 25 and all(str(r["device"]).startswith("cuda") for r in rows)
