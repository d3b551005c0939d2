"""Generalized D-retrieval tasks (paper section 4, eqs. 8-9) as data.

A task holds features ``f_i``, position subsets ``S_i`` and an outer function ``F0``:

    z_i(X) = min_{t in S_i} f_i(x_t),    y = F0(z_1, ..., z_D).

A max is a min of the negated feature (``max g = -min(-g)``), so every family below is
written in the paper's min form. Three families ship:

* :func:`synthetic_task`: the paper's experiment (section 6.1), ``y = sum_i max_t a_i . x_t``
  with Gaussian tokens;
* :func:`max_min_task`: the toy example, eq. (7), ``y = max_t x_t + min_t x_t`` (D = 2);
* :func:`smooth_task`: smooth bump features with unique interior minima and an ``F0`` with
  nonzero partial derivatives, so Assumption 2 holds.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import torch

from headcount._checks import check_choice, check_finite, check_int, check_positive

Features = Callable[[torch.Tensor], torch.Tensor]
Outer = Callable[[torch.Tensor], torch.Tensor]
Inputs = Callable[[int, int, int, torch.Generator], torch.Tensor]

FAMILIES = ("synthetic", "max_min", "smooth")


@dataclass(frozen=True)
class Split:
    """Fixed train/validation data of one task, drawn from one seed (no shared examples)."""

    X_train: torch.Tensor
    y_train: torch.Tensor
    X_val: torch.Tensor
    y_val: torch.Tensor
    seed: int

    def to(self, device: torch.device | str) -> Split:
        """The same split with every tensor on ``device``."""
        return Split(*(t.to(device) for t in (self.X_train, self.y_train, self.X_val, self.y_val)), self.seed)


@dataclass(frozen=True, eq=False)
class RetrievalTask:
    """A generalized D-retrieval task ``y = F0(min_{t in S_i} f_i(x_t))`` (eqs. 8-9).

    ``features`` maps tokens ``(..., d)`` to feature values ``(..., D)``; ``subsets`` is a
    ``(D, T)`` boolean mask whose row ``i`` marks ``S_i``; ``outer`` maps ``(n, D)`` to ``(n,)``;
    ``inputs(n, T, d, generator)`` draws ``(n, T, d)`` token sequences.
    """

    name: str
    d: int
    T: int
    D: int
    features: Features
    subsets: torch.Tensor
    outer: Outer
    inputs: Inputs
    description: str = ""
    meets_assumption2: bool = False

    def __post_init__(self) -> None:
        check_int("d", self.d)
        check_int("T", self.T)
        check_int("D", self.D)
        if self.subsets.shape != (self.D, self.T) or self.subsets.dtype != torch.bool:
            raise ValueError(f"subsets must be a bool tensor of shape (D, T) = ({self.D}, {self.T}), got "
                             f"{tuple(self.subsets.shape)} {self.subsets.dtype}")
        sizes = self.subsets.sum(dim=1)
        if (sizes * 4 < self.T).any():
            raise ValueError(f"every S_i needs |S_i| >= T/4 = {self.T / 4:g} (eq. 8), got sizes {sizes.tolist()}")

    def __repr__(self) -> str:
        return f"RetrievalTask({self.name!r}, d={self.d}, T={self.T}, D={self.D})"

    def check_inputs(self, X: torch.Tensor) -> torch.Tensor:
        """Validate a batch of sequences ``(n, T, d)``."""
        if X.dim() != 3 or X.shape[1:] != (self.T, self.d):
            raise ValueError(f"X must have shape (n, T, d) = (n, {self.T}, {self.d}), got {tuple(X.shape)}")
        return check_finite("X", X)

    def feature_values(self, X: torch.Tensor) -> torch.Tensor:
        """``f_i(x_t)`` for every position and feature: ``(n, T, D)``."""
        return self.features(self.check_inputs(X))

    def retrieve(self, X: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """``(z, positions)``: ``z_i = min_{t in S_i} f_i(x_t)`` (eq. 8) and the position attaining it."""
        values = self.feature_values(X).masked_fill(~self.subsets.T.to(X.device), math.inf)
        z, positions = values.min(dim=1)
        return z, positions

    def target(self, X: torch.Tensor) -> torch.Tensor:
        """``y = F0(z(X))`` (eq. 9), shape ``(n,)``."""
        return self.outer(self.retrieve(X)[0])

    def sample(self, n: int, generator: torch.Generator | int = 0) -> tuple[torch.Tensor, torch.Tensor]:
        """``n`` sequences and their targets, reproducible from ``generator`` (or an int seed)."""
        n = check_int("n", n)
        if isinstance(generator, int):
            generator = torch.Generator().manual_seed(generator)
        X = self.inputs(n, self.T, self.d, generator).float()
        return X, self.target(X)

    def split(self, n_train: int = 8000, n_val: int = 2000, seed: int = 0) -> Split:
        """Fixed train/validation split (the paper uses 8000/2000), drawn from ``seed``."""
        n_train, n_val = check_int("n_train", n_train), check_int("n_val", n_val)
        X, y = self.sample(n_train + n_val, torch.Generator().manual_seed(check_int("seed", seed, 0)))
        return Split(X[:n_train], y[:n_train], X[n_train:], y[n_train:], seed)


def _gaussian(n: int, T: int, d: int, g: torch.Generator) -> torch.Tensor:
    return torch.randn(n, T, d, generator=g)


def _uniform(n: int, T: int, d: int, g: torch.Generator) -> torch.Tensor:
    return torch.rand(n, T, d, generator=g)


def synthetic_directions(D: int, d: int, task_seed: int = 0) -> torch.Tensor:
    """The fixed directions ``a_1..a_D`` of the synthetic task, shape ``(D, d)``.

    The paper does not say how it chose them. We draw ``a_i ~ N(0, I_d)`` from ``task_seed``
    and normalize each to unit length, so every feature ``a_i . x`` is a standard normal.
    """
    a = torch.randn(check_int("D", D), check_int("d", d), generator=torch.Generator().manual_seed(task_seed))
    return a / a.norm(dim=1, keepdim=True)


def synthetic_task(T: int, D: int = 4, d: int = 4, task_seed: int = 0) -> RetrievalTask:
    """The paper's synthetic task (section 6.1): ``y = sum_i max_t a_i . x_t``, ``x_t ~ N(0, I_d)``.

    In min form: ``f_i(x) = -a_i . x``, ``S_i = [T]``, ``F0(z) = -sum_i z_i``. The features are
    linear, so Assumption 2 (interior minima) does not hold literally; the task mirrors the
    structure, as in the paper.
    """
    T, D, d = check_int("T", T), check_int("D", D, 1, 64), check_int("d", d)
    a = synthetic_directions(D, d, task_seed)
    return RetrievalTask(
        name="synthetic", d=d, T=T, D=D,
        features=lambda X: -(X @ a.T.to(X.device, X.dtype)),
        subsets=torch.ones(D, T, dtype=torch.bool),
        outer=lambda z: -z.sum(dim=-1),
        inputs=_gaussian,
        description=f"y = sum_{{i=1..{D}}} max_t a_i . x_t, x_t ~ N(0, I_{d}), unit a_i from seed {task_seed}",
    )


def max_min_task(T: int, D: int = 2, d: int = 1) -> RetrievalTask:
    """The toy task of eq. (7): ``y = max_t x_t + min_t x_t`` with ``x_t ~ U[0, 1]`` (D = 2, d = 1).

    In min form: ``f_1(x) = x``, ``f_2(x) = 1 - x``, ``F0(z) = z_1 + 1 - z_2``.
    """
    T = check_int("T", T)
    check_int("D", D, 2, 2)
    check_int("d", d, 1, 1)
    return RetrievalTask(
        name="max_min", d=1, T=T, D=2,
        features=lambda X: torch.cat([X, 1 - X], dim=-1),
        subsets=torch.ones(2, T, dtype=torch.bool),
        outer=lambda z: z[..., 0] + 1 - z[..., 1],
        inputs=_uniform,
        description="y = max_t x_t + min_t x_t, x_t ~ U[0, 1]",
    )


def bump_centres(D: int, d: int, task_seed: int = 0) -> torch.Tensor:
    """Distinct interior minimizers ``x^(i)`` in ``[0.15, 0.85]^d`` for :func:`smooth_task`, ``(D, d)``."""
    g = torch.Generator().manual_seed(task_seed)
    if d == 1:
        return torch.linspace(0.15, 0.85, D).unsqueeze(1) if D > 1 else torch.full((1, 1), 0.5)
    centres = 0.15 + 0.7 * torch.rand(D, d, generator=g)
    return centres


def smooth_task(T: int, D: int = 3, d: int = 2, width: float = 0.25, subset_fraction: float = 0.5,
                task_seed: int = 0) -> RetrievalTask:
    """A task meeting Assumption 2: smooth bumps with unique interior minima, subsets ``S_i``.

    ``f_i(x) = 1 - exp(-|x - x^(i)|^2 / (2 width^2))`` maps ``[0, 1]^d`` into ``[0, 1)``, has its
    unique global minimum 0 at the distinct interior point ``x^(i)`` with Hessian ``I / width^2``
    (positive definite). ``S_i`` are random position sets with ``|S_i| = ceil(subset_fraction T)``
    (at least T/4). ``F0(z) = m + m^2 / 2`` with ``m = mean_i z_i`` has partial derivatives
    ``(1 + m) / D > 0``. Inputs are uniform on ``[0, 1]^d``.
    """
    T, D, d = check_int("T", T), check_int("D", D, 1, 16), check_int("d", d)
    width = check_positive("width", width)
    frac = check_positive("subset_fraction", subset_fraction)
    if not 0.25 <= frac <= 1:
        raise ValueError(f"subset_fraction must be in [0.25, 1] so that |S_i| >= T/4, got {subset_fraction!r}")
    centres = bump_centres(D, d, task_seed)
    g = torch.Generator().manual_seed(task_seed + 1)
    size = max(1, math.ceil(frac * T))
    subsets = torch.zeros(D, T, dtype=torch.bool)
    for i in range(D):
        subsets[i, torch.randperm(T, generator=g)[:size]] = True

    def features(X: torch.Tensor) -> torch.Tensor:
        diff = X.unsqueeze(-2) - centres.to(X.device, X.dtype)
        return 1 - torch.exp(-(diff**2).sum(-1) / (2 * width**2))

    def outer(z: torch.Tensor) -> torch.Tensor:
        m = z.mean(dim=-1)
        return m + m**2 / 2

    return RetrievalTask(
        name="smooth", d=d, T=T, D=D, features=features, subsets=subsets, outer=outer, inputs=_uniform,
        description=f"y = F0(min_(t in S_i) bump_i(x_t)), {D} Gaussian bumps of width {width:g}, |S_i| = {size}",
        meets_assumption2=True,
    )


def make_task(family: str, T: int, D: int | None = None, d: int | None = None, **kwargs: object) -> RetrievalTask:
    """Build a task by family name (``'synthetic'``, ``'max_min'``, ``'smooth'``); ``None`` keeps defaults."""
    family = check_choice("family", family, FAMILIES)
    builder = {"synthetic": synthetic_task, "max_min": max_min_task, "smooth": smooth_task}[family]
    args = {k: v for k, v in {"D": D, "d": d}.items() if v is not None}
    return builder(T, **args, **kwargs)  # type: ignore[arg-type]


DEGENERATE = ("constant_feature", "duplicate_features", "flat_outer")


def degenerate_task(kind: str, T: int) -> RetrievalTask:
    """A task that breaks Assumption 2 in one named way (section 4, the remark after Assumption 2).

    Each starts from :func:`smooth_task` with ``D = 2``, ``d = 1`` and changes one part:
    ``'constant_feature'``: ``f_2 = 1/2`` ignores the input (no unique minimum, zero Hessian);
    ``'duplicate_features'``: ``f_2 = f_1`` (the minimizers coincide, violating 2.2);
    ``'flat_outer'``: ``F0 = 1/2`` (zero gradient, violating 2.4).
    """
    kind = check_choice("kind", kind, DEGENERATE)
    base = smooth_task(T, D=2, d=1)
    f, outer = base.features, base.outer
    if kind == "constant_feature":
        features = lambda X: torch.cat([f(X)[..., :1], torch.full_like(X[..., :1], 0.5)], dim=-1)  # noqa: E731
    elif kind == "duplicate_features":
        features = lambda X: f(X)[..., :1].expand(*X.shape[:-1], 2)  # noqa: E731
    else:
        features = f
    if kind == "flat_outer":
        outer = lambda z: torch.full_like(z[..., 0], 0.5)  # noqa: E731
    return RetrievalTask(name=kind, d=1, T=base.T, D=2, features=features, subsets=base.subsets, outer=outer,
                         inputs=base.inputs, description=f"smooth_task(D=2, d=1) with {kind.replace('_', ' ')}")
