"""Resumable sweeps over the synthetic experiment (paper section 6.1, App. B.1; Tables 2 and 3).

A grid spec (a dict of lists) expands to flat configurations, each keyed by a stable hash of
its resolved values. :func:`run_sweep` trains the missing ones with the batched trainer (one
batched model per task, ``T`` and training recipe, split into buckets of similar width) and
appends a row per configuration to ``data/results/<name>.csv`` (or ``.json``). Configurations
the batched trainer does not take (``depth > 1`` or a positional encoding, e.g. to test the
theory beyond the paper's single-layer runs) train one at a time with
:func:`headcount.training.train.train`, into the same file with the same columns. The file is
rewritten atomically (temporary file, then rename) after every finished group, so Ctrl-C or a
kill keeps every finished configuration and a rerun skips them. A file that cannot be parsed is
reported with its path (:class:`~headcount.training.results_file.ResultsFileError`) and never overwritten.

Each row carries its configuration, seed, steps, final train and validation NMSE, wall time,
device, library versions, the git commit and the command line.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import numpy as np
import torch

from headcount._checks import check_choice, check_int
from headcount.env import device_name, pick_device, versions
from headcount.model import POSITIONAL, ModelConfig, build_model
from headcount.tasks import FAMILIES, make_task
from headcount.training.results_file import (
    file_kind,
    git_commit,
    read_rows,
    write_rows_atomic,
)
from headcount.training.train import RECIPE_BETA, Callback, TrainConfig

__all__ = [
    "GRID_KEYS", "config_key", "expand_grid", "load_results",
    "run_sweep", "summarize", "RESULT_FIELDS",
]

#: Train settings that live in a sweep configuration (``TrainConfig`` fields except ``seed``/``eval_every``).
TRAIN_KEYS = tuple(f.name for f in fields(TrainConfig) if f.name not in ("seed", "eval_every"))
#: Every key a grid spec may hold, with its default (the recipe of :class:`TrainConfig` and
#: ``beta = RECIPE_BETA``; ``beta=None`` means ``1/sqrt(n)``). ``head_dim=None`` with ``embed=E``
#: gives ``head_dim = ceil(E / heads)`` (the paper's fixed-E ablation, Table 3). ``depth`` and
#: ``positional`` are :class:`headcount.model.ModelConfig`'s (the paper's runs: ``1`` and ``'none'``).
GRID_KEYS: dict[str, Any] = {
    "task": "synthetic", "D": 4, "d": 4, "T": 8, "heads": 1, "head_dim": 8, "embed": None, "width": 32,
    "beta": RECIPE_BETA, "depth": 1, "positional": "none", "n_train": 8000, "n_val": 2000, "data_seed": 0,
    "seed": 0, **{k: getattr(TrainConfig(), k) for k in TRAIN_KEYS},
}
#: Keys added after results were committed: hashed only when they differ from these defaults, so
#: the keys of earlier configurations (and the rows of ``data/results``) stay valid.
LATER_KEYS: dict[str, Any] = {"depth": 1, "positional": "none"}
CONFIG_FIELDS = ("task", "D", "d", "T", "heads", "head_dim", "embed_dim", "width", "beta", "depth", "positional",
                 "n_train", "n_val", "data_seed", "seed", *TRAIN_KEYS)
RESULT_FIELDS = ("key", "name", *CONFIG_FIELDS, "steps_done", "train_nmse", "val_nmse", "wall_time",
                 "group_wall_time", "group_size", "device", "python", "torch", "numpy", "headcount", "git_commit",
                 "peak_rss_mb", "finished_at", "command", "reused_from")
def config_key(config: Mapping[str, Any]) -> str:
    """Stable 12-hex-digit hash of a resolved configuration (JSON with sorted keys, SHA-1).

    ``depth`` and ``positional`` enter only when they differ from their defaults (:data:`LATER_KEYS`).
    """
    payload = {k: config[k] for k in CONFIG_FIELDS if k in config
               and not (k in LATER_KEYS and config[k] == LATER_KEYS[k])}
    return hashlib.sha1(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:12]


def _as_list(name: str, value: Any) -> list:
    if isinstance(value, (list, tuple)):
        if len(value) == 0:
            raise ValueError(f"grid value {name!r} must be a non-empty list, got {value!r}")
        return list(value)
    return [value]


def _resolve(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Validate one point of the grid and return its resolved, JSON-ready configuration."""
    c = dict(raw)
    c["task"] = check_choice("task", c["task"], FAMILIES)
    for k in ("D", "d", "T", "heads", "width", "n_train", "n_val"):
        c[k] = check_int(k, c[k])
    c["data_seed"], c["seed"] = check_int("data_seed", c["data_seed"], 0), check_int("seed", c["seed"], 0)
    c["depth"] = check_int("depth", c["depth"])
    c["positional"] = check_choice("positional", c["positional"], POSITIONAL)
    if c["head_dim"] is None and c["embed"] is None:
        raise ValueError("head_dim and embed cannot both be None: give a per-head dim or a total width E")
    if c["head_dim"] is not None and c["embed"] is not None:
        raise ValueError(f"give head_dim or embed, not both (got head_dim={c['head_dim']!r}, embed={c['embed']!r}); "
                         "set head_dim=None to fix the total width E")
    if c["embed"] is not None:
        c["head_dim"] = math.ceil(check_int("embed", c["embed"]) / c["heads"])
    mc = ModelConfig(d=c["d"], T=c["T"], heads=c["heads"], head_dim=c["head_dim"], width=c["width"], beta=c["beta"],
                     depth=c["depth"], positional=c["positional"])
    tc = TrainConfig(**{k: c[k] for k in TRAIN_KEYS})
    make_task(c["task"], c["T"], D=c["D"], d=c["d"])  # validates D and d for the family
    out = {"task": c["task"], "D": c["D"], "d": c["d"], **{k: v for k, v in mc.as_dict().items()
                                                             if k in ("T", "heads", "head_dim", "width", "beta")},
           "embed_dim": mc.embed_dim, "depth": mc.depth, "positional": mc.positional, "n_train": c["n_train"],
           "n_val": c["n_val"], "data_seed": c["data_seed"], "seed": c["seed"],
           **{k: getattr(tc, k) for k in TRAIN_KEYS}}
    out["beta"] = None if out["beta"] is None else float(out["beta"])
    out["lr"], out["weight_decay"] = float(out["lr"]), float(out["weight_decay"])
    out["grad_clip"] = None if out["grad_clip"] is None else float(out["grad_clip"])
    out["key"] = config_key(out)
    return out


def expand_grid(spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    """All configurations of a grid spec (the Cartesian product of its lists), validated and keyed.

    ``spec`` maps keys of :data:`GRID_KEYS` to a value or a list of values; missing keys take
    their defaults. ``seed`` may also be given as ``seeds=N`` (seeds ``0..N-1``). Duplicates
    (equal keys) are dropped. Bad keys or values raise ``ValueError`` naming them.
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
    names = list(lists)
    configs: dict[str, dict[str, Any]] = {}
    for values in _product([lists[k] for k in names]):
        c = _resolve(dict(zip(names, values)))
        configs.setdefault(c["key"], c)
    return list(configs.values())


def _product(lists: list[list]) -> Iterable[tuple]:
    import itertools

    return itertools.product(*lists)


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


def _write_atomic(path: Path, rows: Sequence[Mapping[str, Any]]) -> None:
    write_rows_atomic(path, rows, RESULT_FIELDS)


def _peak_rss_mb(device: torch.device) -> float:
    if device.type == "cuda":
        return torch.cuda.max_memory_allocated(device) / 2**20
    try:
        import resource

        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return kb / 1024 if sys.platform != "darwin" else kb / 2**20
    except (ImportError, OSError):
        return math.nan


# ---------------------------------------------------------------- running

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


def _batchable(c: Mapping[str, Any]) -> bool:
    """Whether :func:`headcount.training.batched.train_batched` takes ``c`` (one layer, no positions: the paper's runs)."""
    return c["depth"] == 1 and c["positional"] == "none"


def _model_config(c: Mapping[str, Any]) -> ModelConfig:
    return ModelConfig(d=c["d"], T=c["T"], heads=c["heads"], head_dim=c["head_dim"], width=c["width"], beta=c["beta"],
                       depth=c["depth"], positional=c["positional"])


def run_sweep(spec: Mapping[str, Any] | Sequence[Mapping[str, Any]], out: str | os.PathLike,
              device: str | torch.device | None = None, name: str | None = None, progress: bool = True,
              command: str | None = None, max_waste: float = 1.25, max_group: int | None = None,
              reuse_from: Sequence[str | os.PathLike] = (), callbacks: Iterable[Callback] = (),
              eval_every: int | None = None) -> list[dict[str, Any]]:
    """Train every configuration of ``spec`` not yet in ``out`` and return all rows of ``out``.

    ``spec`` is a grid spec (see :func:`expand_grid`) or a list of resolved configurations.
    Configurations sharing task, ``T`` and training settings train together with
    :func:`headcount.training.batched.train_batched` (section 6.1's models, one per ``(h, seed)``); those
    with ``depth > 1`` or a positional encoding, which it does not take, train one at a time with
    :func:`headcount.training.train.train` (same rows, ``group_size = 1``). Rows are written atomically
    after each batch; Ctrl-C stops after saving what finished and re-raises ``KeyboardInterrupt``.
    A corrupt ``out`` raises :class:`ResultsFileError` before any training. Rows of
    ``reuse_from`` files whose key (the full resolved configuration) is wanted are copied instead
    of retrained, with ``reused_from`` naming their file (e.g. Table 3's h = 4 equals Table 2's
    h = 4: n = 8, E = 32).

    ``callbacks`` are called every training step with ``{'step', 'loss', 'configs'}`` (and
    ``'val_nmse'`` at evaluations, every ``eval_every`` steps; by default only the last):
    ``configs`` is the list of resolved configurations training now, and ``loss``/``val_nmse``
    are lists in the same order (one entry on the single trainer). A callback returning ``True``
    stops the sweep: configurations that finished are saved, the ones it cut short are not (a
    rerun trains them again), and the rows are returned without an exception. Evaluation does
    not change training, so ``eval_every`` changes no result.
    """
    from headcount.training.batched import train_batched
    from headcount.training.train import (
        train,  # looked up per call, so tests can stand in for either trainer
    )

    path = Path(out)
    file_kind(path)
    callbacks = list(callbacks)
    if eval_every is not None:
        eval_every = check_int("eval_every", eval_every)
    configs = expand_grid(spec) if isinstance(spec, Mapping) else [_resolve_row(c) for c in spec]
    rows = load_results(path)
    done = {r["key"] for r in rows}
    wanted = {c["key"] for c in configs} - done
    reused = []
    for other in reuse_from:
        if Path(other).resolve() == path.resolve() or not Path(other).exists():
            continue
        for r in load_results(other):
            if r.get("key") in wanted:
                reused.append({**r, "name": name or path.stem, "reused_from": str(other)})
                wanted.discard(r["key"])
                done.add(r["key"])
    if reused:
        rows.extend(reused)
        _write_atomic(path, rows)
    todo = [c for c in configs if c["key"] not in done]
    name = name or path.stem
    dev = pick_device(device)
    command = command if command is not None else " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])
    provenance = {"device": device_name(dev), **versions(), "git_commit": git_commit(), "command": command}
    groups: dict[tuple, list[dict]] = {}
    for c in todo:
        groups.setdefault(_group_key(c), []).append(c)
    # (batched?, configurations) per group: batched buckets, then one single-trainer run per configuration
    batches = []
    for g in groups.values():
        batches += [(True, b) for b in _buckets([c for c in g if _batchable(c)], max_waste, max_group)]
        batches += [(False, [c]) for c in g if not _batchable(c)]
    asked_stop = False

    def relay(batch: list[dict], single: bool) -> list[Callback]:
        def call(cb: Callback) -> Callback:
            def wrapped(event: dict) -> object:
                nonlocal asked_stop
                ev = {**event, "configs": batch}
                if single:
                    ev["loss"] = [event["loss"]]
                    if "val_nmse" in event:
                        ev["val_nmse"] = [event["val_nmse"]]
                answer = cb(ev)
                if answer is True:
                    asked_stop = True
                return answer
            return wrapped
        return [call(cb) for cb in callbacks]

    bar = None
    if progress and todo:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(todo), desc=f"sweep {name} ({len(done)} done before)", unit="config")
    splits: dict[tuple, Any] = {}
    try:
        for is_batched, batch in batches:
            first = batch[0]
            gk = _group_key(first)
            if gk not in splits:
                splits.clear()  # one group's data at a time (batches of a group are consecutive)
                task = make_task(first["task"], first["T"], D=first["D"], d=first["d"])
                splits[gk] = task.split(first["n_train"], first["n_val"], seed=first["data_seed"])
            split = splits[gk]
            tc = TrainConfig(**{k: first[k] for k in TRAIN_KEYS}, eval_every=eval_every or first["steps"])
            if bar is not None:
                bar.set_postfix(T=first["T"], batch=len(batch))
            start = time.perf_counter()
            if is_batched:
                histories, _ = train_batched([_model_config(c) for c in batch], [c["seed"] for c in batch], split, tc,
                                             device=dev, progress=progress, callbacks=relay(batch, False))
            else:
                histories = [train(build_model(_model_config(first), first["seed"]), split,
                                   replace(tc, seed=first["seed"]), device=dev, progress=progress,
                                   callbacks=relay(batch, True))]
            wall = time.perf_counter() - start
            if any(h.interrupted for h in histories):
                if asked_stop:  # cut short on request: nothing of this batch is a finished row
                    break
                raise KeyboardInterrupt
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S%z")
            for c, h in zip(batch, histories):
                rows.append({"key": c["key"], "name": name, **{k: c[k] for k in CONFIG_FIELDS},
                             "steps_done": len(h.train_loss), "train_nmse": h.train_nmse, "val_nmse": h.final_val_nmse,
                             "wall_time": round(wall / len(batch), 3), "group_wall_time": round(wall, 3),
                             "group_size": len(batch), **provenance, "peak_rss_mb": round(_peak_rss_mb(dev), 1),
                             "finished_at": stamp, "reused_from": None})
            _write_atomic(path, rows)
            if bar is not None:
                bar.update(len(batch))
            if asked_stop:  # asked on the last step: this batch finished and is saved, the rest waits
                break
    finally:
        if bar is not None:
            bar.close()
    return rows


def _resolve_row(c: Mapping[str, Any]) -> dict[str, Any]:
    raw = {k: c.get(k, v) for k, v in GRID_KEYS.items()}
    if "embed" not in c and c.get("head_dim") is not None:
        raw["embed"] = None
    return _resolve(raw)


# ---------------------------------------------------------------- summaries

def summarize(rows: Iterable[Mapping[str, Any]], by: Sequence[str] = ("T", "heads"), over: str = "seed",
              metric: str = "val_nmse") -> list[dict[str, Any]]:
    """Min, mean, sample std (ddof=1; 0 for one row) and count of ``metric`` over ``over``, per ``by`` group.

    The paper's Tables 2/3 report the minimum validation NMSE over seeds (Fig. 1a) and mean +- std
    (Table 2). Returns one dict per group, sorted by ``by``, with keys ``*by, 'n', 'min', 'mean',
    'std', 'max', 'values'`` (``values`` in ``over`` order).
    """
    by = [by] if isinstance(by, str) else list(by)
    groups: dict[tuple, list[tuple]] = {}
    for r in rows:
        missing = [k for k in (*by, over, metric) if k not in r]
        if missing:
            raise ValueError(f"rows must have the keys {missing} named in by/over/metric; a row has {sorted(r)}")
        groups.setdefault(tuple(r[k] for k in by), []).append((r[over], float(r[metric])))
    out = []
    for key in sorted(groups, key=lambda k: tuple((x is None, x) for x in k)):
        vals = np.array([v for _, v in sorted(groups[key], key=lambda t: (t[0] is None, t[0]))])
        out.append({**dict(zip(by, key)), "n": int(vals.size), "min": float(vals.min()), "mean": float(vals.mean()),
                    "std": float(vals.std(ddof=1)) if vals.size > 1 else 0.0, "max": float(vals.max()),
                    "values": vals.tolist()})
    return out
