"""Checks for notebook 04: Theorem 2(3) and Lemma 9 (§5, App. A.3)."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch

from headcount.exercises._core import exercise
from headcount.experiments.memorization import MaxNet, lemma9_sharp_bound, lemma9_widths

#: The setting of the worst-case exercise: T inputs, Lemma 9 at resolution n, an error to beat.
WORST = {"T": 4, "n": 10, "beat": 0.07}


def _worst_case_inputs(T: int, n: int, count: int, g: torch.Generator) -> torch.Tensor:
    """Inputs with every entry just above one grid level ``j/n``, where the network is furthest off."""
    j = torch.randint(0, n, (count, 1), generator=g).double()
    return (j + (1 - 0.05 * torch.rand(count, T, generator=g, dtype=torch.float64)) / T) / n


@exercise("nb04.lemma9_max", "Lemma 9's ReLU network for the maximum, in numpy", "implement", 2, 15)
def check_lemma9_max(lemma9_max: Callable[[np.ndarray, int], float]) -> None:
    """Compare with :class:`headcount.experiments.memorization.MaxNet` (the three layers as written) on
    random and worst-case inputs, for several ``T`` and ``n``."""
    assert callable(lemma9_max), "lemma9_max must be a function of (x, n)"
    g = torch.Generator().manual_seed(4)
    for T, n in ((1, 5), (4, 10), (7, 3), (16, 20)):
        net = MaxNet(T, n)
        xs = torch.cat([torch.rand(20, T, generator=g, dtype=torch.float64), _worst_case_inputs(T, n, 20, g)])
        for x in xs:
            try:
                got = float(lemma9_max(x.numpy().copy(), n))
            except (TypeError, ValueError) as err:
                raise AssertionError(f"lemma9_max(x, {n}) must return one number for x of length {T}: {err}") from None
            ref, true_max = float(net(x)), float(x.max())
            if abs(got - true_max) < 1e-12 and abs(ref - true_max) > 1e-9:
                raise AssertionError("you returned the exact maximum: build the network's three formulas instead")
            if abs(got - ref) > 1e-9:
                hint = ("h2(j) clips s_j = sum_t h1(t, j) to [0, 1/n]: ReLU(s_j) - ReLU(s_j - 1/n)"
                        if abs(got - ref) <= 1 / n + 1e-9 else
                        "h1(t, j) = ReLU(x_t - j/n) for j = 0..n-1, and f^ sums h2(j) over j")
                raise AssertionError(f"T = {T}, n = {n}, x = {np.round(x.numpy(), 3).tolist()}: network gives "
                                     f"{ref:.6f}, yours {got:.6f}. {hint}")


@exercise("nb04.sizes", "size a Lemma 9 network and the embedding of Theorem 2(3)", "number", 1, 5)
def check_sizes(answer: object) -> None:
    """``answer = (n, width1, width2, E)`` for ``T = 32`` inputs, ``eps = 0.01`` and ``d = 4``."""
    try:
        n, width1, width2, E = (int(v) for v in answer)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        raise AssertionError(f"give four integers (n, width1, width2, E), got {answer!r}") from None
    w = lemma9_widths(32, 0.01)
    assert n == w["n"], f"n = ceil(1/eps), got {n}"
    assert (width1, width2) == (w["width1"], w["width2"]), \
        f"the first hidden layer has one unit per (t, j): T n; the second two per j: 2 n; got {width1}, {width2}"
    assert E == 32 * 4, f"the block embedding e_t (x) x puts T tokens of dimension d side by side: E = T d, got {E}"


@exercise("nb04.worst_input", "find where Lemma 9's network is furthest off", "number", 2, 10)
def check_worst_input(x_worst: object) -> None:
    """``x_worst``: an input in ``[0, 1]^4`` on which Lemma 9's network with ``n = 10`` errs by more than 0.07
    (the sharp bound is ``(1 - 1/T)/n = 0.075``)."""
    T, n, beat = WORST["T"], WORST["n"], WORST["beat"]
    try:
        x = torch.as_tensor(np.asarray(x_worst, dtype=float), dtype=torch.float64).reshape(-1)
    except (TypeError, ValueError):
        raise AssertionError(f"x_worst must be {T} numbers in [0, 1], got {x_worst!r}") from None
    assert x.numel() == T and bool(((0 <= x) & (x <= 1)).all()), f"x_worst must be {T} numbers in [0, 1]"
    err = float(MaxNet(T, n)(x) - x.max())
    assert err > beat, (f"the error on your input is {err:.4f}; the worst case is {lemma9_sharp_bound(T, n):.3f}, when "
                        "every entry sits just above the same grid level j/n (about 1/(nT) above it)")
