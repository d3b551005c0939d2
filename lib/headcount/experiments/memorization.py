"""Single-head memorization: Theorem 2(3) (App. A.3 of arXiv 2510.06662), Lemma 9, and the parameter accounting.

The constructions themselves (Lemma 9's :class:`MaxNet`, Theorem 2(3)'s :class:`MemorizationTransformer`)
live beside Theorem 2(1)'s in :mod:`headcount.constructions` and are re-exported here; this module
measures and counts them.

* :class:`MaxNet` / :func:`lemma9_max_net`: the shallow ReLU network of **Lemma 9** that computes
  ``max_t x_t`` on ``[0, 1]^T`` to within ``1/n``, written layer by layer as in the paper:

      h1(t, j) = ReLU(x_t - j/n)                                   j = 0..n-1   (width T n)
      h2(j)    = ReLU(sum_t h1(t, j)) - ReLU(sum_t h1(t, j) - 1/n)               (width 2n)
      f^       = sum_j h2(j)

  ``h2(j) = clip(sum_t h1(t, j), 0, 1/n)``, so ``|f^ - max| <= 1/n``; a minimum is ``1 - max(1 - x)``. In fact
  ``f^ >= max`` and the worst error is exactly ``(1 - 1/T)/n`` (:func:`lemma9_sharp_bound`).
* :class:`MemorizationTransformer` / :func:`theorem2_memorize`: the one-head construction of
  **Theorem 2(3)**: block embedding ``P_phi(x, t) = e_t (x) x`` in ``R^{Td}``, ``c0 = 0`` (all logits 0,
  uniform attention), ``W_V = W_O = I``, so the head outputs ``(x_1, ..., x_T) / T``: the whole
  sequence. The feed-forward block has three stages, ``F1`` (``u(t)_i = f_i(x_t)``), ``F2``
  (``min_{t in S_i}`` by Lemma 9) and ``F3`` (``F0``). As in :mod:`headcount.constructions`, ``F1`` and
  ``F3`` are exact (``delta = 0`` in Assumption 3), so the only error is Lemma 9's:
  ``|y^ - y| <= sup |grad F0|_1 / n``.
* :func:`lemma8_compose`, :func:`max_min_ffn`: **Lemma 8**, the three stages merged into one 5-layer ReLU net
  (exactly, for ``max + min``), whose layers show how the accounting counts.
* :func:`memorization_accounting`: widths and parameter counts of the two routes, Theorem 2(1)
  (``h = D``, ``E = 2D``, ``M ~ eps^-gamma``) and Theorem 2(3) (``h = 1``, ``E = T d``): net by net
  ``~ T eps^-max(1, gamma)`` (the paper's remark), composed into one 5-layer net ``~ T eps^-(1+gamma)``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn

from headcount._checks import check_finite, check_int, check_positive
from headcount.constructions import MaxNet, MemorizationTransformer, lemma9_max_net, lemma9_n, theorem2_memorize
from headcount.tasks import RetrievalTask

__all__ = [
    "MaxNet", "lemma9_max_net", "lemma9_n", "lemma9_widths", "lemma9_error", "lemma9_sharp_bound",
    "MemorizationTransformer", "theorem2_memorize", "memorization_error", "MemorizationError",
    "outer_lipschitz", "lemma8_compose", "max_min_ffn", "memorization_accounting", "embedding_claims",
]


# --------------------------------------------------------------------------- Lemma 9


def lemma9_widths(T: int, eps: float) -> dict[str, int]:
    """Lemma 9's sizes for ``T`` inputs at accuracy ``eps``: ``n``, the two hidden widths, the
    nonzero weights and biases (``4 T n - T + 3 n``, as :meth:`MaxNet.nonzero_params` counts them) and
    the dense count. The width grows like ``T / eps``."""
    T = check_int("T", T)
    n = lemma9_n(eps)
    # closed forms of MaxNet's counts (the j = 0 biases of layer 1 are zero)
    nonzero = (T * n + T * (n - 1)) + (2 * T * n + n) + 2 * n
    dense = (T * T * n + T * n) + (2 * n * T * n + 2 * n) + (2 * n + 1)
    return {"T": T, "n": n, "width1": T * n, "width2": 2 * n, "nonzero_params": nonzero, "dense_params": dense}


def lemma9_sharp_bound(T: int, n: int) -> float:
    """The exact worst error of Lemma 9's network: ``sup |f^ - max| = (1 - 1/T) / n`` (our sharpening).

    With ``c = ceil(n max)`` and ``delta = max - (c-1)/n in (0, 1/n]`` the network gives
    ``f^ = (c-1)/n + clip(s, 0, 1/n)`` where ``delta <= s = sum_t ReLU(x_t - (c-1)/n) <= T delta``. So
    ``f^ >= max`` always, and ``f^ - max <= min(T delta, 1/n) - delta``, largest at ``delta = 1/(n T)``
    (every entry equal to ``(c - 1 + 1/T)/n``). The paper's ``1/n`` is tight up to the factor ``1 - 1/T``.
    """
    T, n = check_int("T", T), check_int("n", n)
    return (1 - 1 / T) / n


def lemma9_error(T: int, eps: float, samples: int = 10_000, seed: int = 0, kind: str = "max") -> float:
    """The largest ``|f^ - max|`` (or ``min``) of :func:`lemma9_max_net` over ``samples`` random inputs.

    Half the inputs are uniform on ``[0, 1]^T``; the other half are near the worst case of
    :func:`lemma9_sharp_bound`: every entry in ``(j/n, (j + 1/T)/n]`` for a random grid point ``j``.
    """
    T, samples = check_int("T", T), check_int("samples", samples, 2)
    net = lemma9_max_net(T, eps, kind=kind)
    g = torch.Generator().manual_seed(check_int("seed", seed, 0))
    x = torch.rand(samples, T, generator=g, dtype=torch.float64)
    half = samples // 2
    n = net.n
    j = torch.randint(0, n, (half, 1), generator=g).to(torch.float64)
    spread = 1 - 0.05 * torch.rand(half, T, generator=g, dtype=torch.float64)
    x[:half] = (j + spread / T) / n
    if kind == "min":
        x[:half] = 1 - x[:half]
    exact = x.max(dim=-1).values if kind == "max" else x.min(dim=-1).values
    return float((net(x) - exact).abs().max())


# --------------------------------------------------------------------------- Theorem 2(3)


def outer_lipschitz(task: RetrievalTask, points: int = 4096, seed: int = 0) -> float:
    """A numerical ``sup |grad F0|_1`` over ``[0, 1]^D`` (random points, autograd): the factor by
    which feature errors (sup norm) turn into output errors."""
    g = torch.Generator().manual_seed(check_int("seed", seed, 0))
    z = torch.rand(check_int("points", points), task.D, generator=g, dtype=torch.float64)
    corners = torch.cartesian_prod(*[torch.tensor([0.0, 1.0], dtype=torch.float64)] * task.D).reshape(-1, task.D)
    z = torch.cat([z, corners]).requires_grad_(True)
    (grad,) = torch.autograd.grad(task.outer(z).sum(), z)
    return float(grad.abs().sum(dim=-1).max())


@dataclass(frozen=True)
class MemorizationError:
    """Worst errors of the Theorem 2(3) construction over ``samples`` random sequences.

    ``attention_max_dev``: ``max |w_t - 1/T|`` (0: uniform); ``readout``: ``max |T u - X|`` (0: the head
    output stores the sequence); ``feature``: ``max |z^_i - z_i|`` (Lemma 9: ``<= 1/n``); ``output``:
    ``max |y^ - y|`` (``<= lipschitz / n``).
    """

    T: int
    n: int
    samples: int
    attention_max_dev: float
    readout: float
    feature: float
    output: float
    lipschitz: float

    @property
    def feature_bound(self) -> float:
        """Lemma 9's bound ``1/n``."""
        return 1 / self.n

    @property
    def output_bound(self) -> float:
        """``sup |grad F0|_1 / n``."""
        return self.lipschitz / self.n

    @property
    def within_bound(self) -> bool:
        """Feature and output errors within their bounds (up to float64 rounding)."""
        tol = 1e-9
        return self.feature <= self.feature_bound + tol and self.output <= self.output_bound + tol


def memorization_error(task: RetrievalTask, eps: float, samples: int = 1000, seed: int = 0) -> MemorizationError:
    """Run :func:`theorem2_memorize` on ``samples`` sequences from ``seed`` and measure each stage's error."""
    model = theorem2_memorize(task, eps)
    X, y = task.sample(check_int("samples", samples), seed)
    check_finite("X", X)
    u, w = model.attend(X)
    T = task.T
    z, _ = task.retrieve(X)
    z_hat = model.retrieve(X)
    y_hat = model(X)
    return MemorizationError(
        T=T, n=model.n, samples=samples,
        attention_max_dev=float((w - 1 / T).abs().max()),
        readout=float((T * u - X.double().reshape(len(X), -1)).abs().max()),
        feature=float((z_hat - z.double()).abs().max()),
        output=float((y_hat - y.double()).abs().max()),
        lipschitz=outer_lipschitz(task))


# --------------------------------------------------------------------------- Lemma 8: one 5-layer network


def lemma8_compose(*nets: nn.Sequential) -> nn.Sequential:
    """Lemma 8: ReLU networks ``Linear, ReLU, ..., Linear`` composed into one. At each junction the last
    ``Linear`` of one net and the first of the next are merged (``W = W_b W_a``, ``b = W_b b_a + b_b``), so the
    depths add up minus one per junction: a 2-, a 3- and a 2-layer net give a 5-layer net."""
    layers: list[nn.Module] = []
    for net in nets:
        mods = list(net)
        if not mods or not isinstance(mods[0], nn.Linear) or not isinstance(mods[-1], nn.Linear):
            raise ValueError("each net must be an nn.Sequential that starts and ends with nn.Linear")
        if layers:
            a, b = layers.pop(), mods.pop(0)
            merged = nn.Linear(a.in_features, b.out_features, dtype=a.weight.dtype)
            with torch.no_grad():
                merged.weight.copy_(b.weight @ a.weight)
                merged.bias.copy_(b.weight @ a.bias + b.bias)
            layers.append(merged)
        layers += mods
    return nn.Sequential(*layers)


def _side_by_side(nets: list[nn.Sequential], columns: list[list[int]], n_in: int) -> nn.Sequential:
    """Nets of one shape run in parallel: net ``k`` reads the input columns ``columns[k]``; block-diagonal layers."""
    layers: list[nn.Module] = []
    for depth, mods in enumerate(zip(*(list(net) for net in nets))):
        if not isinstance(mods[0], nn.Linear):
            layers.append(nn.ReLU())
            continue
        lin = nn.Linear(n_in if depth == 0 else sum(m.in_features for m in mods), sum(m.out_features for m in mods),
                        dtype=torch.float64)
        with torch.no_grad():
            lin.weight.zero_()
            r = c = 0
            for k, m in enumerate(mods):
                cols = columns[k] if depth == 0 else list(range(c, c + m.in_features))
                lin.weight[r:r + m.out_features, cols] = m.weight
                lin.bias[r:r + m.out_features] = m.bias
                r, c = r + m.out_features, c + m.in_features
        layers.append(lin)
    return nn.Sequential(*layers)


def max_min_ffn(T: int, eps: float) -> nn.Sequential:
    """Theorem 2(3)'s feed-forward block for ``max + min`` as **one** 5-layer ReLU network (Lemma 8), acting on
    the head output ``(x_1, ..., x_T) / T``. Here every stage is an exact ReLU net of hidden width ``W = 1`` per
    feature and block: ``F1`` (2 layers) ``u(t) = (ReLU(x_t), ReLU(1 - x_t))``, ``F2`` (3 layers) the two
    Lemma 9 min-networks side by side, ``F3`` (2 layers) ``ReLU(z_1 + 1 - z_2) = F0(z)``."""
    T, n = check_int("T", T), lemma9_n(eps)
    f1 = nn.Sequential(nn.Linear(T, 2 * T, dtype=torch.float64), nn.ReLU(), nn.Linear(2 * T, 2 * T, dtype=torch.float64))
    f3 = nn.Sequential(nn.Linear(2, 1, dtype=torch.float64), nn.ReLU(), nn.Linear(1, 1, dtype=torch.float64))
    with torch.no_grad():  # the head output is x / T: F1 scales back
        f1[0].weight.copy_(T * torch.eye(T).repeat_interleave(2, dim=0) * torch.tensor([1.0, -1.0]).repeat(T)[:, None])
        f1[0].bias.copy_(torch.tensor([0.0, 1.0]).repeat(T))
        f1[2].weight.copy_(torch.eye(2 * T)), f1[2].bias.zero_()
        f3[0].weight.copy_(torch.tensor([[1.0, -1.0]])), f3[0].bias.fill_(1.0), f3[2].weight.fill_(1.0), f3[2].bias.zero_()
    f2 = _side_by_side([MaxNet(T, n, kind="min").as_sequential() for _ in range(2)],
                       [[2 * t + i for t in range(T)] for i in range(2)], 2 * T)
    return lemma8_compose(f1, f2, f3).requires_grad_(False)


# --------------------------------------------------------------------------- parameter accounting


def memorization_accounting(T: int, d: int, D: int, eps: float, gamma: float = 2.0,
                            C: float = 1.0) -> dict[str, dict[str, float]]:
    """Sizes of the two routes to accuracy ``eps`` (Theorem 2(1) vs 2(3), App. A.2.1 and A.3).

    Assumption 3's nets ``Psi_i`` (``d -> W -> 1``) and ``Phi`` (``D -> W -> 1``) have ``W = ceil(C / eps^gamma)``;
    Lemma 9 has ``n = ceil(1/eps)``; every ``S_i = [T]``. Counts are of **nonzero** weights and biases (for the
    dense ``Psi``, ``Phi`` that is their size), except ``M_dense``. Per route:

    * ``'heads'`` (Theorem 2(1), ``h = D``): ``E = 2D``, ``M = D |Psi| + |Phi| ~ eps^-gamma``, independent of ``T``.
    * ``'memorize'`` (Theorem 2(3), ``h = 1``): ``E = T d``; ``F1`` = ``T D`` copies of ``Psi_i``, ``F2`` = ``D``
      Lemma 9 min-nets, ``F3 = Phi``. ``M``: the stages as separate nets, ``~ T eps^-max(1, gamma)`` (the paper's
      remark after Theorem 2, written there as ``1 + gamma``). ``M_composed``: the same weights as **one**
      5-layer net (Lemma 8, :func:`lemma8_compose`), whose merged ``F1 -> F2`` layer has ``T D n W`` nonzero
      entries (each Lemma 9 unit reads one feature of one block, a combination of ``W`` hidden units) and merged
      ``F2 -> F3`` layer ``2 D n W``: ``~ T eps^-(1+gamma)``, the course's reading of ``1 + gamma``, not the
      paper's. ``M_dense``: that net's dense layers (``~ T^2 eps^-(1+gamma)``; :func:`max_min_ffn` checks it).
    """
    T, d, D = check_int("T", T), check_int("d", d), check_int("D", D)
    eps = check_positive("eps", eps)
    gamma = check_positive("gamma", gamma)
    C = check_positive("C", C)
    W = math.ceil(C / eps**gamma)
    n = lemma9_n(eps)
    psi = W * (d + 2) + 1
    phi = W * (D + 2) + 1
    heads = {"E": 2 * D, "heads": D, "M": D * psi + phi}
    lemma9 = lemma9_widths(T, eps)["nonzero_params"]
    m_sum = T * D * psi + D * lemma9 + phi
    composed = [
        T * D * W * (d + 1),            # E = T d -> T D W: each Psi copy reads its block's d coordinates
        T * D * n * (W + 1),            # F1's output merged into Lemma 9's first layer: W weights + a bias per unit
        D * (2 * T * n + n),            # Lemma 9's second layer (2 T n weights, n nonzero biases per feature)
        W * (2 * D * n + 1),            # Lemma 9's output merged into Phi's hidden layer
        W + 1,                          # Phi's output layer
    ]
    widths = [T * d, T * D * W, T * D * n, 2 * D * n, W, 1]
    m_dense = sum(a * b + b for a, b in zip(widths[:-1], widths[1:]))
    memorize = {"E": T * d, "heads": 1, "M": m_sum, "M_composed": sum(composed), "M_dense": m_dense}
    return {"heads": heads, "memorize": memorize}


# --------------------------------------------------------------------------- the E-sweep (notebook 04)


def embedding_claims(table: dict[tuple[int, int, int], float], T: int, D: int, d: int,
                     positional: dict[tuple[int, int, int], float] | None = None) -> dict[str, bool]:
    """What the trained E-sweep shows at length ``T``, as named predicates (all should hold).

    ``table[h, T, E]`` holds the NMSE (min over seeds) of ``h in {1, D}`` heads at total embedding ``E``;
    ``positional`` the same for one head with a one-hot position concatenated to each token (so that its
    encoder can form ``e_t (x) x``, which the position-free model cannot). The predicates compare one head
    with ``D`` heads, so they fail when the two are swapped.
    """
    one = {e: v for (h, TT, e), v in table.items() if h == 1 and TT == T}
    many = {e: v for (h, TT, e), v in table.items() if h == D and TT == T}
    if not one or not many:
        raise ValueError(f"table needs rows for h = 1 and h = D = {D} at T = {T}")
    e_small = min(e for e in many if e >= 2 * D)
    beyond = [v for e, v in one.items() if e >= T * d]
    claims = {
        f"T={T}: one head improves as E grows to T d = {T * d} and beyond": bool(beyond) and min(beyond) < one[min(one)],
        f"T={T}: D heads beat one head at every E": all(many[e] < one[e] for e in one if e in many),
        f"T={T}: D heads at E = {e_small} beat one head at any E": many[e_small] < min(one.values()),
    }
    if positional is not None:
        pos = [v for (h, TT, e), v in positional.items() if h == 1 and TT == T]
        claims[f"T={T}: with positions (e_t (x) x possible) one head still stays 10x above D heads at E = {e_small}"] = \
            bool(pos) and min(pos) > 10 * many[e_small]
    return claims
