"""Checks for notebook 02: eq. (4)'s class-token attention, the Gibbs mean and the Theorem 2(1) weights."""
from __future__ import annotations

import math
from collections.abc import Callable

import torch

from headcount.constructions import theorem2_heads
from headcount.exercises._core import exercise
from headcount.model import class_token_attention
from headcount.tasks import RetrievalTask, smooth_task
from headcount.theory import gibbs_bound, gibbs_entropy_bound


def _tensor(value: object, name: str) -> torch.Tensor:
    try:
        return torch.as_tensor(value, dtype=torch.float64)
    except (TypeError, ValueError, RuntimeError):
        raise AssertionError(f"{name} must return a tensor, got {type(value).__name__}") from None


@exercise("nb02.class_token_attention", "eq. (4): the class token's attention, all heads", "implement", 2, 15)
def check_class_token_attention(fn: Callable[..., torch.Tensor]) -> None:
    """``fn(tokens (B, T, E), c0 (E,), W_Q, W_K, W_V (h, n, E), beta) -> (B, h, n)`` against
    :func:`headcount.model.class_token_attention`."""
    assert callable(fn), "class_token_heads must be a function"
    g = torch.Generator().manual_seed(5)
    for B, T, h, n, beta in [(3, 5, 1, 2, 1.0), (4, 7, 3, 2, 2.5), (2, 16, 4, 8, 0.35)]:
        E = h * n
        tokens = torch.randn(B, T, E, generator=g, dtype=torch.float64)
        c0 = torch.randn(E, generator=g, dtype=torch.float64)
        W = [torch.randn(h, n, E, generator=g, dtype=torch.float64) / math.sqrt(E) for _ in range(3)]
        got = _tensor(fn(tokens.clone(), c0.clone(), *(w.clone() for w in W), beta), "class_token_heads")
        ref, _ = class_token_attention(tokens, c0, *W, beta)
        assert got.shape == ref.shape, f"return the head outputs with shape (B, h, n) = {tuple(ref.shape)}, " \
                                       f"got {tuple(got.shape)}"
        if torch.allclose(got, class_token_attention(tokens, c0, *W, 1.0)[0], atol=1e-8) and beta != 1.0:
            raise AssertionError(f"beta = {beta}: multiply the logits by beta before the softmax (eq. 5)")
        err = float((got - ref).abs().max())
        assert err < 1e-6, (f"B={B}, T={T}, h={h}, n={n}: off by {err:.2e}. For head i: logits "
                            "rho(t) = (W_Q,i c0) . (W_K,i x_t), weights softmax over t of beta rho, "
                            "output sum_t w_t W_V,i x_t")


def _one_feature_task(in_S: torch.Tensor) -> RetrievalTask:
    T = in_S.numel()
    return RetrievalTask(name="gibbs", d=1, T=T, D=1, features=lambda X: X, subsets=in_S.reshape(1, T),
                         outer=lambda z: z[..., 0], inputs=lambda n, T, d, g: torch.rand(n, T, d, generator=g))


@exercise("nb02.gibbs_mean", "the Gibbs mean of one head (App. A.2.1)", "implement", 1, 10)
def check_gibbs_mean(fn: Callable[[torch.Tensor, torch.Tensor, float], torch.Tensor]) -> None:
    """``fn(a (B, T), in_S (T,) bool, beta) -> (B,)``: one head of the Theorem 2(1) construction with the
    paper's gate (logit ``-a_t`` on ``S``, ``-a_t - 1`` off it), against :func:`theorem2_heads`."""
    assert callable(fn), "gibbs_mean must be a function of (a, in_S, beta)"
    g = torch.Generator().manual_seed(6)
    for T, beta in [(8, 1.0), (8, 20.0), (32, 5.0)]:
        in_S = torch.zeros(T, dtype=torch.bool)
        in_S[torch.randperm(T, generator=g)[: T // 2]] = True
        a = torch.rand(40, T, generator=g, dtype=torch.float64)
        got = _tensor(fn(a.clone(), in_S.clone(), beta), "gibbs_mean").reshape(-1)
        assert got.shape == (40,), f"return one value per sequence, shape (B,) = (40,), got {tuple(got.shape)}"
        ref = theorem2_heads(_one_feature_task(in_S), beta).retrieve(a.unsqueeze(-1))[:, 0]
        full = (torch.softmax(-beta * a, dim=1) * a).sum(dim=1)
        if torch.allclose(got, full) and not torch.allclose(full, ref):
            raise AssertionError("positions outside S get the gate r(t) = -1 added to their logit -a_t")
        err = float((got - ref).abs().max())
        assert err < 1e-8, (f"T = {T}, beta = {beta:g}: off by {err:.2e}; z~ = sum_t w_t a_t with "
                            "w = softmax(beta (-a_t + r(t))), r(t) = 0 on S and -1 off S")


@exercise("nb02.head_weights", "the Theorem 2(1) weights of head i", "implement", 3, 20)
def check_head_weights(fn: Callable[[int, int], tuple[torch.Tensor, torch.Tensor, torch.Tensor]]) -> None:
    """``fn(i, D) -> (W_Q,i, W_K,i, W_V,i)``, each ``(2, 2D)``, entries in ``[-1, 1]``: with the construction's
    class token and embedding, head ``i``'s logit must be ``-f_i(x_t) + r_i(t)`` and its value ``(f_i, r_i)``."""
    assert callable(fn), "head_weights must be a function of (i, D)"
    g = torch.Generator().manual_seed(7)
    for D in (1, 2, 3):
        ref = theorem2_heads(smooth_task(8, D=D, d=2), beta=1.0)
        tokens = torch.randn(5, 8, 2 * D, generator=g, dtype=torch.float64)   # any embedding (f_1, r_1, ..., f_D, r_D)
        for i in range(D):
            try:
                W_Q, W_K, W_V = (_tensor(w, "head_weights") for w in fn(i, D))
            except (TypeError, ValueError):
                raise AssertionError("return three matrices (W_Q, W_K, W_V)") from None
            for name, W in (("W_Q", W_Q), ("W_K", W_K), ("W_V", W_V)):
                assert W.shape == (2, 2 * D), f"{name} of head i = {i} must have shape (n, E) = (2, {2 * D}), " \
                                              f"got {tuple(W.shape)}"
                assert float(W.abs().max()) <= 1 + 1e-12, f"{name}: keep every entry in [-1, 1] as the paper does"
            logits = torch.einsum("n,btn->bt", W_Q @ ref.c0, torch.einsum("ne,bte->btn", W_K, tokens))
            want = -tokens[..., 2 * i] + tokens[..., 2 * i + 1]
            assert torch.allclose(logits, want), (f"D = {D}, i = {i}: the logit (W_Q c0) . (W_K x_t) must be "
                                                  f"-f_i(x_t) + r_i(t), i.e. read block i (0-based "
                                                  "coordinates 2i, 2i + 1) with signs (-1, +1); c0 has a 1 in the "
                                                  "second coordinate of every block")
            values = torch.einsum("ne,bte->btn", W_V, tokens)
            assert torch.allclose(values, tokens[..., 2 * i: 2 * i + 2]), \
                f"D = {D}, i = {i}: W_V must copy block i, (f_i, r_i), unchanged (W_V,i = I_2 on block i)"


@exercise("nb02.predicted_bound", "predict the construction's worst error from the paper's bound", "number", 1, 5)
def check_predicted_bound(answer: object) -> None:
    """The paper's bound for max + min at ``T = 32``, ``beta = 50``: ``(|S| - 1)/(e beta) + T e^(-beta)``, ``|S| = T``."""
    try:
        value = float(answer)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise AssertionError(f"predicted must be a number, got {answer!r}") from None
    want = gibbs_bound(32, 32, 50.0)
    if abs(value - gibbs_entropy_bound(32, 50.0)) < 1e-3:
        raise AssertionError("that is the sharper log(T)/beta bound; the exercise asks for the paper's")
    if abs(value - 32 / (math.e * 50)) < 1e-4:
        raise AssertionError("the minimizer itself contributes nothing: |S_i| - 1 other positions, not |S_i|")
    assert abs(value - want) < 1e-4, "use (|S_i| - 1)/(e beta) + T e^(-beta) with |S_i| = T = 32 (every S_i = [T])"
