"""Grid specs of the paper's synthetic Tables 2 and 3 (section 6.1, App. B.1), for :func:`headcount.sweep.run_sweep`.

* Table 2: per-head dim ``n = 8``, ``E = 8h``, ``h = 1..5``, ``T in {8, 16, 32, 64, 128}``, MLP width
  ``N = 32``, ``D = d = 4`` Gaussian tokens, 8000 train / 2000 validation examples.
* Table 3: fixed total width ``E = 32``, per-head dim ``ceil(32 / h)`` (so ``E = 33`` at ``h = 3``
  and ``E = 35`` at ``h = 5``), otherwise as Table 2.

Training follows the library's default recipe, :class:`headcount.train.TrainConfig` (the paper
gives none; NOTES section 7). ``fast=True`` shrinks steps and data for smoke tests only.
"""
from __future__ import annotations

from typing import Any

from ._checks import check_choice, check_int

__all__ = ["TABLES", "FAST_OVERRIDES", "table_spec"]

_COMMON: dict[str, Any] = {"task": "synthetic", "D": 4, "d": 4, "T": [8, 16, 32, 64, 128], "heads": [1, 2, 3, 4, 5],
                           "width": 32, "n_train": 8000, "n_val": 2000, "data_seed": 0}
#: The two tables as grid specs (seeds are added by :func:`table_spec`).
TABLES: dict[str, dict[str, Any]] = {
    "table2": {**_COMMON, "head_dim": 8, "embed": None},
    "table3": {**_COMMON, "head_dim": None, "embed": 32},
}
#: What ``--fast`` / ``HEADCOUNT_FAST=1`` changes: how much is trained, never the grid's shape.
FAST_OVERRIDES: dict[str, Any] = {"steps": 10, "batch_size": 16, "warmup": 2, "n_train": 128, "n_val": 64}


def table_spec(table: str, seeds: int = 3, fast: bool = False) -> dict[str, Any]:
    """The grid spec of the paper's ``'table2'`` or ``'table3'`` with seeds ``0..seeds-1`` (section 6.1)."""
    table = check_choice("table", table, sorted(TABLES))
    spec = {**TABLES[table], "seed": list(range(check_int("seeds", seeds)))}
    if fast:
        spec.update(FAST_OVERRIDES)
    return spec
