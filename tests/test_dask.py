"""The Dask executor on a real ``distributed.LocalCluster`` (two worker processes, one thread each)."""
from __future__ import annotations

import pytest

distributed = pytest.importorskip("distributed")

import sweep_fixtures  # noqa: E402, F401 - registers the toy experiment

from headcount.training.engine import run_experiment  # noqa: E402
from headcount.training.sweep import load_results, run_sweep  # noqa: E402

TINY = {"T": [4, 6], "heads": [1, 2], "seed": [0, 1], "width": 8, "n_train": 64, "n_val": 32, "steps": 4,
        "batch_size": 8, "warmup": 1}


@pytest.fixture(scope="module")
def scheduler():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  env={"OMP_NUM_THREADS": "1"}) as cluster:
        yield cluster.scheduler_address


def test_a_dask_cluster_writes_the_file_a_local_run_writes(tmp_path, scheduler):
    local = run_sweep(TINY, tmp_path / "local.csv", progress=False, command="t")
    remote = run_sweep(TINY, tmp_path / "dask.csv", progress=False, command="t", scheduler=scheduler)
    assert len(remote) == len({r["key"] for r in remote}) == 8  # every configuration, each once
    assert sorted(r["key"] for r in remote) == sorted(r["key"] for r in local)
    by_key = {r["key"]: r for r in local}
    for r in remote:
        assert r["val_nmse"] == pytest.approx(by_key[r["key"]]["val_nmse"], rel=1e-6)
        assert r["worker"].startswith("tcp://127.0.0.1:") and r["threads"] == 1 and r["device_kind"] == "cpu"
    assert len({r["worker"] for r in remote}) >= 1 and load_results(tmp_path / "dask.csv") == remote
    assert run_sweep(TINY, tmp_path / "dask.csv", progress=False, scheduler=scheduler) == remote  # resumed


def test_a_dask_group_failing_twice_is_reported_and_the_rest_finishes(tmp_path, scheduler):
    configs = sweep_fixtures.expand({"x": [1, 2]}) + sweep_fixtures.expand({"x": [7], "mode": "fail"})
    report = run_experiment("toy", configs, tmp_path / "toy.json", progress=False, scheduler=scheduler)
    assert sorted(r["x"] for r in report.rows) == [1, 2]
    assert len(report.failed) == 1 and "toy failure at x=7" in report.failed[0]
