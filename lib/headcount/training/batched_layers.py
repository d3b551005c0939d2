"""The layers of :class:`headcount.training.batched.BatchedTransformer`: ``G`` models in one set of kernels.

Every tensor carries a leading configuration dimension ``G``; weights are zero-padded to the
largest ``E``, ``h``, ``n``, ``N`` of the batch (see :mod:`headcount.training.batched` for why the
padding is exact). Three pieces:

* :func:`encode_hidden`: the encoder ``P_phi`` (section 2.2) up to its hidden layer;
* :func:`first_layer_readout`: eq. (4) for one-layer models, whose ``E``-wide tokens are never formed
  (:func:`pooled_hidden`, with a hand-written backward);
* :func:`class_token_readout`: the last layer, eq. (4), for the per-example class token after the blocks;
* :func:`self_attention_block`: an intermediate layer for depth ``L > 1`` (Conjecture 1),
  :class:`headcount.model.SelfAttentionBlock` for ``G`` models.

All softmaxes go through :func:`softmax`, whose backward gives the same bits for any number of
CPU threads (torch's own CPU softmax backward over the last dimension does not; that made depth
``> 1`` runs differ between 1 and 2 threads).
"""
from __future__ import annotations

import torch
from torch.nn import functional as F

__all__ = ["Workspace", "class_token_readout", "encode_hidden", "first_layer_readout", "pooled_hidden",
           "self_attention_block", "softmax", "with_ones"]


class _Softmax(torch.autograd.Function):
    """``torch.softmax`` forward; backward ``w * (g - sum(w * g))`` from elementwise ops and one sum."""

    @staticmethod
    def forward(ctx, logits: torch.Tensor, dim: int) -> torch.Tensor:
        weights = torch.softmax(logits, dim)
        ctx.save_for_backward(weights)
        ctx.dim = dim
        return weights

    @staticmethod
    def backward(ctx, grad: torch.Tensor) -> tuple[torch.Tensor, None]:
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


class Workspace:
    """Buffers kept from one training step to the next for the step's largest tensors (``out=`` targets).

    Allocating a fresh ``(G, B T, N)`` tensor per operation cost up to 10x the operation itself on this
    machine (the allocator hands large blocks back to the system, so each step faults its pages in again).
    A buffer saved for backward and overwritten by the next forward bumps its version counter, so a
    backward through a stale graph fails loudly instead of using the new step's values.
    """

    def __init__(self) -> None:
        self._buffers: dict[str, torch.Tensor] = {}

    def get(self, name: str, shape: tuple[int, ...], like: torch.Tensor) -> torch.Tensor:
        """The buffer ``name`` of ``shape`` (dtype and device of ``like``), allocated on first use."""
        buf = self._buffers.get(name)
        if buf is None or buf.shape != shape or buf.dtype != like.dtype or buf.device != like.device:
            buf = self._buffers[name] = torch.empty(shape, dtype=like.dtype, device=like.device)
        return buf


def _buffer(ws: Workspace | None, name: str, shape: tuple[int, ...], like: torch.Tensor) -> torch.Tensor:
    return torch.empty(shape, dtype=like.dtype, device=like.device) if ws is None else ws.get(name, shape, like)


class _PooledHidden(torch.autograd.Function):
    """One layer's token side, fused by hand: ``hidden = ReLU([W1 b1] [x; 1])``, logits ``u . hidden``, softmax
    over ``T`` and the weighted sum of ``hidden``.

    The backward accumulates ``dlogits u + w dpooled`` into one tensor with the matrix products themselves,
    applies ReLU's backward in place (``threshold_backward``) and gets ``dW1`` and ``db1`` from one product
    with ``[x; 1]``; every ``(G, B T, N)`` tensor lives in a :class:`Workspace` buffer when one is given.
    """

    @staticmethod
    def forward(ctx, xa: torch.Tensor, W1a: torch.Tensor, u: torch.Tensor, T: int,
                ws: Workspace | None) -> tuple[torch.Tensor, torch.Tensor]:
        G, BT, _ = xa.shape
        N, H, B = W1a.shape[1], u.shape[1], xa.shape[1] // T
        hidden = torch.bmm(xa, W1a.transpose(1, 2), out=_buffer(ws, "hidden", (G, BT, N), xa)).relu_()
        logits = torch.bmm(hidden, u.transpose(1, 2), out=_buffer(ws, "logits", (G, BT, H), xa))
        wT = _buffer(ws, "wT", (G, B, H, T), xa)  # weights with T last: the softmax's fast layout
        wT.copy_(logits.view(G, B, T, H).transpose(2, 3))
        if T < 32:  # torch's softmax over a short last dimension is slow (1.4 ms against 0.3 ms at T = 8)
            wT.sub_(wT.amax(3, keepdim=True)).exp_().div_(wT.sum(3, keepdim=True))
        else:
            torch.ops.aten._softmax.out(wT, 3, False, out=wT)
        pooled = torch.bmm(wT.view(G * B, H, T), hidden.view(G * B, T, N))  # (G*B, H, N)
        ctx.save_for_backward(xa, hidden, wT, u)
        ctx.ws = ws
        ctx.mark_non_differentiable(wT)
        ctx.set_materialize_grads(False)
        return pooled.view(G, B, H, N), wT

    @staticmethod
    def backward(ctx, dpooled: torch.Tensor, _dweights: torch.Tensor) -> tuple:
        xa, hidden, wT, u = ctx.saved_tensors
        ws = ctx.ws
        G, BT, N = hidden.shape
        _, B, H, T = wT.shape
        hid = hidden.view(G * B, T, N)
        dpooled = dpooled.reshape(G * B, H, N)
        lw = _buffer(ws, "lw", (G * B, 2 * H, T), xa)  # [dlogits; w] per example, T last
        dlog, w = lw[:, :H], lw[:, H:]
        w.copy_(wT.view(G * B, H, T))
        dlog.copy_(torch.bmm(dpooled, hid.transpose(1, 2), out=_buffer(ws, "dw", (G * B, H, T), xa)))
        wdw = torch.mul(w, dlog, out=_buffer(ws, "wdw", (G * B, H, T), xa))
        dlog.sub_(wdw.sum(2, keepdim=True)).mul_(w)  # the softmax's backward, in place
        du = torch.bmm(dlog, hid).view(G, B, H, N).sum(1)  # (G, H, N)
        # through the logits and through the pooling at once: [dlogits; w]^T [u; dpooled]
        rhs = torch.cat([u.unsqueeze(1).expand(G, B, H, N), dpooled.view(G, B, H, N)], 2).view(G * B, 2 * H, N)
        dhidden = torch.bmm(lw.transpose(1, 2), rhs, out=_buffer(ws, "dhidden", (G * B, T, N), xa)).view(G, BT, N)
        torch.ops.aten.threshold_backward.grad_input(dhidden, hidden, 0.0, grad_input=dhidden)  # ReLU's
        # [dW1 db1] (G, N, d + 1); for one member, MKL splits x^T dh's rows across threads (bits would depend on
        # the thread count) but not dh^T x's; for several it runs members in parallel, and x^T dh is 4x faster
        dW1a = (torch.bmm(xa.transpose(1, 2), dhidden).transpose(1, 2) if G > 1
                else torch.bmm(dhidden.transpose(1, 2), xa))
        return None, dW1a, du, None, None


def pooled_hidden(xa: torch.Tensor, W1: torch.Tensor, b1: torch.Tensor, u: torch.Tensor, T: int,
                  ws: Workspace | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """``sum_t w_t hidden_t`` per head ``(G, B, H, N)`` and the weights ``(G, B, T, H)``, where ``hidden_t`` is the
    encoder's hidden layer and ``w = softmax_t(u . hidden_t)`` (eq. 4 with the query ``c0``; see
    :func:`first_layer_readout`), from tokens with a ones column, ``xa = [x; 1] (G, B T, d + 1)``.
    Gradients reach ``W1, b1, u``, not ``xa``."""
    pooled, wT = _PooledHidden.apply(xa, torch.cat([W1, b1.unsqueeze(2)], 2), u, T, ws)
    return pooled, wT.transpose(2, 3)


def with_ones(X: torch.Tensor) -> torch.Tensor:
    """Tokens ``X (..., T, d)`` with a ones column appended, ``(..., T, d + 1)`` (so ``[W1 b1] [x; 1]``)."""
    return torch.cat([X, X.new_ones(*X.shape[:-1], 1)], -1)


def first_layer_readout(xa: torch.Tensor, T: int, W1: torch.Tensor, b1: torch.Tensor, W2: torch.Tensor,
                        b2: torch.Tensor, c0: torch.Tensor, W_Q: torch.Tensor, W_K: torch.Tensor, W_V: torch.Tensor,
                        W_O: torch.Tensor, beta: torch.Tensor,
                        ws: Workspace | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """Eq. (4) for one-layer models: ``c0 + W_O Concat_i sum_t softmax_t(beta (W_Q,i c0)^T W_K,i x_t) W_V,i x_t``
    with ``x_t = W2 hidden_t + b2`` the encoder's output, from tokens with a ones column ``xa (G, B T, d + 1)``
    (:func:`with_ones`).

    Because the query ``c0`` is one vector per model, ``u^T x_t = (W2^T u)^T hidden_t + u^T b2``, whose second
    term is the same for every ``t`` and cancels in the softmax (so it is dropped: its gradient is exactly
    zero), and, the weights summing to one, ``sum_t w_t x_t = W2 (sum_t w_t hidden_t) + b2``: the ``E``-wide
    tokens are never formed (:func:`pooled_hidden`). Returns the FFN input ``(G, B, E)`` and the weights
    ``(G, B, T, H)``.
    """
    G, H, n, E = W_Q.shape
    B, N = xa.shape[1] // T, W1.shape[1]
    u = torch.einsum("ghn,ghne->ghe", torch.einsum("ge,ghne->ghn", c0, W_Q), W_K)  # (W_Q c0)^T W_K x = u^T x
    pooled_h, weights = pooled_hidden(xa, W1, b1, beta.view(G, 1, 1) * torch.bmm(u, W2), T, ws)
    # W_V,i (W2 p + b2) = (W_V,i W2) p + W_V,i b2: one (n x N) map per head, batched over (model, head)
    V2 = torch.bmm(W_V.reshape(G, H * n, E), W2).view(G * H, n, N)
    heads = torch.bmm(pooled_h.transpose(1, 2).reshape(G * H, B, N), V2.transpose(1, 2))  # (G*H, B, n)
    heads = heads.view(G, H, B, n).transpose(1, 2).reshape(G, B, H * n)
    vb = torch.bmm(W_V.reshape(G, H * n, E), b2.unsqueeze(2))  # (G, H*n, 1)
    residual = (c0.unsqueeze(2) + torch.bmm(W_O, vb)).transpose(1, 2)  # c0 + W_O Concat(W_V,i b2), (G, 1, E)
    return torch.baddbmm(residual.expand(G, B, E), heads, W_O.transpose(1, 2)), weights


def class_token_readout(tokens: torch.Tensor, query: torch.Tensor, W_Q: torch.Tensor, W_K: torch.Tensor,
                        W_V: torch.Tensor, W_O: torch.Tensor, beta: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Eq. (4)'s last layer after intermediate layers: the class token ``query (G, B, E)`` attends over
    ``tokens (G, B, T, E)``. Returns the FFN input ``query + W_O Concat(heads)`` and the weights ``(G, B, T, H)``."""
    G, H, n, E = W_Q.shape
    B = tokens.shape[1]
    q = torch.bmm(query, W_Q.reshape(G, H * n, E).transpose(1, 2)).view(G, B, H, n)
    u = torch.einsum("gbhn,ghne->gbhe", q, W_K)
    weights = softmax(beta.view(G, 1, 1, 1) * torch.matmul(tokens, u.transpose(2, 3)), 2)  # (G, B, T, H)
    return _output(torch.matmul(weights.transpose(2, 3), tokens), W_V, W_O, query), weights


def _output(pooled: torch.Tensor, W_V: torch.Tensor, W_O: torch.Tensor, residual: torch.Tensor) -> torch.Tensor:
    """``residual + W_O Concat_i W_V,i pooled_i`` from the pooled tokens ``(G, B, H, E)``: the FFN's input."""
    G, B = pooled.shape[:2]
    heads = torch.einsum("gbhe,ghne->gbhn", pooled, W_V).reshape(G, B, -1)
    return torch.baddbmm(residual, heads, W_O.transpose(1, 2))


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
