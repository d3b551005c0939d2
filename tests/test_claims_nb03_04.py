"""The named predicates behind notebooks 03 and 04 hold on the notebooks' inputs and fail on mutated ones.

Each test gives ``claims.check`` the input the notebook uses (loaded sweeps, constructions, found collisions),
then inputs with the claim's premise broken: head counts swapped in a loaded table, lengths or embeddings
reversed, weights unbounded, a construction corrupted.
"""
from __future__ import annotations

import dataclasses

import pytest
import torch
from claim_cases import Inputs, holds_then_fails

import headcount as hc
from headcount.experiments import bottleneck, scaling
from headcount.experiments import memorization as mem
from headcount.experiments.bottleneck import Collision
from headcount.tasks import max_min_task, smooth_task
from headcount.training.sweep import summarize


def _table(name: str, x: str) -> dict[tuple[int, int, int], float]:
    return {(s["heads"], s["T"], s[x]): s["min"] for s in summarize(hc.results(name), by=("heads", "T", x))}


def _swap_heads(table: dict, a: int, b: int) -> dict:
    swap = {a: b, b: a}
    return {(swap.get(k[0], k[0]), *k[1:]): v for k, v in table.items()}


# --------------------------------------------------------------------------- notebook 03

def test_thm22_silent_fails_where_the_bound_speaks():
    holds_then_fails("thm2.2-silent", Inputs(3, 8, 4),
                     Inputs(3, 2, 4),    # small heads: k > 0 from T = 65
                     Inputs(1, 8, 4))    # one head: k > 0 from T = 57


def _collision(distance: float, gap: float, pred_gap: float, lipschitz: float = 1.5) -> Collision:
    X = torch.zeros(4, 1)
    y1, y2 = 0.5, 0.5 + gap
    return Collision(X, X, y1, y2, 0.5 + gap / 2 - pred_gap / 2, 0.5 + gap / 2 + pred_gap / 2, distance, gap,
                     lipschitz, "test")


def test_collision_certificate_fails_without_the_proofs_situation():
    eps = 0.05
    real = _collision(3e-5, 0.21, 0.0)                        # the found pair: FFN inputs 3e-5 apart
    two = _collision(0.35, 0.154, 0.14, lipschitz=1.1)
    holds_then_fails("thm2.2-collision", Inputs(real, two, eps),
                     Inputs(_collision(3e-5, 0.10, 0.0), two, eps),    # targets closer than 3 eps
                     Inputs(_collision(0.2, 0.21, 0.0), two, eps),     # inputs far apart: L A > B, no certificate
                     Inputs(_collision(3e-5, 0.21, 0.21), two, eps),   # a model that fits both
                     Inputs(real, _collision(3e-5, 0.21, 0.0), eps))   # two heads with as steep a pair


def test_lemma4_chain_fails_for_unbounded_weights():
    net = bottleneck.bounded_two_layer_net(8, 32, seed=32)
    big = bottleneck.bounded_two_layer_net(8, 32, seed=32)
    with torch.no_grad():
        for prm in big.parameters():
            prm.mul_(3)                                       # entries up to 3: Assumption 1.3 broken
    holds_then_fails("lem4", Inputs(net, samples=500), Inputs(big, samples=500))


@pytest.fixture(scope="module")
def fig1b():
    rows = hc.results("fig1b_width")
    table = {(s["heads"], s["T"], s["width"]): s["min"] for s in summarize(rows, by=("heads", "T", "width"))}
    fits = scaling.fit_by_group(rows)
    heads, T_list = sorted({k[0] for k in table}), sorted({k[1] for k in table})
    return table, fits, heads, T_list, sorted({k[2] for k in table}), rows[0]["D"]


def _relabel(table: dict, fits: dict, f) -> tuple[dict, dict]:  # noqa: ANN001 - f maps a key tuple to a key tuple
    return {f(k): v for k, v in table.items()}, {f(k): v for k, v in fits.items()}


def test_fig1b_fails_when_head_counts_or_lengths_swap(fig1b):
    table, fits, heads, T_list, widths, D = fig1b
    found = scaling.fig1b_claims(*fig1b)
    assert len(found) == 5 and all(found.values()), found
    one = {D: D - 1, D - 1: D}
    low = {D: min(heads), min(heads): D}
    rev = dict(zip(T_list, reversed(T_list)))
    mutations = [_relabel(table, fits, lambda k: (one.get(k[0], k[0]), *k[1:])),
                 _relabel(table, fits, lambda k: (low.get(k[0], k[0]), *k[1:])),
                 _relabel(table, fits, lambda k: (k[0], rev[k[1]], *k[2:]))]
    holds_then_fails("fig1b", Inputs(*fig1b), *(Inputs(t, f, heads, T_list, widths, D) for t, f in mutations))
    t, f = mutations[2]   # reversed lengths break exactly the width-growth predicate among the h_min ones
    assert not scaling.fig1b_claims(t, f, heads, T_list, widths, D)[
        f"h = {min(heads)}: longer sequences need a wider MLP for the same error"]


# --------------------------------------------------------------------------- notebook 04

def test_thm23_construction_fails_when_the_construction_is_broken(monkeypatch):
    tiny = smooth_task(3, D=2, d=2)
    X, _ = tiny.sample(1, 0)
    lossy_model = mem.theorem2_memorize(tiny, eps=0.1)
    lossy_model.W_V *= 0.9                                    # W_V no longer the identity: the sequence is lost
    holds_then_fails("thm2.3/stores", Inputs(mem.theorem2_memorize(tiny, eps=0.1), X), Inputs(lossy_model, X))

    task = max_min_task(16)
    r = mem.memorization_error(task, 0.05, samples=200, seed=0)
    build = mem.theorem2_memorize

    def lossy(task, eps):  # noqa: ANN001, ANN202
        model = build(task, eps)
        model.W_V *= 0.9
        return model

    def coarse(task, eps):  # noqa: ANN001, ANN202 - Lemma 9's second layer off by one level
        model = build(task, eps)
        with torch.no_grad():
            for net in model.min_nets:
                net.layer2.bias[: net.n] -= 1 / net.n
        return model

    monkeypatch.setattr(mem, "theorem2_memorize", lossy)
    r_lossy = mem.memorization_error(task, 0.05, samples=200, seed=0)
    monkeypatch.setattr(mem, "theorem2_memorize", coarse)
    r_coarse = mem.memorization_error(smooth_task(16, D=3, d=2), 0.05, samples=200, seed=0)
    holds_then_fails("thm2.3", Inputs(r), Inputs(r_lossy), Inputs(r_coarse),
                     Inputs(dataclasses.replace(r, attention_max_dev=1e-3)))


def test_lemma9_fails_on_the_wrong_bound():
    T, eps = 16, 0.1
    n = mem.lemma9_n(eps)
    err = mem.lemma9_error(T, eps, samples=2000, seed=0)
    holds_then_fails("lem9", Inputs(err, eps), Inputs(err, eps / 3),     # a finer resolution than the net has
                     Inputs(mem.lemma9_error(T, eps, samples=2000, seed=0, kind="min") + 2 / n, eps))
    holds_then_fails("lem9-sharp", Inputs(err, T, eps), Inputs(err, T, eps / 1.5),   # a finer net's sharp bound
                     Inputs(err / 2, T, eps))                                          # far from the bound
    Ts, inv = [2, 4, 8, 16, 32, 64, 128], [5, 10, 20, 50, 100, 200]
    size_T = [mem.lemma9_widths(T, 0.01)["nonzero_params"] for T in Ts]
    size_eps = [mem.lemma9_widths(32, 1 / k)["nonzero_params"] for k in inv]
    holds_then_fails("lem9/linear", Inputs(Ts, size_T, inv, size_eps),
                     Inputs(Ts, [s * s for s in size_T], inv, size_eps), Inputs(Ts, size_T, inv, [1] * len(inv)))


def test_lemma8_fails_for_an_unmerged_or_wrong_network():
    T, eps = 8, 0.1
    task = max_min_task(T)
    X, _ = task.sample(300, 0)
    staged = mem.theorem2_memorize(task, eps)
    unmerged = list(mem.max_min_ffn(T, eps))
    identity = torch.nn.Linear(2 * T, 2 * T, dtype=torch.float64)
    with torch.no_grad():
        identity.weight.copy_(torch.eye(2 * T)), identity.bias.zero_()
    six = torch.nn.Sequential(*unmerged[:2], identity, torch.nn.ReLU(), *unmerged[2:])   # F1's output kept
    wrong = mem.max_min_ffn(T, eps)
    with torch.no_grad():
        wrong[2].bias += 0.01
    holds_then_fails("lem8", Inputs(mem.max_min_ffn(T, eps), staged, X), Inputs(six, staged, X),
                     Inputs(wrong, staged, X))
    dense = mem.max_min_ffn(T, eps)
    with torch.no_grad():
        dense[2].weight += 1e-3                                # a dense merged layer
    holds_then_fails("thm2.3-rate/merged", Inputs(mem.max_min_ffn(T, eps), T, eps), Inputs(dense, T, eps))


def test_accounting_tells_the_papers_remark_from_our_reading():
    epss = [0.02, 0.01, 0.005, 0.002]
    acc = {e: mem.memorization_accounting(16, 4, 4, e, gamma=2.0) for e in epss}
    acc3 = {e: mem.memorization_accounting(16, 4, 4, e, gamma=3.0) for e in epss}
    holds_then_fails("thm2.3-rate", Inputs(acc, 2.0), Inputs(acc, 3.0), Inputs(acc3, 2.0))
    by_T = {T: mem.memorization_accounting(T, 4, 4, 0.01, gamma=2.0) for T in (8, 32, 128)}
    positional = {T: mem.memorization_accounting(T, 4, 4, 0.01, gamma=2.0) for T in (8, 32, 128)}
    for T, a in positional.items():   # a D-head count that grew with T
        positional[T] = {**a, "heads": {**a["heads"], "M": a["heads"]["M"] + T}}
    holds_then_fails("thm2.3-rate/embedding", Inputs(by_T, 4), Inputs(by_T, 2), Inputs(positional, 4))


def test_embedding_sweep_fails_when_mutated():
    table, positional = _table("memorization_embed", "embed_dim"), _table("memorization_embed_onehot", "embed_dim")
    growing = {(h, TT, e): v * e if h == 1 else v for (h, TT, e), v in table.items()}   # one head worse with E
    holds_then_fails("memorization-esweep", Inputs(table, [4, 8], 4, 4, positional),
                     Inputs(_swap_heads(table, 1, 4), [4, 8], 4, 4, positional), Inputs(growing, [4, 8], 4, 4),
                     Inputs(table, [4, 8], 4, 4, {k: v / 1000 for k, v in positional.items()}))
