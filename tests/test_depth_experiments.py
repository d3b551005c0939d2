"""Depth experiments (Conjecture 1, Tables 4-5): the committed commands make exactly the grid specs, and the
map's summaries (:mod:`headcount.experiments.depth`)."""
from __future__ import annotations

import shlex

import pytest

from headcount.cli import _sweep_spec, build_parser
from headcount.experiments.depth import (
    COMMANDS,
    MAP_D,
    depth_grid,
    load_depth,
    map_spec,
    product_jumps,
    table5_cpu_spec,
    width_spec,
)
from headcount.experiments.paper_tables import TABLES, paper_value, table_spec
from headcount.experiments.synthetic import ResultsMissing
from headcount.training.sweep import expand_grid


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_makes_exactly_its_grid(name):
    keys = set()
    for command in COMMANDS[name]:
        args = build_parser().parse_args(shlex.split(command)[3:])
        keys |= {c["key"] for c in expand_grid(_sweep_spec(args, False))}
    specs = {"depth_map": [map_spec(D) for D in MAP_D], "depth_width": [width_spec()],
             "table5_synthetic": [table5_cpu_spec()]}[name]
    assert keys == {c["key"] for s in specs for c in expand_grid(s)}


def test_table_specs_follow_the_paper():
    t4, t5 = expand_grid(table_spec("table4")), expand_grid(table_spec("table5"))
    assert {(c["D"], c["depth"]) for c in t4} == {(3, 1)} and {c["heads"] for c in t4} == {1, 2, 3, 4}
    assert {(c["D"], c["depth"], c["positional"]) for c in t5} == {(4, 2, "none")}
    assert {c["embed_dim"] for c in t4 + t5} <= {32, 33, 35}  # E = nh = 32 with n = ceil(32 / h)
    assert {c["key"] for c in expand_grid(table5_cpu_spec())} <= {c["key"] for c in t5}  # the CPU part resumes
    assert paper_value("table4", 3, 8) == (4.18e-7, None) and paper_value("table5", 2, 128) == (3.83e-6, None)
    with pytest.raises(ValueError, match="heads"):
        paper_value("table4", 5, 8)
    assert sorted(TABLES) == ["table2", "table3", "table4", "table5"]


def test_depth_grid_and_product_jumps():
    rows = [{"D": 4, "depth": L, "heads": h, "seed": s, "val_nmse": 10.0 ** -(L * h >= 4) * (1 + s)}
            for L in (1, 2) for h in (1, 2, 3, 4) for s in (0, 1, 2)]
    grid = depth_grid(rows, 4)
    assert grid[1][3] == 1.0 and grid[1][4] == 0.1 and grid[2][2] == 0.1
    assert depth_grid(rows, 4, "median")[2][1] == 2.0
    assert product_jumps(grid, 4) == pytest.approx({1: 10.0, 2: 10.0})
    with pytest.raises(ValueError, match="no rows with D = 3"):
        depth_grid(rows, 3)


def test_missing_results_name_the_command(tmp_path):
    with pytest.raises(ResultsMissing, match="python -m headcount sweep --D 2"):
        load_depth("depth_map", folder=tmp_path)
