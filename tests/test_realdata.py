"""Notebook 06's real-data experiments: task shapes, models, a loss that decreases, bad input, results files."""
import json

import numpy as np
import pytest
import torch

from headcount.experiments import realdata as rd
from headcount.experiments import realdata_tasks as rt
from headcount.ui import realdata_slice
from headcount.experiments.datasets import load_fashion_mnist


def _images(n=50):
    fm = load_fashion_mnist("test")
    return fm.images[:n], fm.labels[:n]


def test_marked_task_targets_are_the_marked_images_classes():
    x, y = _images()
    task = rt.MarkedImageTask(rt.pool_images(x, 2), y, T=6, D=3)
    X, Y = task.sample(32, torch.Generator().manual_seed(0))
    assert X.shape == (32, 6, 49 + 3) and Y.shape == (32, 3)
    marks = X[..., 49:]
    assert torch.equal(marks.sum(dim=(1,)), torch.ones(32, 3)), "each slot marks exactly one image"
    assert torch.equal(marks.sum(dim=2).sum(1), torch.full((32,), 3.0))
    pixels = torch.as_tensor(rt.pool_images(x, 2).reshape(len(x), -1))
    for b in range(4):
        for i in range(3):
            t = int(marks[b, :, i].argmax())
            j = int((pixels - X[b, t, :49]).abs().sum(1).argmin())
            assert int(Y[b, i]) == int(y[j])


def test_marked_task_rejects_bad_D():
    x, y = _images()
    with pytest.raises(ValueError, match="D must be an integer >= 1 and <= 4"):
        rt.MarkedImageTask(x, y, T=4, D=5)


def test_framed_images_are_edge_padded_copies():
    x, y = _images(5)
    fr = rt.FramedImages.build(x, y, frame=21, patch=7, seed=0)
    assert fr.patches.shape == (5, 9, 49) and fr.T == 9
    canvas = fr.canvas(0)
    found = [(a, b) for a in range(8) for b in range(8) if np.allclose(canvas[a:a + 14, b:b + 14], x[0])]
    assert found, "the image sits unchanged somewhere in the frame"
    with pytest.raises(ValueError, match="frame must be a multiple of patch=7"):
        rt.FramedImages.build(x, y, frame=20, patch=7, seed=0)


def test_text_task_queries_come_from_the_target_definition():
    task = rt.MultiQueryRetrievalTask(T=8, D=2, words=3)
    X, y, cand, qrows, word_ids = task.sample(16, torch.Generator().manual_seed(0), return_rows=True)
    assert X.shape == (16, 8, 2 * task.dim) and y.shape == (16, 2)
    assert torch.equal(cand.gather(1, y), qrows)
    assert all(len(set(r.tolist())) == 8 for r in cand), "candidates in a sequence are distinct"
    c = task.corpus
    for b in range(4):
        for i in range(2):
            own = set(c["ids"][qrows[b, i], : c["lengths"][qrows[b, i]]].tolist())
            assert set(word_ids[b, i].tolist()) <= own
    lex = c["lexnames"][cand[0].numpy()]
    assert len(set(lex)) == 1, "negatives come from the target's lexicographer class"
    with pytest.raises(ValueError, match="split must be one of"):
        rt.MultiQueryRetrievalTask(T=8, D=2, split="test")


def test_class_token_encoder_shapes_and_bad_input():
    m = rt.ClassTokenEncoder(d_in=49, n_tokens=9, heads=2, head_dim=4, depth=1, width=16)
    assert m(torch.randn(3, 9, 49)).shape == (3, 10)
    with pytest.raises(ValueError, match=r"X must have shape \(batch, 9, 49\)"):
        m(torch.randn(3, 8, 49))
    with pytest.raises(ValueError, match="heads must be an integer >= 1"):
        rt.ClassTokenEncoder(d_in=49, n_tokens=9, heads=0)


@pytest.mark.parametrize("experiment,overrides", [
    ("marked", {"D": 1, "heads": 2, "steps": 150, "lr": 1e-2, "n_eval": 200}),
    ("vit", {"frame": 14, "heads": 2, "steps": 120, "n_train": 500, "n_eval": 200}),
    ("text", {"D": 1, "T": 4, "heads": 2, "steps": 200, "lr": 1e-2, "n_eval": 200}),
])
def test_training_lowers_the_loss_and_beats_chance(experiment, overrides):
    c = rd.expand(experiment, overrides)[0]
    res = rd.run_config(c)
    losses = res["losses"]
    assert np.mean(losses[-20:]) < 0.85 * np.mean(losses[:20])
    chance = 1 / (c["T"] if experiment == "text" else 10)
    assert res["train_acc"] > 1.5 * chance


def test_expand_validates_keys_and_values():
    with pytest.raises(ValueError, match="unknown keys \\['depth'\\] for experiment 'marked'"):
        rd.expand("marked", {"depth": 2})
    with pytest.raises(ValueError, match="experiment must be one of"):
        rd.expand("cifar", {})
    with pytest.raises(ValueError, match="D must be an integer <= T=8"):
        rd.expand("marked", {"D": 9})
    cs = rd.expand("marked", {"heads": [1, 2], "seeds": 2})
    assert len(cs) == 4 and len({c["key"] for c in cs}) == 4


def test_run_grid_resumes_and_refuses_corrupt_files(tmp_path):
    out = tmp_path / "r.json"
    grid = {"D": 1, "heads": [1], "steps": 5, "n_eval": 50}
    rows = rd.run_grid("marked", grid, out, device="cpu", progress=False, command="test")
    assert len(rows) == 1 and rows[0]["command"] == "test" and "git_commit" in rows[0] and "torch" in rows[0]
    assert rows[0]["device_kind"] == "cpu" and rows[0]["scale"] == "custom" and rows[0]["experiment"] == "marked"
    again = rd.run_grid("marked", grid, out, device="cpu", progress=False, command="test")
    assert again[0]["finished_at"] == rows[0]["finished_at"], "a finished configuration is not retrained"
    out.write_text("{not json")
    with pytest.raises(rd.ResultsFileError, match="corrupt"):
        rd.run_grid("marked", grid, out, device="cpu", progress=False)
    assert out.read_text() == "{not json"
    out.write_text(json.dumps([{"key": 1}]))
    with pytest.raises(rd.ResultsFileError):
        rd.load_rows(out)
    with pytest.raises(ValueError, match="out must end in .json"):
        rd.run_grid("marked", grid, tmp_path / "r.csv", progress=False)


def test_a_diverged_real_data_run_is_recorded_and_retried(tmp_path):
    out = tmp_path / "nan.json"
    grid = {"D": 1, "heads": [1], "steps": 3, "n_eval": 20, "lr": 1e30}
    (row,) = rd.run_grid("marked", grid, out, device="cpu", progress=False)
    assert row["status"] == "diverged" and row["train_acc"] is None
    assert "NaN" not in out.read_text()
    (again,) = rd.run_grid("marked", grid, out, device="cpu", progress=False)
    assert again["finished_at"] >= row["finished_at"] and again["status"] == "diverged"


def test_error_model_fit_recovers_parameters():
    h, T = np.meshgrid([1, 2, 4, 6, 8], [8, 16, 32, 64])
    h, T = h.ravel().astype(float), T.ravel().astype(float)
    true = {"c": 0.05, "beta": 0.6, "alpha": -1.4, "delta": 0.25}
    err = rd.error_model_predict(true, h, T)
    fit = rd.error_model_fit(h, T, err)
    assert fit["delta"] == pytest.approx(0.25, abs=0.011)
    assert fit["alpha"] == pytest.approx(-1.4, rel=0.05) and fit["beta"] == pytest.approx(0.6, abs=0.05)
    with pytest.raises(ValueError, match="err and T must be > 0"):
        rd.error_model_fit(h, T, err * 0)


def test_summarize_rows():
    rows = [{"D": 1, "heads": 1, "train_acc": a} for a in (0.5, 0.7)] + [{"D": 1, "heads": 2, "train_acc": 0.9}]
    s = rd.summarize_rows(rows, ("D", "heads"))
    assert s[(1, 1)]["mean"] == pytest.approx(0.6) and s[(1, 1)]["n"] == 2 and s[(1, 2)]["std"] == 0.0
    with pytest.raises(ValueError, match="rows must have the keys"):
        rd.summarize_rows(rows, ("T",))


def test_live_slice_controller_and_panel():
    c = realdata_slice.LiveSlice(experiment="marked", D=1, heads=(1,), steps=10)
    assert not c.configure(D=0) and "D must be an integer >= 1" in c.status and c.D == 1
    assert not c.configure(experiment="vit") and "experiment must be one of" in c.status
    assert c.configure(steps=20)
    res = c.run()
    assert set(res) == {1} and 0 <= res[1]["train_acc"] <= 1 and c.ok
    panel = realdata_slice.live_panel(c)
    assert panel.controller is c
    # the same run controls as the other panels: background thread, no double run, stop, escaped status
    assert not c.configure(heads=()) and "at least one head count" in c.status
    c.configure(steps=5000)
    assert c.start() and not c.start() and "already training" in c.status
    c.stop()
    c.join(60)
    assert not c.running and c.ok and c.status.startswith("stopped") and not c.results
    heads, status = panel.children[1].children[1], panel.children[3]
    heads.value = "<b>2</b>"
    panel.children[2].children[0].click()
    assert "&lt;b&gt;2&lt;/b&gt;" in status.value and "<b>2</b>" not in status.value and not c.running


def test_the_seed_offset_moves_every_training_seed(monkeypatch):
    # HEADCOUNT_SEED_OFFSET (headcount.env.seed_offset) shifts the ViT's initialization and the batch order too
    c = rd.expand("vit", {"frame": 14, "heads": 1, "steps": 3, "n_train": 100, "n_eval": 20})[0]
    first = rd.run_config(c)["losses"]
    assert rd.run_config(c)["losses"] == first
    monkeypatch.setenv("HEADCOUNT_SEED_OFFSET", "1")
    assert rd.run_config(c)["losses"] != first
