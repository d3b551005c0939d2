"""Checks for notebook 01: the generalized D-retrieval task (eqs. 8-9) and Lemma 2 (App. A.1)."""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import torch

from headcount.exercises._core import exercise
from headcount.tasks import RetrievalTask, smooth_task
from headcount.theory import kth_largest, max_of_subset_minima

#: The tasks of the "what is D?" exercise and their smallest intrinsic dimension (d = 1, x_t in [0, 1]).
SMALLEST_D = {"max - min": 2, "max x + max x^2": 1, "max x + max (1 - x)": 2}


@exercise("nb01.my_task", "write y = max_{t<=4} x_t - 2 min_{t>4} x_t as a D-retrieval task", "implement", 2, 15)
def check_my_task(my_task: object) -> None:
    """The student's :class:`RetrievalTask` must compute the target and respect eq. (8)'s conventions."""
    assert isinstance(my_task, RetrievalTask), f"my_task must be a RetrievalTask, got {type(my_task).__name__}"
    assert (my_task.T, my_task.d) == (8, 1), f"use T = 8 and d = 1, got T = {my_task.T}, d = {my_task.d}"
    X = torch.rand(300, 8, 1, generator=torch.Generator().manual_seed(1))
    expected = X[:, :4, 0].max(dim=1).values - 2 * X[:, 4:, 0].min(dim=1).values
    f = my_task.feature_values(X)
    assert f.shape == (300, 8, my_task.D), f"features must map (n, T, d) to (n, T, D), got {tuple(f.shape)}"
    assert float(f.min()) >= 0 and float(f.max()) <= 1, ("eq. (8) asks for features f_i: [0,1]^d -> [0,1]; "
                                                         "-x leaves [0, 1], but max x = 1 - min (1 - x)")
    got = my_task.target(X)
    assert torch.allclose(got, expected, atol=1e-5), \
        f"the target differs from max_(t<=4) x_t - 2 min_(t>4) x_t by up to {float((got - expected).abs().max()):.3f}"
    assert my_task.D == 2, f"two different quantities are retrieved, so D = 2, got D = {my_task.D}"


def hand_example() -> tuple[RetrievalTask, torch.Tensor]:
    """The task and the one sequence of the by-hand exercise (smooth task, T = 8, D = 2, d = 1, sample seed 7)."""
    task = smooth_task(8, D=2, d=1)
    return task, task.sample(1, 7)[0]


@exercise("nb01.hand_z", "retrieve z_1, z_2 and y by hand", "number", 1, 10)
def check_hand_z(answer: object) -> None:
    """``answer = (z1, z2, y)`` for :func:`hand_example`, to 3 decimals."""
    try:
        z1, z2, y = (float(v) for v in answer)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        raise AssertionError(f"give three numbers (z1, z2, y), got {answer!r}") from None
    task, X = hand_example()
    z, _ = task.retrieve(X)
    f = task.feature_values(X)[0]
    if abs(z1 - float(f[:, 0].min())) < 1e-3 and abs(z1 - float(z[0, 0])) >= 1e-3:
        raise AssertionError("z1 is the minimum of f_1 over all positions: take it over S_1 only")
    assert abs(z1 - float(z[0, 0])) < 1e-3 and abs(z2 - float(z[0, 1])) < 1e-3, \
        "z_i is the smallest f_i among the rows marked as in S_i"
    assert abs(y - float(task.target(X)[0])) < 1e-3, "z is right but y is not: F0(z) = m + m^2/2 with m = (z1 + z2)/2"


@exercise("nb01.subset_minima", "Lemma 2: the maximum of subset minima", "implement", 3, 20)
def check_subset_minima(max_of_subset_minima_fn: Callable[[torch.Tensor, int], torch.Tensor]) -> None:
    """Compare with :func:`headcount.theory.max_of_subset_minima` (enumeration) on random and tied inputs."""
    assert callable(max_of_subset_minima_fn), "max_of_subset_minima must be a function of (x, m)"
    g = torch.Generator().manual_seed(3)
    cases = [(torch.rand(50, 8, generator=g, dtype=torch.float64), 2),
             (torch.rand(50, 12, generator=g, dtype=torch.float64), 3),
             (torch.randint(0, 3, (50, 8), generator=g).double(), 2),   # ties
             (torch.rand(20, 6, generator=g, dtype=torch.float64), 1)]
    for x, m in cases:
        got = torch.as_tensor(max_of_subset_minima_fn(x.clone(), m), dtype=torch.float64).reshape(-1)
        assert got.shape == (x.shape[0],), f"return one value per sequence, shape (n,), got {tuple(got.shape)}"
        ref = max_of_subset_minima(x, m)
        if not torch.allclose(got, ref):
            if torch.allclose(got, kth_largest(x, x.shape[1] - m + 1)):
                raise AssertionError(f"T = {x.shape[1]}, m = {m}: you returned the m-th smallest value; the maximum "
                                     "over subsets of their minimum is the m-th largest")
            raise AssertionError(f"T = {x.shape[1]}, m = {m}: differs from the maximum over all m-subsets B of "
                                 "min_(u in B) x_u (itertools.combinations enumerates them)")


@exercise("nb01.smallest_D", "what is D? three targets", "predict", 2, 5)
def check_smallest_D(answer: Mapping[str, object]) -> None:
    """The smallest intrinsic dimension of each target in :data:`SMALLEST_D` (tokens ``x_t in [0, 1]``)."""
    assert isinstance(answer, Mapping), f"give a dict {{target: D}}, got {type(answer).__name__}"
    missing = set(SMALLEST_D) - set(answer)
    assert not missing, f"give a D for every target; missing {sorted(missing)}"
    hints = {"max - min": "max and min sit at different positions: two retrievals",
             "max x + max x^2": "on [0, 1], x^2 is increasing in x: the position of max x also maximizes x^2, "
                                "so one retrieval gives both terms",
             "max x + max (1 - x)": "max (1 - x) = 1 - min x: this is max - min + 1"}
    for name, D in SMALLEST_D.items():
        got = answer[name]
        ok = isinstance(got, (int, float)) and math.isfinite(got) and int(got) == got == D
        assert ok, f"{name!r}: D = {got!r} is not the smallest: {hints[name]}"
