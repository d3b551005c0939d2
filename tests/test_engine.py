"""The sweep engine: locked merges, executors (worker processes), retries, Ctrl-C, device kinds, seed offsets, NaN."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import sweep_fixtures  # noqa: F401 - registers the toy experiment
from sweep_fixtures import expand

from headcount.training import executors
from headcount.training.engine import run_experiment
from headcount.training.results_file import merge_rows, read_rows

TESTS = str(Path(__file__).resolve().parent)
LIB = str(Path(__file__).resolve().parents[1] / "lib")
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([LIB, TESTS, os.environ.get("PYTHONPATH", "")]),
       "OMP_NUM_THREADS": "1"}


def run(configs, out, **kw):
    return run_experiment("toy", configs, out, device="cpu", progress=False, command="test", **kw)


def test_two_coordinators_writing_one_file_at_once_lose_nothing(tmp_path):
    # two processes (each a coordinator, merging one row per finished group) start together on one file
    out = tmp_path / "shared.json"
    code = textwrap.dedent("""
        import sys, time, sweep_fixtures
        from pathlib import Path
        from headcount.training.engine import run_experiment
        out, start = Path(sys.argv[1]), int(sys.argv[2])
        (out.parent / f"ready{start}").touch()
        while len(list(out.parent.glob("ready*"))) < 2:  # both imported: now write at the same time
            time.sleep(0.01)
        run_experiment("toy", sweep_fixtures.expand({"x": list(range(start, start + 25))}), out, device="cpu",
                       progress=False, command=f"coordinator {start}")
    """)
    procs = [subprocess.Popen([sys.executable, "-c", code, str(out), start], env=ENV) for start in ("0", "100")]
    assert [p.wait(timeout=180) for p in procs] == [0, 0]
    rows = read_rows(out, metric="value")
    assert sorted(r["x"] for r in rows) == [*range(25), *range(100, 125)]  # every row, each once
    assert {r["command"] for r in rows} == {"coordinator 0", "coordinator 100"}
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]


def test_worker_processes_return_rows_and_the_coordinator_writes(tmp_path):
    out = tmp_path / "pool.csv"
    report = run(expand({"x": [1, 2, 3, 4], "sleep": 0.1}), out, workers=2)
    rows = read_rows(out, metric="value")
    assert report.trained == 4 and sorted(r["value"] for r in rows) == [1.0, 4.0, 9.0, 16.0]
    assert len({r["pid"] for r in rows}) == 4 and os.getpid() not in {r["pid"] for r in rows}  # a process per group
    assert all(r["worker"].endswith(f":{r['pid']}") and r["threads"] == 1 and r["device_kind"] == "cpu" for r in rows)
    assert run(expand({"x": [1, 2, 3, 4], "sleep": 0.1}), out, workers=2).trained == 0  # resumed


def test_a_killed_worker_is_retried_once_and_a_group_failing_twice_is_reported(tmp_path):
    out = tmp_path / "faults.csv"
    marker = tmp_path / "died-once"
    configs = expand({"x": [1, 2]}) + expand({"x": [3], "mode": "die_once", "marker": str(marker)}) + expand(
        {"x": [5], "mode": "fail"})
    report = run(configs, out, workers=2)
    assert marker.exists(), "the worker of x = 3 was killed once"
    rows = read_rows(out, metric="value")
    assert sorted(r["x"] for r in rows) == [1, 2, 3]  # the killed group was retried and finished
    assert len(report.failed) == 1 and "toy failure at x=5" in report.failed[0] and "RuntimeError" in report.failed[0]
    assert "1 groups failed twice" in report.summary()


def test_ctrl_c_stops_submitting_and_keeps_finished_groups(tmp_path, monkeypatch):
    out = tmp_path / "stop.csv"
    real_wait = executors.LocalProcesses.wait
    calls = []

    def wait_then_interrupt(self, handles):
        calls.append(len(handles))
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_wait(self, handles)

    monkeypatch.setattr(executors.LocalProcesses, "wait", wait_then_interrupt)
    configs = expand({"x": list(range(6)), "sleep": 0.2})
    with pytest.raises(KeyboardInterrupt):
        run(configs, out, workers=2)
    kept = read_rows(out, metric="value")
    assert 1 <= len(kept) <= 2  # the first finished group(s), nothing else was submitted after Ctrl-C
    monkeypatch.setattr(executors.LocalProcesses, "wait", real_wait)
    again = run(configs, out, workers=2)
    assert again.trained == 6 - len(kept) and len(again.rows) == 6


def test_rows_of_another_device_kind_or_seed_offset_are_retrained_never_reused(tmp_path, monkeypatch):
    out, other = tmp_path / "mine.csv", tmp_path / "other.csv"
    configs = expand({"x": [1, 2]})
    run(configs, out)
    rows = read_rows(out, metric="value")
    merge_rows(out, [{**rows[0], "device_kind": "cuda", "device": "cuda (NVIDIA H200)", "value": -1.0}], metric="value")
    old = {k: v for k, v in rows[1].items() if k != "device_kind"}  # rows written before the column existed
    merge_rows(other, [{**old, "device": "cuda (NVIDIA H200)", "value": -2.0}], metric="value")
    report = run(configs, out, reuse_from=[other])
    assert (report.trained, report.reused, report.replaced) == (1, 0, 1)
    assert sorted(r["value"] for r in read_rows(out, metric="value")) == [1.0, 4.0]  # the cuda row was replaced
    monkeypatch.setenv("HEADCOUNT_SEED_OFFSET", "2")
    report = run(configs, out)
    assert report.trained == 2 and {r["seed_offset"] for r in report.rows} == {2}
    assert run(configs, out).trained == 0


def test_a_diverged_run_is_recorded_as_such_in_strict_json_and_retried(tmp_path):
    out = tmp_path / "nan.json"
    configs = expand({"x": [1], "mode": "nan"}) + expand({"x": [2]})
    report = run(configs, out)
    assert report.diverged == 1 and "diverged" in report.summary()

    def no_constants(name):
        raise ValueError(f"non-strict JSON constant {name}")

    rows = json.loads(out.read_text(), parse_constant=no_constants)
    bad = next(r for r in rows if r["x"] == 1)
    assert bad["status"] == "diverged" and bad["value"] is None
    assert next(r for r in rows if r["x"] == 2)["status"] == "ok"
    assert run(configs, out).trained == 1  # the diverged one is tried again, the finished one is not
