"""The layers of :class:`headcount.training.batched.BatchedTransformer`: ``G`` models in one set of kernels.

Every tensor carries a leading configuration dimension ``G``; weights are zero-padded to the
largest ``E``, ``h``, ``n``, ``N`` of the batch (see :mod:`headcount.training.batched` for why the
padding is exact). Three pieces:

* :func:`encode_hidden`: the encoder ``P_phi`` (section 2.2) up to its hidden layer;
* :func:`class_token_readout`: the last layer, eq. (4), for a query that is ``c0`` (one layer:
  the ``E``-wide tokens are never materialized) or a per-example class token (after blocks);
* :func:`self_attention_block`: an intermediate layer for depth ``L > 1`` (Conjecture 1),
  :class:`headcount.model.SelfAttentionBlock` for ``G`` models.

All softmaxes go through :func:`softmax`, whose backward gives the same bits for any number of
CPU threads (torch's own CPU softmax backward over the last dimension does not; that made depth
``> 1`` runs differ between 1 and 2 threads).
"""
from __future__ import annotations

import torch
from torch.nn import functional as F

__all__ = ["softmax", "encode_hidden", "class_token_readout", "self_attention_block"]


class _Softmax(torch.autograd.Function):
    """``torch.softmax`` forward; backward ``w * (g - sum(w * g))`` from elementwise ops and one sum."""

    @staticmethod
    def forward(ctx, logits: torch.Tensor, dim: int) -> torch.Tensor:  # noqa: ANN001 - autograd's ctx
        weights = torch.softmax(logits, dim)
        ctx.save_for_backward(weights)
        ctx.dim = dim
        return weights

    @staticmethod
    def backward(ctx, grad: torch.Tensor) -> tuple[torch.Tensor, None]:  # noqa: ANN001
        (weights,) = ctx.saved_tensors
        wg = weights * grad
        return wg - weights * wg.sum(ctx.dim, keepdim=True), None


def softmax(logits: torch.Tensor, dim: int) -> torch.Tensor:
    """Softmax over ``dim`` (eq. 5's attention weights) with a thread-count independent backward."""
    return _Softmax.apply(logits, dim)


def encode_hidden(X: torch.Tensor, W1: torch.Tensor, b1: torch.Tensor) -> torch.Tensor:
    """The encoder's hidden layer ``ReLU(W1 x_t + b1)`` for every token: ``X (G, B, T, d)`` to ``(G, B*T, N)``."""
    G, B, T, d = X.shape
    return torch.relu(torch.baddbmm(b1.unsqueeze(1), X.reshape(G, B * T, d), W1.transpose(1, 2)))


def class_token_readout(tokens: torch.Tensor | None, hidden: torch.Tensor | None, W2: torch.Tensor | None,
                        b2: torch.Tensor | None, query: torch.Tensor, W_Q: torch.Tensor, W_K: torch.Tensor,
                        W_V: torch.Tensor, W_O: torch.Tensor, beta: torch.Tensor, B: int, T: int
                        ) -> tuple[torch.Tensor, torch.Tensor]:
    """Eq. (4)'s last layer: ``query + W_O Concat_i sum_t softmax_t(beta (W_Q,i q)^T W_K,i x_t) W_V,i x_t``.

    ``query (G, E)`` (the trained ``c0``, one layer) or ``(G, B, E)`` (the class token after the
    blocks). With ``query (G, E)`` the tokens are given as the encoder's hidden layer ``hidden (G, B*T,
    N)`` and ``W2, b2``: because the query is one vector per model, ``u^T x_t = (W2^T u)^T hidden_t +
    u^T b2`` and, the weights summing to one, ``sum_t w_t x_t = W2 (sum_t w_t hidden_t) + b2``, so the
    ``E``-wide tokens are never formed. Otherwise ``tokens (G, B, T, E)``. Returns the FFN input
    ``(G, B, E)`` and the attention weights ``(G, B, T, H)``.
    """
    G, H, n, E = W_Q.shape
    if query.dim() == 2:
        assert hidden is not None and W2 is not None and b2 is not None
        N = hidden.shape[-1]
        u = torch.einsum("ghn,ghne->ghe", torch.einsum("ge,ghne->ghn", query, W_Q), W_K)  # (W_Q c0)^T W_K x = u^T x
        u_hidden = torch.bmm(u, W2)  # (G, H, N)
        u_bias = torch.einsum("ghe,ge->gh", u, b2)
        logits = torch.baddbmm(u_bias.unsqueeze(1), hidden, u_hidden.transpose(1, 2)).view(G, B, T, H)
        weights = softmax(beta.view(G, 1, 1, 1) * logits, 2)  # over the T tokens
        pooled_hidden = torch.bmm(weights.reshape(G * B, T, H).transpose(1, 2),
                                  hidden.view(G * B, T, N)).view(G, B * H, N)
        pooled = torch.baddbmm(b2.unsqueeze(1), pooled_hidden, W2.transpose(1, 2)).view(G, B, H, E)
        residual = query.unsqueeze(1)
    else:
        assert tokens is not None
        q = torch.bmm(query, W_Q.reshape(G, H * n, E).transpose(1, 2)).view(G, B, H, n)
        u = torch.einsum("gbhn,ghne->gbhe", q, W_K)
        logits = torch.matmul(tokens, u.transpose(2, 3))  # (G, B, T, H)
        weights = softmax(beta.view(G, 1, 1, 1) * logits, 2)
        pooled = torch.matmul(weights.transpose(2, 3), tokens)  # (G, B, H, E)
        residual = query
    heads = torch.einsum("gbhe,ghne->gbhn", pooled, W_V).reshape(G, B, H * n)
    return torch.baddbmm(residual.expand(G, B, E), heads, W_O.transpose(1, 2)), weights


def self_attention_block(x: torch.Tensor, W_QKV: torch.Tensor, W_O: torch.Tensor, M1: torch.Tensor,
                         m1: torch.Tensor, M2: torch.Tensor, m2: torch.Tensor, beta: torch.Tensor,
                         mask: torch.Tensor | None) -> tuple[torch.Tensor, torch.Tensor]:
    """One intermediate layer for ``G`` models: ``x + A(x)``, then ``+ MLP(.)`` (residuals, no LayerNorm).

    ``x (G, B, S, E)`` with ``S = T + 1`` (tokens, then the class token); ``W_QKV (G, 3, H, n, E)``,
    ``W_O (G, E, H n)``, MLP ``M1 (G, N, E)``, ``m1 (G, N)``, ``M2 (G, E, N)``, ``m2 (G, E)``. Members whose
    depth is smaller than the batch's have ``mask = 0`` here (``(G,)``; ``None`` when every member has
    the layer): their update is multiplied by zero, so the layer is the identity for them and its
    weights get exactly zero gradient. Returns the new ``x`` and the weights ``(G, B, H, S, S)``.
    """
    G, B, S, E = x.shape
    H, n = W_QKV.shape[2], W_QKV.shape[3]
    qkv = torch.bmm(x.reshape(G, B * S, E), W_QKV.reshape(G, 3 * H * n, E).transpose(1, 2))
    q, k, v = qkv.view(G, B, S, 3, H, n).permute(3, 0, 1, 4, 2, 5)  # each (G, B, H, S, n)
    weights = softmax(torch.matmul(beta.view(G, 1, 1, 1, 1) * q, k.transpose(3, 4)), 4)
    heads = torch.matmul(weights, v).permute(0, 1, 3, 2, 4).reshape(G, B * S, H * n)
    update = torch.bmm(heads, W_O.transpose(1, 2))
    if mask is not None:
        update = update * mask.view(G, 1, 1)
    y = x.reshape(G, B * S, E) + update
    mlp = torch.baddbmm(m2.unsqueeze(1), F.gelu(torch.baddbmm(m1.unsqueeze(1), y, M1.transpose(1, 2))),
                        M2.transpose(1, 2))
    if mask is not None:
        mlp = mlp * mask.view(G, 1, 1)
    return (y + mlp).view(G, B, S, E), weights
