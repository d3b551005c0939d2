"""The paper's single-layer h-head transformer, eq. (4), with an optional depth L.

    y = F( c0 + W_O Concat_i [ sum_t softmax_t(beta (W_Q,i c0)^T W_K,i x_t) W_V,i x_t ] )

* encoder ``P_phi``: a two-layer ReLU MLP of width ``N`` from a token (and, if asked, its
  position) to ``E = n h`` (section 2.2; App. B.1.1);
* a trainable class token ``c0``, the only query (section 2.3);
* ``h`` heads of per-head dimension ``n``, no biases, softmax scale ``beta`` (eq. 5);
* ``W_O`` and the ``c0`` residual inside ``F``; ``F`` is a two-layer GELU MLP of width ``N``;
* no LayerNorm. With ``depth = L > 1`` the first ``L - 1`` layers are full self-attention over
  the tokens and the class token (residual, token-wise GELU MLP of width ``N``); the last layer
  is eq. (4). This is for the multi-layer conjecture (Conjecture 1), not part of the theorems.
  :meth:`HeadCountTransformer.trace` returns every layer's inputs and attention weights.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
from torch import nn

from headcount._checks import check_choice, check_int, check_positive
from headcount.env import seed_offset

POSITIONAL = ("none", "learned", "onehot")


@dataclass(frozen=True)
class ModelConfig:
    """Shape of a :class:`HeadCountTransformer`.

    ``beta=None`` means ``1 / sqrt(head_dim)`` (the usual scaling, v1's eq. 4). ``positional``:
    ``'none'`` (the paper's synthetic runs), ``'learned'`` (added ``p(t)``) or ``'onehot'``
    (``e_t`` concatenated to the token at the encoder's input).
    """

    d: int
    T: int
    heads: int
    head_dim: int = 8
    width: int = 32
    out_dim: int = 1
    beta: float | None = None
    positional: str = "none"
    depth: int = 1

    def __post_init__(self) -> None:
        """Validate once and store plain ``int``/``float`` values (NumPy and torch integers are accepted)."""
        for name in ("d", "T", "heads", "head_dim", "width", "out_dim", "depth"):
            object.__setattr__(self, name, check_int(name, getattr(self, name)))
        check_choice("positional", self.positional, POSITIONAL)
        if self.beta is not None:
            object.__setattr__(self, "beta", check_positive("beta", self.beta))

    @property
    def embed_dim(self) -> int:
        """Total embedding dimension ``E = n h``."""
        return self.heads * self.head_dim

    @property
    def scale(self) -> float:
        """The softmax scale ``beta`` actually used."""
        return self.beta if self.beta is not None else 1 / math.sqrt(self.head_dim)

    def as_dict(self) -> dict:
        """The configuration as plain JSON-ready values."""
        return asdict(self)


def class_token_attention(tokens: torch.Tensor, query: torch.Tensor, W_Q: torch.Tensor, W_K: torch.Tensor,
                          W_V: torch.Tensor, beta: float) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-head attention of the class token over the tokens, eq. (4) and eq. (5).

    ``tokens (B, T, E)``, ``query (E,)`` or ``(B, E)``, ``W_Q, W_K, W_V (h, n, E)``. Returns the
    head outputs ``(B, h, n)`` and the attention weights ``(B, h, T)``. Because the query is one
    vector, ``(W_Q c0)^T W_K x_t = u^T x_t`` with ``u = W_K^T W_Q c0``: one product per head
    instead of a key for every token, and the values are pooled before ``W_V`` is applied.
    """
    q = torch.einsum("...e,hne->...hn", query, W_Q)
    u = torch.einsum("...hn,hne->...he", q, W_K)
    if u.dim() == 2:
        logits = torch.einsum("bte,he->bht", tokens, u)
    else:
        logits = torch.einsum("bte,bhe->bht", tokens, u)
    weights = torch.softmax(beta * logits, dim=-1)
    pooled = torch.einsum("bht,bte->bhe", weights, tokens)
    return torch.einsum("bhe,hne->bhn", pooled, W_V), weights


def _mlp(d_in: int, width: int, d_out: int, activation: type[nn.Module]) -> nn.Sequential:
    return nn.Sequential(nn.Linear(d_in, width), activation(), nn.Linear(width, d_out))


def _uniform_(shape: tuple[int, ...], fan_in: int) -> nn.Parameter:
    bound = 1 / math.sqrt(fan_in)
    return nn.Parameter(torch.empty(shape).uniform_(-bound, bound))


@dataclass(frozen=True)
class LayerTrace:
    """What each of the ``L`` layers saw and did on a batch (:meth:`HeadCountTransformer.trace`).

    ``states[l]``: the input of layer ``l + 1``, ``(B, T+1, E)``, tokens then the class token (``states[0]``
    holds the encoded tokens and ``c0``); ``attention[l]``: its weights, ``(B, h, T+1, T+1)`` for an
    intermediate layer (every position queries every position) and ``(B, h, T)`` for the last layer
    (eq. 4: only the class token queries, only tokens are keys); ``readout (B, E)``: the last layer's
    class-token output ``c + W_O Concat(heads)`` that the FFN ``F`` reads; ``prediction``: ``F`` of it.
    """

    states: tuple[torch.Tensor, ...]
    attention: tuple[torch.Tensor, ...]
    readout: torch.Tensor
    prediction: torch.Tensor

    @property
    def depth(self) -> int:
        return len(self.attention)


class SelfAttentionBlock(nn.Module):
    """An intermediate layer for depth L > 1: full multi-head self-attention plus an MLP, residuals, no LN."""

    def __init__(self, config: ModelConfig) -> None:
        super().__init__()
        E, h, n = config.embed_dim, config.heads, config.head_dim
        self.heads, self.head_dim, self.beta = h, n, config.scale
        self.W_QKV = _uniform_((3, h, n, E), E)
        self.W_O = _uniform_((E, E), E)
        self.mlp = _mlp(E, config.width, E, nn.GELU)

    def forward_with_attention(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """``x (B, T+1, E)`` to ``(B, T+1, E)`` and the weights ``(B, h, T+1, T+1)`` (query row, key column;
        the class token is the last position)."""
        q, k, v = torch.einsum("bte,chne->cbhtn", x, self.W_QKV)
        weights = torch.softmax(self.beta * q @ k.transpose(-1, -2), dim=-1)
        heads = (weights @ v).transpose(1, 2).flatten(2)
        x = x + heads @ self.W_O.T
        return x + self.mlp(x), weights

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``x (B, T+1, E)`` to ``(B, T+1, E)``."""
        return self.forward_with_attention(x)[0]


class HeadCountTransformer(nn.Module):
    """The single-layer h-head transformer of eq. (4) (``depth=1``), or its L-layer extension."""

    def __init__(self, config: ModelConfig) -> None:
        super().__init__()
        self.config = config
        c, E = config, config.embed_dim
        d_in = c.d + (c.T if c.positional == "onehot" else 0)
        self.encoder = _mlp(d_in, c.width, E, nn.ReLU)
        self.position = nn.Parameter(0.02 * torch.randn(c.T, E)) if c.positional == "learned" else None
        self.c0 = nn.Parameter(torch.randn(E) / math.sqrt(E))
        self.blocks = nn.ModuleList(SelfAttentionBlock(c) for _ in range(c.depth - 1))
        self.W_Q = _uniform_((c.heads, c.head_dim, E), E)
        self.W_K = _uniform_((c.heads, c.head_dim, E), E)
        self.W_V = _uniform_((c.heads, c.head_dim, E), E)
        self.W_O = _uniform_((E, E), E)
        self.ffn = _mlp(E, c.width, c.out_dim, nn.GELU)

    def embed(self, X: torch.Tensor) -> torch.Tensor:
        """The encoder ``P_phi(x_t, t)`` of section 2.2, ``(B, T, d)`` to ``(B, T, E)``."""
        c = self.config
        if X.dim() != 3 or X.shape[1:] != (c.T, c.d):
            raise ValueError(f"X must have shape (batch, T, d) = (batch, {c.T}, {c.d}), got {tuple(X.shape)}")
        if c.positional == "onehot":
            eye = torch.eye(c.T, device=X.device, dtype=X.dtype).expand(X.shape[0], -1, -1)
            X = torch.cat([X, eye], dim=-1)
        tokens = self.encoder(X)
        return tokens + self.position if self.position is not None else tokens

    def _run(self, X: torch.Tensor, trace: list | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """The forward pass; with ``trace`` (a list) it appends ``(state, weights)`` of every layer and then
        ``(readout, None)``, the last layer's class-token output that ``F`` reads."""
        tokens = self.embed(X)
        query: torch.Tensor = self.c0
        if self.blocks:
            x = torch.cat([tokens, self.c0.expand(tokens.shape[0], 1, -1)], dim=1)
            for block in self.blocks:
                x_in = x
                x, block_weights = block.forward_with_attention(x)
                if trace is not None:
                    trace.append((x_in, block_weights))
            tokens, query = x[:, :-1], x[:, -1]
        heads, weights = class_token_attention(tokens, query, self.W_Q, self.W_K, self.W_V, self.config.scale)
        readout = query + heads.flatten(1) @ self.W_O.T
        if trace is not None:
            state = torch.cat([tokens, query.expand(tokens.shape[0], -1).unsqueeze(1)], dim=1)
            trace += [(state, weights), (readout, None)]
        out = self.ffn(readout)
        return (out.squeeze(-1) if self.config.out_dim == 1 else out), weights

    def forward_with_attention(self, X: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Predictions ``(B,)`` (or ``(B, out_dim)``) and the last layer's weights ``(B, h, T)``."""
        return self._run(X)

    def trace(self, X: torch.Tensor) -> LayerTrace:
        """Every layer's input states and attention weights on ``X (B, T, d)`` (no gradients): the
        mechanism behind Conjecture 1 (which layer gathers which feature), see :class:`LayerTrace`."""
        steps: list[tuple[torch.Tensor, torch.Tensor | None]] = []
        with torch.no_grad():
            prediction = self._run(X, steps)[0]
        *layers, (readout, _) = steps
        return LayerTrace(states=tuple(s for s, _ in layers), attention=tuple(w for _, w in layers),  # type: ignore[misc]
                          readout=readout, prediction=prediction)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        """Predictions for a batch of sequences ``X (B, T, d)``."""
        return self.forward_with_attention(X)[0]

    def attention(self, X: torch.Tensor) -> torch.Tensor:
        """Per-head attention weights of the class token in the last layer, ``(B, h, T)``; each row sums
        to 1. Every layer's weights: :meth:`trace`."""
        with torch.no_grad():
            return self.forward_with_attention(X)[1]


def paper_param_count(model: HeadCountTransformer) -> int:
    """The paper's ``M`` (eq. 6): weights and biases of the encoder ``P_phi`` and the FFN ``F``.

    Attention matrices and the class token are not counted, as in the paper. A learned
    positional table belongs to ``P_phi`` and is counted.
    """
    parts = [model.encoder, model.ffn]
    n = sum(p.numel() for part in parts for p in part.parameters())
    return n + (model.position.numel() if model.position is not None else 0)


def total_param_count(model: nn.Module) -> int:
    """Every trainable parameter, attention included."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def build_model(config: ModelConfig, seed: int = 0) -> HeadCountTransformer:
    """A model initialized from ``seed`` (plus :func:`headcount.env.seed_offset`) without touching the global
    random state."""
    check_int("seed", seed, 0)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed + seed_offset())
        return HeadCountTransformer(config)
