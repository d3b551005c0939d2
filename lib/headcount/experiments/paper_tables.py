"""Grid specs of the paper's synthetic Tables 2-5 (section 6.1, App. B.1), for :func:`headcount.training.sweep.run_sweep`.

* Table 2: per-head dim ``n = 8``, ``E = 8h``, ``h = 1..5``, ``T in {8, 16, 32, 64, 128}``, MLP width
  ``N = 32``, ``D = d = 4`` Gaussian tokens, 8000 train / 2000 validation examples.
* Table 3: fixed total width ``E = 32``, per-head dim ``ceil(32 / h)`` (so ``E = 33`` at ``h = 3``
  and ``E = 35`` at ``h = 5``), otherwise as Table 2.
* Table 4 (the ``D = 3`` ablation): ``y = sum_{i=1..3} max_t a_i . x_t``, fixed ``E = 32``, ``h = 1..4``.
  The paper gives neither the target nor the token dimension; we keep Table 2's Gaussian tokens
  ``d = 4`` and its first three directions (:func:`headcount.tasks.synthetic_directions` draws
  ``a_1..a_3`` from the same seed, so they equal Table 2's), and take ``E = 32`` as in Table 3.
* Table 5 (Conjecture 1): two layers (``depth = 2``), ``D = 4``, no positional encoding, no
  LayerNorm, fixed ``E = 32``, ``h = 1..5``. The paper does not describe its intermediate layer; ours is
  :class:`headcount.model.SelfAttentionBlock` (full self-attention over the tokens and the class
  token with ``h`` heads of dim ``ceil(32 / h)``, residual, token-wise GELU MLP of width ``N``).

Training follows the library's default recipe, :class:`headcount.training.train.TrainConfig` (the paper
gives none; NOTES section 7). ``fast=True`` shrinks steps and data for smoke tests only.
"""
from __future__ import annotations

from typing import Any

from headcount._checks import check_choice, check_int

__all__ = [
    "FAST_OVERRIDES",
    "PAPER_TABLE2_MEAN",
    "PAPER_TABLE2_STD",
    "PAPER_TABLE3",
    "PAPER_TABLE4",
    "PAPER_TABLE5",
    "TABLES",
    "paper_value",
    "table_spec",
]

_COMMON: dict[str, Any] = {"task": "synthetic", "D": 4, "d": 4, "T": [8, 16, 32, 64, 128], "heads": [1, 2, 3, 4, 5],
                           "width": 32, "n_train": 8000, "n_val": 2000, "data_seed": 0}
#: The paper's synthetic tables as grid specs (seeds are added by :func:`table_spec`).
TABLES: dict[str, dict[str, Any]] = {
    "table2": {**_COMMON, "head_dim": 8, "embed": None},
    "table3": {**_COMMON, "head_dim": None, "embed": 32},
    "table4": {**_COMMON, "D": 3, "heads": [1, 2, 3, 4], "head_dim": None, "embed": 32},
    "table5": {**_COMMON, "depth": 2, "head_dim": None, "embed": 32},
}
#: What ``--fast`` / ``HEADCOUNT_FAST=1`` changes: how much is trained, never the grid's shape.
FAST_OVERRIDES: dict[str, Any] = {"steps": 10, "batch_size": 16, "warmup": 2, "n_train": 128, "n_val": 64}


def table_spec(table: str, seeds: int = 3, fast: bool = False) -> dict[str, Any]:
    """The grid spec of the paper's ``'table2'`` .. ``'table5'`` with seeds ``0..seeds-1`` (section 6.1, App. B.1)."""
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

#: Paper Table 4 (NOTES 5.1): the D = 3 task at fixed E (min or mean not stated).
PAPER_TABLE4: dict[int, tuple[float, ...]] = {
    1: (1.38e-2, 1.63e-2, 1.84e-2, 2.17e-2, 2.31e-2), 2: (1.09e-3, 7.08e-4, 7.24e-4, 7.76e-4, 1.11e-3),
    3: (4.18e-7, 1.72e-7, 1.17e-7, 3.58e-7, 2.11e-7), 4: (5.56e-7, 1.22e-7, 6.89e-8, 1.85e-7, 3.48e-7)}
#: Paper Table 5 (NOTES 5.1): two layers, D = 4, fixed E = 32 (min or mean not stated).
PAPER_TABLE5: dict[int, tuple[float, ...]] = {
    1: (2.12e-4, 1.85e-4, 2.22e-4, 3.13e-4, 4.28e-4), 2: (7.22e-6, 2.69e-6, 3.50e-6, 3.07e-6, 3.83e-6),
    3: (8.16e-6, 1.83e-6, 1.73e-6, 3.86e-6, 3.50e-6), 4: (3.68e-6, 1.87e-6, 2.60e-6, 4.32e-6, 5.98e-6),
    5: (6.15e-6, 3.02e-6, 3.31e-6, 3.78e-6, 5.34e-6)}
_ONE_VALUE = {"table3": PAPER_TABLE3, "table4": PAPER_TABLE4, "table5": PAPER_TABLE5}


def paper_value(table: str, heads: int, T: int) -> tuple[float, float | None]:
    """The paper's ``(value, std)`` for one cell of Table 2 (mean, std) or Tables 3-5 (value, ``None``)."""
    table = check_choice("table", table, sorted(TABLES))
    heads = check_int("heads", heads, 1, max(TABLES[table]["heads"]))
    T = int(check_choice("T", T, _T))
    i = _T.index(T)
    if table == "table2":
        return PAPER_TABLE2_MEAN[heads][i], PAPER_TABLE2_STD[heads][i]
    return _ONE_VALUE[table][heads][i], None
