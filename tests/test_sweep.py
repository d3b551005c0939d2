"""Sweeps: grid expansion and hashing, resume after an interrupt, atomic writes, corrupt files, summaries."""
from __future__ import annotations

import json

import pytest
import torch

from headcount import sweep as sw
from headcount.sweep import ResultsFileError, config_key, expand_grid, load_results, run_sweep, summarize
from headcount.tables import table_spec

torch.set_num_threads(1)

TINY = {"T": 4, "heads": [1, 2], "seed": [0, 1], "width": 8, "n_train": 64, "n_val": 32, "steps": 4,
        "batch_size": 8, "warmup": 1}


def test_expand_grid_product_keys_and_fixed_embed():
    configs = expand_grid({**TINY, "T": [4, 8]})
    assert len(configs) == 8 and len({c["key"] for c in configs}) == 8
    again = expand_grid({**TINY, "T": [8, 4]})
    assert {c["key"] for c in configs} == {c["key"] for c in again}  # stable, order-free
    fixed = expand_grid({"heads": [1, 3, 5], "head_dim": None, "embed": 32})
    assert [(c["head_dim"], c["embed_dim"]) for c in fixed] == [(32, 32), (11, 33), (7, 35)]
    assert config_key({**configs[0], "lr": 0.5}) != configs[0]["key"]
    t2, t3 = expand_grid(table_spec("table2")), expand_grid(table_spec("table3"))
    assert len(t2) == len(t3) == 75
    assert sorted({c["embed_dim"] for c in t2}) == [8, 16, 24, 32, 40]


@pytest.mark.parametrize("spec, message", [
    ({"heads": [0]}, "heads must be an integer >= 1"),
    ({"T": [8, -1]}, "T must be an integer >= 1"),
    ({"task": "nope"}, "task must be one of"),
    ({"lr": -1.0}, "lr must be a finite number > 0"),
    ({"optimizer": "lbfgs"}, "optimizer must be one of"),
    ({"head": [1]}, "unknown grid keys \\['head'\\]"),
    ({"heads": []}, "non-empty list"),
    ({"embed": 32}, "give head_dim or embed, not both"),
    ({"task": "max_min", "D": 4}, "D must be an integer >= 2 and <= 2"),
    ({"seeds": 0}, "seeds must be an integer >= 1"),
])
def test_bad_grid_values_are_rejected(spec, message):
    with pytest.raises(ValueError, match=message):
        expand_grid(spec)


def test_run_resume_after_interrupt_loses_nothing(tmp_path, monkeypatch):
    out = tmp_path / "tiny.csv"
    spec = {**TINY, "T": [4, 6]}  # two groups (one per T)
    import headcount.batched as batched

    real = batched.train_batched
    calls = []

    def interrupt_second(*args, **kwargs):
        calls.append(args[0][0].T)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(batched, "train_batched", interrupt_second)
    with pytest.raises(KeyboardInterrupt):
        run_sweep(spec, out, progress=False, max_waste=10)
    first = load_results(out)
    assert len(first) == 4 and {r["T"] for r in first} == {calls[0]}
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))

    monkeypatch.setattr(batched, "train_batched", real)
    trained = []
    monkeypatch.setattr(batched, "train_batched", lambda *a, **k: trained.append(len(a[0])) or real(*a, **k))
    rows = run_sweep(spec, out, progress=False, max_waste=10)
    assert trained == [4]  # only the unfinished group ran again
    assert len(rows) == 8 and rows[:4] == first
    assert {r["key"] for r in rows} == {c["key"] for c in expand_grid(spec)}
    r = rows[-1]
    for field in ("seed", "steps", "train_nmse", "val_nmse", "wall_time", "device", "torch", "git_commit",
                  "command", "heads", "embed_dim"):
        assert r[field] is not None, field
    assert r["steps_done"] == 4 and 0 < r["val_nmse"] < 10
    # a third run trains nothing and returns the same rows
    assert run_sweep(spec, out, progress=False) == load_results(out) == rows


def test_single_member_interrupt_keeps_file_unchanged(tmp_path):
    out = tmp_path / "r.json"
    run_sweep({**TINY, "seed": [0]}, out, progress=False)
    before = out.read_text()
    import headcount.batched as batched

    orig = batched.train_batched

    def stopped(*args, **kwargs):
        hs, m = orig(*args, **kwargs)
        for h in hs:
            h.interrupted = True
        return hs, m

    batched.train_batched = stopped
    try:
        with pytest.raises(KeyboardInterrupt):
            run_sweep({**TINY, "seed": [0, 1]}, out, progress=False)
    finally:
        batched.train_batched = orig
    assert out.read_text() == before and len(json.loads(before)) == 2


@pytest.mark.parametrize("name, text", [
    ("bad.json", "[{\"key\": \"a\", \"val_nmse\": 0.1}"),
    ("bad2.json", "{\"key\": 1}"),
    ("bad.csv", "key,val_nmse\nabc,0.1,extra\n"),
    ("bad2.csv", "foo,bar\n1,2\n"),
    ("bad3.csv", "key,val_nmse\nabc,notanumber\n"),
])
def test_corrupt_file_is_reported_and_never_overwritten(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(ResultsFileError, match=str(path).replace("\\", "\\\\")):
        load_results(path)
    with pytest.raises(ResultsFileError):
        run_sweep({**TINY, "seed": [0]}, path, progress=False)
    assert path.read_text() == text


def test_atomic_write_failure_keeps_old_file(tmp_path, monkeypatch):
    path = tmp_path / "a.csv"
    sw._write_atomic(path, [{"key": "k1", "val_nmse": 0.5}])
    before = path.read_text()

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(sw.os, "replace", boom)
    with pytest.raises(OSError):
        sw._write_atomic(path, [{"key": "k1", "val_nmse": 0.5}, {"key": "k2", "val_nmse": 0.25}])
    assert path.read_text() == before and list(tmp_path.iterdir()) == [path]
    assert load_results(path)[0]["val_nmse"] == 0.5


def test_summarize_min_mean_std():
    rows = [{"T": 8, "heads": h, "seed": s, "val_nmse": v}
            for h, s, v in [(1, 0, 0.3), (1, 1, 0.1), (1, 2, 0.2), (2, 0, 0.01)]]
    s = summarize(rows)
    assert [(x["T"], x["heads"], x["n"]) for x in s] == [(8, 1, 3), (8, 2, 1)]
    assert s[0]["min"] == 0.1 and s[0]["mean"] == pytest.approx(0.2) and s[0]["std"] == pytest.approx(0.1)
    assert s[0]["values"] == [0.3, 0.1, 0.2] and s[1]["std"] == 0.0
    with pytest.raises(ValueError, match="by/over/metric"):
        summarize(rows, by=("width",))


def test_bad_out_suffix(tmp_path):
    with pytest.raises(ValueError, match=r"\.csv or \.json"):
        run_sweep(TINY, tmp_path / "x.txt", progress=False)


def test_csv_keeps_text_columns_as_text(tmp_path):
    path = tmp_path / "k.csv"
    sw._write_atomic(path, [{"key": "012345678901", "val_nmse": 0.5, "git_commit": "1234", "seed": 3}])
    row = load_results(path)[0]
    assert row["key"] == "012345678901" and row["git_commit"] == "1234" and row["seed"] == 3
