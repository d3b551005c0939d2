"""``python -m headcount``: FAST smoke runs, resume, and clear errors (exit code 2, no traceback)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from headcount.cli import main
from headcount.training.sweep import _write_atomic, expand_grid, load_results
from headcount.experiments.paper_tables import table_spec

LIB = str(Path(__file__).resolve().parents[1] / "lib")


def test_reproduce_fast_smoke(tmp_path, capsys):
    out = tmp_path / "table3.csv"
    # Table 3's h = 4 (n = 8, E = 32) is Table 2's h = 4: an existing table2 row is copied, not retrained
    shared = next(c for c in expand_grid(table_spec("table2", seeds=1, fast=True)) if c["heads"] == 4 and c["T"] == 8)
    _write_atomic(tmp_path / "table2.csv", [{**shared, "val_nmse": 0.125, "command": "earlier"}])
    assert main(["reproduce", "table3", "--fast", "--seeds", "1", "--out", str(out), "--no-progress",
                 "--threads", "1", "--device", "cpu"]) == 0
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
    assert "validation NMSE over seeds" in text and "T= 128 h=5 n= 7" in text


def test_sweep_fast_then_resume(tmp_path, capsys):
    out = tmp_path / "s.json"
    args = ["sweep", "--heads", "1", "2", "--T", "4", "--seeds", "2", "--fast", "--out", str(out), "--no-progress",
            "--width", "8"]
    assert main(args) == 0
    first = load_results(out)
    assert len(first) == 4 and {r["width"] for r in first} == {8} and {r["steps"] for r in first} == {10}
    assert main([*args[:-1], "8", "16"]) == 0  # width 16 is new, width 8 is skipped
    rows = load_results(out)
    assert len(rows) == 8 and rows[:4] == first


def test_sweep_depth_and_positional(tmp_path, capsys):
    out = tmp_path / "beyond.csv"
    base = ["sweep", "--heads", "2", "--T", "4", "--seeds", "1", "--fast", "--width", "8", "--no-progress",
            "--device", "cpu", "--out", str(out)]
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


@pytest.mark.parametrize("args, message", [
    (["sweep", "--heads", "0", "--out", "x.csv"], "heads must be an integer >= 1, got 0"),
    (["sweep", "--T", "8", "--out", "x.txt"], "out must end in .csv or .json"),
    (["sweep", "--task", "foo", "--out", "x.csv"], "task must be one of"),
    (["sweep", "--embed", "32", "--head-dim", "8", "--out", "x.csv"], "give --head-dim or --embed"),
    (["sweep", "--depth", "2", "0", "--out", "x.csv"], "depth must be an integer >= 1, got 0"),
    (["sweep", "--positional", "learned", "rotary", "--out", "x.csv"],
     "positional must be one of ('none', 'learned', 'onehot'), got 'rotary'"),
    (["reproduce", "table2", "--seeds", "0"], "seeds must be an integer >= 1"),
    (["reproduce", "table2", "--device", "tpu"], "device must be one of"),
])
def test_bad_values_exit_2_with_a_clear_message(tmp_path, monkeypatch, capsys, args, message):
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not list(tmp_path.iterdir())  # nothing written


def test_corrupt_out_exits_1_and_keeps_file(tmp_path, capsys):
    out = tmp_path / "c.csv"
    out.write_text("key,val_nmse\nabc,zzz\n")
    assert main(["sweep", "--T", "4", "--fast", "--out", str(out), "--no-progress"]) == 1
    assert str(out) in capsys.readouterr().err and out.read_text() == "key,val_nmse\nabc,zzz\n"


def test_module_entry_point_rejects_unknown_table():
    env = {**os.environ, "PYTHONPATH": LIB + os.pathsep + os.environ.get("PYTHONPATH", ""), "OMP_NUM_THREADS": "1"}
    proc = subprocess.run([sys.executable, "-m", "headcount", "reproduce", "table9"], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 2
    assert "invalid choice: 'table9'" in proc.stderr and "Traceback" not in proc.stderr
