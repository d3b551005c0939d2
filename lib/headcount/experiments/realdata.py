"""Notebook 06's offline stand-ins for the paper's real-data experiments (section 6.2).

Three experiments, each a task that samples ``(X, y)`` batches and a model, trained by the training
wing's classifier loop (:func:`headcount.training.train.train_classifier`, cross-entropy on ``D``
outputs) through a resumable grid runner with provenance:

1. ``marked`` (controlled ``D`` on images): a sequence of ``T`` Fashion-MNIST images, ``D`` of
   them marked with slot ``1..D``; predict the class of each marked image. Model: the paper's
   single-layer eq. (4) (:class:`headcount.model.HeadCountTransformer`) with ``out_dim = 10 D``.
   One query (the class token) must retrieve ``D`` different images: Theorem 2 says ``h >= D``.
2. ``vit`` (the paper's CIFAR-10 protocol, App. B.3): each image is placed at a random position
   in a larger frame padded with its border colours, cut into patches (``T`` grows with the
   frame) and classified by a small ViT (linear patch embedding, learned positions, class token,
   pre-LN blocks). The paper reports *training* accuracy against ``h`` for several ``T``.
3. ``text`` (the MS MARCO stand-in, App. B.2): ``D`` queries, each a few words of one WordNet
   noun definition, must each find their definition among ``T`` candidates drawn from the same
   lexicographer class (harder negatives). Frozen random word vectors stand in for frozen BERT
   embeddings; a two-layer pre-LN encoder with a class token outputs ``D x T`` logits.

Every number the notebook shows comes from :func:`run_grid` rows (``data/results/*.json``) or a
fresh call. The three experiments are clients of the sweep engine (:mod:`headcount.training.engine`;
registered here as ``'marked'``, ``'vit'`` and ``'text'``): it does the keys, the file and its lock,
resume, provenance, progress and executors. ``python -m headcount realdata {marked,vit,text}`` is
the command line (:mod:`headcount.cli`).
"""
from __future__ import annotations

import functools
import hashlib
import itertools
import json
import math
import os
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import torch
from torch import nn

from headcount._checks import check_choice, check_int, check_positive
from headcount.env import as_device, seed_offset
from headcount.experiments.datasets import load_fashion_mnist
from headcount.experiments.realdata_tasks import (
    N_CLASSES,
    ClassTokenEncoder,
    FramedImages,
    MarkedImageTask,
    MultiQueryRetrievalTask,
    generator,
    pool_images,
)
from headcount.model import ModelConfig, build_model
from headcount.training.engine import Experiment, GroupContext, register, run_experiment
from headcount.training.results_file import ResultsFileError, read_rows
from headcount.training.train import Callback, train_classifier

__all__ = ["EXPERIMENTS", "METRICS", "ResultsFileError", "build", "default_grid", "error_model_fit",
           "error_model_predict", "expand", "load_rows", "run_config", "run_grid", "summarize_rows"]

EXPERIMENTS = ("marked", "vit", "text")


# ---------------------------------------------------------------- configurations and models

#: Defaults of every configuration key, per experiment.
DEFAULTS: dict[str, dict[str, Any]] = {
    "marked": {"T": 8, "D": 4, "heads": 4, "head_dim": 8, "width": 64, "pool": 2, "steps": 800, "batch_size": 64,
               "lr": 3e-3, "n_eval": 2000, "seed": 0},
    "vit": {"frame": 14, "patch": 7, "heads": 4, "head_dim": 8, "depth": 1, "width": 64, "n_train": 2000,
            "steps": 400, "batch_size": 64, "lr": 3e-3, "n_eval": 2000, "seed": 0},
    "text": {"T": 8, "D": 4, "heads": 4, "head_dim": 16, "width": 64, "words": 3, "dim": 32,
             "steps": 1500, "batch_size": 64, "lr": 3e-3, "n_eval": 2000, "seed": 0},
}


def resolve(experiment: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    check_choice("experiment", experiment, EXPERIMENTS)
    unknown = sorted(set(raw) - set(DEFAULTS[experiment]))
    if unknown:
        raise ValueError(f"unknown keys {unknown} for experiment {experiment!r}; allowed: {sorted(DEFAULTS[experiment])}")
    c = {**DEFAULTS[experiment], **raw}
    for k, v in c.items():
        if k == "lr":
            c[k] = check_positive("lr", v)
        else:
            c[k] = check_int(k, v, 0 if k == "seed" else 1)
    if experiment == "marked" and c["D"] > c["T"]:
        raise ValueError(f"D must be an integer <= T={c['T']}, got {c['D']}")
    if experiment == "vit" and (c["frame"] < 14 or c["frame"] % c["patch"]):
        raise ValueError(f"frame must be >= 14 and a multiple of patch={c['patch']}, got {c['frame']}")
    c = {"experiment": experiment, **dict(sorted(c.items()))}
    c["key"] = hashlib.sha1(json.dumps(c, sort_keys=True).encode()).hexdigest()[:12]
    return c


def expand(experiment: str, grid: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Resolved configurations of the Cartesian product of ``grid`` (values or lists); ``seeds=N`` gives 0..N-1."""
    grid = dict(grid)
    if "seeds" in grid:
        grid["seed"] = list(range(check_int("seeds", grid.pop("seeds"))))
    lists = {k: (list(v) if isinstance(v, Iterable) and not isinstance(v, (str, bytes, Mapping)) else [v])
             for k, v in grid.items()}
    empty = [k for k, v in lists.items() if not v]
    if empty:
        raise ValueError(f"grid values {empty} must be non-empty lists")
    out: dict[str, dict] = {}
    for values in itertools.product(*lists.values()):
        c = resolve(experiment, dict(zip(lists, values)))
        out.setdefault(c["key"], c)
    return list(out.values())


def build(config: Mapping[str, Any], device: torch.device | str = "cpu"):  # noqa: ANN201
    """``(model, sample_train, eval_sets)`` for one resolved configuration.

    ``sample_train(n, generator)`` draws a training batch; ``eval_sets`` maps ``'train'`` and
    ``'val'`` to fixed ``(X, y)`` tensors (``n_eval`` each; the paper's headline is *training* accuracy).
    """
    c = resolve(config["experiment"], {k: v for k, v in config.items() if k not in ("experiment", "key")})
    exp, seed = c["experiment"], c["seed"]
    if exp == "marked":
        tr, te = load_fashion_mnist("train"), load_fashion_mnist("test")
        task = MarkedImageTask(pool_images(tr.images, c["pool"]), tr.labels, c["T"], c["D"])
        val_task = MarkedImageTask(pool_images(te.images, c["pool"]), te.labels, c["T"], c["D"])
        model = build_model(ModelConfig(d=task.d, T=c["T"], heads=c["heads"], head_dim=c["head_dim"], width=c["width"],
                                        out_dim=N_CLASSES * c["D"]), seed=seed)
        evals = {"train": task.sample(c["n_eval"], generator(10_000 + seed)),
                 "val": val_task.sample(c["n_eval"], generator(20_000 + seed))}
        sampler = task.sample
    elif exp == "vit":
        tr, te = load_fashion_mnist("train"), load_fashion_mnist("test")
        m = min(c["n_train"], len(tr))
        train_set = FramedImages.build(tr.images[:m], tr.labels[:m], c["frame"], c["patch"], seed=1)
        k = min(c["n_eval"], len(te))
        val_set = FramedImages.build(te.images[:k], te.labels[:k], c["frame"], c["patch"], seed=2)
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed + seed_offset())
            model = ClassTokenEncoder(c["patch"] ** 2, train_set.T, c["heads"], c["head_dim"], c["depth"], c["width"])
        j = min(c["n_eval"], m)
        evals = {"train": (train_set.patches[:j], train_set.labels[:j].unsqueeze(1)),
                 "val": (val_set.patches, val_set.labels.unsqueeze(1))}
        sampler = train_set.sample
    else:
        task = MultiQueryRetrievalTask(c["T"], c["D"], c["words"], "train", c["dim"])
        val_task = MultiQueryRetrievalTask(c["T"], c["D"], c["words"], "val", c["dim"])
        model = build_model(ModelConfig(d=task.d, T=c["T"], heads=c["heads"], head_dim=c["head_dim"], width=c["width"],
                                        out_dim=c["D"] * c["T"], positional="learned"), seed=seed)
        evals = {"train": task.sample(c["n_eval"], generator(10_000 + seed)),
                 "val": val_task.sample(c["n_eval"], generator(20_000 + seed))}
        sampler = task.sample
    return model.to(device), sampler, evals


def _n_classes(config: Mapping[str, Any]) -> int:
    return config["T"] if config["experiment"] == "text" else N_CLASSES


@torch.no_grad()
def accuracy(model: nn.Module, X: torch.Tensor, y: torch.Tensor, n_classes: int, batch_size: int = 500) -> float:
    """Mean over examples and outputs of ``argmax == y`` (top-1 accuracy, recall@1 for retrieval)."""
    model.eval()
    device = next(model.parameters()).device
    hits = 0
    for i in range(0, len(X), batch_size):
        logits = model(X[i:i + batch_size].to(device)).reshape(-1, y.shape[1], n_classes)
        hits += int((logits.argmax(-1).cpu() == y[i:i + batch_size]).sum())
    model.train()
    return hits / y.numel()


def run_config(config: Mapping[str, Any], device: str | torch.device | None = "cpu",
               callbacks: Iterable[Callback] = ()) -> dict[str, Any]:
    """Train one configuration with :func:`headcount.training.train.train_classifier`; returns its metrics
    (``train_acc``, ``val_acc``, ``final_loss``, ``wall_time``, ``losses``). Callbacks get ``{'step', 'loss'}``."""
    dev = as_device(device)
    c = resolve(config["experiment"], {k: v for k, v in config.items() if k not in ("experiment", "key")})
    model, sampler, evals = build(c, dev)
    start = time.perf_counter()
    losses = train_classifier(model, sampler, _n_classes(c), c["steps"], c["batch_size"], c["lr"], c["seed"], callbacks)
    wall = time.perf_counter() - start
    k = _n_classes(c)
    return {"train_acc": accuracy(model, *evals["train"], k), "val_acc": accuracy(model, *evals["val"], k),
            "final_loss": float(np.mean(losses[-50:])), "steps_done": len(losses), "wall_time": round(wall, 3),
            "losses": losses}


# ---------------------------------------------------------------- clients of the sweep engine

#: What a row holds besides its configuration (the engine adds provenance).
METRICS = ("train_acc", "val_acc", "final_loss", "steps_done")


def load_rows(path: str | os.PathLike) -> list[dict[str, Any]]:
    """Rows of a results file (``[]`` if absent); :class:`ResultsFileError` naming it if it is not a list of
    rows, each with a ``key`` and a numeric ``train_acc``."""
    return read_rows(path, metric="train_acc")


def _one_each(configs: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Real-data configurations train one at a time (each is its own group)."""
    return [[c] for c in configs]


def _run_one(configs: list[dict[str, Any]], ctx: GroupContext) -> list[dict[str, Any]]:
    """The engine's ``run_group``: one configuration; a loss that blew up gives a ``diverged`` row (NaN metrics)."""
    (c,) = configs
    try:
        res = run_config(c, ctx.device)
    except FloatingPointError:
        return [{"train_acc": math.nan, "val_acc": math.nan, "final_loss": math.nan, "steps_done": None}]
    return [{k: res[k] for k in METRICS}]


def _cost(configs: Sequence[Mapping[str, Any]]) -> float:
    """Rough work of a configuration: steps x batch x tokens x width (x depth for the ViT)."""
    (c,) = configs
    tokens = (c["frame"] // c["patch"]) ** 2 if c["experiment"] == "vit" else c["T"]
    return float(c["steps"] * c["batch_size"] * tokens * c["width"] * c.get("depth", 1))


def _resolve_row(experiment: str, config: Mapping[str, Any]) -> dict[str, Any]:
    return resolve(experiment, {k: config[k] for k in DEFAULTS[experiment] if k in config})


for _name, _by in (("marked", "D"), ("vit", "frame"), ("text", "D")):
    register(Experiment(name=_name, module=__name__, expand=functools.partial(expand, _name),
                        resolve=functools.partial(_resolve_row, _name), group=_one_each, run_group=_run_one,
                        fields=("experiment", *sorted(DEFAULTS[_name])), metrics=METRICS, metric="train_acc",
                        better="max", by=_by, cost=_cost))


def run_grid(experiment: str, grid: Mapping[str, Any] | Sequence[Mapping[str, Any]], out: str | os.PathLike,
             device: str | torch.device | None = None, progress: bool = True, command: str | None = None,
             scale: str = "custom", workers: int | None = 1, scheduler: str | None = None,
             make_folder: bool = True) -> list[dict[str, Any]]:
    """Train every configuration not yet in ``out`` (``.json``) and return all its rows.

    Each row: the configuration, ``train_acc``, ``val_acc``, ``final_loss``, ``steps_done`` and the
    engine's provenance (``device``, ``device_kind``, versions, ``git_commit``, ``command``, ``scale``,
    ``finished_at``, ``worker``, ...). Every finished configuration is merged into the file under its
    lock, so an interrupted run resumes where it stopped and concurrent runs lose nothing; a corrupt
    file raises before any training. ``workers``/``scheduler``: as in
    :func:`headcount.training.sweep.run_sweep` (one configuration per worker at a time).
    """
    check_choice("experiment", experiment, EXPERIMENTS)
    if str(out).lower().endswith(".csv"):
        raise ValueError(f"out must end in .json, got {str(out)!r}")
    configs = expand(experiment, grid) if isinstance(grid, Mapping) else [_resolve_row(experiment, c) for c in grid]
    report = run_experiment(experiment, configs, out, device=device, progress=progress, command=command,
                            workers=workers, scheduler=scheduler, extra={"scale": scale}, make_folder=make_folder)
    return report.rows


def summarize_rows(rows: Sequence[Mapping[str, Any]], by: Sequence[str], metric: str = "train_acc"
                   ) -> dict[tuple, dict[str, float]]:
    """``{group: {'mean', 'std', 'n', 'values'}}`` of ``metric`` over seeds for each ``by`` group (std ddof=1)."""
    groups: dict[tuple, list[float]] = {}
    for r in rows:
        missing = [k for k in (*by, metric) if k not in r]
        if missing:
            raise ValueError(f"rows must have the keys {missing}; a row has {sorted(r)}")
        groups.setdefault(tuple(r[k] for k in by), []).append(float(r[metric]))
    out = {}
    for key in sorted(groups):
        v = np.array(groups[key])
        out[key] = {"mean": float(v.mean()), "std": float(v.std(ddof=1)) if len(v) > 1 else 0.0, "n": len(v),
                    "values": v.tolist()}
    return out


# ---------------------------------------------------------------- the paper's error model (Fig. 2b)

def error_model_predict(params: Mapping[str, float], h: np.ndarray | float, T: np.ndarray | float) -> np.ndarray:
    """``Err = c T^beta exp(alpha h / T^delta)`` (NOTES 5.2; the paper fits it to 1 - accuracy)."""
    h, T = np.asarray(h, dtype=float), np.asarray(T, dtype=float)
    return params["c"] * T ** params["beta"] * np.exp(params["alpha"] * h / T ** params["delta"])


def error_model_fit(h: Sequence[float], T: Sequence[float], err: Sequence[float],
                    deltas: np.ndarray | None = None) -> dict[str, float]:
    """Fit ``log Err = log c + beta log T + alpha h / T^delta`` in log scale under MAE, as the paper did.

    For each ``delta`` on a grid the model is linear in ``(log c, beta, alpha)``; iteratively
    reweighted least squares gives the least-absolute-deviation fit; the ``delta`` with the
    smallest mean absolute log error wins. Returns ``c, beta, alpha, delta, mae``.
    """
    h, T, err = (np.asarray(a, dtype=float) for a in (h, T, err))
    if not (h.shape == T.shape == err.shape) or h.ndim != 1 or len(h) < 4:
        raise ValueError(f"h, T and err must be 1-D of equal length >= 4, got {h.shape}, {T.shape}, {err.shape}")
    if (err <= 0).any() or (T <= 0).any():
        raise ValueError("err and T must be > 0 (the fit is in log scale)")
    y = np.log(err)
    deltas = np.linspace(0.0, 1.0, 101) if deltas is None else np.asarray(deltas, dtype=float)
    best: dict[str, float] | None = None
    for delta in deltas:
        A = np.stack([np.ones_like(h), np.log(T), h / T ** delta], axis=1)
        w = np.ones_like(y)
        for _ in range(50):
            coef, *_ = np.linalg.lstsq(A * w[:, None], y * w, rcond=None)
            w = 1 / np.sqrt(np.maximum(np.abs(y - A @ coef), 1e-6))
        mae = float(np.mean(np.abs(y - A @ coef)))
        if best is None or mae < best["mae"] - 1e-12:
            best = {"c": float(np.exp(coef[0])), "beta": float(coef[1]), "alpha": float(coef[2]),
                    "delta": float(delta), "mae": mae}
    assert best is not None
    return best


# ---------------------------------------------------------------- the grids behind data/results

def default_grid(experiment: str, scale: str = "cpu") -> list[dict[str, Any]]:
    """The grids behind ``data/results/realdata_<experiment>.json``: ``'cpu'``, ``'full'`` or ``'fast'``.

    ``'cpu'`` is what the committed files hold (one CPU thread, 5-8 minutes each); ``'full'`` is a
    larger run (about 60-80k optimizer steps each, resumable; ``--workers`` runs configurations in parallel);
    ``'fast'`` is a smoke test in seconds.
    """
    check_choice("experiment", experiment, EXPERIMENTS)
    check_choice("scale", scale, ("fast", "cpu", "full"))
    if experiment == "marked":
        return [{"fast": {"D": [2], "heads": [1, 2], "seeds": 1, "steps": 150, "n_eval": 500},
                 "cpu": {"D": [1, 2, 4], "heads": [1, 2, 4, 8], "seeds": 3},
                 "full": {"D": [1, 2, 4], "heads": [1, 2, 3, 4, 8], "seeds": 3, "steps": 1500,
                          "batch_size": 128}}[scale]]
    if experiment == "vit":
        return [{"fast": {"frame": [14], "heads": [1, 2], "seeds": 1, "steps": 100, "n_train": 1000, "n_eval": 500},
                 "cpu": {"frame": [14, 21, 28], "heads": [1, 2, 4, 8], "seeds": 2},
                 "full": {"frame": [14, 21, 28, 35], "heads": [1, 2, 4, 8, 12], "seeds": 2, "depth": 2,
                          "width": 128, "n_train": 5000, "steps": 1500, "batch_size": 128}}[scale]]
    return {"fast": [{"D": [2], "T": [8], "heads": [1, 2], "seeds": 1, "steps": 200, "n_eval": 500}],
            "cpu": [{"D": [1, 2, 4, 6], "T": [8], "heads": [1, 2, 4, 6, 8], "seeds": 2},
                    {"D": [2], "T": [4, 12], "heads": [1, 2, 4, 8], "seeds": 2}],
            "full": [{"D": [1, 2, 4, 6], "T": [8, 12], "heads": [1, 2, 4, 6, 8], "seeds": 2, "steps": 1500,
                      "batch_size": 128}]}[scale]


# ---------------------------------------------------------------- the paper's real-data tables (NOTES 5.2, 5.3)

#: Table 6 (MS MARCO, training top-1 accuracy, mean; T = number of candidates). Rows: h.
PAPER_TEXT_T = (8, 16, 32, 64)
PAPER_TEXT_TRAIN = {1: (0.597, 0.450, 0.303, 0.154), 2: (0.771, 0.647, 0.486, 0.286), 4: (0.956, 0.900, 0.793, 0.580),
                    6: (0.992, 0.977, 0.937, 0.814), 8: (0.998, 0.995, 0.983, 0.932),
                    12: (1.000, 0.999, 0.998, 0.991), 16: (1.000, 1.000, 0.999, 0.996)}
#: Table 7 (MS MARCO, validation accuracy, mean).
PAPER_TEXT_VAL = {1: (0.5107, 0.3917, 0.2542, 0.1257), 2: (0.5221, 0.4205, 0.2712, 0.1369),
                  4: (0.5076, 0.4048, 0.2547, 0.1139), 6: (0.5153, 0.3865, 0.2397, 0.1018),
                  8: (0.5058, 0.3801, 0.2308, 0.0983), 12: (0.5184, 0.3721, 0.2219, 0.0902),
                  16: (0.5021, 0.2816, 0.2170, 0.0878)}
#: Table 8 (CIFAR-10 ViT, training accuracy %, mean; T = sequence length with the class token).
PAPER_IMAGE_T = (65, 145, 257, 577, 1025)
PAPER_IMAGE_TRAIN = {1: (47.8, 43.7, 42.0, 40.8, 40.0), 2: (59.7, 55.2, 53.4, 51.5, 50.8),
                     4: (75.5, 70.3, 68.5, 66.2, 65.8), 8: (95.1, 92.6, 91.4, 90.7, 90.2),
                     10: (98.1, 97.3, 96.7, 96.5, 96.7), 11: (98.8, 98.3, 98.1, 97.7, 97.9),
                     12: (99.2, 98.9, 98.6, 98.6, 98.6), 13: (99.4, 99.3, 99.1, 99.0, 99.1),
                     14: (99.6, 99.4, 99.3, 99.3, 99.3), 16: (99.7, 99.6, 99.5, 99.6, 99.6),
                     20: (99.8, 99.7, 99.7, 99.8, 99.9), 24: (99.9, 99.8, 99.8, 99.9, 99.9)}
#: Table 9 (CIFAR-10 ViT, validation accuracy %, mean).
PAPER_IMAGE_VAL = {1: (50.50, 45.85, 43.53, 41.43, 39.95), 2: (60.01, 55.01, 53.12, 49.95, 48.53),
                   4: (67.98, 63.49, 61.42, 57.19, 55.31), 8: (69.65, 66.06, 62.43, 57.58, 56.18),
                   10: (69.70, 65.64, 62.45, 57.21, 54.44), 11: (69.84, 65.26, 61.97, 56.95, 53.77),
                   12: (69.66, 65.79, 62.63, 56.57, 53.17), 13: (69.72, 65.30, 61.66, 54.81, 52.90),
                   14: (69.49, 65.25, 61.32, 54.01, 50.42), 16: (69.69, 64.24, 59.29, 49.68, 48.51),
                   20: (67.99, 61.49, 55.25, 48.65, 46.89), 24: (65.12, 56.80, 52.14, 48.74, 48.39)}
