"""Too few heads: Theorem 2(2)'s exponent, its pigeonhole step on a trained model, and Lemma 4.

Theorem 2(2) is in §5 of arXiv 2510.06662 (v2), its proof and Lemmas 4-7 in App. A.2.2.

* :func:`informative_T`, :func:`exponent_grid`: where ``k = (T/4 - s - D + 1)/((n+1)s + 1) - 1``
  (:func:`headcount.theory.lower_bound_exponent`) is positive, i.e. where the bound says something.
* :func:`ffn_inputs`, :func:`ffn_lipschitz_bound`, :func:`near_collisions`: the proof's pigeonhole
  step (Claim 2.1, steps 7-10) made empirical. With ``s < D`` heads, two sequences can reach the
  feed-forward block at nearly the same point while their targets differ. The FFN is ``L``-Lipschitz,
  so on such a pair ``(A = |u_1 - u_2|, B = |y_1 - y_2|)`` the model errs by at least
  ``(B - L A) / 2`` on one of the two: a *certified* error, whatever the training did.
* :func:`two_layer_slope_bound`, :func:`lemma4_min_width`, :func:`bounded_two_layer_net`,
  :func:`empirical_slope`: **Lemma 4** (Lipschitz implies width). For ``F(x) = V sigma(U x + b) + c``
  with a 1-Lipschitz ``sigma`` and entries bounded by 1, ``|F(x) - F(y)| <= sum_r |V_r| |u_r|_2 |x - y|
  <= p sqrt(n) |x - y|``; so a jump ``B`` over a distance ``A`` needs width ``p >= B / (A sqrt(n))``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn

from headcount._checks import check_int, check_positive
from headcount.model import HeadCountTransformer, class_token_attention
from headcount.tasks import RetrievalTask
from headcount.theory import lower_bound_exponent

__all__ = [
    "informative_T", "exponent_grid", "ffn_inputs", "gelu_lipschitz", "ffn_lipschitz_bound", "Collision",
    "near_collisions", "attended_positions", "two_layer_slope_bound", "lemma4_min_width", "bounded_two_layer_net",
    "empirical_slope",
]


# --------------------------------------------------------------------------- the exponent k


def informative_T(s: int, n: int, D: int, T_max: int = 100_000) -> int:
    """The smallest ``T`` with ``k(T, s, n, D) > 0`` (Theorem 2(2) says something only there).

    ``k > 0`` iff ``T/4 > (n + 1) s + 1 + s + D - 1``, so the answer is ``4 ((n+2) s + D) + 1``;
    found by search up to ``T_max`` so that it follows :func:`headcount.theory.lower_bound_exponent`.
    """
    s, n, D = check_int("s", s), check_int("n", n), check_int("D", D)
    lower_bound_exponent(1, s, n, D)  # validates s < D
    for T in range(1, check_int("T_max", T_max) + 1):
        if lower_bound_exponent(T, s, n, D) > 0:
            return T
    raise ValueError(f"k stays <= 0 up to T_max={T_max}; raise T_max")


def exponent_grid(Ts: list[int], s: int, n: int, D: int) -> list[float]:
    """``k(T, s, n, D)`` for each ``T`` in ``Ts`` (Theorem 2(2)); ``M = Omega(eps^-k)`` when ``k > 0``."""
    return [lower_bound_exponent(T, s, n, D) for T in Ts]


# --------------------------------------------------------------------------- pigeonhole on a trained model


def ffn_inputs(model: HeadCountTransformer, X: torch.Tensor) -> torch.Tensor:
    """What the feed-forward block sees, ``c0 + W_O Concat_i head_i`` of eq. (4), ``(B, E)``."""
    if not isinstance(model, HeadCountTransformer) or model.config.depth != 1:
        raise ValueError("model must be a single-layer HeadCountTransformer (depth=1)")
    with torch.no_grad():
        heads, _ = class_token_attention(model.embed(X), model.c0, model.W_Q, model.W_K, model.W_V,
                                         model.config.scale)
        return model.c0 + heads.flatten(1) @ model.W_O.T


def gelu_lipschitz() -> float:
    """``max_x |GELU'(x)| = Phi(sqrt 2) + sqrt 2 phi(sqrt 2) ~ 1.1289`` (exact GELU)."""
    x = math.sqrt(2)
    return 0.5 * (1 + math.erf(x / math.sqrt(2))) + x * math.exp(-x * x / 2) / math.sqrt(2 * math.pi)


def ffn_lipschitz_bound(model: HeadCountTransformer) -> float:
    """An upper bound on the Lipschitz constant (Euclidean) of the model's FFN ``Linear-GELU-Linear``:
    ``|W_2|_2 Lip(GELU) |W_1|_2`` (spectral norms)."""
    if not isinstance(model, HeadCountTransformer):
        raise ValueError(f"model must be a HeadCountTransformer, got {type(model).__name__}")
    first, last = model.ffn[0], model.ffn[2]
    with torch.no_grad():
        s1 = float(torch.linalg.matrix_norm(first.weight.double(), ord=2))
        s2 = float(torch.linalg.matrix_norm(last.weight.double(), ord=2))
    return s2 * gelu_lipschitz() * s1


@dataclass(frozen=True)
class Collision:
    """A near-collision: two sequences whose FFN inputs are ``distance`` apart while their targets differ
    by ``gap``. ``slope = gap / distance`` is the Lipschitz constant an exact FFN would need;
    ``certified_error = max(0, (gap - lipschitz distance) / 2)`` is how much the model must miss by on one
    of the two (``lipschitz`` = :func:`ffn_lipschitz_bound`)."""

    X1: torch.Tensor
    X2: torch.Tensor
    y1: float
    y2: float
    pred1: float
    pred2: float
    distance: float
    gap: float
    lipschitz: float
    source: str

    @property
    def slope(self) -> float:
        """``gap / distance``."""
        return self.gap / self.distance if self.distance > 0 else math.inf

    @property
    def certified_error(self) -> float:
        """A lower bound on ``max(|pred1 - y1|, |pred2 - y2|)`` that holds for this model."""
        return max(0.0, (self.gap - self.lipschitz * self.distance) / 2)

    @property
    def actual_error(self) -> float:
        """``max(|pred1 - y1|, |pred2 - y2|)``."""
        return max(abs(self.pred1 - self.y1), abs(self.pred2 - self.y2))

    def certifies(self, eps: float) -> bool:
        """The proof's situation, found on a model: targets at least ``3 eps`` apart (step 9), FFN inputs so
        close that the model must miss one of the two (certified error > 0), and the model's actual error
        at least that large (the certificate is a true lower bound, up to float rounding)."""
        eps = check_positive("eps", eps)
        return (self.gap >= 3 * eps and self.certified_error > 0
                and self.actual_error >= self.certified_error - 1e-6)


def near_collisions(model: HeadCountTransformer, task: RetrievalTask, n: int = 1000, min_gap: float = 0.1,
                    variants: int = 4, seed: int = 0, top: int = 3) -> list[Collision]:
    """Search for pairs with nearly equal FFN inputs but targets ``min_gap`` or more apart (Claim 2.1).

    Candidates: ``n`` sequences from the task (all pairs), and for each of them ``variants`` copies in
    which the position the heads attend to **least** (smallest total weight over heads) gets a fresh
    token: the proof's "free positions" that no head watches. Pairs are ranked by ``gap / distance``
    (largest first); the ``top`` best are returned, distinct in their first sequence.
    """
    if not isinstance(task, RetrievalTask):
        raise ValueError(f"task must be a RetrievalTask, got {type(task).__name__}")
    if task.T != model.config.T or task.d != model.config.d:
        raise ValueError(f"task (T={task.T}, d={task.d}) does not match the model (T={model.config.T}, "
                         f"d={model.config.d})")
    n, variants, top = check_int("n", n, 2), check_int("variants", variants, 0), check_int("top", top)
    min_gap = check_positive("min_gap", min_gap)
    g = torch.Generator().manual_seed(check_int("seed", seed, 0))
    X = task.inputs(n, task.T, task.d, g).float()
    y = task.target(X)
    was_training = model.training
    model.eval()
    u = ffn_inputs(model, X).double()
    lip = ffn_lipschitz_bound(model)
    found: list[tuple[float, int, torch.Tensor, torch.Tensor, str]] = []
    # (a) all pairs of sampled sequences
    dist = torch.cdist(u, u)
    gap = (y.double().unsqueeze(0) - y.double().unsqueeze(1)).abs()
    ok = (gap >= min_gap) & (dist > 0)
    slope = torch.where(ok, gap / dist.clamp_min(1e-300), torch.zeros_like(dist))
    best = slope.max(dim=1)
    for i in range(n):
        if best.values[i] > 0:
            j = int(best.indices[i])
            found.append((float(best.values[i]), i, X[i], X[j], "sampled pair"))
    # (b) perturb the least-attended position
    if variants:
        with torch.no_grad():
            weights = model.attention(X).sum(dim=1)  # (n, T), total weight over heads
        least = weights.argmin(dim=1)
        for v in range(variants):
            Xv = X.clone()
            fresh = task.inputs(n, 1, task.d, g).float()[:, 0]
            Xv[torch.arange(n), least] = fresh
            yv = task.target(Xv)
            uv = ffn_inputs(model, Xv).double()
            dv = (uv - u).norm(dim=1)
            gv = (yv.double() - y.double()).abs()
            for i in torch.nonzero((gv >= min_gap) & (dv > 0)).flatten().tolist():
                found.append((float(gv[i] / dv[i]), i, X[i], Xv[i], "least-attended token replaced"))
    model.train(was_training)
    found.sort(key=lambda f: -f[0])
    out: list[Collision] = []
    used: set[int] = set()
    for _, i, X1, X2, source in found:
        if i in used:
            continue
        used.add(i)
        pair = torch.stack([X1, X2])
        with torch.no_grad():
            pred = model(pair).double()
            up = ffn_inputs(model, pair).double()
        yt = task.target(pair).double()
        out.append(Collision(X1=X1, X2=X2, y1=float(yt[0]), y2=float(yt[1]), pred1=float(pred[0]),
                             pred2=float(pred[1]), distance=float((up[0] - up[1]).norm()),
                             gap=float((yt[0] - yt[1]).abs()), lipschitz=lip, source=source))
        if len(out) == top:
            break
    return out


def attended_positions(model: HeadCountTransformer, X: torch.Tensor, top: int = 3) -> list[list[int]]:
    """The ``top`` positions (1-based) with the largest total attention weight over heads, per sequence of
    ``X (B, T, d)``: where the heads look, to set beside what the FFN receives (:func:`ffn_inputs`)."""
    weights = model.attention(X).sum(dim=1)  # (B, T)
    top = check_int("top", top, 1, weights.shape[1])
    return [[int(t) + 1 for t in row] for row in weights.topk(top, dim=1).indices]


# --------------------------------------------------------------------------- Lemma 4


def two_layer_slope_bound(U: torch.Tensor, V: torch.Tensor) -> float:
    """Lemma 4's bound on ``|F(x) - F(y)| / |x - y|`` for ``F = V sigma(U x + b) + c`` with 1-Lipschitz
    ``sigma`` and one output: ``sum_r |V_r| |u_r|_2`` (``U (p, n)``, ``V (1, p)`` or ``(p,)``)."""
    U = torch.as_tensor(U).detach().to(torch.float64)
    V = torch.as_tensor(V).detach().to(torch.float64).reshape(-1)
    if U.dim() != 2 or U.shape[0] != V.shape[0]:
        raise ValueError(f"U must be (p, n) and V (p,) with the same p, got {tuple(U.shape)} and {tuple(V.shape)}")
    return float((V.abs() * U.norm(dim=1)).sum())


def lemma4_min_width(A: float, B: float, n: int) -> float:
    """Lemma 4: a two-layer net with entries bounded by 1 and a 1-Lipschitz activation that moves by ``B``
    over a distance ``A`` in ``R^n`` has width ``p >= B / (A sqrt(n))``."""
    A, B, n = check_positive("A", A), check_positive("B", B), check_int("n", n)
    return B / (A * math.sqrt(n))


def bounded_two_layer_net(n: int, p: int, seed: int = 0, activation: str = "relu") -> nn.Sequential:
    """A random ``R^n -> R`` two-layer net of width ``p`` with every weight and bias uniform in ``[-1, 1]``
    (Assumption 1.3), ``activation`` ``'relu'`` or ``'tanh'`` (both 1-Lipschitz). float64."""
    n, p = check_int("n", n), check_int("p", p)
    acts = {"relu": nn.ReLU, "tanh": nn.Tanh}
    if activation not in acts:
        raise ValueError(f"activation must be one of {tuple(acts)}, got {activation!r}")
    g = torch.Generator().manual_seed(check_int("seed", seed, 0))
    net = nn.Sequential(nn.Linear(n, p, dtype=torch.float64), acts[activation](),
                        nn.Linear(p, 1, dtype=torch.float64))
    with torch.no_grad():
        for prm in net.parameters():
            prm.copy_(2 * torch.rand(prm.shape, generator=g, dtype=torch.float64) - 1)
    return net


def empirical_slope(net: nn.Sequential, samples: int = 2000, seed: int = 0, radius: float = 1.0) -> float:
    """The largest gradient norm of ``net`` at ``samples`` random points of ``[-radius, radius]^n``
    (a lower estimate of its Lipschitz constant; Lemma 4's bound is an upper one)."""
    first = net[0]
    if not isinstance(first, nn.Linear):
        raise ValueError("net must start with an nn.Linear layer")
    g = torch.Generator().manual_seed(check_int("seed", seed, 0))
    radius = check_positive("radius", radius)
    x = (2 * torch.rand(check_int("samples", samples), first.in_features, generator=g, dtype=torch.float64) - 1)
    x = (radius * x).requires_grad_(True)
    (grad,) = torch.autograd.grad(net(x).sum(), x)
    return float(grad.norm(dim=1).max())
