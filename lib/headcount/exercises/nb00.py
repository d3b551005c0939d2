"""Checks for notebook 00 (start here): two heads on max + min (eq. 7), NMSE, the paper's M (eq. 6)."""
from __future__ import annotations

import math
from collections.abc import Callable

import torch

from headcount.constructions import theorem2_heads
from headcount.exercises._core import exercise
from headcount.model import ModelConfig, build_model, paper_param_count, total_param_count
from headcount.tasks import max_min_task


def _number(answer: object, name: str) -> float:
    try:
        value = float(answer)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise AssertionError(f"{name} must be a number, got {answer!r}") from None
    assert math.isfinite(value), f"{name} must be a finite number, got {answer!r}"
    return value


@exercise("nb00.two_head_readout", "two softmax heads estimate max + min", "implement", 2, 15)
def check_two_head_readout(two_head_readout: Callable[[torch.Tensor, float], torch.Tensor]) -> None:
    """Compare with the Theorem 2(1) construction for max + min (two heads, logits -x_t and -(1 - x_t))."""
    assert callable(two_head_readout), "two_head_readout must be a function of (X, beta)"
    for T in (4, 16):
        task = max_min_task(T)
        X, y = task.sample(64, T)
        for beta in (1.0, 10.0, 100.0):
            out = two_head_readout(X.clone(), beta)
            out = torch.as_tensor(out, dtype=torch.float64).reshape(-1)
            assert out.shape == (64,), f"return one number per sequence, shape (B,) = (64,), got {tuple(out.shape)}"
            ref = theorem2_heads(task, beta)(X).reshape(-1)
            if torch.allclose(out, y.double(), atol=1e-5) and beta < 50:
                raise AssertionError(f"at beta = {beta:g} your output is exactly max + min: each head should return "
                                     "a softmax-weighted mean of its feature, not a hard max or min")
            err = float((out - ref).abs().max())
            assert err < 1e-4, (f"T = {T}, beta = {beta:g}: off by {err:.2e}. Head 1 averages f_1(x) = x with weights "
                                "softmax(-beta x); head 2 averages f_2(x) = 1 - x with weights softmax(-beta (1 - x)); "
                                "the output is z1 + 1 - z2")
    big = two_head_readout(X.clone(), 1e4)
    assert torch.allclose(torch.as_tensor(big, dtype=torch.float64).reshape(-1), y.double(), atol=1e-3), \
        "at a very large beta the estimate should approach max + min"


@exercise("nb00.one_feature_nmse", "NMSE of a predictor that retrieves only the max", "number", 2, 10)
def check_one_feature_nmse(answer: object) -> None:
    """The best predictor ``max_t x_t + c`` on max + min (T = 16, uniform tokens) has NMSE T / (2 (T + 1))."""
    value = _number(answer, "one_feature_nmse")
    T = 16
    exact = T / (2 * (T + 1))      # Var(min) / Var(max + min) for T uniform tokens
    assert 0 < value <= 1, f"an NMSE of the best constant shift is between 0 and 1, got {value:g}"
    assert abs(value - 1.0) > 0.05, ("1 is the NMSE of predicting the mean; here the prediction knows the max, "
                                     "so only the min is left unexplained")
    assert abs(value - exact) < 0.02, (f"{value:.3f} is off: the error y - max_t x_t - c = min_t x_t - c has variance "
                                       "Var(min); divide by Var(y), estimated on many sampled sequences")


@exercise("nb00.paper_M", "count the paper's M by hand", "number", 2, 10)
def check_paper_M(answer: object) -> None:
    """The paper's M (eq. 6) of ``ModelConfig(d=1, T=16, heads=2, head_dim=8, width=32)``."""
    value = _number(answer, "paper_M")
    model = build_model(ModelConfig(d=1, T=16, heads=2, head_dim=8, width=32), seed=0)
    M, total = paper_param_count(model), total_param_count(model)
    assert value != total, (f"{total} counts every parameter; the paper's M counts only the encoder P_phi and the "
                            "feed-forward block F (attention matrices and the class token are not counted)")
    assert value == M, (f"{value:g} is not M: count weights and biases of the encoder (d -> N -> E, E = n h) and "
                        "of F (E -> N -> 1), with N = 32")
