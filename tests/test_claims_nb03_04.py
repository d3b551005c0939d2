"""Notebooks 03 and 04: every claim they check holds on its real input and fails on a mutated one.

Each test feeds a notebook's predicate (the same library function or expression the notebook passes to
``claims.check``) first the input the notebook uses, then an input with the claim's premise broken: head
counts swapped in a loaded table, lengths or embeddings reversed, weights unbounded, a construction
corrupted. A check that still passes on the mutated input could not fail for the right reason.
"""
from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
import torch  # noqa: E402

from headcount import claims  # noqa: E402
from headcount.experiments import bottleneck, scaling  # noqa: E402
from headcount.experiments import memorization as mem  # noqa: E402
from headcount.experiments.bottleneck import Collision  # noqa: E402
from headcount.experiments.datasets import data_dir  # noqa: E402
from headcount.tasks import max_min_task, smooth_task  # noqa: E402
from headcount.theory import lower_bound_exponent  # noqa: E402
from headcount.training.sweep import load_results, summarize  # noqa: E402

RESULTS = data_dir() / "results"


def _table(name: str, x: str) -> dict[tuple[int, int, int], float]:
    rows = load_results(RESULTS / name)
    return {(s["heads"], s["T"], s[x]): s["min"] for s in summarize(rows, by=("heads", "T", x))}


def _swap_heads(table: dict, a: int, b: int) -> dict:
    swap = {a: b, b: a}
    return {(swap.get(k[0], k[0]), *k[1:]): v for k, v in table.items()}


# --------------------------------------------------------------------------- notebook 03


def silent_claim(s: int, n: int, D: int) -> bool:
    """Notebook 03 §1 (thm2.2-silent): the bound is silent up to T = 128 and speaks at T = 1024."""
    return bottleneck.informative_T(s, n, D) - 1 >= 128 and lower_bound_exponent(1024, s, n, D) > 5


def test_thm22_silent_fails_where_the_bound_speaks():
    assert silent_claim(3, 8, 4)
    assert not silent_claim(3, 2, 4)        # small heads: k > 0 from T = 65
    assert not silent_claim(1, 8, 4)        # one head: k > 0 from T = 57
    with pytest.raises(claims.ClaimFailed, match="thm2.2-silent"):
        claims.check("thm2.2-silent", silent_claim(1, 8, 4))


def _collision(distance: float, gap: float, pred_gap: float, lipschitz: float = 1.5) -> Collision:
    X = torch.zeros(4, 1)
    y1, y2 = 0.5, 0.5 + gap
    return Collision(X, X, y1, y2, 0.5 + gap / 2 - pred_gap / 2, 0.5 + gap / 2 + pred_gap / 2, distance, gap,
                     lipschitz, "test")


def test_collision_certificate_fails_without_the_proofs_situation():
    eps = 0.05
    real = _collision(3e-5, 0.21, 0.0)                       # the found pair: FFN inputs 3e-5 apart
    assert real.certifies(eps)
    assert not _collision(3e-5, 0.10, 0.0).certifies(eps)   # targets closer than 3 eps
    assert not _collision(0.2, 0.21, 0.0).certifies(eps)    # inputs far apart: L A > B, no certificate
    assert not _collision(3e-5, 0.21, 0.21).certifies(eps)  # a model that fits both: the certificate would lie
    two = _collision(0.35, 0.154, 0.14, lipschitz=1.1)
    assert real.slope > 3 * two.slope and not two.slope > 3 * real.slope


def lemma4_chain(net: torch.nn.Sequential, n: int, p: int) -> bool:
    """Notebook 03 §3 (lem4): steepest gradient found <= sum_r |V_r||u_r| <= p sqrt(n)."""
    emp = bottleneck.empirical_slope(net, samples=500, seed=0)
    mid = bottleneck.two_layer_slope_bound(net[0].weight, net[2].weight)
    return emp <= mid + 1e-9 <= p * math.sqrt(n) + 1e-9


def test_lemma4_chain_fails_for_unbounded_weights():
    net = bottleneck.bounded_two_layer_net(8, 32, seed=32)
    assert lemma4_chain(net, 8, 32)
    with torch.no_grad():
        for prm in net.parameters():
            prm.mul_(3)                                       # entries up to 3: Assumption 1.3 broken
    assert not lemma4_chain(net, 8, 32)


@pytest.fixture(scope="module")
def fig1b():
    rows = load_results(RESULTS / "fig1b_width.csv")
    table = {(s["heads"], s["T"], s["width"]): s["min"] for s in summarize(rows, by=("heads", "T", "width"))}
    fits = scaling.fit_by_group(rows)
    heads, T_list = sorted({k[0] for k in table}), sorted({k[1] for k in table})
    return table, fits, heads, T_list, sorted({k[2] for k in table}), rows[0]["D"]


def _relabel(table: dict, fits: dict, f) -> tuple[dict, dict]:  # noqa: ANN001 - f maps a key tuple to a key tuple
    return {f(k): v for k, v in table.items()}, {f(k): v for k, v in fits.items()}


def test_fig1b_claims_hold_on_the_committed_sweep(fig1b):
    found = scaling.fig1b_claims(*fig1b)
    assert len(found) == 5 and all(found.values()), found


def test_fig1b_claims_fail_when_h_D_and_h_D_minus_1_swap(fig1b):
    table, fits, heads, T_list, widths, D = fig1b
    swap = {D: D - 1, D - 1: D}
    t, f = _relabel(table, fits, lambda k: (swap.get(k[0], k[0]), *k[1:]))
    found = scaling.fig1b_claims(t, f, heads, T_list, widths, D)
    about_D = [name for name in found if name.startswith("h = D")]
    assert len(about_D) == 3 and not any(found[name] for name in about_D), found


def test_fig1b_claims_fail_when_the_fewest_heads_and_h_D_swap(fig1b):
    table, fits, heads, T_list, widths, D = fig1b
    swap = {D: min(heads), min(heads): D}
    t, f = _relabel(table, fits, lambda k: (swap.get(k[0], k[0]), *k[1:]))
    assert not any(scaling.fig1b_claims(t, f, heads, T_list, widths, D).values())


def test_fig1b_width_growth_fails_when_the_lengths_are_reversed(fig1b):
    table, fits, heads, T_list, widths, D = fig1b
    rev = dict(zip(T_list, reversed(T_list)))
    t, f = _relabel(table, fits, lambda k: (k[0], rev[k[1]], *k[2:]))
    found = scaling.fig1b_claims(t, f, heads, T_list, widths, D)
    assert not found[f"h = {min(heads)}: longer sequences need a wider MLP for the same error"]


# --------------------------------------------------------------------------- notebook 04


def test_thm23_construction_checks_fail_when_the_construction_is_broken(monkeypatch):
    task = max_min_task(16)
    r = mem.memorization_error(task, 0.05, samples=200, seed=0)
    assert r.attention_max_dev == 0 and r.readout < 1e-12 and r.within_bound
    build = mem.theorem2_memorize

    def lossy(task, eps):  # noqa: ANN001, ANN202 - W_V no longer the identity: the head output loses the sequence
        model = build(task, eps)
        model.W_V *= 0.9
        return model

    monkeypatch.setattr(mem, "theorem2_memorize", lossy)
    r = mem.memorization_error(task, 0.05, samples=200, seed=0)
    assert not (r.attention_max_dev == 0 and r.readout < 1e-12)

    def coarse(task, eps):  # noqa: ANN001, ANN202 - Lemma 9's second layer off by one level
        model = build(task, eps)
        with torch.no_grad():
            for net in model.min_nets:
                net.layer2.bias[: net.n] -= 1 / net.n
        return model

    monkeypatch.setattr(mem, "theorem2_memorize", coarse)
    assert not mem.memorization_error(smooth_task(16, D=3, d=2), 0.05, samples=200, seed=0).within_bound


def test_lemma9_checks_fail_on_the_wrong_bound():
    T, eps = 16, 0.1
    n = mem.lemma9_n(eps)
    err = mem.lemma9_error(T, eps, samples=2000, seed=0)
    sharp = mem.lemma9_sharp_bound(T, n)
    assert err <= 1 / n <= eps and err <= sharp and err > 0.9 * sharp
    assert not err <= 1 / (2 * n)                                   # a finer resolution than the net has
    wrong = mem.lemma9_sharp_bound(T, n + 1)                        # the sharp bound of a finer network
    assert not (err <= wrong and err > 0.9 * wrong)
    assert not mem.lemma9_error(T, eps, samples=2000, seed=0, kind="min") > 1 / n


def _exponents(gamma: float) -> dict[str, float]:
    epss = [0.02, 0.01, 0.005, 0.002]
    acc = {e: mem.memorization_accounting(16, 4, 4, e, gamma=gamma) for e in epss}
    fit = lambda route, key: scaling.fit_loglog([1 / e for e in epss], [acc[e][route][key] for e in epss]).slope  # noqa: E731
    return {"D heads": fit("heads", "M"), "net by net": fit("memorize", "M"), "one net": fit("memorize", "M_composed")}


def test_accounting_tells_the_papers_remark_from_our_reading():
    gamma = 2.0
    exps = _exponents(gamma)
    assert abs(exps["D heads"] - gamma) < 0.1
    assert abs(exps["net by net"] - max(1, gamma)) < 0.1 and not abs(exps["net by net"] - (1 + gamma)) < 0.1
    assert abs(exps["one net"] - (1 + gamma)) < 0.1 and not abs(exps["one net"] - max(1, gamma)) < 0.1
    other = _exponents(3.0)                                         # the checks follow gamma, not a constant
    assert not abs(other["D heads"] - gamma) < 0.1


@pytest.fixture(scope="module")
def esweep():
    return _table("memorization_embed.csv", "embed_dim"), _table("memorization_embed_onehot.csv", "embed_dim")


@pytest.mark.parametrize("T", [4, 8])
def test_embedding_claims_hold_on_the_committed_sweeps(esweep, T):
    table, positional = esweep
    found = mem.embedding_claims(table, T, 4, 4, positional=positional)
    assert len(found) == 4 and all(found.values()), found


@pytest.mark.parametrize("T", [4, 8])
def test_embedding_claims_fail_when_mutated(esweep, T):
    table, positional = esweep
    swapped = mem.embedding_claims(_swap_heads(table, 1, 4), T, 4, 4)
    assert sum(not v for v in swapped.values()) == 2                 # the two one-vs-D contrasts
    growing = {(h, TT, e): v * e if h == 1 else v for (h, TT, e), v in table.items()}   # one head worse with E
    found = mem.embedding_claims(growing, T, 4, 4)
    assert not found[f"T={T}: one head improves as E grows to T d = {4 * T} and beyond"]
    at_D_level = {k: v / 1000 for k, v in positional.items()}       # positions would unlock D-head quality
    found = mem.embedding_claims(table, T, 4, 4, positional=at_D_level)
    assert sum(not v for v in found.values()) == 1


def lem8_claim(ffn: torch.nn.Sequential, T: int, eps: float) -> bool:
    """Notebook 04 §3 (lem8): one 5-layer net that computes the three-stage construction's output."""
    task = max_min_task(T)
    X, _ = task.sample(300, 0)
    staged = mem.theorem2_memorize(task, eps)
    layers = [m for m in ffn if isinstance(m, torch.nn.Linear)]
    return len(layers) == 5 and float((ffn(staged.attend(X)[0]).squeeze(-1) - staged(X)).abs().max()) < 1e-9


def test_lemma8_check_fails_for_an_unmerged_or_wrong_network():
    T, eps = 8, 0.1
    assert lem8_claim(mem.max_min_ffn(T, eps), T, eps)
    unmerged = list(mem.max_min_ffn(T, eps))
    identity = torch.nn.Linear(2 * T, 2 * T, dtype=torch.float64)
    with torch.no_grad():
        identity.weight.copy_(torch.eye(2 * T)), identity.bias.zero_()
    six = torch.nn.Sequential(*unmerged[:2], identity, torch.nn.ReLU(), *unmerged[2:])   # F1's output kept as a layer
    assert not lem8_claim(six, T, eps)
    wrong = mem.max_min_ffn(T, eps)
    with torch.no_grad():
        wrong[2].bias += 0.01
    assert not lem8_claim(wrong, T, eps)
