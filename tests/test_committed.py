"""hc.results(name): the committed results by name, with clear errors for an unknown name or an empty file."""
from __future__ import annotations

import pytest

import headcount as hc
from headcount.experiments.committed import names
from headcount.experiments.synthetic import ResultsMissing


def test_every_committed_file_loads_by_name():
    known = names()
    assert {"table2", "table3", "table4", "table5", "depth_map", "fig1b_width", "realdata_vit"} <= set(known)
    assert "table2_synthetic" not in known   # listed by its short name
    rows = hc.results("table5")              # two layers, read by the depth loader
    assert rows and all(r["depth"] == 2 for r in rows)
    assert hc.results("realdata_vit")[0]["key"] and "val_nmse" in hc.results("fig1b_width")[0]


def test_unknown_name_and_empty_file(tmp_path):
    with pytest.raises(ValueError, match="name must be one of the committed results .*'table2'.*got 'tabel2'"):
        hc.results("tabel2")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(ResultsMissing, match="empty.csv is empty"):
        hc.results("empty", tmp_path)
    with pytest.raises(ResultsMissing, match="table2_synthetic.csv is missing"):
        hc.results("table2", tmp_path)
