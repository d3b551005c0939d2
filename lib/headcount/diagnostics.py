"""Which feature does each head retrieve? The head-collapse diagnostic.

Theorem 2(1)'s mechanism is one head per retrieved feature. For a trained (or constructed)
model, :func:`head_feature_attention` measures, for each head ``j`` and feature ``i``, the
attention mass head ``j`` puts on the position that feature ``i`` retrieves
(``argmin_{t in S_i} f_i(x_t)``), averaged over validation sequences. The result is an ``(h, D)``
matrix, the assignment head -> feature, and the features no head covers: when ``h >= D`` and a
seed got stuck, two heads typically share one feature and another feature is left uncovered.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

from headcount._checks import check_int, check_positive
from headcount.tasks import RetrievalTask


@dataclass(frozen=True)
class HeadFeatureReport:
    """Attention mass of each head on each feature's retrieved position.

    ``mass[j, i]``: mean over sequences of head ``j``'s attention weight on the position feature
    ``i`` retrieves; ``uniform``: ``1/T``, the mass of a head that attends uniformly;
    ``assignment[j]``: the feature head ``j`` covers (its largest mass if at least ``threshold``,
    else ``None``); ``uncovered``: features that no head covers; ``collapsed``: features covered
    by more than one head.
    """

    mass: torch.Tensor
    threshold: float
    uniform: float
    assignment: tuple[int | None, ...]
    uncovered: tuple[int, ...]
    collapsed: tuple[int, ...]

    @property
    def heads(self) -> int:
        return self.mass.shape[0]

    @property
    def features(self) -> int:
        return self.mass.shape[1]

    @property
    def one_feature_per_head(self) -> bool:
        """Every feature is covered and no two heads share one."""
        return not self.uncovered and not self.collapsed

    def summary(self) -> str:
        """A few lines for a notebook: the matrix and the verdict."""
        rows = ["head  " + "  ".join(f"f{i + 1:<5}" for i in range(self.features)) + "  covers"]
        for j in range(self.heads):
            cells = "  ".join(f"{float(v):.3f} " for v in self.mass[j])
            a = self.assignment[j]
            rows.append(f"{j + 1:>4}  {cells}  {'-' if a is None else f'f{a + 1}'}")
        names = lambda idx: ", ".join(f"f{i + 1}" for i in idx) or "none"  # noqa: E731
        rows.append(f"uniform attention would give {self.uniform:.3f}; threshold {self.threshold:.2f}")
        rows.append(f"uncovered features: {names(self.uncovered)}; features shared by several heads: "
                    f"{names(self.collapsed)}")
        return "\n".join(rows)


def feature_positions(task: RetrievalTask, X: torch.Tensor) -> torch.Tensor:
    """The position each feature retrieves, ``argmin_{t in S_i} f_i(x_t)``: ``(B, D)``."""
    return task.retrieve(X)[1]


def head_feature_attention(model: torch.nn.Module, task: RetrievalTask, X: torch.Tensor | None = None,
                           n: int = 512, seed: int = 12345, threshold: float = 0.3) -> HeadFeatureReport:
    """The ``(h, D)`` head-by-feature attention matrix of ``model`` on ``task``.

    ``model`` needs ``attention(X) -> (B, h, T)`` (:class:`~headcount.model.HeadCountTransformer`
    and the constructions have it). ``X`` defaults to ``n`` fresh sequences drawn from ``seed``.
    A head covers the feature on which it puts the most mass if that mass is at least
    ``threshold`` (default 0.3; at least ``2/T`` so uniform attention never counts).
    """
    if not hasattr(model, "attention"):
        raise ValueError(f"model must have an attention(X) method returning (B, h, T) weights, "
                         f"got {type(model).__name__}")
    threshold = check_positive("threshold", threshold)
    if threshold > 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    if X is None:
        X, _ = task.sample(check_int("n", n), seed)
    X = task.check_inputs(X)
    device = next((b.device for b in list(model.parameters()) + list(model.buffers())), X.device)
    weights = model.attention(X.to(device)).detach().to("cpu", torch.float64)
    if weights.dim() != 3 or weights.shape[0] != X.shape[0] or weights.shape[2] != task.T:
        raise ValueError(f"model.attention(X) must return (B, h, T) = ({X.shape[0]}, h, {task.T}), "
                         f"got {tuple(weights.shape)}")
    positions = feature_positions(task, X.cpu())                       # (B, D)
    index = positions.unsqueeze(1).expand(-1, weights.shape[1], -1)   # (B, h, D)
    mass = weights.gather(2, index).mean(dim=0)                       # (h, D)
    cut = max(threshold, 2.0 / task.T)
    assignment = tuple(int(row.argmax()) if float(row.max()) >= cut else None for row in mass)
    counts = [assignment.count(i) for i in range(task.D)]
    return HeadFeatureReport(
        mass=mass, threshold=cut, uniform=1.0 / task.T, assignment=assignment,
        uncovered=tuple(i for i in range(task.D) if counts[i] == 0),
        collapsed=tuple(i for i in range(task.D) if counts[i] > 1))


@dataclass(frozen=True)
class Assumption2Report:
    """A numerical check of Assumption 2 on a grid of ``[0, 1]^d`` (``d <= 2``).

    ``minimizers (D, d)``: each ``f_i``'s grid argmin; ``unique_min`` (2.1): no grid point far from
    it comes within ``tol`` of the minimum; ``distinct`` (2.2): minimizers pairwise farther apart
    than ``4 h``; ``hessian_pd`` (2.3): finite-difference Hessian eigenvalues above ``tol`` at an
    interior minimizer (a minimizer on the boundary fails); ``gradient_nonzero`` (2.4): every
    partial derivative of ``F0`` at ``(z_1, ..., z_D)`` is at least ``tol`` in size.
    """

    minimizers: torch.Tensor
    min_values: torch.Tensor
    unique_min: tuple[bool, ...]
    distinct: bool
    hessian_pd: tuple[bool, ...]
    gradient: torch.Tensor
    gradient_nonzero: bool

    @property
    def holds(self) -> bool:
        return all(self.unique_min) and self.distinct and all(self.hessian_pd) and self.gradient_nonzero

    def failures(self) -> list[str]:
        out = [f"2.1 f_{i + 1} has no unique minimum" for i, ok in enumerate(self.unique_min) if not ok]
        if not self.distinct:
            out.append("2.2 two features share a minimizer")
        out += [f"2.3 Hessian of f_{i + 1} not positive definite at its minimizer"
                for i, ok in enumerate(self.hessian_pd) if not ok]
        if not self.gradient_nonzero:
            out.append("2.4 a partial derivative of F0 vanishes at z")
        return out


def assumption2_report(task: RetrievalTask, points: int = 201, tol: float = 1e-4) -> Assumption2Report:
    """Check Assumption 2 for ``task`` numerically on a uniform grid of ``[0, 1]^d`` (``d <= 2``).

    A numerical check, not a proof: it can miss a second minimum between grid points.
    """
    d = task.d
    if d > 2:
        raise ValueError(f"task.d must be 1 or 2 for the grid check, got {d}")
    points = check_int("points", points, 5, 2001 if d == 1 else 401)
    tol = check_positive("tol", tol)
    g = torch.linspace(0, 1, points, dtype=torch.float64)
    step = float(g[1] - g[0])
    grid = g.unsqueeze(1) if d == 1 else torch.cartesian_prod(g, g)
    feats = lambda P: task.features(P.reshape(1, -1, d).float()).reshape(-1, task.D).double()  # noqa: E731
    vals = feats(grid)                                                    # (G, D)
    mins, arg = vals.min(dim=0)
    minimizers = grid[arg]
    unique, pd = [], []
    for i in range(task.D):
        far = (grid - minimizers[i]).norm(dim=1) > 4 * step
        unique.append(bool((vals[far, i] > mins[i] + tol).all()))
        x0 = minimizers[i]
        interior = bool(((x0 > 2 * step) & (x0 < 1 - 2 * step)).all())
        if not interior:
            pd.append(False)
            continue
        hs = 2 * step
        H = torch.zeros(d, d, dtype=torch.float64)
        for a in range(d):
            for b in range(d):
                ea, eb = torch.eye(d, dtype=torch.float64)[a] * hs, torch.eye(d, dtype=torch.float64)[b] * hs
                P = torch.stack([x0 + ea + eb, x0 + ea - eb, x0 - ea + eb, x0 - ea - eb])
                v = feats(P)[:, i]
                H[a, b] = (v[0] - v[1] - v[2] + v[3]) / (4 * hs * hs)
        pd.append(bool(torch.linalg.eigvalsh(H).min() > tol))
    dist = torch.cdist(minimizers, minimizers) + torch.eye(task.D, dtype=torch.float64) * 10
    distinct = bool((dist > 4 * step).all())
    eps = 1e-4
    z = mins.clamp(eps, 1 - eps)
    E = torch.eye(task.D, dtype=torch.float64) * eps
    grad = (task.outer((z + E).float()).double() - task.outer((z - E).float()).double()) / (2 * eps)
    return Assumption2Report(minimizers=minimizers, min_values=mins, unique_min=tuple(unique), distinct=distinct,
                             hessian_pd=tuple(pd), gradient=grad, gradient_nonzero=bool((grad.abs() > tol).all()))
