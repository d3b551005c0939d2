"""The synthetic experiments of section 6.1 / App. B.1: registered with the sweep engine, as tables and comparisons.

:data:`SYNTHETIC` registers the experiment ``'synthetic'`` with the sweep engine
(:mod:`headcount.training.engine`): the grids of :mod:`headcount.training.sweep`, each group trained by
:func:`headcount.training.fit.run_group` (the one training entry point); :func:`headcount.training.sweep.run_sweep`
and ``python -m headcount sweep|reproduce`` run it.

Result views (pure functions of the rows that :func:`headcount.training.sweep.run_sweep` writes):

* :func:`load_table`: ``data/results/table2_synthetic.csv`` / ``table3_synthetic.csv``, or a clear
  :class:`ResultsMissing` error naming the command that regenerates it;
* :func:`nmse_grid`: ``{h: {T: NMSE}}`` with a statistic over seeds (``'min'``, as the paper
  reports, ``'median'``, ``'mean'``, ``'max'``); :func:`paper_grid`: the paper's Tables 2-5
  (:mod:`headcount.experiments.paper_tables`) in the same form;
* :func:`transition_ratios`: ``NMSE(h = D-1) / NMSE(h = D)`` per ``T`` (Fig. 1a's jump), and the claim
  predicates on a grid: :func:`jump_at` (the jump is at least ``factor`` at every ``T``), :func:`gains_less_beyond`
  (one head beyond ``D`` gains far less) and :func:`heads_beat_length` (the worst ``h = D`` cell beats the best
  ``h = D - 1`` cell);
* :func:`reversal_scores`: the weighted reversal score ``R(h)`` of Fig. 2e for every ``h``
  (:func:`headcount.theory.reversal_score` per row of the grid);
* :func:`short_T_rise`: Remark B.1.1, where along ``T`` each ``h``'s NMSE is lowest;
* :func:`seed_lottery`: min against median over seeds per cell;


The live sweep that trains such a grid in a lecture is :mod:`headcount.ui.head_sweep`.
"""
from __future__ import annotations

import math
import os
import statistics
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from headcount._checks import check_choice, check_int, check_positive
from headcount.env import data_dir
from headcount.experiments.paper_tables import TABLES, paper_value
from headcount.theory import reversal_score
from headcount.training.engine import Experiment, register
from headcount.training.fit import run_group
from headcount.training.sweep import CONFIG_FIELDS, METRICS, expand_grid, group_configs, group_cost, resolve_config

__all__ = [
    "REGENERATE",
    "STATS",
    "SYNTHETIC",
    "ResultsMissing",
    "first_positive",
    "gains_less_beyond",
    "heads_beat_length",
    "jump_at",
    "load_table",
    "nmse_grid",
    "paper_grid",
    "reversal_scores",
    "seed_lottery",
    "seed_values",
    "short_T_rise",
    "transition_ratios",
]

Grid = dict[int, dict[int, float]]

#: The command that (re)creates each committed results file (see ``data/results/README.md``).
REGENERATE = {t: f"python -m headcount reproduce {t}" for t in TABLES}
STATS = ("min", "median", "mean", "max")


#: The synthetic experiment of section 6.1 as the sweep engine runs it.
SYNTHETIC = register(Experiment(name="synthetic", module=__name__, expand=expand_grid, resolve=resolve_config,
                                group=group_configs, run_group=run_group, fields=CONFIG_FIELDS, metrics=METRICS,
                                metric="val_nmse", better="min", by="T", cost=group_cost))


class ResultsMissing(FileNotFoundError):
    """A results file the notebook needs is not there (or holds no rows); the message says how to make it."""


def load_table(table: str, folder: str | os.PathLike | None = None, complete: bool = True) -> list[dict[str, Any]]:
    """The committed rows of the paper's ``'table2'`` or ``'table3'`` (``<folder>/<table>_synthetic.csv``).
    ``folder`` defaults to the committed ``data/results`` (:func:`headcount.env.data_dir`).

    Raises :class:`ResultsMissing` with the regenerating command if the file is missing or empty, or
    (with ``complete=True``) if a cell ``(h, T)`` of the paper's grid has no row yet (a sweep still
    running or interrupted: the same command resumes it), and
    :class:`headcount.training.sweep.ResultsFileError` if it is corrupt.
    """
    from headcount.training.sweep import load_results

    table = check_choice("table", table, sorted(TABLES))
    path = Path(folder) if folder is not None else data_dir() / "results"
    path = path / f"{table}_synthetic.csv"
    rows = load_results(path) if path.exists() else []
    if not rows:
        raise ResultsMissing(f"{path} is {'empty' if path.exists() else 'missing'}: regenerate it from the repository "
                             f"root with `{REGENERATE[table]}` (resumable; about 30 min on 2 CPU cores, minutes on "
                             "a GPU), then rerun this notebook")
    if complete:
        have = {(int(r["heads"]), int(r["T"])) for r in rows}
        missing = [(h, T) for h in TABLES[table]["heads"] for T in TABLES[table]["T"] if (h, T) not in have]
        if missing:
            raise ResultsMissing(f"{path} is incomplete: no rows yet for (h, T) in {missing}; finish it from the "
                                 f"repository root with `{REGENERATE[table]}` (it resumes), then rerun this notebook")
    return rows


def over_seeds(values: Sequence[float], stat: str) -> float:
    if stat == "min":
        return min(values)
    if stat == "max":
        return max(values)
    if stat == "mean":
        return statistics.fmean(values)
    return statistics.median(values)


def nmse_grid(rows: Sequence[Mapping[str, Any]], stat: str = "min", metric: str = "val_nmse") -> Grid:
    """``{h: {T: stat over seeds of metric}}`` from results rows (section 6.1 reports the min over seeds)."""
    stat = check_choice("stat", stat, STATS)
    cells: dict[tuple[int, int], list[float]] = {}
    for r in rows:
        missing = [k for k in ("heads", "T", metric) if k not in r]
        if missing:
            raise ValueError(f"rows need the keys {missing}; a row has {sorted(r)}")
        v = float(r[metric])
        if not math.isfinite(v):
            raise ValueError(f"{metric} must be finite, got {v!r} at h={r['heads']}, T={r['T']}")
        cells.setdefault((int(r["heads"]), int(r["T"])), []).append(v)
    grid: Grid = {}
    for (h, T) in sorted(cells):
        grid.setdefault(h, {})[T] = over_seeds(cells[h, T], stat)
    return grid


def paper_grid(table: str) -> Grid:
    """The paper's numbers as a grid: Table 2's means (the paper gives mean +- std) or Tables 3-5's values."""
    table = check_choice("table", table, sorted(TABLES))
    return {h: {T: paper_value(table, h, T)[0] for T in TABLES[table]["T"]} for h in TABLES[table]["heads"]}


def check_grid(grid: Mapping[int, Mapping[int, float]]) -> None:
    if not isinstance(grid, Mapping) or not grid or not all(isinstance(v, Mapping) and v for v in grid.values()):
        raise ValueError("grid must be a non-empty {h: {T: value}} mapping (see nmse_grid)")


def transition_ratios(grid: Mapping[int, Mapping[int, float]], D: int) -> dict[int, float]:
    """``NMSE(h = D - 1, T) / NMSE(h = D, T)`` for every ``T`` where both exist (Fig. 1a's jump at ``h = D``)."""
    check_grid(grid)
    D = check_int("D", D, 2)
    if D not in grid or D - 1 not in grid:
        raise ValueError(f"grid must hold h = D - 1 = {D - 1} and h = D = {D}; it has h in {sorted(grid)}")
    Ts = sorted(set(grid[D]) & set(grid[D - 1]))
    if not Ts:
        raise ValueError(f"h = {D - 1} and h = {D} share no T")
    return {T: grid[D - 1][T] / grid[D][T] for T in Ts}


def jump_at(grid: Mapping[int, Mapping[int, float]], D: int, factor: float = 10.0) -> bool:
    """Fig. 1a's claim on a grid: ``NMSE(h = D - 1) >= factor * NMSE(h = D)`` at every ``T`` both rows hold."""
    return all(r >= check_positive("factor", factor) for r in transition_ratios(grid, D).values())


def gains_less_beyond(grid: Mapping[int, Mapping[int, float]], D: int, shrink: float = 3.0) -> bool:
    """One head beyond ``D`` gains less than the step to ``D`` did, by ``shrink`` at least:
    ``NMSE(D) / NMSE(D + 1) < (NMSE(D - 1) / NMSE(D)) / shrink`` at every ``T`` (needs ``h = D + 1``)."""
    jump, beyond = transition_ratios(grid, D), transition_ratios(grid, D + 1)
    return all(beyond[T] < jump[T] / check_positive("shrink", shrink) for T in jump if T in beyond)


def heads_beat_length(grid: Mapping[int, Mapping[int, float]], D: int, factor: float = 5.0) -> bool:
    """The worst ``h = D`` cell (any ``T``) is ``factor`` x below the best ``h = D - 1`` cell (any ``T``):
    the number of heads matters more than the length."""
    transition_ratios(grid, D)  # validates the rows
    return max(grid[D].values()) * check_positive("factor", factor) < min(grid[D - 1].values())


def reversal_scores(grid: Mapping[int, Mapping[int, float]]) -> dict[int, float]:
    """The weighted reversal score ``R(h)`` (Figs. 2d-e) of every ``h`` with at least two ``T``.

    ``R(h) = (1/w_h) sum_{T1 < T2} max(err(T1) - err(T2), 0)``, ``w_h = max_T err - min_T err``: positive
    when a longer sequence was sometimes easier, the signature of ``h >= D`` (Remark B.1.1).
    """
    check_grid(grid)
    return {h: reversal_score([row[T] for T in sorted(row)]) for h, row in sorted(grid.items()) if len(row) >= 2}


def first_positive(scores: Mapping[int, float], tol: float = 0.0) -> int | None:
    """The smallest ``h`` from which every score is ``> tol`` (``None`` if the last one is not)."""
    hs = sorted(scores)
    first = None
    for h in reversed(hs):
        if scores[h] > tol:
            first = h
        else:
            break
    return first


def short_T_rise(grid: Mapping[int, Mapping[int, float]]) -> dict[int, dict[str, float]]:
    """Remark B.1.1 per ``h``: ``best_T`` (where NMSE is lowest), ``short_over_best`` (NMSE at the
    shortest ``T`` over the lowest) and ``long_over_best`` (NMSE at the longest ``T`` over the lowest).

    The paper's picture for ``h >= D``: ``short_over_best > 1`` (short sequences are *harder*, the
    model mixes in memorization) and a mild ``long_over_best >= 1``.
    """
    check_grid(grid)
    out = {}
    for h, row in sorted(grid.items()):
        Ts = sorted(row)
        best = min(Ts, key=lambda T: row[T])
        out[h] = {"best_T": best, "short_over_best": row[Ts[0]] / row[best], "long_over_best": row[Ts[-1]] / row[best]}
    return out


def seed_lottery(rows: Sequence[Mapping[str, Any]], factor: float = 3.0,
                 metric: str = "val_nmse") -> list[dict[str, Any]]:
    """Per ``(h, T)``: ``n`` seeds, ``min``, ``median``, ``median_over_min`` and ``lucky``, the number of
    seeds within ``factor`` of the best one (a cell where few seeds are lucky is a lottery)."""
    factor = check_positive("factor", factor)
    cells: dict[tuple[int, int], list[float]] = {}
    for r in rows:
        cells.setdefault((int(r["heads"]), int(r["T"])), []).append(float(r[metric]))
    out = []
    for (h, T), vals in sorted(cells.items()):
        lo, med = min(vals), statistics.median(vals)
        out.append({"heads": h, "T": T, "n": len(vals), "min": lo, "median": med, "median_over_min": med / lo,
                    "lucky": sum(v <= factor * lo for v in vals)})
    return out


def seed_values(rows: Sequence[Mapping[str, Any]], metric: str = "val_nmse") -> dict[int, dict[int, list[float]]]:
    """Every seed's value, ``{h: {T: [values in seed order]}}`` (the dots of :func:`nmse_vs_heads`)."""
    out: dict[int, dict[int, list[tuple[Any, float]]]] = {}
    for r in rows:
        out.setdefault(int(r["heads"]), {}).setdefault(int(r["T"]), []).append((r.get("seed", 0), float(r[metric])))
    return {h: {T: [v for _, v in sorted(vals, key=lambda t: (t[0] is None, t[0]))] for T, vals in sorted(row.items())}
            for h, row in sorted(out.items())}
