"""Explicit, untrained transformers from the paper's proofs: Theorem 2(1) (``h = D`` heads) and, at the
end, Theorem 2(3) (one head memorizes the sequence; :func:`theorem2_memorize`, with Lemma 9's
:class:`MaxNet`; :mod:`headcount.experiments.memorization` measures and counts them).

:func:`theorem2_heads` builds the ``h = D``, ``n = 2`` transformer of Theorem 2(1)
(App. A.2.1) for a D-retrieval task, as eq. (4) with written-down weights:

* encoder ``P_phi(x, t) = (f_1(x), r_1(t), ..., f_D(x), r_D(t))`` in ``R^{2D}`` (block ``i`` for
  head ``i``), with the position gate ``r_i(t) = 0`` for ``t in S_i`` and ``-mask`` otherwise
  (the paper's ``mask = 1``);
* class token ``c0`` with a 1 in the second coordinate of every block, ``W_Q,i c0 = (1, 0)``,
  ``W_K,i = [-1  1]`` on block ``i``, ``W_V,i = I_2`` on block ``i``, ``W_O = I``; head ``i``'s logit
  is ``-f_i(x_t) + r_i(t)`` and its first output coordinate is the Gibbs mean
  ``z~_i = sum_t softmax(beta logits)_t f_i(x_t)``;
* ``F(u) = F0(u_1, u_3, ..., u_{2D-1})``: keep each head's first coordinate, apply ``F0``.

:func:`construction_error` and :func:`construction_sweep` measure it; :func:`paper_bound_holds`,
:func:`lower_side_violations` and :func:`error_falls_with_beta` are the claims notebook 02 checks on them;
:func:`beta_table` shows what grows with ``T`` (``beta``, the position gate) and what does not.

**The only error is the softmax's.** The paper uses networks ``Psi_i ~ f_i`` and ``Phi ~ F0``
(error ``delta`` each, Assumption 3); here ``Psi_i = f_i`` and ``Phi = F0`` exactly
(``delta = 0``), so ``z~ - z`` is the Gibbs-mean error that :func:`headcount.theory.gibbs_bound`
bounds, and the output error is at most ``Lip(F0)`` times it.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import torch
from torch import nn

from headcount._checks import check_int, check_positive
from headcount.model import class_token_attention
from headcount.tasks import RetrievalTask, make_task
from headcount.theory import beta_needed, gibbs_bound, gibbs_bound_below, gibbs_entropy_bound, gibbs_near_worst_case


class RetrievalHeadsTransformer(nn.Module):
    """Eq. (4) with the explicit weights of Theorem 2(1): ``h = D`` heads, ``n = 2``.

    Built by :func:`theorem2_heads`; all weights are buffers (nothing is trained). Offers the
    same ``forward``, ``forward_with_attention`` and ``attention`` as
    :class:`headcount.model.HeadCountTransformer`, plus :meth:`retrieve`.
    """

    def __init__(self, task: RetrievalTask, beta: float, mask: float = 1.0,
                 dtype: torch.dtype = torch.float64) -> None:
        super().__init__()
        if not isinstance(task, RetrievalTask):
            raise ValueError(f"task must be a RetrievalTask, got {type(task).__name__}")
        self.task = task
        self.beta = check_positive("beta", beta)
        self.mask = check_positive("mask", mask)
        D, E = task.D, 2 * task.D
        self.heads, self.head_dim = D, 2
        c0 = torch.zeros(E, dtype=dtype)
        c0[1::2] = 1.0
        W_Q = torch.zeros(D, 2, E, dtype=dtype)
        W_K = torch.zeros(D, 2, E, dtype=dtype)
        W_V = torch.zeros(D, 2, E, dtype=dtype)
        for i in range(D):
            W_Q[i, 0, 2 * i + 1] = 1.0          # W_Q,i c0 = (1, 0)
            W_K[i, 0, 2 * i] = -1.0             # W_K,i = [-1  1] on block i
            W_K[i, 0, 2 * i + 1] = 1.0
            W_V[i, 0, 2 * i] = 1.0              # W_V,i = I_2 on block i
            W_V[i, 1, 2 * i + 1] = 1.0
        self.register_buffer("c0", c0)
        self.register_buffer("W_Q", W_Q)
        self.register_buffer("W_K", W_K)
        self.register_buffer("W_V", W_V)
        self.register_buffer("W_O", torch.eye(E, dtype=dtype))
        # r_i(t): 0 on S_i, -mask off it; shape (T, D)
        self.register_buffer("gate", (~task.subsets.T).to(dtype) * -self.mask)

    def embed(self, X: torch.Tensor) -> torch.Tensor:
        """``P_phi(x_t, t) = (f_1(x_t), r_1(t), ..., f_D(x_t), r_D(t))``: ``(B, T, d)`` to ``(B, T, 2D)``."""
        f = self.task.feature_values(X).to(self.c0.dtype)
        tokens = torch.empty(*f.shape[:2], 2 * self.heads, dtype=f.dtype, device=f.device)
        tokens[..., 0::2] = f
        tokens[..., 1::2] = self.gate.to(f.device)
        return tokens

    def forward_with_attention(self, X: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Predictions ``(B,)`` and the per-head attention weights ``(B, D, T)``."""
        heads, weights = self._heads(X)
        u = self.c0 + heads.flatten(1) @ self.W_O.T
        return self.task.outer(u[:, 0::2]), weights

    def _heads(self, X: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return class_token_attention(self.embed(X), self.c0, self.W_Q, self.W_K, self.W_V, self.beta)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        """Predictions ``F0(z~)`` for ``X (B, T, d)``."""
        return self.forward_with_attention(X)[0]

    def attention(self, X: torch.Tensor) -> torch.Tensor:
        """Per-head attention weights ``(B, D, T)``; head ``i`` concentrates on feature ``i``'s minimizer."""
        with torch.no_grad():
            return self._heads(X)[1]

    def retrieve(self, X: torch.Tensor) -> torch.Tensor:
        """The Gibbs means ``z~_i`` (each head's first output coordinate), ``(B, D)``."""
        with torch.no_grad():
            return self._heads(X)[0][..., 0]

    def param_summary(self) -> dict[str, int]:
        """What the construction is made of, and what depends on ``T``.

        ``attention_entries``: nonzero entries of ``c0, W_Q, W_K, W_V, W_O`` (``O(D)``, no ``T``);
        ``gate_entries``: positions ``(i, t)`` with ``t not in S_i`` (the position part of ``P_phi``;
        0 when every ``S_i = [T]``); ``feature_maps``/``outer_maps``: how many ``f_i``/``F0`` the
        encoder/FFN evaluate; with networks in their place (Assumption 3) their size depends on
        the accuracy and on ``d, D`` only, not on ``T``: that is the paper's ``M``.
        """
        nonzero = sum(int((b != 0).sum()) for b in (self.c0, self.W_Q, self.W_K, self.W_V, self.W_O))
        return {"heads": self.heads, "head_dim": self.head_dim, "embed_dim": 2 * self.heads,
                "attention_entries": nonzero, "gate_entries": int((self.gate != 0).sum()),
                "feature_maps": self.heads, "outer_maps": 1}

    def extra_repr(self) -> str:
        return f"task={self.task!r}, heads={self.heads}, head_dim=2, beta={self.beta:g}, mask={self.mask:g}"


def theorem2_heads(task: RetrievalTask, beta: float, mask: float = 1.0,
                   dtype: torch.dtype = torch.float64) -> RetrievalHeadsTransformer:
    """The Theorem 2(1) transformer (``h = D``, ``n = 2``) for ``task``, with softmax scale ``beta``.

    ``mask`` is the depth of the position gate (the paper's 1). The bounds of
    :mod:`headcount.theory` assume features valued in ``[0, 1]`` (``max_min_task``,
    ``smooth_task``) and ``beta >= 1``. float64 by default, so rounding never blurs the bound.
    """
    return RetrievalHeadsTransformer(task, beta, mask=mask, dtype=dtype)


@dataclass(frozen=True)
class ConstructionError:
    """Worst errors of the Theorem 2(1) construction over ``n`` random sequences.

    ``above``: ``max (z~_i - z_i)``; ``below``: ``max (z_i - z~_i)`` (both over sequences and
    features, >= 0 means that side occurred); ``feature``: ``max |z~_i - z_i|``; ``output``:
    ``max |y^ - y|``; ``bound``: :func:`~headcount.theory.gibbs_bound` with the largest ``|S_i|``;
    ``bound_below``: :func:`~headcount.theory.gibbs_bound_below` at the worst sampled ``z_i``;
    ``entropy_bound``: :func:`~headcount.theory.gibbs_entropy_bound` (upper side, our sharper bound).
    """

    T: int
    beta: float
    n: int
    above: float
    below: float
    feature: float
    output: float
    bound: float
    bound_below: float
    entropy_bound: float

    @property
    def within_bound(self) -> bool:
        """Both sides within their proven bounds."""
        tol = 1e-12
        return self.above <= min(self.bound, self.entropy_bound) + tol and self.below <= self.bound_below + tol


def construction_error(task: RetrievalTask, beta: float, n: int = 1000, seed: int = 0,
                       mask: float = 1.0) -> ConstructionError:
    """Measure the construction's worst feature and output error on ``n`` sequences from ``seed``."""
    model = theorem2_heads(task, beta, mask=mask)
    X, y = task.sample(check_int("n", n), seed)
    z, _ = task.retrieve(X)
    z = z.double()
    z_tilde = model.retrieve(X)
    y_hat = model(X)
    diff = z_tilde - z
    sizes = task.subsets.sum(dim=1)
    s = int(sizes.max())
    below = max(gibbs_bound_below(int(sizes[i]), task.T, beta, float(z[:, i].clamp(0, 1).max()), mask)
                for i in range(task.D))
    return ConstructionError(
        T=task.T, beta=float(beta), n=n, above=float(diff.max()), below=float((-diff).max()),
        feature=float(diff.abs().max()), output=float((y_hat - y.double()).abs().max()),
        bound=gibbs_bound(s, task.T, beta) if beta >= 1 else math.inf, bound_below=below,
        entropy_bound=gibbs_entropy_bound(task.T, beta))


def construction_sweep(family: str, Ts: list[int], betas: list[float], n: int = 1000, seed: int = 0,
                       mask: float = 1.0, **task_kwargs: object) -> list[ConstructionError]:
    """:func:`construction_error` for every ``(T, beta)``; the task is ``make_task(family, T, **task_kwargs)``."""
    return [construction_error(make_task(family, T, **task_kwargs), beta, n=n, seed=seed, mask=mask)
            for T in Ts for beta in betas]


def gate_tie_example(T: int = 8, beta: float = 20.0, mask: float = 1.0, high: float = 0.9) -> tuple[float, float]:
    """A sequence on which the Gibbs mean falls *below* the retrieved minimum (see
    :func:`headcount.theory.gibbs_bound_below`).

    Task: ``f(x) = x`` (d = 1, D = 1), ``S = `` the first half of the positions, ``F0(z) = z``.
    Sequence: ``x_t = high`` on ``S`` and ``0`` off it. Off-``S`` logits are ``-0 - mask``, on-``S``
    logits ``-high``: with ``mask = 1`` and ``high`` near 1 they almost tie. Returns
    ``(z, z~)``: the true minimum over ``S`` and the construction's estimate.
    """
    T = check_int("T", T, 2)
    high = float(high)
    if not 0 <= high <= 1:
        raise ValueError(f"high must be in [0, 1], got {high!r}")
    subsets = torch.zeros(1, T, dtype=torch.bool)
    subsets[0, : (T + 1) // 2] = True
    task = RetrievalTask(name="gate_tie", d=1, T=T, D=1, features=lambda X: X, subsets=subsets,
                         outer=lambda z: z[..., 0], inputs=lambda n, T, d, g: torch.rand(n, T, d, generator=g))
    X = torch.where(subsets.T, torch.tensor(high), torch.tensor(0.0)).reshape(1, T, 1)
    model = theorem2_heads(task, beta, mask=mask)
    return float(task.retrieve(X)[0][0, 0]), float(model.retrieve(X)[0, 0])


def paper_bound_holds(rows: list[ConstructionError]) -> bool:
    """The paper's upper side ``z~_i - min_{S_i} a_t <= (|S_i| - 1)/(e beta) + T e^(-beta)`` holds on every row
    (App. A.2.1)."""
    return all(r.above <= r.bound for r in rows)


def lower_side_violations(rows: list[ConstructionError]) -> list[ConstructionError]:
    """Rows on which the Gibbs mean falls *below* ``min_{S_i} a_t`` by more than the paper's bound. The paper
    states ``min_{S_i} a_t <= z~_i``; with ``S_i != [T]`` and the ``{0, -1}`` gate this fails
    (:func:`headcount.theory.gibbs_bound_below`)."""
    return [r for r in rows if r.below > r.bound]


def error_falls_with_beta(rows: list[ConstructionError]) -> bool:
    """For each ``T``, the worst feature error does not grow as ``beta`` grows (rows in increasing ``beta``)."""
    by_T: dict[int, list[ConstructionError]] = {}
    for r in rows:
        by_T.setdefault(r.T, []).append(r)
    for rs in by_T.values():
        errs = [r.feature for r in sorted(rs, key=lambda r: r.beta)]
        if any(a < b for a, b in itertools.pairwise(errs)):
            return False
    return True


@dataclass(frozen=True)
class BetaRow:
    """What the Theorem 2(1) construction needs at length ``T`` for feature error ``eps``.

    ``beta_paper``/``beta_log``: the softmax scale from the paper's bound / from ``log(T)/beta``;
    ``near_worst``: :func:`~headcount.theory.gibbs_near_worst_case` at ``beta_log``; ``attention_entries``
    and ``gate_entries``: :meth:`RetrievalHeadsTransformer.param_summary` of the construction for the task.
    """

    T: int
    beta_paper: float
    beta_log: float
    near_worst: float
    attention_entries: int
    gate_entries: int


def beta_table(family: str, Ts: list[int], eps: float, **task_kwargs: object) -> list[BetaRow]:
    """:class:`BetaRow` for each ``T`` (task ``make_task(family, T, **task_kwargs)``): what grows with ``T``
    in the construction (``beta``, the gate) and what does not (the attention weights)."""
    rows = []
    for T in Ts:
        task = make_task(family, T, **task_kwargs)
        s = int(task.subsets.sum(dim=1).max())
        b_paper, b_log = beta_needed(T, eps, subset_size=s), beta_needed(T, eps, bound="entropy")
        summary = theorem2_heads(task, b_paper).param_summary()
        rows.append(BetaRow(T=T, beta_paper=b_paper, beta_log=b_log, near_worst=gibbs_near_worst_case(T, b_log),
                            attention_entries=summary["attention_entries"], gate_entries=summary["gate_entries"]))
    return rows


# --------------------------------------------------------------------------- Theorem 2(3): one head memorizes

def lemma9_n(eps: float) -> int:
    """Lemma 9's resolution ``n = ceil(1/eps)``, so that the error ``1/n`` is at most ``eps``."""
    eps = check_positive("eps", eps)
    return math.ceil(1 / eps - 1e-12)


class MaxNet(nn.Module):
    """Lemma 9's ReLU network for ``max_t x_t`` on ``[0, 1]^T`` (or ``min``), as three ``nn.Linear`` layers.

    ``layer1``: ``T -> T n`` (unit ``(t, j)`` reads ``x_t`` with bias ``-j/n``); ``layer2``: ``T n -> 2n``
    (``s_j`` and ``s_j - 1/n``); ``layer3``: ``2n -> 1`` (weights ``+1, -1``). ReLU after the first two.
    ``kind='min'`` wraps it as ``1 - max(1 - x)``. Inputs ``(..., T)``, outputs ``(...)``.
    """

    def __init__(self, T: int, n: int, kind: str = "max", dtype: torch.dtype = torch.float64) -> None:
        super().__init__()
        self.T, self.n = check_int("T", T), check_int("n", n)
        if kind not in ("max", "min"):
            raise ValueError(f"kind must be one of ('max', 'min'), got {kind!r}")
        self.kind = kind
        T, n = self.T, self.n
        self.layer1 = nn.Linear(T, T * n, dtype=dtype)
        self.layer2 = nn.Linear(T * n, 2 * n, dtype=dtype)
        self.layer3 = nn.Linear(2 * n, 1, dtype=dtype)
        with torch.no_grad():
            j = torch.arange(n, dtype=dtype)
            self.layer1.weight.copy_(torch.eye(T, dtype=dtype).repeat_interleave(n, dim=0))  # row t*n + j reads x_t
            self.layer1.bias.copy_((-j / n).repeat(T))
            sums = torch.eye(n, dtype=dtype).repeat(1, T)  # s_j = sum_t h1(t, j)
            self.layer2.weight.copy_(torch.cat([sums, sums]))
            self.layer2.bias.copy_(torch.cat([torch.zeros(n, dtype=dtype), torch.full((n,), -1 / n, dtype=dtype)]))
            self.layer3.weight.copy_(torch.cat([torch.ones(n, dtype=dtype), -torch.ones(n, dtype=dtype)]).unsqueeze(0))
            self.layer3.bias.zero_()
        for p in self.parameters():
            p.requires_grad_(False)

    def _max(self, x: torch.Tensor) -> torch.Tensor:
        h1 = torch.relu(self.layer1(x))
        h2 = torch.relu(self.layer2(h1))
        return self.layer3(h2).squeeze(-1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``f^(x) ~ max_t x_t`` (or ``min_t x_t``) for ``x (..., T)`` with entries in ``[0, 1]``."""
        if x.shape[-1] != self.T:
            raise ValueError(f"x must have shape (..., T) = (..., {self.T}), got {tuple(x.shape)}")
        x = x.to(self.layer1.weight.dtype)
        return self._max(x) if self.kind == "max" else 1 - self._max(1 - x)

    def as_sequential(self) -> nn.Sequential:
        """The same network as ``Linear, ReLU, Linear, ReLU, Linear`` (for ``'min'`` the affine maps
        ``x -> 1 - x`` and ``y -> 1 - y`` folded into the first and last layers), as Lemma 8 composes it."""
        dtype, sign = self.layer1.weight.dtype, -1.0 if self.kind == "min" else 1.0
        first, last = nn.Linear(self.T, self.T * self.n, dtype=dtype), nn.Linear(2 * self.n, 1, dtype=dtype)
        with torch.no_grad():
            first.weight.copy_(sign * self.layer1.weight)
            first.bias.copy_(self.layer1.bias + (self.layer1.weight.sum(dim=1) if self.kind == "min" else 0))
            last.weight.copy_(sign * self.layer3.weight)
            last.bias.copy_(1 - self.layer3.bias if self.kind == "min" else self.layer3.bias)
        middle = nn.Linear(self.T * self.n, 2 * self.n, dtype=dtype)
        middle.load_state_dict(self.layer2.state_dict())
        return nn.Sequential(first, nn.ReLU(), middle, nn.ReLU(), last).requires_grad_(False)

    def widths(self) -> tuple[int, int]:
        """Hidden widths ``(T n, 2 n)``; both at most ``2 T n`` (Lemma 9)."""
        return self.T * self.n, 2 * self.n

    def nonzero_params(self) -> int:
        """Nonzero weights and biases as written: ``4 T n - T + 3 n`` (about ``4 T n``)."""
        return sum(int((p != 0).sum()) for p in self.parameters())

    def dense_params(self) -> int:
        """All entries of the three dense layers: ``T^2 n + T n + 2 T n^2 + 2n + 2n + 1``."""
        return sum(p.numel() for p in self.parameters())


def lemma9_max_net(T: int, eps: float, kind: str = "max") -> MaxNet:
    """Lemma 9: a ReLU network with hidden widths ``T n`` and ``2 n``, ``n = ceil(1/eps)``, computing
    ``max`` (or ``min``) of ``T`` inputs in ``[0, 1]`` within ``1/n <= eps``."""
    return MaxNet(check_int("T", T), lemma9_n(eps), kind=kind)


class MemorizationTransformer(nn.Module):
    """Eq. (4) with the explicit weights of Theorem 2(3): one head of dimension ``n = T d``.

    Built by :func:`theorem2_memorize`. ``embed`` is ``e_t (x) x``; :meth:`attend` returns the uniform
    attention weights and the head output ``(x_1, ..., x_T) / T``; the feed-forward block is
    ``F3 o F2 o F1`` with ``F2`` made of Lemma 9 min-networks (one per feature, over ``|S_i|`` inputs).
    """

    def __init__(self, task: RetrievalTask, n: int, dtype: torch.dtype = torch.float64) -> None:
        super().__init__()
        if not isinstance(task, RetrievalTask):
            raise ValueError(f"task must be a RetrievalTask, got {type(task).__name__}")
        self.task, self.n = task, check_int("n", n)
        T, d = task.T, task.d
        self.embed_dim = T * d
        E = self.embed_dim
        self.register_buffer("c0", torch.zeros(E, dtype=dtype))
        self.register_buffer("W_Q", torch.eye(E, dtype=dtype))   # any W_Q: W_Q c0 = 0
        self.register_buffer("W_K", torch.eye(E, dtype=dtype))
        self.register_buffer("W_V", torch.eye(E, dtype=dtype))
        self.register_buffer("W_O", torch.eye(E, dtype=dtype))
        self.min_nets = nn.ModuleList(MaxNet(int(task.subsets[i].sum()), self.n, kind="min", dtype=dtype)
                                      for i in range(task.D))

    def embed(self, X: torch.Tensor) -> torch.Tensor:
        """``P_phi(x_t, t) = e_t (x) x_t``: ``(B, T, d)`` to ``(B, T, T d)``; block ``t`` of token ``t`` holds ``x_t``."""
        X = self.task.check_inputs(X).to(self.c0.dtype)
        B, T, d = X.shape
        eye = torch.eye(T, dtype=X.dtype, device=X.device)
        return (eye.view(1, T, T, 1) * X.view(B, T, 1, d)).reshape(B, T, T * d)

    def attend(self, X: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The head output ``(B, T d)`` and its attention weights ``(B, T)`` (uniform, since ``c0 = 0``)."""
        tokens = self.embed(X)
        logits = tokens @ (self.W_K.T @ (self.W_Q @ self.c0))  # (W_Q c0)^T W_K x_t = 0
        weights = torch.softmax(logits, dim=-1)
        head = torch.einsum("bt,bte->be", weights, tokens) @ self.W_V.T
        return self.c0 + head @ self.W_O.T, weights

    def features(self, X: torch.Tensor) -> torch.Tensor:
        """``F1``: undo the ``1/T`` and apply every ``f_i`` to every block, ``u(t)_i = f_i(x_t)``, ``(B, T, D)``."""
        u, _ = self.attend(X)
        T, d = self.task.T, self.task.d
        tokens = (T * u).view(-1, T, d)
        values = self.task.features(tokens)
        if values.min() < -1e-9 or values.max() > 1 + 1e-9:
            raise ValueError("Theorem 2(3)'s min network needs features in [0, 1]; this task's features leave it "
                             "(use max_min_task or smooth_task)")
        return values.clamp(0, 1)

    def retrieve(self, X: torch.Tensor) -> torch.Tensor:
        """``F2 o F1``: ``z^_i ~ min_{t in S_i} f_i(x_t)`` by Lemma 9, ``(B, D)``."""
        u = self.features(X)
        with torch.no_grad():
            return torch.stack([net(u[:, self.task.subsets[i].to(u.device), i])
                                for i, net in enumerate(self.min_nets)], dim=-1)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        """``F3 o F2 o F1``: predictions ``F0(z^)``, ``(B,)``."""
        return self.task.outer(self.retrieve(X))

    def widths(self) -> dict[str, int]:
        """Sizes of the construction: embedding ``E = T d`` and the widths of ``F2`` (Lemma 9, summed over features)."""
        w1 = sum(net.widths()[0] for net in self.min_nets)
        w2 = sum(net.widths()[1] for net in self.min_nets)
        return {"embed_dim": self.embed_dim, "head_dim": self.embed_dim, "heads": 1, "F2_width1": w1, "F2_width2": w2}


def theorem2_memorize(task: RetrievalTask, eps: float, dtype: torch.dtype = torch.float64) -> MemorizationTransformer:
    """The Theorem 2(3) transformer for ``task`` with Lemma 9 at resolution ``n = ceil(1/eps)``.

    The features must take values in ``[0, 1]`` (``max_min_task``, ``smooth_task``).
    """
    return MemorizationTransformer(task, lemma9_n(eps), dtype=dtype)
