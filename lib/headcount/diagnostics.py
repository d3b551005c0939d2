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

from ._checks import check_int, check_positive
from .tasks import RetrievalTask


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
