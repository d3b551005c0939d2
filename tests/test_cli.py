"""``python -m headcount``: FAST smoke runs, resume, workers, and clear errors (exit code 2, one line, no traceback)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from headcount.cli import main
from headcount.experiments.paper_tables import table_spec
from headcount.training import results_file
from headcount.training.sweep import _write_atomic, expand_grid, load_results

LIB = str(Path(__file__).resolve().parents[1] / "lib")
ENV = {**os.environ, "PYTHONPATH": LIB + os.pathsep + os.environ.get("PYTHONPATH", ""), "OMP_NUM_THREADS": "1"}
SMALL = ["--T", "4", "--seeds", "1", "--width", "8", "--no-progress", "--device", "cpu"]


@pytest.fixture(autouse=True)
def _no_fast_from_env(monkeypatch):
    """The CLI decides FAST from --fast or HEADCOUNT_FAST only; the tests say which."""
    monkeypatch.delenv("HEADCOUNT_FAST", raising=False)
    monkeypatch.delenv("CI", raising=False)


def test_reproduce_fast_smoke(tmp_path, capsys):
    out = tmp_path / "table3.csv"
    # Table 3's h = 4 (n = 8, E = 32) is Table 2's h = 4: an existing table2 row is copied, not retrained
    shared = next(c for c in expand_grid(table_spec("table2", seeds=1, fast=True)) if c["heads"] == 4 and c["T"] == 8)
    row = {**shared, "val_nmse": 0.125, "command": "earlier", "device": "cpu (2 cores, 1 torch threads)"}
    _write_atomic(tmp_path / "table2.csv", [row])
    assert main(["reproduce", "table3", "--fast", "--seeds", "1", "--out", str(out), "--no-progress",
                 "--threads", "1", "--device", "cpu", "--workers", "1"]) == 0
    rows = load_results(out)
    assert len(rows) == 25
    assert sorted({(r["heads"], r["head_dim"], r["embed_dim"]) for r in rows}) == [
        (1, 32, 32), (2, 16, 32), (3, 11, 33), (4, 8, 32), (5, 7, 35)]
    assert {r["T"] for r in rows} == {8, 16, 32, 64, 128}
    reused = [r for r in rows if r["reused_from"]]
    assert [(r["key"], r["val_nmse"], r["command"]) for r in reused] == [(shared["key"], 0.125, "earlier")]
    assert all(r["steps_done"] == 10 and r["command"].startswith("python -m headcount reproduce")
               for r in rows if not r["reused_from"])
    text = capsys.readouterr().out
    assert "24 trained, 1 reused" in text and "validation NMSE over seeds" in text and "T= 128 h=5 n= 7" in text


def test_sweep_fast_on_two_workers_then_resume(tmp_path, capsys):
    out = tmp_path / "s.json"
    args = ["sweep", "--heads", "1", "2", "--fast", "--workers", "2", "--out", str(out), *SMALL[:-2], "--width", "8"]
    assert main(args) == 0
    first = load_results(out)
    assert len(first) == 2 and {r["width"] for r in first} == {8} and {r["steps"] for r in first} == {10}
    assert all(r["worker"] and r["threads"] == 1 and r["device_kind"] == "cpu" for r in first)
    assert main([*args[:-1], "8", "16"]) == 0  # width 16 is new, width 8 is skipped
    rows = load_results(out)
    assert len(rows) == 4 and rows[:2] == first
    assert "2 trained, 0 reused" in capsys.readouterr().out


def test_sweep_depth_and_positional(tmp_path, capsys):
    out = tmp_path / "beyond.csv"
    base = ["sweep", "--heads", "2", "--fast", "--workers", "1", *SMALL, "--out", str(out)]
    assert main([*base, "--depth", "1", "2", "--positional", "none", "learned"]) == 0
    rows = load_results(out)
    assert sorted((r["depth"], r["positional"]) for r in rows) == [(1, "learned"), (1, "none"), (2, "learned"),
                                                                   (2, "none")]
    assert all(r["steps_done"] == 10 and r["heads"] == 2 and "--depth 1 2" in r["command"] for r in rows)
    text = capsys.readouterr().out
    assert "wrote" in text and "L=2 pos=learned" in text
    # the defaults are the paper's configuration, under the same key as a run without the options
    plain = tmp_path / "plain.csv"
    assert main([*base[:-1], str(plain)]) == 0
    (default,) = load_results(plain)
    assert (default["depth"], default["positional"]) == (1, "none")
    assert default["key"] == next(r["key"] for r in rows if (r["depth"], r["positional"]) == (1, "none"))
    assert main([*base, "--depth", "2"]) == 0 and load_results(out) == rows  # resumed: nothing new


def test_task_defaults_beta_choices_and_fast_only_on_request(tmp_path, monkeypatch, capsys):
    out = tmp_path / "mm.csv"
    assert main(["sweep", "--task", "max_min", "--heads", "1", "--fast", "--workers", "1", *SMALL,
                 "--beta", "1/sqrt(n)", "0.5", "--out", str(out)]) == 0
    rows = load_results(out)
    assert {(r["D"], r["d"]) for r in rows} == {(2, 1)} and sorted(map(str, {r["beta"] for r in rows})) == [
        "0.5", "None"]
    # CI=true alone does not turn a run into the FAST recipe; HEADCOUNT_FAST=1 does, and says so
    small = ["sweep", "--heads", "1", "--workers", "1", *SMALL, "--steps", "3", "--n-train", "64", "--n-val", "32",
             "--batch-size", "8"]
    monkeypatch.setenv("CI", "true")
    assert main([*small, "--out", str(tmp_path / "ci.csv")]) == 0
    assert load_results(tmp_path / "ci.csv")[0]["warmup"] == 100 and "FAST" not in capsys.readouterr().err
    monkeypatch.setenv("HEADCOUNT_FAST", "1")
    assert main([*small, "--out", str(tmp_path / "fast.csv")]) == 0
    assert load_results(tmp_path / "fast.csv")[0]["warmup"] == 2
    err = capsys.readouterr().err
    assert err.count("FAST mode from HEADCOUNT_FAST=1") == 1


def test_a_diverged_run_is_recorded_and_retried(tmp_path, capsys):
    out = tmp_path / "nan.json"
    args = ["sweep", "--heads", "1", "--fast", "--workers", "1", *SMALL, "--lr", "1e30", "--out", str(out)]
    assert main(args) == 0
    (row,) = json.loads(out.read_text(), parse_constant=lambda c: pytest.fail(f"bare {c} in JSON"))
    assert row["status"] == "diverged" and row["val_nmse"] is None
    assert "1 diverged" in capsys.readouterr().out
    assert main(args) == 0 and "1 trained" in capsys.readouterr().out  # retried, not taken as done


@pytest.mark.parametrize("args, message", [
    (["sweep", "--heads", "0", "--out", "x.csv"], "--heads must be an integer >= 1, got 0"),
    (["sweep", "--n-train", "0", "--out", "x.csv"], "--n-train must be an integer >= 1, got 0"),
    (["sweep", "--lr", "nan", "--out", "x.csv"], "--lr must be a finite number > 0, got nan"),
    (["sweep", "--beta", "big", "--out", "x.csv"], "--beta must be a number > 0 or '1/sqrt(n)', got 'big'"),
    (["sweep", "--task", "max_min", "--D", "4", "--out", "x.csv"], "--D must be an integer >= 2 and <= 2, got 4"),
    (["sweep", "--T", "8", "--out", "x.txt"], "--out must end in .csv or .json"),
    (["sweep", "--task", "foo", "--out", "x.csv"], "--task must be one of"),
    (["sweep", "--embed", "32", "--head-dim", "8", "--out", "x.csv"], "give --head-dim or --embed"),
    (["sweep", "--depth", "2", "0", "--out", "x.csv"], "--depth must be an integer >= 1, got 0"),
    (["sweep", "--positional", "learned", "rotary", "--out", "x.csv"],
     "--positional must be one of ('none', 'learned', 'onehot'), got 'rotary'"),
    (["sweep", "--workers", "0", "--out", "x.csv"], "--workers must be an integer >= 1, got 0"),
    (["sweep", "--workers", "2", "--scheduler", "tcp://h:1", "--out", "x.csv"], "give --workers"),
    (["sweep", "--out", "missing/x.csv"], "--out 'missing/x.csv': the folder 'missing' does not exist"),
    (["sweep", "--out", "afile/x.csv"], "--out 'afile/x.csv': 'afile' is a file, not a folder"),
    (["reproduce", "table2", "--seeds", "0"], "--seeds must be an integer >= 1"),
    (["reproduce", "table2", "--device", "tpu"], "--device must be one of"),
    (["realdata", "marked", "--scale", "fast", "--set", "heads=0"], "--set heads: heads must be an integer >= 1"),
    (["realdata", "marked", "--set", "heads=x"], "--set heads= takes integers separated by commas, got 'x'"),
])
def test_bad_values_exit_2_with_a_clear_message(tmp_path, monkeypatch, capsys, args, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("not a folder")
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]  # nothing written, nothing trained


def test_an_unwritable_out_folder_is_refused_before_training(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(results_file.os, "access", lambda path, mode: False)  # as for a user without rights
    assert main(["sweep", "--fast", "--out", str(tmp_path / "x.csv")]) == 2
    assert "is not writable" in capsys.readouterr().err and not list(tmp_path.iterdir())


def test_corrupt_out_exits_1_and_keeps_file(tmp_path, capsys):
    out = tmp_path / "c.csv"
    out.write_text("key,val_nmse\nabc,zzz\n")
    assert main(["sweep", "--T", "4", "--fast", "--out", str(out), "--no-progress"]) == 1
    assert str(out) in capsys.readouterr().err and out.read_text() == "key,val_nmse\nabc,zzz\n"


def test_realdata_runs_on_the_engine(tmp_path, capsys):
    out = tmp_path / "marked.json"
    args = ["realdata", "marked", "--fast", "--set", "D=1", "heads=1", "steps=5", "n_eval=50", "--out", str(out),
            "--workers", "1", "--no-progress"]
    assert main(args) == 0
    (row,) = json.loads(out.read_text())
    assert row["scale"] == "fast" and row["command"].startswith("python -m headcount realdata marked")
    assert row["device_kind"] == "cpu" and row["status"] == "ok" and 0 <= row["train_acc"] <= 1
    assert "training accuracy" in capsys.readouterr().out
    assert main(args) == 0 and "0 trained" in capsys.readouterr().out  # resumed


def test_an_unknown_table_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["reproduce", "table9"])
    assert exc.value.code == 2 and "invalid choice: 'table9'" in capsys.readouterr().err


def test_the_module_entry_point_piped_into_head_ends_quietly(tmp_path):
    out = tmp_path / "pipe.csv"
    args = ["sweep", "--fast", "--heads", "1", "2", "--workers", "1", "--T", "4", "--seeds", "1", "--no-progress"]
    assert main([*args, "--out", str(out)]) == 0  # trained here; the piped run resumes and prints its summary
    cmd = " ".join([sys.executable, "-m", "headcount", *args, "--out", str(out), "| head -1"])
    proc = subprocess.run(cmd, shell=True, capture_output=True, text=True, env=ENV, timeout=120)
    assert proc.stdout.startswith("wrote ") and len(proc.stdout.splitlines()) == 1
    assert "BrokenPipeError" not in proc.stderr and "Traceback" not in proc.stderr


def test_a_full_disk_is_one_line_and_keeps_the_file(tmp_path, monkeypatch, capsys):
    import errno

    out = tmp_path / "full.csv"
    base = ["sweep", "--fast", "--workers", "1", *SMALL, "--out", str(out)]
    assert main([*base, "--heads", "1"]) == 0
    before = out.read_text()

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(out))

    monkeypatch.setattr(results_file.os, "replace", no_space)
    capsys.readouterr()
    assert main([*base, "--heads", "1", "2"]) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "keeps every finished group" in err and len(err.splitlines()) == 1
    assert out.read_text() == before and not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]


def test_an_out_under_proc_is_refused_in_seconds_naming_out():
    """``os.access`` says yes to root on /proc, where no file can be made: the lock file is created to check,
    so the command stops at once (it used to wait on the lock forever)."""
    cmd = [sys.executable, "-m", "headcount", "sweep", "--heads", "2", "--T", "8", "--fast", "--out", "/proc/x.csv"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("headcount: error: --out '/proc/x.csv': the folder '/proc' is not writable")


def test_an_out_whose_lock_file_cannot_be_made_is_refused_before_training(tmp_path, capsys):
    """A folder that refuses the lock file (here: a folder sits where the lock file goes; as root no chmod
    makes a folder read-only) is refused with exit 2 before anything trains."""
    (tmp_path / ".x.csv.lock").mkdir()
    assert main(["sweep", "--fast", *SMALL, "--out", str(tmp_path / "x.csv")]) == 2
    err = capsys.readouterr().err
    assert "--out" in err and "is not writable" in err and "'.x.csv.lock'" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [".x.csv.lock"]


@pytest.mark.parametrize("device", ["auto", "cpu"])
def test_the_device_is_resolved_once_on_the_command_line_path(tmp_path, monkeypatch, device):
    """``pick_device`` runs once, in the CLI; the engine, executor and trainers get the ``torch.device``
    (``headcount.env.as_device`` would call it for a name). The batched trainer's own check is not counted."""
    from headcount import cli, env

    calls = []
    real = env.pick_device

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(cli, "pick_device", counting)
    monkeypatch.setattr(env, "pick_device", counting)
    args = ["sweep", "--fast", *SMALL[:-2], "--device", device, "--heads", "1", "2", "--workers", "1",
            "--positional", "none", "learned", "--out", str(tmp_path / "d.csv")]
    assert main(args) == 0 and len(load_results(tmp_path / "d.csv")) == 4
    assert calls == [(device,)]
