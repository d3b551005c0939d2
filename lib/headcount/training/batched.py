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

A step keeps each pack's parameters and gradients in one flat buffer (AdamW and the clipping are a few
kernels), gathers the batch of each distinct seed once, reuses the buffers of its largest tensors
(:class:`~headcount.training.batched_layers.Workspace`) and waits for the device only when a callback
listens or at an evaluation.
"""
from __future__ import annotations

import time
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import replace

import torch
from torch import nn

from headcount._checks import check_int
from headcount.env import device_name, pick_device, seed_offset, versions
from headcount.model import ModelConfig
from headcount.tasks import Split
from headcount.training.batched_layers import Workspace, with_ones
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


#: Flat parameter rows are padded to a multiple of this many entries (see :func:`_clip_per_member`).
ROW_CHUNK = 256


def _flatten(pack: nn.Module) -> tuple[torch.Tensor, torch.Tensor]:
    """Move ``pack``'s parameters into one ``(G, P)`` buffer, member-major, and their gradients into another.

    Each parameter becomes a view of its columns (``.data`` and ``.grad``), so AdamW is one tensor's update and
    per-member gradient clipping one row norm; backward accumulates into the gradient views in place. ``P`` is
    padded with zeros (which stay zero) to a multiple of :data:`ROW_CHUNK`.
    """
    params = list(pack.parameters())
    G = params[0].shape[0]
    P = -(-sum(p[0].numel() for p in params) // ROW_CHUNK) * ROW_CHUNK
    flat = params[0].new_zeros(G, P)
    grad = params[0].new_zeros(G, P)
    off = 0
    for p in params:
        k = p[0].numel()
        flat[:, off:off + k].copy_(p.detach().reshape(G, k))
        p.data = flat[:, off:off + k].view(p.shape)
        p.grad = grad[:, off:off + k].view(p.shape)
        off += k
    flat.grad = grad
    return flat, grad


def _unflatten(pack: nn.Module) -> None:
    """Give every parameter of ``pack`` its own contiguous storage again (after :func:`_flatten`), no gradient."""
    for p in pack.parameters():
        p.data = p.data.clone()
        p.grad = None


def _clip_per_member(grad: torch.Tensor, max_norm: float) -> None:
    """``clip_grad_norm_`` applied to each member's row of a flat ``(G, P)`` gradient (global norm of one model).

    The norm goes by chunks of :data:`ROW_CHUNK` and then over the chunks: a single long reduction would be
    split across CPU threads (different bits for 1 and 2 threads), many short ones are not.
    """
    G = grad.shape[0]
    norm = torch.linalg.vector_norm(torch.linalg.vector_norm(grad.view(G, -1, ROW_CHUNK), dim=2), dim=1)
    coef = (max_norm / (norm + 1e-6)).clamp_(max=1.0)
    grad.mul_(coef.unsqueeze(1))


def _optimizer(flats: list[torch.Tensor], config: TrainConfig, dev: torch.device) -> torch.optim.Optimizer:
    """:func:`~headcount.training.train.make_optimizer` for the flat buffers: Adam/AdamW as one fused kernel on the
    CPU; elsewhere ``capturable`` (step count and update on the device, no host sync in ``step()``)."""
    if config.optimizer == "sgd":
        return make_optimizer(flats, config)
    cls = torch.optim.AdamW if config.optimizer == "adamw" else torch.optim.Adam
    extra = {"fused": True} if dev.type == "cpu" else {"capturable": True}
    return cls(flats, lr=config.lr, weight_decay=config.weight_decay, **extra)


def _draws(generators: list[torch.Generator], n: int, steps: int, batch_size: int) -> torch.Tensor:
    """The next ``steps`` batches of every generator, ``(steps, S, batch_size)``: one ``randint`` call per generator
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
    flats = [_flatten(pack) for pack in packs]  # one (G, P) parameter buffer and one gradient buffer per pack
    optimizer = _optimizer([flat for flat, _ in flats], config, dev)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: lr_factor(config, s))
    distinct = sorted(set(seeds))  # members with one seed draw the same batches: gather each batch once
    generators = [torch.Generator().manual_seed(s + seed_offset()) for s in distinct]
    n = len(data.y_train)
    S, B, T = len(distinct), config.batch_size, model.T
    X1 = with_ones(data.X_train)  # (n, T, d + 1): [x; 1] for the encoder's [W1 b1], once
    rows = [torch.tensor([distinct.index(seeds[g]) for g in idx], device=dev) for idx in model.plan]
    same = [r.tolist() == list(range(S)) for r in rows]  # a pack whose members are the distinct seeds in order
    spaces = [Workspace() for _ in packs]
    batch = Workspace()
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
                draws = _draws(generators, n, min(chunk, config.steps - step), B).to(dev)
            idx = draws[step % chunk].reshape(-1)  # (S B,)
            xs = torch.index_select(X1, 0, idx, out=batch.get("xs", (S * B, T, X1.shape[2]), X1)).view(S, -1)
            ys = data.y_train[idx].view(S, B)
            losses = []
            for pack, row, one, ws in zip(packs, rows, same, spaces):
                xa = xs if one else torch.index_select(xs, 0, row, out=ws.get("xa", (len(row), xs.shape[1]), xs))
                pred, _ = pack.forward_tokens(xa.view(len(row), B * T, -1), ws)
                losses.append(((pred - (ys if one else ys[row])) ** 2).mean(dim=1) / var_train)
            for _, grad in flats:
                grad.zero_()
            per_pack = torch.cat(losses)
            with warnings.catch_warnings():  # the gradient views are strided on purpose (see _flatten)
                warnings.filterwarnings("ignore", "grad and param do not obey", UserWarning)
                per_pack.sum().backward()
            if config.grad_clip is not None:
                for _, grad in flats:
                    _clip_per_member(grad, config.grad_clip)
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
        for pack in packs:
            _unflatten(pack)
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
