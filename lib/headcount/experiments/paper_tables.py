"""Grid specs of the paper's synthetic Tables 2 and 3 (section 6.1, App. B.1), for :func:`headcount.training.sweep.run_sweep`.

* Table 2: per-head dim ``n = 8``, ``E = 8h``, ``h = 1..5``, ``T in {8, 16, 32, 64, 128}``, MLP width
  ``N = 32``, ``D = d = 4`` Gaussian tokens, 8000 train / 2000 validation examples.
* Table 3: fixed total width ``E = 32``, per-head dim ``ceil(32 / h)`` (so ``E = 33`` at ``h = 3``
  and ``E = 35`` at ``h = 5``), otherwise as Table 2.

Training follows the library's default recipe, :class:`headcount.training.train.TrainConfig` (the paper
gives none; NOTES section 7). ``fast=True`` shrinks steps and data for smoke tests only.
"""
from __future__ import annotations

from typing import Any

from headcount._checks import check_choice, check_int

__all__ = ["TABLES", "FAST_OVERRIDES", "PAPER_TABLE2_MEAN", "PAPER_TABLE2_STD", "PAPER_TABLE3",
           "paper_value", "table_spec"]

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


_T = (8, 16, 32, 64, 128)
#: Paper Table 2 (NOTES 5.1): validation NMSE mean and std over seeds, ``{h: (values for T = 8..128)}``.
PAPER_TABLE2_MEAN: dict[int, tuple[float, ...]] = {
    1: (7.01e-2, 1.09e-1, 1.10e-1, 1.14e-1, 1.45e-1), 2: (7.31e-3, 8.41e-3, 9.42e-3, 1.31e-2, 1.47e-2),
    3: (6.94e-4, 6.40e-4, 9.09e-4, 1.31e-3, 1.58e-3), 4: (6.10e-5, 4.36e-5, 4.80e-5, 8.75e-6, 5.23e-6),
    5: (3.35e-5, 1.10e-5, 4.91e-6, 4.19e-6, 3.99e-6)}
PAPER_TABLE2_STD: dict[int, tuple[float, ...]] = {
    1: (5.99e-2, 9.93e-2, 9.36e-2, 8.53e-2, 1.05e-1), 2: (4.75e-4, 7.97e-4, 6.42e-4, 1.16e-2, 1.21e-2),
    3: (2.90e-4, 3.87e-4, 4.31e-4, 5.10e-4, 5.21e-4), 4: (1.52e-4, 1.93e-4, 2.30e-4, 5.58e-5, 5.67e-6),
    5: (5.84e-5, 2.36e-5, 6.32e-6, 8.39e-6, 4.29e-6)}
#: Paper Table 3 (NOTES 5.1): validation NMSE at fixed E = 32 (the paper does not say min or mean).
PAPER_TABLE3: dict[int, tuple[float, ...]] = {
    1: (1.75e-2, 1.98e-2, 2.06e-2, 2.54e-2, 3.03e-2), 2: (7.17e-3, 7.39e-3, 7.82e-3, 8.57e-3, 1.02e-2),
    3: (2.11e-4, 2.17e-4, 2.73e-4, 3.71e-4, 4.77e-4), 4: (1.32e-6, 5.59e-7, 3.40e-7, 3.46e-7, 5.70e-7),
    5: (2.19e-6, 4.33e-7, 3.22e-7, 2.73e-7, 2.66e-7)}


def paper_value(table: str, heads: int, T: int) -> tuple[float, float | None]:
    """The paper's ``(value, std)`` for one cell of Table 2 (mean, std) or Table 3 (value, ``None``)."""
    table = check_choice("table", table, sorted(TABLES))
    heads = check_int("heads", heads, 1, 5)
    T = int(check_choice("T", T, _T))
    i = _T.index(T)
    if table == "table2":
        return PAPER_TABLE2_MEAN[heads][i], PAPER_TABLE2_STD[heads][i]
    return PAPER_TABLE3[heads][i], None
