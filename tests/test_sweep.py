"""Sweeps: grid expansion and hashing, resume after an interrupt, atomic writes, corrupt files, summaries."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

import pytest
import torch

from headcount.training import sweep as sw
from headcount.training.results_file import ResultsFileError
from headcount.experiments import realdata
from headcount.experiments.paper_tables import table_spec
from headcount.training.sweep import config_key, expand_grid, load_results, resolve_config, run_sweep, summarize

RESULTS = Path(__file__).resolve().parents[1] / "data" / "results"

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
    ({"depth": [1, 0]}, "depth must be an integer >= 1, got 0"),
    ({"depth": 1.5}, "depth must be an integer >= 1"),
    ({"positional": "sinusoidal"}, "positional must be one of \\('none', 'learned', 'onehot'\\)"),
])
def test_bad_grid_values_are_rejected(spec, message):
    with pytest.raises(ValueError, match=message):
        expand_grid(spec)


def test_run_resume_after_interrupt_loses_nothing(tmp_path, monkeypatch):
    out = tmp_path / "tiny.csv"
    spec = {**TINY, "T": [4, 6]}  # two groups (one per T)
    import headcount.training.batched as batched

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
    import headcount.training.batched as batched

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


def test_committed_keys_unchanged_by_depth_and_positional():
    # the committed tables were keyed before depth/positional existed; their rows must still resume
    for table in ("table2", "table3"):
        configs = expand_grid(table_spec(table))
        assert {(c["depth"], c["positional"]) for c in configs} == {(1, "none")}
        committed = load_results(RESULTS / f"{table}_synthetic.csv")
        assert {r["key"] for r in committed} == {c["key"] for c in configs}
        assert {(r["depth"], r["positional"]) for r in committed} == {(1, "none")}  # defaults filled in on load
    first = next(c for c in expand_grid(table_spec("table2")) if (c["T"], c["heads"], c["seed"]) == (8, 1, 0))
    assert first["key"] == "d0693e5793ba"  # data/results/table2_synthetic.csv, first row
    explicit = expand_grid({**table_spec("table2"), "depth": 1, "positional": "none"})
    assert [c["key"] for c in explicit] == [c["key"] for c in expand_grid(table_spec("table2"))]
    other = expand_grid({**TINY, "depth": [1, 2], "positional": ["none", "learned", "onehot"]})
    assert len({c["key"] for c in other}) == len(other) == 2 * 3 * 4


@pytest.mark.parametrize("name", ["table2_synthetic.csv", "table3_synthetic.csv", "table2_synthetic_cuda.csv",
                                  "table2_steps4000_cuda.csv", "table2_T128_steps4000.csv", "fig1b_width.csv",
                                  "memorization_embed.csv", "realdata_marked.json", "realdata_vit.json",
                                  "realdata_text.json"])
def test_every_committed_row_still_has_its_key(name):
    # the engine resumes by key: each committed row's configuration, resolved again, must hash to its key
    rows = realdata.load_rows(RESULTS / name) if name.startswith("realdata") else load_results(RESULTS / name)
    assert rows
    for r in rows:
        resolve = realdata.expand if name.startswith("realdata") else None
        if resolve is None:
            assert resolve_config(r)["key"] == r["key"], r
        else:
            fields = {k: r[k] for k in realdata.DEFAULTS[r["experiment"]]}
            assert realdata.expand(r["experiment"], fields)[0]["key"] == r["key"], r


def test_grid_values_accept_ranges_arrays_and_numpy_integers():
    a = expand_grid({**TINY, "heads": range(1, 3), "T": np.array([4, 6]), "seed": [np.int64(0)]})
    b = expand_grid({**TINY, "heads": [1, 2], "T": [4, 6], "seed": [0]})
    assert [c["key"] for c in a] == [c["key"] for c in b]
    assert all(type(c[k]) is int for c in a for k in ("heads", "T", "seed"))
    with pytest.raises(ValueError, match="heads must be an integer >= 1, got 2.0"):
        expand_grid({"heads": [2.0]})
    with pytest.raises(ValueError, match="lr must be a finite number > 0, got '0.01'"):
        expand_grid({"lr": "0.01"})


def test_each_task_family_takes_its_own_D_and_d_by_default():
    assert {(c["D"], c["d"]) for c in expand_grid({"task": "max_min"})} == {(2, 1)}
    assert {(c["D"], c["d"]) for c in expand_grid({"task": "smooth"})} == {(3, 2)}
    assert expand_grid({})[0]["key"] == expand_grid({"D": 4, "d": 4})[0]["key"]


def test_depth_and_positional_train_on_the_single_trainer(tmp_path, monkeypatch):
    import headcount.training.batched as batched

    train_mod = sys.modules["headcount.training.train"]  # the package's name ``train`` is the function
    out = tmp_path / "mixed.csv"
    spec = {**TINY, "heads": [2], "seed": [0], "depth": [1, 2], "positional": ["none", "learned"]}
    used = {"batched": [], "single": []}
    real_b, real_t = batched.train_batched, train_mod.train
    monkeypatch.setattr(batched, "train_batched", lambda *a, **k: used["batched"].append(len(a[0])) or real_b(*a, **k))
    monkeypatch.setattr(train_mod, "train", lambda m, *a, **k: used["single"].append(
        (m.config.depth, m.config.positional)) or real_t(m, *a, **k))
    rows = run_sweep(spec, out, progress=False)
    assert used["batched"] == [2] and sorted(used["single"]) == [(1, "learned"), (2, "learned")]
    assert sorted((r["depth"], r["positional"]) for r in rows) == [(1, "learned"), (1, "none"), (2, "learned"),
                                                                   (2, "none")]
    assert len({tuple(r) for r in rows}) == 1  # same columns for every route
    for r in rows:
        assert r["steps_done"] == 4 and 0 < r["val_nmse"] < 10 and r["git_commit"]
        assert r["group_size"] == (2 if r["positional"] == "none" else 1)
    assert load_results(out) == rows
    used["batched"].clear(), used["single"].clear()
    assert run_sweep(spec, out, progress=False) == rows and used == {"batched": [], "single": []}  # resumed

    # the single route computes what the batched one does (same init, batches and recipe)
    alone = run_sweep({**TINY, "heads": [2], "seed": [0]}, tmp_path / "b.csv", progress=False)[0]
    single = next(r for r in rows if (r["depth"], r["positional"]) == (1, "none"))
    assert alone["key"] == single["key"] and alone["val_nmse"] == pytest.approx(single["val_nmse"], rel=1e-4)


def test_single_trainer_ctrl_c_saves_nothing_and_reraises(tmp_path, monkeypatch):
    train_mod = sys.modules["headcount.training.train"]
    real = train_mod.train

    def interrupted(*a, **k):
        h = real(*a, **k)
        h.interrupted = True
        return h

    monkeypatch.setattr(train_mod, "train", interrupted)
    out = tmp_path / "d.csv"
    with pytest.raises(KeyboardInterrupt):
        run_sweep({**TINY, "seed": [0], "positional": "learned"}, out, progress=False)
    assert load_results(out) == []


@pytest.mark.parametrize("extra", [{}, {"positional": "learned"}], ids=["batched", "single"])
def test_callbacks_see_every_evaluation_and_stop_mid_group(tmp_path, extra):
    spec = {**TINY, **extra, "T": [4, 6], "seed": [0], "steps": 6}
    out = tmp_path / "cb.json"
    events = []
    rows = run_sweep(spec, out, progress=False, callbacks=[events.append], eval_every=2, max_waste=10)
    assert len(rows) == 4
    evals = [e for e in events if "val_nmse" in e]
    assert [e["step"] for e in evals] == [2, 4, 6] * (2 if not extra else 4)
    for e in events:
        assert len(e["loss"]) == len(e["configs"]) and all(isinstance(c["key"], str) for c in e["configs"])
    for e in evals:
        assert len(e["val_nmse"]) == len(e["configs"])
    again = run_sweep(spec, tmp_path / "plain.json", progress=False, max_waste=10)
    # evaluating more often changes nothing
    assert [r["val_nmse"] for r in again] == pytest.approx([r["val_nmse"] for r in rows], rel=1e-5)

    # a callback returning True stops in the middle of the second group: the first is kept, the second is not
    out2 = tmp_path / "stop.csv"
    groups = []

    def stop_in_second(event):
        keys = tuple(c["key"] for c in event["configs"])
        if keys not in groups:
            groups.append(keys)
        return len(groups) == 2 and event["step"] == 3

    rows = run_sweep(spec, out2, progress=False, callbacks=[stop_in_second], max_waste=10)
    finished = {k for g in groups[:1] for k in g}
    assert {r["key"] for r in rows} == finished and load_results(out2) == rows
    assert all(r["steps_done"] == 6 for r in rows)
    # a rerun trains only what was stopped or never started
    resumed = run_sweep(spec, out2, progress=False, max_waste=10)
    assert len(resumed) == 4 and resumed[:len(rows)] == rows

    # stopping on the last step: that batch finished, so it is saved; nothing after it runs
    out3 = tmp_path / "last.csv"
    rows = run_sweep(spec, out3, progress=False, callbacks=[lambda e: e["step"] == 6], max_waste=10)
    assert len(rows) == (2 if not extra else 1) and all(r["steps_done"] == 6 for r in rows)


def test_bad_eval_every(tmp_path):
    with pytest.raises(ValueError, match="eval_every must be an integer >= 1"):
        run_sweep(TINY, tmp_path / "x.csv", progress=False, eval_every=0)


def test_a_lock_held_elsewhere_times_out_with_an_error_naming_it(tmp_path, monkeypatch):
    """Waiting on a results file's lock ends after ``LOCK_TIMEOUT`` with an error naming the lock file."""
    import re
    import subprocess

    from headcount.training import results_file

    out = tmp_path / "held.csv"
    lock = results_file.lock_path(out)
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from filelock import FileLock\n"
                               f"with FileLock({str(lock)!r}):\n    print('held', flush=True); time.sleep(30)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setattr(results_file, "LOCK_TIMEOUT", 0.3)
        message = re.escape(f"its lock '{lock}' could not be taken in 0.3 s")
        with pytest.raises(results_file.ResultsFileError, match=message):
            results_file.merge_rows(out, [{"key": "a", "val_nmse": 1.0}])
    finally:
        holder.kill()
        holder.wait()
    assert not out.exists()
