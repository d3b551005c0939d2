"""The synthetic experiment's configurations (paper section 6.1, App. B.1; Tables 2-5) and resumable sweeps.

A grid spec (a dict of lists) expands to flat configurations, each keyed by a stable hash of its
resolved values (:func:`config_key`); :func:`group_configs` says which train together (sharing task,
``T`` and training settings: one batched model per bucket of similar width; one configuration alone
when the batched trainer does not take it, :func:`batchable`). How they train is
:func:`headcount.training.fit.train_configs`'s business; :func:`run_sweep` saves them through the sweep
engine (:mod:`headcount.training.engine`), into which :mod:`headcount.experiments.synthetic`
registers the experiment ``'synthetic'``. The engine does the rest: the file (``.csv`` or
``.json``), its lock, resume, reuse, provenance, progress and executors (``workers=N`` local processes, ``scheduler=`` a Dask cluster).

**What a key promises** (see :mod:`headcount.training.engine`): the same key is the same
configuration (task, data, model, recipe, seed) trained the same way; it says nothing of where. Rows
record ``device_kind``, ``seed_offset``, ``threads``, ``group`` and ``worker``, and a row is resumed
or reused only on the same device kind and seed offset (else it is retrained and replaced). On one
device kind a key's numbers agree to float rounding, except across batched groups (up to 1.75%) and,
for ``depth > 1`` with a positional encoding (trained alone on the single loop: torch's CPU softmax
backward differs between 1 and 2 threads; the batched trainer's own softmax does not): compare those
through summaries over seeds.

Each row carries its configuration, seed, steps, final train and validation NMSE (``None`` with
``status='diverged'`` when training blew up, retried on the next run), wall time and provenance.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from typing import Any

import numpy as np
import torch

from headcount._checks import check_choice, check_int
from headcount.model import POSITIONAL, ModelConfig
from headcount.tasks import FAMILIES, make_task
from headcount.training.engine import PROVENANCE_FIELDS, get_experiment, run_experiment
from headcount.training.results_file import read_rows, write_rows_atomic
from headcount.training.train import RECIPE_BETA, Callback, TrainConfig

__all__ = ["GRID_KEYS", "RESULT_FIELDS", "SYNTHETIC_MODULE", "batchable", "config_key", "expand_grid", "group_configs",
           "load_results", "resolve_config", "run_sweep", "summarize"]

#: Train settings that live in a sweep configuration (``TrainConfig`` fields except ``seed``/``eval_every``).
TRAIN_KEYS = tuple(f.name for f in fields(TrainConfig) if f.name not in ("seed", "eval_every"))
#: Every key a grid spec may hold, with its default (the recipe of :class:`TrainConfig` and
#: ``beta = RECIPE_BETA``; ``beta=None`` means ``1/sqrt(n)``). ``D=None``/``d=None`` take the task
#: family's own defaults (synthetic 4/4, max_min 2/1, smooth 3/2). ``head_dim=None`` with ``embed=E``
#: gives ``head_dim = ceil(E / heads)`` (the paper's fixed-E ablation, Table 3). ``depth`` and
#: ``positional`` are :class:`headcount.model.ModelConfig`'s (the paper's runs: ``1`` and ``'none'``).
GRID_KEYS: dict[str, Any] = {
    "task": "synthetic", "D": None, "d": None, "T": 8, "heads": 1, "head_dim": 8, "embed": None, "width": 32,
    "beta": RECIPE_BETA, "depth": 1, "positional": "none", "n_train": 8000, "n_val": 2000, "data_seed": 0,
    "seed": 0, **{k: getattr(TrainConfig(), k) for k in TRAIN_KEYS},
}
#: Keys added after results were committed: hashed only when they differ from these defaults, so
#: the keys of earlier configurations (and the rows of ``data/results``) stay valid.
LATER_KEYS: dict[str, Any] = {"depth": 1, "positional": "none"}
CONFIG_FIELDS = ("task", "D", "d", "T", "heads", "head_dim", "embed_dim", "width", "beta", "depth", "positional",
                 "n_train", "n_val", "data_seed", "seed", *TRAIN_KEYS)
METRICS = ("steps_done", "train_nmse", "val_nmse")
RESULT_FIELDS = ("key", "name", *CONFIG_FIELDS, *METRICS, *PROVENANCE_FIELDS)


def config_key(config: Mapping[str, Any]) -> str:
    """Stable 12-hex-digit hash of a resolved configuration (JSON with sorted keys, SHA-1).

    ``depth`` and ``positional`` enter only when they differ from their defaults (:data:`LATER_KEYS`).
    """
    payload = {k: config[k] for k in CONFIG_FIELDS if k in config
               and not (k in LATER_KEYS and config[k] == LATER_KEYS[k])}
    return hashlib.sha1(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:12]


def _as_list(name: str, value: Any) -> list:
    """A grid value as a list: lists, tuples, ranges, arrays and other iterables expand; a str or scalar is one value."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        return [value]
    if isinstance(value, np.ndarray):
        value = value.tolist()
    values = list(value)
    if not values:
        raise ValueError(f"grid value {name!r} must be a non-empty list, got {value!r}")
    return values


def _resolve(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Validate one point of the grid and return its resolved, JSON-ready configuration."""
    c = dict(raw)
    c["task"] = check_choice("task", c["task"], FAMILIES)
    for k in ("T", "heads", "width", "n_train", "n_val", "depth"):
        c[k] = check_int(k, c[k])
    c["data_seed"], c["seed"] = check_int("data_seed", c["data_seed"], 0), check_int("seed", c["seed"], 0)
    c["positional"] = check_choice("positional", c["positional"], POSITIONAL)
    task = make_task(c["task"], c["T"], D=None if c["D"] is None else check_int("D", c["D"]),
                     d=None if c["d"] is None else check_int("d", c["d"]))  # validates D and d for the family
    c["D"], c["d"] = task.D, task.d
    if c["head_dim"] is None and c["embed"] is None:
        raise ValueError("head_dim and embed cannot both be None: give a per-head dim or a total width E")
    if c["head_dim"] is not None and c["embed"] is not None:
        raise ValueError(f"give head_dim or embed, not both (got head_dim={c['head_dim']!r}, embed={c['embed']!r}); "
                         "set head_dim=None to fix the total width E")
    if c["embed"] is not None:
        c["head_dim"] = math.ceil(check_int("embed", c["embed"]) / c["heads"])
    mc = ModelConfig(d=c["d"], T=c["T"], heads=c["heads"], head_dim=c["head_dim"], width=c["width"],
                     beta=c["beta"], depth=c["depth"], positional=c["positional"])
    tc = TrainConfig(**{k: c[k] for k in TRAIN_KEYS})
    out = {"task": c["task"], "D": c["D"], "d": c["d"], "T": mc.T, "heads": mc.heads, "head_dim": mc.head_dim,
           "embed_dim": mc.embed_dim, "width": mc.width, "beta": mc.beta, "depth": mc.depth,
           "positional": mc.positional, "n_train": c["n_train"], "n_val": c["n_val"], "data_seed": c["data_seed"],
           "seed": c["seed"], **{k: getattr(tc, k) for k in TRAIN_KEYS}}
    out["key"] = config_key(out)
    return out


def expand_grid(spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    """All configurations of a grid spec (the Cartesian product of its lists), validated and keyed.

    ``spec`` maps keys of :data:`GRID_KEYS` to a value or a list of values (any iterable: a
    ``range``, a NumPy array); missing keys take their defaults. ``seed`` may also be given as
    ``seeds=N`` (seeds ``0..N-1``). Duplicates (equal keys) are dropped. Bad keys or values raise
    ``ValueError`` naming them.
    """
    if not isinstance(spec, Mapping):
        raise ValueError(f"spec must be a dict of lists, got {type(spec).__name__}")
    spec = dict(spec)
    if "seeds" in spec:
        if "seed" in spec:
            raise ValueError("give 'seed' (a list) or 'seeds' (a count), not both")
        spec["seed"] = list(range(check_int("seeds", spec.pop("seeds"))))
    unknown = sorted(set(spec) - set(GRID_KEYS))
    if unknown:
        raise ValueError(f"unknown grid keys {unknown}; allowed keys are {sorted(GRID_KEYS)} and 'seeds'")
    lists = {k: _as_list(k, spec.get(k, default)) for k, default in GRID_KEYS.items()}
    configs: dict[str, dict[str, Any]] = {}
    for values in itertools.product(*lists.values()):
        c = _resolve(dict(zip(lists, values)))
        configs.setdefault(c["key"], c)
    return list(configs.values())


def resolve_config(c: Mapping[str, Any]) -> dict[str, Any]:
    """One configuration (or a row of a results file) resolved again, with its key."""
    raw = {k: c.get(k, v) for k, v in GRID_KEYS.items()}
    if "embed" not in c and c.get("head_dim") is not None:
        raw["embed"] = None
    return _resolve(raw)


def load_results(path: str | os.PathLike) -> list[dict[str, Any]]:
    """Rows of a results file written by :func:`run_sweep` (``[]`` if it does not exist).

    Configuration rows (those with a ``task``) written before ``depth``/``positional`` existed get
    their defaults (:data:`LATER_KEYS`), which is what trained them. Raises
    :class:`~headcount.training.results_file.ResultsFileError` naming the path when the file is not
    a valid results table.
    """
    rows = read_rows(path)
    for row in rows:
        if "task" in row:
            for k, default in LATER_KEYS.items():
                if row.get(k) is None:
                    row[k] = default
    return rows


def _write_atomic(path: str | os.PathLike, rows: Sequence[Mapping[str, Any]]) -> None:
    write_rows_atomic(path, rows, RESULT_FIELDS)


# ---------------------------------------------------------------- groups and how one trains

def _group_key(c: Mapping[str, Any]) -> tuple:
    return tuple(c[k] for k in ("task", "D", "d", "T", "n_train", "n_val", "data_seed", *TRAIN_KEYS))


def _buckets(configs: list[dict[str, Any]], max_waste: float = 1.25, max_size: int | None = None) -> list[list[dict]]:
    """Split one group into batches whose zero-padding costs at most ``max_waste`` x the real work.

    The batched model never materializes the ``E``-wide tokens (see :mod:`headcount.training.batched`), so
    its per-token cost is about ``N + h`` (hidden width plus one logit per head): configurations
    differing only in ``E`` or ``n`` pad almost for free, very different ``N`` do not.
    """
    configs = sorted(configs, key=lambda c: (c["width"], c["heads"], c["embed_dim"], c["seed"]))
    out: list[list[dict]] = []
    for c in configs:
        if out:
            cur = out[-1] + [c]
            real = sum(x["width"] + x["heads"] for x in cur)
            padded = len(cur) * (max(x["width"] for x in cur) + max(x["heads"] for x in cur))
            if padded <= max_waste * real and (max_size is None or len(cur) <= max_size):
                out[-1] = cur
                continue
        out.append([c])
    return out


def batchable(c: Mapping[str, Any]) -> bool:
    """Whether :func:`headcount.training.batched.train_batched` takes ``c`` (any depth, no positional encoding)."""
    return c["positional"] == "none"


def group_configs(configs: Sequence[dict[str, Any]], max_waste: float = 1.25,
                  max_group: int | None = None) -> list[list[dict[str, Any]]]:
    """Groups trained together: per task, ``T`` and recipe, batched buckets, then one group per configuration
    the batched trainer does not take; a bucket costing more than :data:`BALANCE_SHARE` of the sweep is halved
    so workers can share it."""
    groups: dict[tuple, list[dict]] = {}
    for c in configs:
        groups.setdefault(_group_key(c), []).append(c)
    out: list[list[dict]] = []
    for g in groups.values():
        out += _buckets([c for c in g if batchable(c)], max_waste, max_group)
        out += [[c] for c in g if not batchable(c)]
    if len(out) < 2:  # one group: nothing to balance
        return out
    limit = BALANCE_SHARE * sum(group_cost(g) for g in out)
    return [part for g in out for part in _halve(g, limit, max_waste)]


#: A batched group costing more than this share of its sweep is cut in two (Table 2's T = 128 is about half of
#: the work: whole, two workers could not come near 2x).
BALANCE_SHARE = 1 / 3


def _halve(group: list[dict[str, Any]], limit: float, max_waste: float) -> list[list[dict[str, Any]]]:
    """``group`` cut in two of nearly equal :func:`group_cost` between the packs that the batched trainer forms
    anyway (:func:`headcount.training.batched_model.plan_packs`), so nothing is lost; again while above ``limit``."""
    from headcount.training.batched_model import plan_packs
    from headcount.training.fit import model_config

    if group_cost(group) <= limit or not all(batchable(c) for c in group):
        return [group]
    packs = plan_packs([model_config(c) for c in group], max_waste)
    if len(packs) < 2:
        return [group]
    costs = [group_cost([group[i] for i in pack]) for pack in packs]
    cut = 1 + min(range(len(packs) - 1), key=lambda k: abs(2 * sum(costs[:k + 1]) - sum(costs)))
    halves = [[group[i] for pack in packs[:cut] for i in pack], [group[i] for pack in packs[cut:] for i in pack]]
    return [part for half in halves for part in _halve(half, limit, max_waste)]


def group_cost(configs: Sequence[Mapping[str, Any]]) -> float:
    """Rough work of a group: steps x batch x T x (width + heads) x depth, summed over its members."""
    return float(sum(c["steps"] * c["batch_size"] * c["T"] * (c["width"] + c["heads"]) * c["depth"] for c in configs))


#: The module that registers the synthetic experiment with the engine (the experiments wing; a worker
#: process imports it by name, and so does :func:`run_sweep`).
SYNTHETIC_MODULE = "headcount.experiments.synthetic"


def run_sweep(spec: Mapping[str, Any] | Sequence[Mapping[str, Any]], out: str | os.PathLike,
              device: str | torch.device | None = None, name: str | None = None, progress: bool = True,
              command: str | None = None, max_waste: float = 1.25, max_group: int | None = None,
              reuse_from: Sequence[str | os.PathLike] = (), callbacks: Iterable[Callback] = (),
              eval_every: int | None = None, workers: int | None = 1, scheduler: str | None = None,
              make_folder: bool = True) -> list[dict[str, Any]]:
    """Train every configuration of ``spec`` not yet in ``out`` and return all rows of ``out``.

    ``spec`` is a grid spec (see :func:`expand_grid`) or a list of configurations, each group trained by
    :func:`headcount.training.fit.train_group` (batched at any depth; one at a time with a positional
    encoding: same rows, ``group_size = 1``). ``out`` is checked before
    anything trains (a missing folder is created unless ``make_folder=False``); each finished group
    is merged into it under a file lock, so concurrent sweeps on one file lose nothing. Ctrl-C stops
    after saving what finished and re-raises ``KeyboardInterrupt``. A corrupt ``out`` raises
    :class:`~headcount.training.results_file.ResultsFileError` before any training. Rows of
    ``reuse_from`` files whose key is wanted and whose device kind and seed offset match are copied
    instead of retrained, with ``reused_from`` naming their file (e.g. Table 3's h = 4 equals Table
    2's h = 4: n = 8, E = 32).

    ``workers`` (default 1: this process; ``None``: one per core, or per GPU) and ``scheduler`` (a
    Dask address) choose the executor (:func:`headcount.training.executors.make_executor`); a group
    that fails twice on workers is skipped with a ``RuntimeWarning``. ``callbacks`` (in process only)
    are called every training step with ``{'step', 'loss', 'configs'}`` (and ``'val_nmse'`` at
    evaluations, every ``eval_every`` steps; by default only the last): ``configs`` is the list of
    resolved configurations training now, and ``loss``/``val_nmse`` are lists in the same order (one
    entry on the single trainer). A callback returning ``True`` stops the sweep: configurations that
    finished are saved, the ones it cut short are not (a rerun trains them again), and the rows are
    returned without an exception. Evaluation does not change training, so ``eval_every`` changes no result.
    """
    if eval_every is not None:
        eval_every = check_int("eval_every", eval_every)
    configs = expand_grid(spec) if isinstance(spec, Mapping) else [resolve_config(c) for c in spec]
    report = run_experiment(get_experiment("synthetic", SYNTHETIC_MODULE), configs, out, device=device, name=name,
                            progress=progress, command=command, reuse_from=reuse_from, callbacks=list(callbacks),
                            eval_every=eval_every, workers=workers, scheduler=scheduler, group_options={"max_waste": max_waste, "max_group": max_group},
                            make_folder=make_folder)
    if report.failed:
        warnings.warn(f"sweep into {report.path}: {report.summary()}", RuntimeWarning, stacklevel=2)
    for row in report.rows:
        if "task" in row:
            for k, default in LATER_KEYS.items():
                if row.get(k) is None:
                    row[k] = default
    return report.rows


# ---------------------------------------------------------------- summaries

def summarize(rows: Iterable[Mapping[str, Any]], by: Sequence[str] = ("T", "heads"), over: str = "seed",
              metric: str = "val_nmse") -> list[dict[str, Any]]:
    """Min, mean, sample std (ddof=1; 0 for one row) and count of ``metric`` over ``over``, per ``by`` group.

    The paper's Tables 2/3 report the minimum validation NMSE over seeds (Fig. 1a) and mean +- std
    (Table 2). Returns one dict per group, sorted by ``by``, with keys ``*by, 'n', 'min', 'mean',
    'std', 'max', 'values'`` (``values`` in ``over`` order). Diverged rows (``metric`` is ``None``) are left out.
    """
    by = [by] if isinstance(by, str) else list(by)
    groups: dict[tuple, list[tuple]] = {}
    for r in rows:
        missing = [k for k in (*by, over, metric) if k not in r]
        if missing:
            raise ValueError(f"rows must have the keys {missing} named in by/over/metric; a row has {sorted(r)}")
        if r[metric] is None:
            continue
        groups.setdefault(tuple(r[k] for k in by), []).append((r[over], float(r[metric])))
    out = []
    for key in sorted(groups, key=lambda k: tuple((x is None, x) for x in k)):
        vals = np.array([v for _, v in sorted(groups[key], key=lambda t: (t[0] is None, t[0]))])
        out.append({**dict(zip(by, key)), "n": int(vals.size), "min": float(vals.min()), "mean": float(vals.mean()),
                    "std": float(vals.std(ddof=1)) if vals.size > 1 else 0.0, "max": float(vals.max()),
                    "values": vals.tolist()})
    return out
