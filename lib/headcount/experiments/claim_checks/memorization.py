"""Predicates of notebook 04: Theorem 2(3)'s one-head construction, Lemmas 8 and 9, the parameter rates and the
trained embedding sweep."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import torch
from torch import nn

from headcount.claims import predicate
from headcount.experiments import memorization as mem
from headcount.experiments.claim_checks.lower_bound import _failed
from headcount.experiments.scaling import fit_loglog

TOL = 1e-12   # float64 rounding
Accounting = Mapping[float, Mapping[str, Mapping[str, Any]]]   # {eps: memorization_accounting(...)}

#: The routes whose parameter counts notebook 04 fits against 1/eps: name -> (route, key).
ROUTES = {"D heads": ("heads", "M"), "net by net": ("memorize", "M"), "one net": ("memorize", "M_composed"),
          "dense": ("memorize", "M_dense")}


def accounting_exponents(acc: Accounting) -> dict[str, float]:
    """The fitted exponent of 1/eps of each route's parameter count (:data:`ROUTES`), from ``acc[eps]``."""
    epss = sorted(acc)
    return {name: fit_loglog([1 / e for e in epss], [acc[e][route][key] for e in epss]).slope
            for name, (route, key) in ROUTES.items()}


@predicate("thm2.3/stores")
def head_stores_sequence(model: mem.MemorizationTransformer, X: torch.Tensor) -> tuple[bool, str]:
    """The one head's output times T is the whole sequence x_1, ..., x_T (torch.allclose)."""
    head, _ = model.attend(X)
    stored, want = X.shape[1] * head, X.double().flatten(1)
    return torch.allclose(stored, want), f"max |T u - x| = {float((stored - want).abs().max()):.1e}"


@predicate("thm2.3")
def construction_error(r: mem.MemorizationError) -> tuple[bool, str]:
    """Uniform attention carries the sequence (attention exactly 1/T, readout error below 1e-12) and the
    construction stays within Lemma 9's bounds 1/n (features) and L/n (output)."""
    return r.attention_max_dev == 0 and r.readout < TOL and r.within_bound, \
        f"attention dev {r.attention_max_dev:.1e}, readout {r.readout:.1e}, within bound {r.within_bound}"


@predicate("lem9")
def lemma9_bound(err: float, eps: float) -> tuple[bool, str]:
    """Lemma 9's max-net is within 1/n <= eps of the maximum (n = lemma9_n(eps))."""
    n = mem.lemma9_n(eps)
    return err <= 1 / n + TOL <= eps + TOL, f"error {err:.4g}, 1/n = {1 / n:.4g}, eps = {eps}"


@predicate("lem9-sharp")
def lemma9_sharp(err: float, T: int, eps: float) -> tuple[bool, str]:
    """The sharp bound (1 - 1/T)/n holds and is nearly reached: the error is within 10% of it (T > 1)."""
    sharp = mem.lemma9_sharp_bound(T, mem.lemma9_n(eps))
    return err <= sharp + TOL and (T == 1 or err > 0.9 * sharp), f"error {err:.4g}, sharp bound {sharp:.4g}"


@predicate("lem9/linear")
def lemma9_size_linear(Ts: Sequence[float], size_T: Sequence[float], inv_eps: Sequence[float],
                       size_eps: Sequence[float]) -> tuple[bool, str]:
    """Lemma 9's net size is about linear in T and in 1/eps: both log-log slopes within 0.1 of 1."""
    slope_T, slope_eps = fit_loglog(Ts, size_T).slope, fit_loglog(inv_eps, size_eps).slope
    return abs(slope_T - 1) < 0.1 and abs(slope_eps - 1) < 0.1, f"slopes {slope_T:.3f} in T, {slope_eps:.3f} in 1/eps"


@predicate("lem8")
def one_composed_net(ffn: nn.Sequential, staged: mem.MemorizationTransformer, X: torch.Tensor) -> tuple[bool, str]:
    """Lemma 8: the three stages (2, 3 and 2 layers) compose into one 5-layer net with the same output (to 1e-9)."""
    layers = [m for m in ffn if isinstance(m, nn.Linear)]
    with torch.no_grad():
        gap = float((ffn(staged.attend(X)[0]).squeeze(-1) - staged(X)).abs().max())
    return len(layers) == 5 and gap < 1e-9, f"{len(layers)} layers, max |one net - stages| = {gap:.1e}"


@predicate("thm2.3-rate/merged")
def merged_layer_entries(ffn: nn.Sequential, T: int, eps: float) -> tuple[bool, str]:
    """The merged F1 -> F2 layer of max + min's one-net FFN has 2 T n nonzero weights (T D n W with D = 2, W = 1)."""
    layers = [m for m in ffn if isinstance(m, nn.Linear)]
    nonzero, want = int((layers[1].weight != 0).sum()), 2 * T * mem.lemma9_n(eps)
    return nonzero == want, f"{nonzero} nonzero, 2 T n = {want}"


@predicate("thm2.3-rate")
def parameter_rates(acc: Accounting, gamma: float) -> tuple[bool, str]:
    """Parameter counts against 1/eps, each exponent within 0.1: D heads eps^-gamma, one head net by net
    eps^-max(1, gamma), one head with one 5-layer net eps^-(1 + gamma)."""
    exps = accounting_exponents(acc)
    parts = {"D heads": abs(exps["D heads"] - gamma) < 0.1, "net by net": abs(exps["net by net"] - max(1, gamma)) < 0.1,
             "one net": abs(exps["one net"] - (1 + gamma)) < 0.1}
    return all(parts.values()), ", ".join(f"{k} {exps[k]:.2f}" for k in parts)


@predicate("thm2.3-rate/embedding")
def embedding_grows_with_T(by_T: Mapping[int, Mapping[str, Mapping[str, Any]]], d: int) -> tuple[bool, str]:
    """One head needs E = T d (growing with T); the D-head parameter count is the same at every T."""
    grows = all(a["memorize"]["E"] == T * d for T, a in by_T.items())
    counts = {a["heads"]["M"] for a in by_T.values()}
    return grows and len(counts) == 1, f"E = T d: {grows}; D-head counts {sorted(counts)}"


@predicate("memorization-esweep")
def embedding_sweep(table: dict, Ts: Sequence[int], D: int, d: int, positional: dict | None = None) -> tuple[bool, str]:
    """At every T: one head improves as E grows to T d, D heads beat it at every E and, at a small E, beat it at
    any E; with one-hot positions one head still stays 10x above D heads
    (:func:`headcount.experiments.memorization.embedding_claims`)."""
    parts = {k: v for T in Ts for k, v in mem.embedding_claims(table, T, D, d, positional=positional).items()}
    return all(parts.values()), _failed(parts)
