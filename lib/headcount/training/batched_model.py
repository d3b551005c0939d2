"""The batched models: :class:`BatchedTransformer` (``G`` same-shaped-enough models as one set of
kernels) and :class:`BatchedGroup` (several of them, trained in lockstep by
:func:`headcount.training.batched.train_batched`).

Zero-padding is exact (see :mod:`headcount.training.batched`) but not free: a one-head model of
per-head dim 32 in a pack with six-head models computes ``6 x 32`` query/key/value columns. So
:func:`plan_packs` sorts a group's configurations by shape and cuts it into packs whose padded work
stays within ``max_waste`` of the real work (plus one pack's fixed per-step cost): one-layer models
(whose tokens are never materialized, so ``E`` and ``n`` pad for free) mostly share one pack, deeper
models (section 4.6's ``L``-layer extension) pack by depth and head shape.
"""
from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn
from torch.nn import functional as F

from headcount._checks import check_int
from headcount.model import HeadCountTransformer, ModelConfig, build_model
from headcount.training.batched_layers import (
    Workspace,
    class_token_readout,
    encode_hidden,
    first_layer_readout,
    self_attention_block,
    with_ones,
)

__all__ = ["BatchedGroup", "BatchedTransformer", "example_cost", "plan_packs"]

#: A pack's fixed cost per step and training example, in multiply-adds: about 60 kernels of ~10 us at
#: a few GFLOP/s, spread over a batch of 128 (the unit of :func:`example_cost`).
PACK_OVERHEAD = 5e4


class BatchedTransformer(nn.Module):
    """``G`` transformers of eq. (4) (or its depth-``L`` extension), stacked along a leading dimension, zero-padded.

    Build it with :meth:`from_models` (or :meth:`from_configs`). ``forward(X)`` takes either one
    batch shared by all members, ``X (B, T, d)``, or one batch per member, ``X (G, B, T, d)``,
    and returns predictions ``(G, B)``. Members may differ in ``h``, ``n``, ``N`` and depth ``L``
    (the first ``L_g - 1`` of the batch's ``max L - 1`` intermediate layers are member ``g``'s, the
    others are masked to the identity); they share ``d``, ``T`` and have no positional encoding.
    """

    def __init__(self, configs: Sequence[ModelConfig]) -> None:
        super().__init__()
        configs = list(configs)
        if not configs:
            raise ValueError("configs must hold at least one ModelConfig, got an empty list")
        for i, c in enumerate(configs):
            if not isinstance(c, ModelConfig):
                raise ValueError(f"configs[{i}] must be a ModelConfig, got {type(c).__name__}")
            if c.positional != "none":
                raise ValueError(f"configs[{i}]: the batched model supports positional='none' (the paper's "
                                 f"synthetic setting), got positional={c.positional!r}")
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
        self.blocks = max(c.depth for c in configs) - 1
        z = torch.zeros
        E, H, n, N, L = self.E, self.H, self.n, self.N, self.blocks
        self.W1, self.b1 = nn.Parameter(z(G, N, self.d)), nn.Parameter(z(G, N))
        self.W2, self.b2 = nn.Parameter(z(G, E, N)), nn.Parameter(z(G, E))
        self.c0 = nn.Parameter(z(G, E))
        if L:  # intermediate layers, (G, L - 1, ...): see headcount.model.SelfAttentionBlock
            self.A_QKV, self.A_O = nn.Parameter(z(G, L, 3, H, n, E)), nn.Parameter(z(G, L, E, H * n))
            self.M1, self.m1 = nn.Parameter(z(G, L, N, E)), nn.Parameter(z(G, L, N))
            self.M2, self.m2 = nn.Parameter(z(G, L, E, N)), nn.Parameter(z(G, L, E))
            has = torch.tensor([[float(l < c.depth - 1) for c in configs] for l in range(L)])
            self.register_buffer("layer_mask", has if bool((has == 0).any()) else None)
        self.W_Q, self.W_K, self.W_V = (nn.Parameter(z(G, H, n, E)) for _ in range(3))
        self.W_O = nn.Parameter(z(G, E, H * n))
        self.W3, self.b3 = nn.Parameter(z(G, N, E)), nn.Parameter(z(G, N))
        self.W4, self.b4 = nn.Parameter(z(G, self.out_dim, N)), nn.Parameter(z(G, self.out_dim))
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
                for name, dst in self._slices(g).items():
                    dst.copy_(_single_param(m, name))
        return self

    @classmethod
    def from_configs(cls, configs: Sequence[ModelConfig], seeds: Sequence[int]) -> BatchedTransformer:
        """``from_models([build_model(c, s) for c, s in zip(configs, seeds)])``."""
        configs, seeds = list(configs), list(seeds)
        if len(configs) != len(seeds):
            raise ValueError(f"configs and seeds must have the same length, got {len(configs)} and {len(seeds)}")
        return cls.from_models([build_model(c, check_int("seed", s, 0)) for c, s in zip(configs, seeds)])

    def _slices(self, g: int) -> dict[str, torch.Tensor]:
        """Views of member ``g``'s real (unpadded) entries, keyed by the single model's parameter names."""
        c = self.configs[g]
        E, h, n, N = c.embed_dim, c.heads, c.head_dim, c.width
        out = {
            "encoder.0.weight": self.W1[g, :N], "encoder.0.bias": self.b1[g, :N],
            "encoder.2.weight": self.W2[g, :E, :N], "encoder.2.bias": self.b2[g, :E], "c0": self.c0[g, :E],
            "W_Q": self.W_Q[g, :h, :n, :E], "W_K": self.W_K[g, :h, :n, :E], "W_V": self.W_V[g, :h, :n, :E],
            "W_O": self.W_O[g, :E].view(E, self.H, self.n)[:, :h, :n],
            "ffn.0.weight": self.W3[g, :N, :E], "ffn.0.bias": self.b3[g, :N],
            "ffn.2.weight": self.W4[g, :, :N], "ffn.2.bias": self.b4[g],
        }
        for l in range(c.depth - 1):
            out.update({
                f"blocks.{l}.W_QKV": self.A_QKV[g, l, :, :h, :n, :E],
                f"blocks.{l}.W_O": self.A_O[g, l, :E].view(E, self.H, self.n)[:, :h, :n],
                f"blocks.{l}.mlp.0.weight": self.M1[g, l, :N, :E], f"blocks.{l}.mlp.0.bias": self.m1[g, l, :N],
                f"blocks.{l}.mlp.2.weight": self.M2[g, l, :E, :N], f"blocks.{l}.mlp.2.bias": self.m2[g, l, :E],
            })
        return out

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
        """Predictions and the last layer's class-token attention weights ``(G, B, H, T)`` (padded heads uniform)."""
        G, T, d = self.G, self.T, self.d
        if X.dim() == 3 and X.shape[1:] == (T, d):
            X = X.unsqueeze(0).expand(G, -1, -1, -1)
        if X.dim() != 4 or X.shape[0] != G or X.shape[2:] != (T, d):
            raise ValueError(f"X must have shape (batch, T, d) = (batch, {T}, {d}) or (G, batch, T, d) = "
                             f"({G}, batch, {T}, {d}), got {tuple(X.shape)}")
        B = X.shape[1]
        return self.forward_tokens(with_ones(X).reshape(G, B * T, d + 1))

    def forward_tokens(self, xa: torch.Tensor, ws: Workspace | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """:meth:`forward_with_attention` from tokens with a ones column, ``xa (G, B T, d + 1)``
        (:func:`~headcount.training.batched_layers.with_ones`); the training step passes a :class:`Workspace`
        so the largest tensors reuse their buffers from step to step."""
        G, T, d = self.G, self.T, self.d
        B = xa.shape[1] // T
        if not self.blocks:  # one layer: the query is c0, tokens stay implicit (see first_layer_readout)
            ffn_in, weights = first_layer_readout(xa, T, self.W1, self.b1, self.W2, self.b2, self.c0, self.W_Q,
                                                  self.W_K, self.W_V, self.W_O, self.beta, ws)
        else:
            hidden = encode_hidden(xa.view(G, B, T, d + 1)[..., :d], self.W1, self.b1)  # (G, B*T, N)
            tokens = torch.baddbmm(self.b2.unsqueeze(1), hidden, self.W2.transpose(1, 2)).view(G, B, T, self.E)
            x = torch.cat([tokens, self.c0.view(G, 1, 1, self.E).expand(G, B, 1, self.E)], dim=2)
            for l in range(self.blocks):
                mask = None if self.layer_mask is None else self.layer_mask[l]
                x, _ = self_attention_block(x, self.A_QKV[:, l], self.A_O[:, l], self.M1[:, l], self.m1[:, l],
                                            self.M2[:, l], self.m2[:, l], self.beta, mask)
            ffn_in, weights = class_token_readout(x[:, :, :T], x[:, :, T], self.W_Q, self.W_K, self.W_V, self.W_O,
                                                  self.beta)
        h3 = F.gelu(torch.baddbmm(self.b3.unsqueeze(1), ffn_in, self.W3.transpose(1, 2)))
        out = torch.baddbmm(self.b4.unsqueeze(1), h3, self.W4.transpose(1, 2))
        out = out.squeeze(-1) if self.out_dim == 1 else out
        return out, weights.transpose(2, 3)


def _single_param(model: HeadCountTransformer, name: str) -> torch.Tensor:
    """The single model's parameter ``name``; an ``(E, h n)`` output matrix viewed as ``(E, h, n)``."""
    p = model.get_parameter(name)
    if name.endswith("W_O"):
        c = model.config
        return p.view(c.embed_dim, c.heads, c.head_dim)
    return p




def example_cost(configs: Sequence[ModelConfig]) -> float:
    """Multiply-adds of one example's forward pass for a pack of ``configs`` padded to their largest shape.

    One layer: the encoder's hidden layer, one logit and one pooled hidden vector per head and token
    (``T N (d + 2H)``), then per example the heads, ``W_O`` and ``F``. Each intermediate layer (``L > 1``):
    ``Q, K, V`` and ``W_O`` (``4 E H n``), scores and weighted values (``2 (T+1) H n``) and the MLP
    (``2 E N``) for each of the ``T + 1`` positions, on top of the materialized tokens and the last layer.
    """
    c0 = configs[0]
    T, d = c0.T, c0.d
    E, H = max(c.embed_dim for c in configs), max(c.heads for c in configs)
    n, N, L = max(c.head_dim for c in configs), max(c.width for c in configs), max(c.depth for c in configs)
    if L == 1:
        return float(T * N * (d + 2 * H) + 2 * E * H * n + E * N)
    S = T + 1
    return float(T * N * (d + E) + 2 * T * E * H + 4 * E * H * n + E * N
                 + (L - 1) * S * (4 * E * H * n + 2 * S * H * n + 2 * E * N))


def plan_packs(configs: Sequence[ModelConfig], max_waste: float = 1.25) -> list[list[int]]:
    """Indices of ``configs`` cut into packs (one :class:`BatchedTransformer` each), sorted by shape.

    A configuration joins the current pack when the pack's padded work stays within ``max_waste`` x its
    real work plus :data:`PACK_OVERHEAD` (what a separate pack would cost per step).
    """
    order = sorted(range(len(configs)), key=lambda i: (configs[i].depth, configs[i].heads, configs[i].head_dim,
                                                       configs[i].width, i))
    packs: list[list[int]] = []
    for i in order:
        if packs:
            cur = packs[-1] + [i]
            padded = len(cur) * example_cost([configs[j] for j in cur])
            real = sum(example_cost([configs[j]]) for j in cur)
            if padded <= max_waste * real + PACK_OVERHEAD:
                packs[-1] = cur
                continue
        packs.append([i])
    return packs


class BatchedGroup(nn.Module):
    """``G`` models as a few :class:`BatchedTransformer` packs (:func:`plan_packs`), in the order given."""

    def __init__(self, configs: Sequence[ModelConfig], seeds: Sequence[int], max_waste: float = 1.25) -> None:
        super().__init__()
        configs, seeds = list(configs), list(seeds)
        if len(configs) != len(seeds):
            raise ValueError(f"configs and seeds must have the same length, got {len(configs)} and {len(seeds)}")
        if not configs:
            raise ValueError("configs must hold at least one ModelConfig, got an empty list")
        self.configs, self.G = configs, len(configs)
        self.plan = plan_packs(configs, max_waste)
        self.packs = nn.ModuleList(BatchedTransformer.from_configs([configs[i] for i in idx], [seeds[i] for i in idx])
                                   for idx in self.plan)
        self.T, self.d = self.packs[0].T, self.packs[0].d
        where = {g: (p, j) for p, idx in enumerate(self.plan) for j, g in enumerate(idx)}
        self.where = [where[g] for g in range(self.G)]
        self.register_buffer("order", torch.tensor([g for idx in self.plan for g in idx]).argsort())

    def member(self, g: int) -> HeadCountTransformer:
        """Member ``g`` as a stand-alone :class:`HeadCountTransformer` (a copy, on the CPU)."""
        p, j = self.where[check_int("g", g, 0, self.G - 1)]
        return self.packs[p].member(j)

    def gather(self, per_pack: Sequence[torch.Tensor]) -> torch.Tensor:
        """Per-pack tensors with a leading member dimension, concatenated back into member order."""
        return torch.cat(list(per_pack))[self.order]

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        """Predictions ``(G, B)`` of every member on a shared ``X (B, T, d)``."""
        return self.gather([pack(X) for pack in self.packs])
