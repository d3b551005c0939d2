"""The one training entry point of the course: configurations in, rows and models out (section 6.1).

:func:`train_configs` takes configurations of the synthetic experiment (a grid spec, or dicts that
:func:`headcount.training.sweep.resolve_config` resolves) and trains them with the library's recipe
(NMSE = MSE / Var(y)). It alone decides how each trains and builds the models:

* configurations sharing task, data and recipe form groups (:func:`headcount.training.sweep.group_configs`);
* a group without positional encoding, at any depth ``L`` (eq. 4 and its depth-``L`` extension), trains
  as one batched model (:func:`headcount.training.batched.train_batched`); one with a positional
  encoding, which the batched trainer does not take, trains alone with :func:`headcount.training.train.train`;
* :func:`model_config` is the one place a :class:`~headcount.model.ModelConfig` is built from a configuration.

The sweep engine's ``run_group`` (:func:`run_group`), every panel, :mod:`headcount.experiments.contrast`
and the notebooks call it. The device arrives resolved (a ``torch.device``, chosen once at the entry
point); a name such as ``'auto'`` is resolved here once.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import torch
from torch import nn

from headcount.env import as_device
from headcount.model import HeadCountTransformer, ModelConfig, build_model
from headcount.tasks import Split, make_task
from headcount.training.engine import GroupContext, Stopped
from headcount.training.sweep import TRAIN_KEYS, batchable, expand_grid, group_configs, resolve_config
from headcount.training.train import Callback, History, TrainConfig, check_split

__all__ = ["Trained", "model_config", "run_group", "train_configs", "train_group"]


def model_config(c: Mapping[str, Any]) -> ModelConfig:
    """The :class:`~headcount.model.ModelConfig` of a resolved configuration (the only place one is built from it)."""
    return ModelConfig(d=c["d"], T=c["T"], heads=c["heads"], head_dim=c["head_dim"], width=c["width"], beta=c["beta"],
                       depth=c["depth"], positional=c["positional"])


@functools.lru_cache(maxsize=1)
def _split(task: str, T: int, D: int, d: int, n_train: int, n_val: int, data_seed: int) -> Split:
    """One group's data (cached: the groups of one task and ``T`` are consecutive)."""
    return make_task(task, T, D=D, d=d).split(n_train, n_val, seed=data_seed)


def split_of(c: Mapping[str, Any]) -> Split:
    """The training and validation data of a resolved configuration."""
    return _split(*(c[k] for k in ("task", "T", "D", "d", "n_train", "n_val", "data_seed")))


def train_group(configs: Sequence[Mapping[str, Any]], device: torch.device, callbacks: Iterable[Callback] = (),
                eval_every: int | None = None, progress: bool = False) -> tuple[list[History], list[Any]]:
    """Train one group (configurations sharing task, data and recipe); returns one :class:`History` and one
    model handle per configuration (see :meth:`Trained.model`).

    Callbacks get ``{'step', 'loss', 'configs'}`` every step (``'val_nmse'`` at evaluations, every
    ``eval_every`` steps, by default only the last): ``loss``/``val_nmse`` are lists in the order of
    ``configs``, whichever trainer runs. A callback returning ``True`` stops the group.
    """
    from headcount.training.batched import train_batched
    from headcount.training.train import train  # looked up per call, so tests can stand in for either trainer

    configs = list(configs)
    first = configs[0]
    split = split_of(first)
    check_split(split)
    tc = TrainConfig(**{k: first[k] for k in TRAIN_KEYS}, eval_every=eval_every or first["steps"])
    single = not batchable(first)

    def relay(cb: Callback) -> Callback:
        def wrapped(event: dict) -> object:
            ev = {**event, "configs": configs}
            if single:
                ev["loss"] = [event["loss"]]
                if "val_nmse" in event:
                    ev["val_nmse"] = [event["val_nmse"]]
            return cb(ev)
        return wrapped

    relayed = [relay(cb) for cb in callbacks]
    if single:
        model = build_model(model_config(first), first["seed"])
        history = train(model, split, replace(tc, seed=first["seed"]), device=device, progress=progress,
                        callbacks=relayed)
        return [history], [model.cpu()]
    histories, group = train_batched([model_config(c) for c in configs], [c["seed"] for c in configs], split, tc,
                                     device=device, progress=progress, callbacks=relayed)
    return histories, [(group, g) for g in range(len(configs))]


@dataclass
class Trained:
    """What :func:`train_configs` trained: ``configs[i]`` (resolved, with ``key``), its ``histories[i]``
    and its model (:meth:`model`). ``interrupted`` when a callback stopped the run: configurations
    never started are not listed, the ones cut short have ``histories[i].interrupted``."""

    configs: list[dict[str, Any]] = field(default_factory=list)
    histories: list[History] = field(default_factory=list)
    handles: list[Any] = field(default_factory=list)
    interrupted: bool = False

    def rows(self) -> list[dict[str, Any]]:
        """One row per finished configuration: its resolved values, ``steps_done``, ``train_nmse``, ``val_nmse``."""
        return [{**c, **metrics(h)} for c, h in zip(self.configs, self.histories) if not h.interrupted]

    def index(self, **match: Any) -> int:
        """The position of the one configuration whose values equal ``match`` (e.g. ``heads=2, seed=0``)."""
        found = [i for i, c in enumerate(self.configs) if all(c.get(k) == v for k, v in match.items())]
        if len(found) != 1:
            raise ValueError(f"{match} matches {len(found)} trained configurations; give keys that pick one of "
                             f"{len(self.configs)}")
        return found[0]

    def model(self, i: int) -> HeadCountTransformer:
        """The trained model of configuration ``i`` on its own (a CPU copy for the batched trainer's members)."""
        handle = self.handles[i]
        if isinstance(handle, tuple):
            group, g = handle
            return group.member(g).cpu()
        assert isinstance(handle, nn.Module)
        return handle


def metrics(history: History) -> dict[str, Any]:
    """The metric columns of a finished configuration (what a results row holds besides config and provenance)."""
    return {"steps_done": len(history.train_loss), "train_nmse": history.train_nmse, "val_nmse": history.final_val_nmse}


def train_configs(configs: Mapping[str, Any] | Sequence[Mapping[str, Any]],
                  device: str | torch.device | None = None, callbacks: Iterable[Callback] = (),
                  eval_every: int | None = None, progress: bool = False, max_waste: float = 1.25,
                  max_group: int | None = None) -> Trained:
    """Train every configuration (a grid spec of :func:`~headcount.training.sweep.expand_grid`, or a list of
    configurations) and return them with their histories and models, in the order they were given.

    Groups train one after another (batched, or one configuration alone with a positional encoding:
    see the module docstring); nothing is written to disk (:func:`headcount.training.sweep.run_sweep`
    saves, resumably). Callbacks: as in :func:`train_group`; a callback returning ``True`` stops
    after the current step (see :class:`Trained`); Ctrl-C inside training raises ``KeyboardInterrupt``.
    """
    resolved = expand_grid(configs) if isinstance(configs, Mapping) else [resolve_config(c) for c in configs]
    dev = as_device(device)
    asked: list[bool] = []
    callbacks = [_noting(cb, asked) for cb in callbacks]
    out = Trained()
    trained: dict[str, tuple[History, Any]] = {}
    for group in group_configs(resolved, max_waste, max_group):
        histories, handles = train_group(group, dev, callbacks, eval_every, progress)
        if any(h.interrupted for h in histories) and not asked:
            raise KeyboardInterrupt  # Ctrl-C inside the trainer: the caller's cell stops too
        trained.update((c["key"], (h, m)) for c, h, m in zip(group, histories, handles))
        if asked:  # stopped in this group (its histories say interrupted) or on its last step
            out.interrupted = len(trained) < len(resolved) or any(h.interrupted for h in histories)
            break
    for c in resolved:
        if c["key"] in trained:
            out.configs.append(c)
            out.histories.append(trained[c["key"]][0])
            out.handles.append(trained[c["key"]][1])
    return out


def _noting(cb: Callback, asked: list[bool]) -> Callback:
    """``cb``, recording in ``asked`` when it asks to stop (returns ``True``)."""
    def wrapped(event: dict) -> object:
        answer = cb(event)
        if answer is True:
            asked.append(True)
        return answer
    return wrapped


def run_group(configs: list[dict[str, Any]], ctx: GroupContext) -> list[dict[str, Any]]:
    """The sweep engine's ``run_group`` for the synthetic experiment: :func:`train_group`, one metrics dict
    per configuration; :class:`~headcount.training.engine.Stopped` when a callback cut the group short."""
    asked: list[bool] = []
    callbacks = [_noting(cb, asked) for cb in ctx.callbacks]
    histories, _ = train_group(configs, ctx.device, callbacks, ctx.eval_every, ctx.progress)
    if any(h.interrupted for h in histories):
        if asked:  # cut short on request: nothing of this group is a finished row
            raise Stopped("a callback stopped the sweep")
        raise KeyboardInterrupt
    ctx.stop = bool(asked)  # asked on the last step: this group finished and is saved, the rest waits
    return [metrics(h) for h in histories]
