"""The committed results by name: ``hc.results("table2")`` instead of folder and path plumbing in notebooks.

Every file in ``data/results`` (``data/results/README.md`` says which command made it) is one name: its file
name without the suffix, with ``tableN`` short for ``tableN_synthetic``. The paper's synthetic tables and the
depth runs are read by their experiment's loader, which also says how to regenerate a missing or incomplete
file; the real-data JSON files by :func:`headcount.experiments.realdata.load_rows`; the others by
:func:`headcount.training.sweep.load_results`.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from headcount.env import data_dir
from headcount.experiments import depth, realdata, synthetic
from headcount.training.sweep import load_results

__all__ = ["names", "results"]


def _folder(folder: str | os.PathLike | None) -> Path:
    return Path(folder) if folder is not None else data_dir() / "results"


def names(folder: str | os.PathLike | None = None) -> list[str]:
    """The names :func:`results` accepts: every results file in ``folder`` (default: the committed
    ``data/results``), ``tableN_synthetic`` listed as ``tableN``."""
    found = {p.stem.removesuffix("_synthetic") for p in _folder(folder).iterdir() if p.suffix in (".csv", ".json")}
    return sorted(found | set(synthetic.TABLES))


def results(name: str, folder: str | os.PathLike | None = None) -> list[dict[str, Any]]:
    """The rows of the committed results file ``name`` (see :func:`names`), read by its experiment's loader.

    Raises ``ValueError`` naming the known names for an unknown one, and
    :class:`~headcount.experiments.synthetic.ResultsMissing` when the file is empty, or (with the command that
    makes it) when a paper table or depth run is missing or incomplete.
    """
    base = _folder(folder)
    stem = f"{name}_synthetic" if f"{name}_synthetic" in depth.COMMANDS else name
    if stem in depth.COMMANDS:   # depth runs, and Table 5 (two layers) as notebook 07 reads it
        return depth.load_depth(stem, base)
    if name in synthetic.TABLES:
        return synthetic.load_table(name, base)
    known = names(base)
    if name not in known:
        raise ValueError(f"name must be one of the committed results {known}, got {name!r}")
    path = base / f"{name}.json"
    rows = realdata.load_rows(path) if path.exists() else load_results(path := base / f"{name}.csv")
    if not rows:
        raise synthetic.ResultsMissing(f"{path} is empty: make it with its command in data/results/README.md")
    return rows
