"""Checks for notebook 07: Conjecture 1's threshold ``h = ceil(D / L)``, a linear probe's held-out ``R^2`` and the
cells of an ``L x h`` map that contradict the conjecture."""
from __future__ import annotations

import random
from collections.abc import Callable, Mapping

import torch

from headcount.diagnostics import linear_probe_r2
from headcount.exercises._core import exercise
from headcount.experiments.conjecture import min_heads, surprises

#: The (D, L) pairs of exercise 7.1.
PAIRS = ((4, 1), (4, 2), (3, 2), (6, 4), (6, 3), (5, 2))


@exercise("nb07.min_heads", "Conjecture 1's fewest heads for (D, L)", "predict", 1, 5)
def check_min_heads(answer: object) -> None:
    """``{(D, L): h}``: the fewest heads with ``L h >= D`` for every pair of :data:`PAIRS`."""
    assert isinstance(answer, Mapping), f"answer with a dict {{(D, L): h}}, got {type(answer).__name__}"
    missing = [p for p in PAIRS if p not in answer]
    assert not missing, f"give a number of heads for every (D, L) in {list(PAIRS)}; missing {missing}"
    for (D, L) in PAIRS:
        h, want = answer[(D, L)], min_heads(D, L)
        assert isinstance(h, int), f"(D, L) = {(D, L)}: a whole number of heads, got {h!r}"
        if h == D // L and D % L:
            raise AssertionError(f"(D, L) = {(D, L)}: {L} x {h} = {L * h} < {D}; round D / L up, not down")
        assert h == want, f"(D, L) = {(D, L)}: the smallest h with L h >= D is not {h} (check {L} x {h} = {L * h})"


def _cases(seed: int) -> list[tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]]:
    g = torch.Generator().manual_seed(seed)
    out = []
    for n, k, m in ((60, 3, 1), (200, 5, 2), (300, 8, 3)):
        x = torch.randn(2 * n, k, generator=g, dtype=torch.float64) * 3 + 1
        W = torch.randn(k, m, generator=g, dtype=torch.float64)
        y = x @ W + 0.5 + torch.randn(2 * n, m, generator=g, dtype=torch.float64) * torch.linspace(0, 2, m).double()
        out.append((x[:n], y[:n], x[n:], y[n:]))
    return out


@exercise("nb07.probe_r2", "a linear probe's held-out R^2", "implement", 2, 15)
def check_probe_r2(fn: Callable[..., object]) -> None:
    """``fn(train_x, train_y, test_x, test_y) -> (m,) R^2`` against :func:`headcount.diagnostics.linear_probe_r2`
    (no ridge) on random linear-plus-noise targets."""
    assert callable(fn), "probe_r2 must be a function of (train_x, train_y, test_x, test_y)"
    for x, y, xt, yt in _cases(7):
        got = fn(x.clone(), y.clone(), xt.clone(), yt.clone())
        try:
            got = torch.as_tensor(got, dtype=torch.float64).reshape(-1)
        except (TypeError, ValueError, RuntimeError):
            raise AssertionError(f"return one R^2 per target column (a tensor of {y.shape[1]} numbers), got "
                                 f"{type(got).__name__}") from None
        ref = linear_probe_r2(x, y, xt, yt, ridge=0.0)
        assert got.shape == ref.shape, f"return one R^2 per target column: expected {tuple(ref.shape)}, got {tuple(got.shape)}"
        assert not bool((got > 1 + 1e-9).any()), "an R^2 above 1 means SSE < 0: check the formula 1 - SSE / SST"
        if torch.allclose(got, ref, atol=1e-6):
            continue
        A = torch.cat([torch.ones(len(x), 1, dtype=torch.float64), x], 1)
        fit = A @ torch.linalg.lstsq(A, y).solution
        on_train = 1 - ((y - fit) ** 2).sum(0) / ((y - y.mean(0)) ** 2).sum(0)
        if torch.allclose(got, on_train, atol=1e-6):
            raise AssertionError("that is the R^2 on the training rows: score the fitted probe on test_x, test_y")
        no_icpt = xt @ torch.linalg.lstsq(x, y).solution
        if torch.allclose(got, 1 - ((yt - no_icpt) ** 2).sum(0) / ((yt - yt.mean(0)) ** 2).sum(0), atol=1e-6):
            raise AssertionError("fit an intercept too: add a column of ones to the inputs")
        raise AssertionError(f"expected R^2 {[round(float(v), 4) for v in ref]}, got "
                             f"{[round(float(v), 4) for v in got]}: least squares on [1, train_x], then "
                             "1 - sum((test_y - pred)^2) / sum((test_y - mean(test_y))^2) per column")


def _maps(seed: int) -> list[tuple[dict[int, dict[int, float]], int]]:
    rng = random.Random(seed)
    out = [({1: {1: 0.1, 2: 0.05, 3: 2e-3}, 2: {1: 3e-3, 2: 2e-3, 3: 1.5e-3}}, 3),
           ({1: {1: 0.1, 2: 9e-2}, 2: {1: 5e-2, 2: 1e-3}, 3: {1: 2e-3}}, 4)]
    for _ in range(20):
        D = rng.randint(2, 6)
        out.append(({L: {h: 10 ** rng.uniform(-4, -1) for h in range(1, 7)} for L in range(1, 5)}, D))
    return out


@exercise("nb07.surprises", "the cells of an L x h map that contradict Conjecture 1", "implement", 3, 20)
def check_surprises(fn: Callable[..., object]) -> None:
    """``fn(grid, D, factor) -> sorted list of (L, h)`` against :func:`headcount.experiments.conjecture.surprises`
    (``grid[L][h]`` is a validation NMSE)."""
    assert callable(fn), "surprises must be a function of (grid, D, factor)"
    for grid, D in _maps(11):
        for factor in (10.0, 3.0):
            got = fn({L: dict(row) for L, row in grid.items()}, D, factor)
            want = surprises(grid, D, factor)
            assert isinstance(got, list), f"return a list of (L, h) tuples, got {type(got).__name__}"
            got = [tuple(c) for c in got]
            if got == want:
                continue
            best = min(v for row in grid.values() for v in row.values())
            allowed = [c for c in got if c[0] * c[1] >= D]
            assert not allowed, f"D = {D}: {allowed} have L h >= D; the conjecture allows them, so they are no surprise"
            assert sorted(got) == got, "sort the list (by L, then h)"
            missed = [c for c in want if c not in got]
            extra = [c for c in got if c not in want]
            hint = f"NMSE <= factor x the best cell of the whole map ({factor:g} x {best:.2e})"
            if missed:
                raise AssertionError(f"D = {D}, factor {factor:g}: you missed {missed}: a surprise has L h < D and {hint}")
            raise AssertionError(f"D = {D}, factor {factor:g}: {extra} are not within {factor:g}x of the best cell "
                                 f"({', '.join(f'{grid[L][h]:.2e}' for L, h in extra)}); {hint}")
