"""Depth and heads beyond one layer: Conjecture 1 (section 4.6), Tables 4 and 5 (App. B.1), the L x h map.

Conjecture 1 says an ``L``-layer transformer approximates a D-retrieval task efficiently only if
``L * h >= D``. The paper supports it with one two-layer run (Table 5: ``D = 4``, the jump at ``h = 2``).
The course's committed sweeps (``data/results/README.md`` has the commands, wall times and findings):

* ``depth_map.csv``, the **L x h map**: depth ``L in {1, 2, 3, 4}`` x heads ``h in {1, ..., 6}`` for
  ``D in {2, 3, 4, 6}``, 3 seeds, at teaching scale (:data:`MAP_RECIPE`: ``T = 16``, 1000 steps of
  batch 64, 4000/1000 examples); fixed total width ``E = 32`` (per-head dim ``ceil(32 / h)``, as in
  Tables 3-5), MLP width ``N = 32``, Gaussian tokens ``d = 4``;
* ``depth_width.csv``, **cost against T** at ``L = 2`` (Fig. 1b's question one layer deeper): ``D = 4``,
  ``h = 1 < D / L`` and ``h = 2 = D / L``, MLP widths ``N in {8, 16, 32, 64}``, ``T in {8, 16, 32}``;
* ``table5_synthetic.csv``: Table 5 at the paper's scale for ``T in {8, 16, 32}`` (the CPU's share;
  ``python -m headcount reproduce table5`` resumes it and adds ``T = 64, 128``); Table 4 is
  ``table4_synthetic.csv`` (``reproduce table4``), specs in :mod:`headcount.experiments.paper_tables`.

Our intermediate layer is :class:`headcount.model.SelfAttentionBlock`; the paper does not describe its.
"""
from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from headcount._checks import check_choice, check_int
from headcount.experiments.datasets import data_dir
from headcount.experiments.synthetic import ResultsMissing, over_seeds

__all__ = [
    "COMMANDS",
    "MAP_D",
    "MAP_DEPTHS",
    "MAP_HEADS",
    "MAP_RECIPE",
    "WIDTH_NS",
    "WIDTH_TS",
    "depth_grid",
    "load_depth",
    "map_spec",
    "product_jumps",
    "table5_cpu_spec",
    "width_spec",
]

#: The teaching-scale recipe of the map and the width sweep (the paper's Tables use 2000 steps of 128, 8000/2000).
MAP_RECIPE: dict[str, Any] = {"T": 16, "steps": 1000, "batch_size": 64, "n_train": 4000, "n_val": 1000}
MAP_DEPTHS, MAP_HEADS, MAP_D = (1, 2, 3, 4), (1, 2, 3, 4, 5, 6), (2, 3, 4, 6)
WIDTH_NS, WIDTH_TS = (8, 16, 32, 64), (8, 16, 32)
_FIXED_E: dict[str, Any] = {"task": "synthetic", "d": 4, "embed": 32, "head_dim": None, "width": 32}
_RECIPE_FLAGS = "--steps 1000 --batch-size 64 --n-train 4000 --n-val 1000 --seeds 3"

#: The command (one per line, run from the repository root) that made each committed file; each resumes.
COMMANDS: dict[str, list[str]] = {
    "depth_map": [(f"python -m headcount sweep --D {D} --d 4 --heads 1 2 3 4 5 6 --depth 1 2 3 4 --embed 32 "
                   f"--width 32 --T 16 {_RECIPE_FLAGS} --workers 1 --out data/results/depth_map.csv") for D in MAP_D],
    "depth_width": [("python -m headcount sweep --D 4 --d 4 --heads 1 2 --depth 2 --embed 32 --width 8 16 32 64 "
                     f"--T 8 16 32 {_RECIPE_FLAGS} --workers 1 --out data/results/depth_width.csv")],
    "table5_synthetic": [("python -m headcount sweep --D 4 --d 4 --heads 1 2 3 4 5 --depth 2 --embed 32 --width 32 "
                          "--T 8 16 32 --seeds 3 --workers 1 --out data/results/table5_synthetic.csv")],
}


def map_spec(D: int) -> dict[str, Any]:
    """The grid spec of the L x h map at one ``D`` (``COMMANDS['depth_map']`` runs one per ``D``)."""
    return {**_FIXED_E, **MAP_RECIPE, "D": check_choice("D", D, MAP_D), "heads": list(MAP_HEADS),
            "depth": list(MAP_DEPTHS), "seeds": 3}


def width_spec() -> dict[str, Any]:
    """The grid spec of the width-vs-T sweep at ``L = 2``, ``D = 4`` (``h = 1 < D / L`` and ``h = 2 = D / L``)."""
    return {**_FIXED_E, **MAP_RECIPE, "D": 4, "heads": [1, 2], "depth": 2, "width": list(WIDTH_NS),
            "T": list(WIDTH_TS), "seeds": 3}


def table5_cpu_spec() -> dict[str, Any]:
    """Table 5's grid spec (:mod:`headcount.experiments.paper_tables`) cut to ``T <= 32``, the part run on a CPU."""
    from headcount.experiments.paper_tables import table_spec

    return {**table_spec("table5"), "T": [8, 16, 32]}


def load_depth(name: str = "depth_map", folder: str | os.PathLike | None = None,
               complete: bool = True) -> list[dict[str, Any]]:
    """The committed rows of ``'depth_map'``, ``'depth_width'`` or ``'table5_synthetic'`` (``data/results``).

    Raises :class:`headcount.experiments.synthetic.ResultsMissing` with the commands that make the
    file if it is missing, empty or (``complete=True``) lacks a configuration of its grid.
    """
    from headcount.training.sweep import expand_grid, load_results

    name = check_choice("name", name, sorted(COMMANDS))
    path = (Path(folder) if folder is not None else data_dir() / "results") / f"{name}.csv"
    rows = load_results(path) if path.exists() else []
    how = " && ".join(COMMANDS[name])
    if not rows:
        raise ResultsMissing(f"{path} is {'empty' if path.exists() else 'missing'}: make it from the repository root "
                             f"with `{how}` (resumable), then rerun this notebook")
    if complete:
        specs = {"depth_map": [map_spec(D) for D in MAP_D], "depth_width": [width_spec()],
                 "table5_synthetic": [table5_cpu_spec()]}[name]
        have = {r["key"] for r in rows}
        missing = [c for s in specs for c in expand_grid(s) if c["key"] not in have]
        if missing:
            raise ResultsMissing(f"{path} is incomplete ({len(missing)} configurations missing); finish it with "
                                 f"`{how}` (it resumes), then rerun this notebook")
    return rows


def depth_grid(rows: Sequence[Mapping[str, Any]], D: int, stat: str = "min",
               metric: str = "val_nmse") -> dict[int, dict[int, float]]:
    """``{L: {h: stat over seeds}}`` of the rows with this ``D`` (the map's heatmap at one ``D``)."""
    D = check_int("D", D)
    cells: dict[tuple[int, int], list[float]] = {}
    for r in rows:
        if int(r["D"]) == D:
            cells.setdefault((int(r["depth"]), int(r["heads"])), []).append(float(r[metric]))
    if not cells:
        raise ValueError(f"no rows with D = {D}; the rows have D in {sorted({int(r['D']) for r in rows})}")
    grid: dict[int, dict[int, float]] = {}
    for (L, h), values in sorted(cells.items()):
        grid.setdefault(L, {})[h] = over_seeds(values, stat)
    return grid


def product_jumps(grid: Mapping[int, Mapping[int, float]], D: int) -> dict[int, float]:
    """Per depth ``L``, ``NMSE(h* - 1) / NMSE(h*)`` at the smallest ``h* >= D / L`` (Conjecture 1's threshold,
    ``L h* >= D``), where the grid has both ``h* - 1 >= 1`` and ``h*``."""
    D = check_int("D", D)
    out = {}
    for L, row in grid.items():
        h = -(-D // L)
        if h - 1 in row and h in row:
            out[L] = row[h - 1] / row[h]
    return out
