"""Many configurations of the eq. (4) transformer trained as one model (a leading config dimension).

A sweep over head counts ``h`` (at fixed per-head dim ``n`` or fixed total width ``E``), MLP
widths ``N`` and seeds trains ``G`` small models on the same task and length ``T``. Here they
become one :class:`BatchedTransformer` whose parameters carry a leading dimension ``G``:

* every member starts from exactly the weights of ``build_model(config, seed)``;
* members of different shapes are **zero-padded** to the largest ``E``, ``h``, ``n`` and ``N``.
  The padded entries get exactly zero gradient (each is multiplied by another padded zero), so
  Adam/AdamW (elementwise, and decoupled weight decay of a zero is zero) keeps them at zero and
  each member computes the same function as its single model;
* each member draws its batch indices from ``torch.Generator().manual_seed(seed)`` in the same
  order as :func:`headcount.training.train.train`, starts its output bias at the training mean, uses the
  same NMSE loss, optimizer, schedule and **per-member** gradient-norm clipping.

So ``train_batched(configs, seeds, split, tc)[g]`` equals
``train(build_model(configs[g], seeds[g]), split, replace(tc, seed=seeds[g]))`` up to float
rounding (reductions run in a different order). Different ``T`` cannot share a model (their data
differ), so a sweep builds one batched model per ``(task, T)``.
"""
from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import replace

import torch
from torch import nn
from torch.nn import functional as F

from headcount._checks import check_int
from headcount.env import device_name, pick_device, seed_offset, versions
from headcount.model import HeadCountTransformer, ModelConfig, build_model
from headcount.tasks import Split
from headcount.training.train import (
    Callback,
    History,
    TrainConfig,
    lr_factor,
    make_optimizer,
    nmse,
)

__all__ = ["BatchedTransformer", "train_batched"]


class BatchedTransformer(nn.Module):
    """``G`` single-layer transformers of eq. (4), stacked along a leading dimension and zero-padded.

    Build it with :meth:`from_models` (or :meth:`from_configs`). ``forward(X)`` takes either one
    batch shared by all members, ``X (B, T, d)``, or one batch per member, ``X (G, B, T, d)``,
    and returns predictions ``(G, B)``.
    """

    def __init__(self, configs: Sequence[ModelConfig]) -> None:
        super().__init__()
        configs = list(configs)
        if not configs:
            raise ValueError("configs must hold at least one ModelConfig, got an empty list")
        for i, c in enumerate(configs):
            if not isinstance(c, ModelConfig):
                raise ValueError(f"configs[{i}] must be a ModelConfig, got {type(c).__name__}")
            if c.depth != 1 or c.positional != "none":
                raise ValueError(f"configs[{i}]: the batched model supports depth=1 and positional='none' "
                                 f"(the paper's synthetic setting), got depth={c.depth}, positional={c.positional!r}")
        for key in ("d", "T", "out_dim"):
            values = sorted({getattr(c, key) for c in configs})
            if len(values) > 1:
                raise ValueError(f"all configs must share {key} (one batched model per task and T), got {values}")
        self.configs = configs
        G = len(configs)
        c0 = configs[0]
        self.G, self.d, self.T, self.out_dim = G, c0.d, c0.T, c0.out_dim
        self.E = max(c.embed_dim for c in configs)
        self.H = max(c.heads for c in configs)
        self.n = max(c.head_dim for c in configs)
        self.N = max(c.width for c in configs)
        z = torch.zeros
        self.W1 = nn.Parameter(z(G, self.N, self.d))
        self.b1 = nn.Parameter(z(G, self.N))
        self.W2 = nn.Parameter(z(G, self.E, self.N))
        self.b2 = nn.Parameter(z(G, self.E))
        self.c0 = nn.Parameter(z(G, self.E))
        self.W_Q = nn.Parameter(z(G, self.H, self.n, self.E))
        self.W_K = nn.Parameter(z(G, self.H, self.n, self.E))
        self.W_V = nn.Parameter(z(G, self.H, self.n, self.E))
        self.W_O = nn.Parameter(z(G, self.E, self.H * self.n))
        self.W3 = nn.Parameter(z(G, self.N, self.E))
        self.b3 = nn.Parameter(z(G, self.N))
        self.W4 = nn.Parameter(z(G, self.out_dim, self.N))
        self.b4 = nn.Parameter(z(G, self.out_dim))
        self.register_buffer("beta", torch.tensor([c.scale for c in configs], dtype=torch.float32))

    @classmethod
    def from_models(cls, models: Sequence[HeadCountTransformer]) -> BatchedTransformer:
        """Stack the (current) weights of single models of eq. (4) into one batched model."""
        models = list(models)
        for i, m in enumerate(models):
            if not isinstance(m, HeadCountTransformer):
                raise ValueError(f"models[{i}] must be a HeadCountTransformer, got {type(m).__name__}")
        self = cls([m.config for m in models])
        with torch.no_grad():
            for g, m in enumerate(models):
                for name, src in self._slices(g).items():
                    src.copy_(_single_param(m, name))
        return self

    @classmethod
    def from_configs(cls, configs: Sequence[ModelConfig], seeds: Sequence[int]) -> BatchedTransformer:
        """``from_models([build_model(c, s) for c, s in zip(configs, seeds)])``."""
        configs, seeds = list(configs), list(seeds)
        if len(configs) != len(seeds):
            raise ValueError(f"configs and seeds must have the same length, got {len(configs)} and {len(seeds)}")
        return cls.from_models([build_model(c, check_int("seed", s, 0)) for c, s in zip(configs, seeds)])

    def _slices(self, g: int) -> dict[str, torch.Tensor]:
        """Views of member ``g``'s real (unpadded) entries, keyed by the single model's layout."""
        c = self.configs[g]
        E, h, n, N = c.embed_dim, c.heads, c.head_dim, c.width
        return {
            "W1": self.W1[g, :N], "b1": self.b1[g, :N], "W2": self.W2[g, :E, :N], "b2": self.b2[g, :E],
            "c0": self.c0[g, :E], "W_Q": self.W_Q[g, :h, :n, :E], "W_K": self.W_K[g, :h, :n, :E],
            "W_V": self.W_V[g, :h, :n, :E],
            "W_O": self.W_O[g, :E].view(E, self.H, self.n)[:, :h, :n],
            "W3": self.W3[g, :N, :E], "b3": self.b3[g, :N], "W4": self.W4[g, :, :N], "b4": self.b4[g],
        }

    def member(self, g: int) -> HeadCountTransformer:
        """Member ``g`` as a stand-alone :class:`HeadCountTransformer` (a copy, on the CPU)."""
        g = check_int("g", g, 0, self.G - 1)
        model = HeadCountTransformer(self.configs[g])
        with torch.no_grad():
            for name, src in self._slices(g).items():
                _single_param(model, name).copy_(src.detach().cpu())
        return model

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        """Predictions of every member, ``(G, B)`` (or ``(G, B, out_dim)``), eq. (4)."""
        return self.forward_with_attention(X)[0]

    def forward_with_attention(self, X: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Predictions and the class token's attention weights ``(G, B, H, T)`` (padded heads uniform)."""
        G, T, d = self.G, self.T, self.d
        if X.dim() == 3 and X.shape[1:] == (T, d):
            X = X.unsqueeze(0).expand(G, -1, -1, -1)
        if X.dim() != 4 or X.shape[0] != G or X.shape[2:] != (T, d):
            raise ValueError(f"X must have shape (batch, T, d) = (batch, {T}, {d}) or (G, batch, T, d) = "
                             f"({G}, batch, {T}, {d}), got {tuple(X.shape)}")
        B = X.shape[1]
        x = X.reshape(G, B * T, d)
        hidden = torch.relu(torch.baddbmm(self.b1.unsqueeze(1), x, self.W1.transpose(1, 2)))  # (G, B*T, N)
        # The tokens P_phi(x_t) = W2 hidden_t + b2 are never materialized (the class token is the
        # only query): logits u^T x_t = (W2^T u)^T hidden_t + u^T b2, and because the weights sum
        # to one, sum_t w_t x_t = W2 (sum_t w_t hidden_t) + b2. Same function, fewer FLOPs at large T.
        q = torch.einsum("ge,ghne->ghn", self.c0, self.W_Q)
        u = torch.einsum("ghn,ghne->ghe", q, self.W_K)  # (W_Q c0)^T W_K x = u^T x
        u_hidden = torch.bmm(u, self.W2)  # (G, H, N)
        u_bias = torch.einsum("ghe,ge->gh", u, self.b2)
        logits = torch.baddbmm(u_bias.unsqueeze(1), hidden, u_hidden.transpose(1, 2)).view(G, B, T, self.H)
        weights = torch.softmax(self.beta.view(G, 1, 1, 1) * logits, dim=2)  # over the T tokens
        pooled_hidden = torch.bmm(weights.reshape(G * B, T, self.H).transpose(1, 2),
                                  hidden.view(G * B, T, self.N)).view(G, B * self.H, self.N)
        pooled = torch.baddbmm(self.b2.unsqueeze(1), pooled_hidden, self.W2.transpose(1, 2)).view(G, B, self.H, self.E)
        heads = torch.einsum("gbhe,ghne->gbhn", pooled, self.W_V).reshape(G, B, self.H * self.n)
        ffn_in = torch.baddbmm(self.c0.unsqueeze(1), heads, self.W_O.transpose(1, 2))
        h3 = F.gelu(torch.baddbmm(self.b3.unsqueeze(1), ffn_in, self.W3.transpose(1, 2)))
        out = torch.baddbmm(self.b4.unsqueeze(1), h3, self.W4.transpose(1, 2))
        out = out.squeeze(-1) if self.out_dim == 1 else out
        return out, weights.transpose(2, 3)


_SINGLE = {
    "W1": ("encoder", 0, "weight"), "b1": ("encoder", 0, "bias"), "W2": ("encoder", 2, "weight"),
    "b2": ("encoder", 2, "bias"), "W3": ("ffn", 0, "weight"), "b3": ("ffn", 0, "bias"),
    "W4": ("ffn", 2, "weight"), "b4": ("ffn", 2, "bias"),
}


def _single_param(model: HeadCountTransformer, name: str) -> torch.Tensor:
    if name in _SINGLE:
        part, idx, attr = _SINGLE[name]
        return getattr(getattr(model, part)[idx], attr)
    p = getattr(model, name)
    if name == "W_O":  # (E, h*n) viewed as (E, h, n), matching the padded view
        c = model.config
        return p.view(c.embed_dim, c.heads, c.head_dim)
    return p


@torch.no_grad()
def predict_batched(model: BatchedTransformer, X: torch.Tensor, batch_size: int = 500) -> torch.Tensor:
    """Predictions ``(G, n)`` of every member on a shared ``X (n, T, d)``, in evaluation chunks."""
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


def train_batched(configs: Sequence[ModelConfig], seeds: Sequence[int], split: Split,
                  config: TrainConfig = TrainConfig(), device: str | torch.device | None = None,
                  callbacks: Iterable[Callback] = (), progress: bool = False,
                  eval_batch: int = 500) -> tuple[list[History], BatchedTransformer]:
    """Train ``G = len(configs)`` models of eq. (4) on ``split`` as one batched model (NMSE loss, section 6.1).

    Member ``g`` is ``build_model(configs[g], seeds[g])`` trained with ``replace(config,
    seed=seeds[g])``; the result matches :func:`headcount.training.train.train` on that member up to float
    rounding. Returns one :class:`History` per member (same fields as the single trainer; each
    ``wall_time`` is the shared wall time divided by ``G``) and the trained batched model
    (``model.member(g)`` extracts one). Callbacks get ``{'step', 'loss'}`` with ``loss`` a list of
    ``G`` floats (and ``'val_nmse'``, a list, at evaluation steps); one returning ``True`` stops
    training, as does Ctrl-C (``interrupted=True``).
    """
    configs, seeds = list(configs), [check_int("seeds[i]", s, 0) for s in seeds]
    if len(configs) != len(seeds):
        raise ValueError(f"configs and seeds must have the same length, got {len(configs)} and {len(seeds)}")
    eval_batch = check_int("eval_batch", eval_batch)
    dev = pick_device(device)
    model = BatchedTransformer.from_configs(configs, seeds).to(dev)
    G = model.G
    data = split.to(dev)
    if data.X_train.shape[1:] != (model.T, model.d):
        raise ValueError(f"split.X_train must have shape (n, T, d) = (n, {model.T}, {model.d}), "
                         f"got {tuple(data.X_train.shape)}")
    var_train = float(data.y_train.var(unbiased=False))
    if not var_train > 0:
        raise ValueError("split.y_train has zero variance; NMSE training is undefined")
    with torch.no_grad():
        model.b4.fill_(float(data.y_train.mean()))
    optimizer = make_optimizer(model.parameters(), config)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: lr_factor(config, s))
    generators = [torch.Generator().manual_seed(s + seed_offset()) for s in seeds]
    n = len(data.y_train)
    params = list(model.parameters())
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
    try:
        for step in range(config.steps):
            idx = torch.stack([torch.randint(n, (config.batch_size,), generator=gen) for gen in generators]).to(dev)
            pred = model(data.X_train[idx])
            per_member = ((pred - data.y_train[idx]) ** 2).mean(dim=1) / var_train
            optimizer.zero_grad(set_to_none=True)
            per_member.sum().backward()
            if config.grad_clip is not None:
                _clip_per_member(params, G, config.grad_clip)
            optimizer.step()
            scheduler.step()
            steps_done = step + 1
            # one preallocated buffer: many small per-step tensors fragmented the heap (RSS grew ~1 MB/step at T=128)
            loss_buf[step] = per_member.detach()
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
