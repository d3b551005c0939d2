"""Which feature does each head retrieve? The head-collapse diagnostic.

Theorem 2(1)'s mechanism is one head per retrieved feature. For a trained (or constructed)
model, :func:`head_feature_attention` measures, for each head ``j`` and feature ``i``, the
attention mass head ``j`` puts on the position that feature ``i`` retrieves
(``argmin_{t in S_i} f_i(x_t)``), averaged over validation sequences. The result is an ``(h, D)``
matrix, the assignment head -> feature, and the features no head covers: when ``h >= D`` and a
seed got stuck, two heads typically share one feature and another feature is left uncovered.

Beyond one layer (Conjecture 1), :func:`layer_feature_attention` gives the same matrix for the class
token in every layer, and :func:`layer_probe` asks, layer by layer, which retrieved values
``z_i`` can be read linearly from the class token or from the tokens (:func:`linear_probe_r2`): the
place where a layer has gathered several features shows several ``R^2`` near 1.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

from headcount._checks import check_choice, check_int, check_positive
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
    return _report(weights, feature_positions(task, X.cpu()), task, threshold)


def _report(weights: torch.Tensor, positions: torch.Tensor, task: RetrievalTask, threshold: float) -> HeadFeatureReport:
    """The report of attention ``weights (B, h, T)`` on the retrieved ``positions (B, D)``."""
    index = positions.unsqueeze(1).expand(-1, weights.shape[1], -1)   # (B, h, D)
    mass = weights.gather(2, index).mean(dim=0)                       # (h, D)
    cut = max(threshold, 2.0 / task.T)
    assignment = tuple(int(row.argmax()) if float(row.max()) >= cut else None for row in mass)
    counts = [assignment.count(i) for i in range(task.D)]
    return HeadFeatureReport(
        mass=mass, threshold=cut, uniform=1.0 / task.T, assignment=assignment,
        uncovered=tuple(i for i in range(task.D) if counts[i] == 0),
        collapsed=tuple(i for i in range(task.D) if counts[i] > 1))


def _trace(model: torch.nn.Module, task: RetrievalTask, X: torch.Tensor | None, n: int, seed: int):  # noqa: ANN202
    """``(X on CPU, model.trace(X) on CPU)`` for ``n`` fresh sequences from ``seed`` unless ``X`` is given."""
    if not hasattr(model, "trace"):
        raise ValueError(f"model must have a trace(X) method (headcount.model.HeadCountTransformer), "
                         f"got {type(model).__name__}")
    if X is None:
        X, _ = task.sample(check_int("n", n, 4), seed)
    X = task.check_inputs(X).cpu()
    device = next((p.device for p in model.parameters()), X.device)
    return X, model.trace(X.to(device))


def layer_feature_attention(model: torch.nn.Module, task: RetrievalTask, X: torch.Tensor | None = None,
                            n: int = 512, seed: int = 12345, threshold: float = 0.3) -> list[HeadFeatureReport]:
    """:func:`head_feature_attention` for every layer of a depth-``L`` model: which feature's retrieved
    position each head **of the class token** attends to, layer by layer (Conjecture 1's mechanism).

    In an intermediate layer the class token attends over the tokens and itself; its mass on itself is
    left out (so a row can sum to less than 1). The last report is the last layer's (eq. 4).
    """
    threshold = check_positive("threshold", threshold)
    if threshold > 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    X, trace = _trace(model, task, X, n, seed)
    positions = feature_positions(task, X)
    reports = []
    for w in trace.attention:
        w = w.detach().to("cpu", torch.float64)
        if w.dim() == 4:                      # (B, h, T+1, T+1): the class token's row, token columns
            w = w[:, :, -1, :-1]
        reports.append(_report(w, positions, task, threshold))
    return reports


def linear_probe_r2(train_x: torch.Tensor, train_y: torch.Tensor, test_x: torch.Tensor, test_y: torch.Tensor,
                    ridge: float = 1e-3) -> torch.Tensor:
    """Held-out ``R^2`` of a ridge-regularized linear probe, one value per target column.

    Fits ``y ~ a + x W`` on ``(train_x (n, k), train_y (n, m))`` by least squares with penalty
    ``ridge * n * |W|^2`` on standardized inputs, then returns ``1 - SSE / SST`` on ``(test_x, test_y)``
    (``SST`` around the test mean), ``(m,)``. A constant input gives ``R^2 <= 0``; a perfect linear
    read-out gives ``1``.
    """
    ridge = check_positive("ridge", ridge, allow_zero=True)
    xs = [torch.as_tensor(t).detach().to("cpu", torch.float64) for t in (train_x, test_x)]
    ys = [torch.as_tensor(t).detach().to("cpu", torch.float64) for t in (train_y, test_y)]
    ys = [y.unsqueeze(1) if y.dim() == 1 else y for y in ys]
    if xs[0].dim() != 2 or xs[1].dim() != 2 or xs[0].shape[1] != xs[1].shape[1]:
        raise ValueError(f"train_x and test_x must be (n, k) with the same k, got {tuple(xs[0].shape)} and "
                         f"{tuple(xs[1].shape)}")
    if ys[0].shape[0] != xs[0].shape[0] or ys[1].shape[0] != xs[1].shape[0] or ys[0].shape[1] != ys[1].shape[1]:
        raise ValueError(f"targets must have one row per input row and the same columns, got x {tuple(xs[0].shape)}, "
                         f"y {tuple(ys[0].shape)} (train) and x {tuple(xs[1].shape)}, y {tuple(ys[1].shape)} (test)")
    mu, sd = xs[0].mean(0), xs[0].std(0, unbiased=False)
    scale = torch.where(sd > 1e-12, sd, torch.ones_like(sd))
    a, b = ((x - mu) / scale for x in xs)
    a = torch.where(sd > 1e-12, a, torch.zeros_like(a))       # a constant input carries nothing
    b = torch.where(sd > 1e-12, b, torch.zeros_like(b))
    y_mu = ys[0].mean(0)
    gram = a.T @ a + ridge * a.shape[0] * torch.eye(a.shape[1], dtype=torch.float64)
    W = torch.linalg.lstsq(gram, a.T @ (ys[0] - y_mu)).solution
    resid = ys[1] - (y_mu + b @ W)
    sst = ((ys[1] - ys[1].mean(0)) ** 2).sum(0)
    return 1 - (resid**2).sum(0) / torch.where(sst > 0, sst, torch.ones_like(sst))


@dataclass(frozen=True)
class ProbeReport:
    """Per layer, how well each retrieved value ``z_i = min_{t in S_i} f_i(x_t)`` (eq. 8) can be read
    linearly from one place: ``r2[l, i]`` is the held-out ``R^2`` of a linear probe from ``labels[l]``'s
    vectors (``site``: the class token, or every token with one shared probe) to ``z_i``.

    ``carried()`` counts, per row, the features with ``R^2 >= threshold``: a place that carries two or
    more retrieved features is where a layer "gathered several features into one place".
    """

    r2: torch.Tensor
    labels: tuple[str, ...]
    site: str
    threshold: float

    def carried(self) -> tuple[int, ...]:
        """How many features each row carries (``R^2 >= threshold``)."""
        return tuple(int((row >= self.threshold).sum()) for row in self.r2)

    def summary(self) -> str:
        """The ``R^2`` table and the count per row."""
        D = self.r2.shape[1]
        width = max(len(s) for s in self.labels)
        rows = [f"{self.site + ' probe':<{width}}  " + "  ".join(f"{'z' + str(i + 1):>6}" for i in range(D))
                + f"  carried (R^2 >= {self.threshold:g})"]
        for label, row, k in zip(self.labels, self.r2, self.carried()):
            rows.append(f"{label:<{width}}  " + "  ".join(f"{float(v):>6.3f}" for v in row) + f"  {k}")
        return "\n".join(rows)


SITES = ("class", "tokens")


def layer_probe(model: torch.nn.Module, task: RetrievalTask, X: torch.Tensor | None = None, n: int = 2048,
                seed: int = 12345, site: str = "class", ridge: float = 1e-3, threshold: float = 0.9) -> ProbeReport:
    """Linear probes, layer by layer, from the class token (``site='class'``) or from the tokens
    (``'tokens'``, one probe shared by all positions) to every retrieved value ``z_i``.

    Rows for ``'class'``: the class token entering each layer (``c0`` first, which carries nothing),
    then the last layer's output, the vector the FFN reads. Rows for ``'tokens'``: the tokens entering
    each layer (the last layer does not update them). Probes are fitted on the first half of the
    sequences and scored on the second (:func:`linear_probe_r2`).
    """
    site = check_choice("site", site, SITES)
    threshold = check_positive("threshold", threshold)
    X, trace = _trace(model, task, X, n, seed)
    z = task.retrieve(X)[0].double()                                  # (B, D)
    half = X.shape[0] // 2
    if half < 2:
        raise ValueError(f"need at least 4 sequences for a probe, got {X.shape[0]}")
    L = trace.depth
    if site == "class":
        reps = [s[:, -1] for s in trace.states] + [trace.readout]
        labels = ["c0 (input of layer 1)"] + [f"class token after layer {l}" for l in range(1, L)] + \
                 [f"class token after layer {L} (FFN input)"]
        r2 = [linear_probe_r2(r[:half], z[:half], r[half:], z[half:], ridge) for r in reps]
    else:
        labels = ["tokens (encoder output)"] + [f"tokens after layer {l}" for l in range(1, L)]
        r2 = []
        for s in trace.states:
            tok = s[:, :-1]                                            # (B, T, E)
            zz = z.unsqueeze(1).expand(-1, tok.shape[1], -1)           # (B, T, D)
            flat = lambda t: t.reshape(-1, t.shape[-1])  # noqa: E731
            r2.append(linear_probe_r2(flat(tok[:half]), flat(zz[:half]), flat(tok[half:]), flat(zz[half:]), ridge))
    return ProbeReport(r2=torch.stack(r2), labels=tuple(labels), site=site, threshold=threshold)


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
