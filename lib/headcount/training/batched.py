"""Many configurations of the eq. (4) transformer trained as one model (a leading config dimension).

A sweep over head counts ``h`` (at fixed per-head dim ``n`` or fixed total width ``E``), MLP
widths ``N``, depths ``L`` and seeds trains ``G`` small models on the same task and length ``T``.
Here they become one :class:`BatchedTransformer` whose parameters carry a leading dimension ``G``
(its layers are in :mod:`headcount.training.batched_layers`):

* every member starts from exactly the weights of ``build_model(config, seed)``;
* members of different shapes are **zero-padded** to the largest ``E``, ``h``, ``n`` and ``N``.
  The padded entries get exactly zero gradient (each is multiplied by another padded zero), so
  Adam/AdamW (elementwise, and decoupled weight decay of a zero is zero) keeps them at zero and
  each member computes the same function as its single model;
* members of different depth (Conjecture 1's ``L``-layer extension) share the batch's ``max L - 1``
  intermediate layers: a member's missing layers have their update multiplied by a zero mask, so
  they are the identity and their (zero) weights get exactly zero gradient;
* each member draws its batch indices from ``torch.Generator().manual_seed(seed)`` in the same
  order as :func:`headcount.training.train.train`, starts its output bias at the training mean, uses the
  same NMSE loss, optimizer, schedule and **per-member** gradient-norm clipping.

So ``train_batched(configs, seeds, split, tc)[g]`` equals
``train(build_model(configs[g], seeds[g]), split, replace(tc, seed=seeds[g]))`` up to float
rounding (reductions run in a different order). Different ``T`` cannot share a model (their data
differ), so a sweep builds one batched model per ``(task, T)``. The same seed gives the same bits
for any number of CPU threads (see :func:`headcount.training.batched_layers.softmax`).
"""
from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import replace

import torch
from torch import nn

from headcount._checks import check_int
from headcount.env import device_name, pick_device, seed_offset, versions
from headcount.model import ModelConfig
from headcount.tasks import Split
from headcount.training.batched_model import BatchedGroup, BatchedTransformer, plan_packs
from headcount.training.train import (
    Callback,
    History,
    TrainConfig,
    lr_factor,
    make_optimizer,
    nmse,
)

__all__ = ["BatchedGroup", "BatchedTransformer", "plan_packs", "predict_batched", "train_batched"]


@torch.no_grad()
def predict_batched(model: BatchedTransformer | BatchedGroup, X: torch.Tensor, batch_size: int = 500) -> torch.Tensor:
    """Predictions ``(G, n)`` of every member on a shared ``X (n, T, d)``, in evaluation chunks.

    With intermediate layers a chunk holds at most ``2**25`` attention weights (``G B H (T+1)^2``,
    128 MB), so deep models at long ``T`` evaluate in smaller chunks.
    """
    if isinstance(model, BatchedGroup):
        return model.gather([predict_batched(pack, X, batch_size) for pack in model.packs])
    if model.blocks:
        batch_size = max(1, min(batch_size, 2**25 // (model.G * model.H * (model.T + 1) ** 2)))
    return torch.cat([model(X[i:i + batch_size]) for i in range(0, len(X), batch_size)], dim=1)


def _nmse_rows(pred: torch.Tensor, y: torch.Tensor) -> list[float]:
    return [nmse(p, y) for p in pred]


def _clip_per_member(params: list[nn.Parameter], G: int, max_norm: float) -> None:
    """``clip_grad_norm_`` applied to each member's slice separately (global norm of one model)."""
    grads = [p.grad for p in params if p.grad is not None]
    if not grads:
        return
    sq = torch.stack([g.reshape(G, -1).pow(2).sum(1) for g in grads]).sum(0)
    coef = (max_norm / (sq.sqrt() + 1e-6)).clamp(max=1.0)
    for g in grads:
        g.mul_(coef.view(G, *([1] * (g.dim() - 1))))


def _draws(generators: list[torch.Generator], n: int, steps: int, batch_size: int) -> torch.Tensor:
    """The next ``steps`` batches of every member, ``(steps, G, batch_size)``: one ``randint`` call per member
    gives the same indices as ``steps`` calls of ``randint(n, (batch_size,))`` (the single trainer's)."""
    return torch.stack([torch.randint(n, (steps, batch_size), generator=g) for g in generators], dim=1)


def train_batched(configs: Sequence[ModelConfig], seeds: Sequence[int], split: Split,
                  config: TrainConfig = TrainConfig(), device: str | torch.device | None = None,
                  callbacks: Iterable[Callback] = (), progress: bool = False,
                  eval_batch: int = 500, max_waste: float = 1.25) -> tuple[list[History], BatchedGroup]:
    """Train ``G = len(configs)`` models of eq. (4) (any depth) on ``split`` in lockstep (NMSE loss, section 6.1).

    Member ``g`` is ``build_model(configs[g], seeds[g])`` trained with ``replace(config,
    seed=seeds[g])``; the result matches :func:`headcount.training.train.train` on that member up to float
    rounding. The members are cut into packs of similar shape (:func:`plan_packs`, ``max_waste``), each
    one :class:`BatchedTransformer`; every step runs each pack once and one backward pass and one
    optimizer step over all of them. Returns one :class:`History` per member (same fields as the single
    trainer; each ``wall_time`` is the shared wall time divided by ``G``) and the trained
    :class:`BatchedGroup` (``model.member(g)`` extracts one). Callbacks get ``{'step', 'loss'}`` with
    ``loss`` a list of ``G`` floats (and ``'val_nmse'``, a list, at evaluation steps); one returning
    ``True`` stops training, as does Ctrl-C (``interrupted=True``).
    """
    configs, seeds = list(configs), [check_int("seeds[i]", s, 0) for s in seeds]
    if len(configs) != len(seeds):
        raise ValueError(f"configs and seeds must have the same length, got {len(configs)} and {len(seeds)}")
    eval_batch = check_int("eval_batch", eval_batch)
    dev = pick_device(device)
    model = BatchedGroup(configs, seeds, max_waste).to(dev)
    G, packs = model.G, list(model.packs)
    data = split.to(dev)
    if data.X_train.shape[1:] != (model.T, model.d):
        raise ValueError(f"split.X_train must have shape (n, T, d) = (n, {model.T}, {model.d}), "
                         f"got {tuple(data.X_train.shape)}")
    var_train = float(data.y_train.var(unbiased=False))
    if not var_train > 0:
        raise ValueError("split.y_train has zero variance; NMSE training is undefined")
    with torch.no_grad():
        for pack in packs:
            pack.b4.fill_(float(data.y_train.mean()))
    optimizer = make_optimizer(model.parameters(), config)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: lr_factor(config, s))
    generators = [torch.Generator().manual_seed(s + seed_offset()) for s in seeds]
    n = len(data.y_train)
    pack_params = [list(pack.parameters()) for pack in packs]
    members = [torch.tensor(idx, device=dev) for idx in model.plan]
    in_order = [g for idx in model.plan for g in idx] == list(range(G))  # packs hold members 0..G-1 in order
    histories = [History(device=device_name(dev), seed=s, config=replace(config, seed=s).as_dict(),
                         versions=versions()) for s in seeds]
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=config.steps, desc=f"training {G} models (T={model.T})", unit="step", leave=False)
    callbacks = list(callbacks)
    start = time.perf_counter()
    steps_done = 0
    interrupted = False
    loss_buf = torch.zeros(config.steps, G, device=dev)
    chunk = min(config.steps, 250)
    try:
        for step in range(config.steps):
            if step % chunk == 0:
                draws = _draws(generators, n, min(chunk, config.steps - step), config.batch_size).to(dev)
            idx = draws[step % chunk]
            losses = []
            for pack, who in zip(packs, members):
                i = idx if in_order and len(packs) == 1 else idx[who]
                pred = pack(data.X_train[i])
                losses.append(((pred - data.y_train[i]) ** 2).mean(dim=1) / var_train)
            optimizer.zero_grad(set_to_none=True)
            per_pack = torch.cat(losses)
            per_pack.sum().backward()
            if config.grad_clip is not None:
                for pack, params in zip(packs, pack_params):
                    _clip_per_member(params, pack.G, config.grad_clip)
            optimizer.step()
            scheduler.step()
            steps_done = step + 1
            # one preallocated buffer: many small per-step tensors fragmented the heap (RSS grew ~1 MB/step at T=128)
            loss_buf[step] = per_pack.detach() if in_order else per_pack.detach()[model.order]
            losses = loss_buf[step].tolist() if callbacks else None  # host sync only when someone listens
            event: dict = {"step": steps_done, "loss": losses}
            if steps_done % config.eval_every == 0 or steps_done == config.steps:
                vals = _nmse_rows(predict_batched(model, data.X_val, eval_batch), data.y_val)
                event["val_nmse"] = vals
                for h, v in zip(histories, vals):
                    h.eval_steps.append(steps_done)
                    h.val_nmse.append(v)
                if bar is not None:
                    bar.set_postfix(min_val_nmse=f"{min(vals):.2e}")
            if bar is not None:
                bar.update(1)
            if any(cb(event) is True for cb in callbacks):
                interrupted = steps_done < config.steps
                break
    except KeyboardInterrupt:
        interrupted = True
    finally:
        if bar is not None:
            bar.close()
    if steps_done:
        for h, curve in zip(histories, loss_buf[:steps_done].T.cpu().tolist()):
            h.train_loss.extend(curve)
    if not histories[0].eval_steps or histories[0].eval_steps[-1] != steps_done:
        vals = _nmse_rows(predict_batched(model, data.X_val, eval_batch), data.y_val)
        for h, v in zip(histories, vals):
            h.eval_steps.append(steps_done)
            h.val_nmse.append(v)
    trains = _nmse_rows(predict_batched(model, data.X_train, eval_batch), data.y_train)
    wall = time.perf_counter() - start
    for h, t in zip(histories, trains):
        h.train_nmse = t
        h.wall_time = wall / G
        h.interrupted = interrupted
    return histories, model
