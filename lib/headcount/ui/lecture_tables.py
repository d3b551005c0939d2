"""Tables of notebooks 01, 03-07, so that a lecture cell shows a result, not its formatting code.

Each function takes what the notebook computed (or the parameters of a closed-form quantity) and returns a
:class:`headcount.ui.tables.Table`: Theorem 1's primitive count (App. A.1), Theorem 2(2)'s exponent ``k``, the
collisions it predicts and Lemma 4's chain (App. A.3), Fig. 1b's width fits, Theorem 2(3)'s construction with
Lemma 9 and the parameter accounting (App. A.5, B.1.1), the embedding sweep, notebook 05's seed spread, fairness
check and Remark B.1.1, and notebook 06's fits and gains (section 6.2).
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from torch import nn

import headcount.theory as theory
from headcount.experiments import bottleneck
from headcount.experiments import memorization as mem
from headcount.experiments import realdata_analysis as ra
from headcount.experiments import scaling
from headcount.experiments.scaling import LogLogFit, width_label
from headcount.ui.tables import Table, markdown_table

__all__ = ["accounting_table", "assumption2_table", "collision_table", "embedding_by_T_table", "esweep_table",
           "exponent_table", "fairness_table", "fig1b_margins_table", "fits_table", "fit_table", "gains_table", "lemma4_table",
           "lemma9_table", "map_table", "memorization_table", "paper_spread_table", "short_T_table", "subset_count_table",
           "train_val_table",
           "width_needed_table", "width_table"]


def subset_count_table(Ts: Iterable[int], d: int = 1) -> Table:
    """Theorem 1's density proof: how many primitives ``2 d C(T, T/4)`` it uses at each length ``T``."""
    return markdown_table(["T", f"2 d C(T, T/4) with d = {d}"], [[T, f"{theory.subset_minima_count(T, d=d):,}"]
                                                                 for T in Ts])


def assumption2_table(reports: Mapping[str, Any]) -> Table:
    """Assumption 2 per task (:func:`headcount.diagnostics.assumption2_report`): whether it holds and which of
    its four conditions fail."""
    return markdown_table(["task", "holds", "failing conditions"],
                          [[name, r.holds, "; ".join(r.failures()) or "none"]
                           for name, r in reports.items()])


def exponent_table(Ts: Sequence[int], heads: Iterable[int], n: int, D: int) -> Table:
    """Theorem 2(2)'s exponent ``k(T, s, n, D)`` for each head count ``s < D`` and length ``T``, with the first
    ``T`` at which ``k > 0`` (where the bound starts to say something)."""
    return markdown_table(["s", *map(str, Ts), "first T with k > 0"],
                          [[s, *(f"{k:.2f}" for k in bottleneck.exponent_grid(Ts, s, n, D)),
                            bottleneck.informative_T(s, n, D)] for s in heads],
                          caption=f"k(T, s, n = {n}, D = {D})")


def collision_table(found: Mapping[int, Sequence[bottleneck.Collision]]) -> Table:
    """The steepest near-collision found per head count: the FFN's Lipschitz bound ``L``, the pair's distance
    ``A`` and target gap ``B``, the slope ``B/A``, the certified and the actual error."""
    return markdown_table(["h", "FFN Lipschitz bound L", "A", "B", "slope B/A", "certified error", "actual error",
                           "found by"],
                          [[h, f"{c.lipschitz:.2f}", f"{c.distance:.2e}", f"{c.gap:.3f}", f"{c.slope:.1f}",
                            f"{c.certified_error:.3f}", f"{c.actual_error:.3f}", c.source]
                           for h, (c, *_) in found.items()])


def lemma4_table(nets: Iterable[nn.Sequential], samples: int = 2000, seed: int = 0) -> Table:
    """Lemma 4's chain on two-layer nets with weights in [-1, 1]: the steepest gradient found, the bound
    ``sum_r |V_r| |u_r|`` and ``p sqrt(n)``, per hidden width ``p``."""
    rows = []
    for net in nets:
        p, n = net[0].out_features, net[0].in_features
        rows.append([p, f"{bottleneck.empirical_slope(net, samples=samples, seed=seed):.2f}",
                     f"{bottleneck.two_layer_slope_bound(net[0].weight, net[2].weight):.2f}",
                     f"{p * math.sqrt(n):.1f}"])
    return markdown_table(["width p", "max |grad| found", "sum_r |V_r||u_r|", "p sqrt(n)"], rows)


def fit_table(fits: Mapping[tuple[int, int], LogLogFit], targets: Mapping[int, float], widths: Sequence[int]) -> Table:
    """Fig. 1b's log-log fits of NMSE against width per ``(h, T)``: slope, ``R^2``, the head count's target and
    the width ``N*`` at which the fit reaches it."""
    return markdown_table(["h", "T", "slope", "R^2", "target", "width N* for the target"],
                          [[h, T, f"{f.slope:.2f}", f"{f.r2:.2f}", f"{targets[h]:.2e}",
                            width_label(f, targets[h], widths)] for (h, T), f in fits.items()])


def fig1b_margins_table(fits: Mapping[tuple[int, int], LogLogFit], table: Mapping[tuple[int, int, int], float],
                        heads: Sequence[int], T_list: Sequence[int], widths: Sequence[int], D: int) -> Table:
    """Fig. 1b's margins per ``T``: how much flatter the width fit is at ``h = D`` than at the fewest heads, and
    ``NMSE(h = D - 1) / NMSE(h = D)`` (best over widths); the caption gives the level gap (the narrowest ``h = D``
    MLP against every ``h < D`` run)."""
    h_min = min(heads)
    flat = scaling.flatter_than(fits, D, h_min, T_list)
    ratio = scaling.ratio_by_T(scaling.best_over_widths(table, heads, T_list, widths), D - 1, D, T_list)
    level = scaling.level_gap(table, D, [h for h in heads if h < D], T_list, widths)
    return markdown_table(["T", f"slope at h = {D} / slope at h = {h_min} (absolute)",
                           f"NMSE(h = {D - 1}) / NMSE(h = {D})"],
                          [[T, f"{flat[T]:.2f}", f"{ratio[T]:.1f}"] for T in T_list],
                          caption=f"margins; level gap {level:.1f}x")


def memorization_table(errors: Mapping[tuple[str, float], mem.MemorizationError]) -> Table:
    """Theorem 2(3)'s construction per ``(task, eps)``: attention deviation from ``1/T``, readout error, the
    feature error against Lemma 9's ``1/n`` and the output error against ``L/n``."""
    return markdown_table(["task", "T", "eps", "n", "attn dev", "readout", "feature err", "<= 1/n", "output err",
                           "<= L/n"],
                          [[name, r.T, f"{eps:.2f}", r.n, f"{r.attention_max_dev:.1e}", f"{r.readout:.1e}",
                            f"{r.feature:.5f}", f"{r.feature_bound:.4f}", f"{r.output:.5f}", f"{r.output_bound:.4f}"]
                           for (name, eps), r in errors.items()])


def lemma9_table(errors: Mapping[tuple[int, float], float]) -> Table:
    """Lemma 9's max-net per ``(T, eps)``: ``n``, its two widths, the largest error found, the sharp bound
    ``(1 - 1/T)/n`` and ``1/n``."""
    rows = []
    for (T, eps), err in errors.items():
        w = mem.lemma9_widths(T, eps)
        rows.append([T, f"{eps:.2f}", w["n"], w["width1"], w["width2"], f"{err:.5f}",
                     f"{mem.lemma9_sharp_bound(T, w['n']):.5f}", f"{1 / w['n']:.4f}"])
    return markdown_table(["T", "eps", "n", "width1 = Tn", "width2 = 2n", "max error", "(1-1/T)/n", "1/n"], rows)


def accounting_table(acc: Mapping[float, Mapping[str, Mapping[str, Any]]]) -> Table:
    """Parameter counts against ``eps`` (:func:`headcount.experiments.memorization.memorization_accounting`): D
    heads, one head net by net, one head with one composed net (nonzero), and that net dense."""
    return markdown_table(["eps", "M (D heads)", "M (1 head, net by net)", "M (1 head, one net)", "dense"],
                          [[f"{eps:.3f}", f"{a['heads']['M']:,}", f"{a['memorize']['M']:,}",
                            f"{a['memorize']['M_composed']:,}", f"{a['memorize']['M_dense']:,}"]
                           for eps, a in acc.items()])


def embedding_by_T_table(by_T: Mapping[int, Mapping[str, Mapping[str, Any]]]) -> Table:
    """Embedding size ``E`` and parameter count per length ``T``: D heads against one head (one composed net)."""
    return markdown_table(["T", "E (D heads)", "E (1 head)", "M (D heads)", "M (1 head, one net)"],
                          [[T, a["heads"]["E"], a["memorize"]["E"], f"{a['heads']['M']:,}",
                            f"{a['memorize']['M_composed']:,}"] for T, a in by_T.items()])


def esweep_table(table: Mapping[tuple[int, int, int], float], positional: Mapping[tuple[int, int, int], float],
                 Ts: Sequence[int], Es: Sequence[int], D: int, d: int) -> Table:
    """The trained embedding sweep (min NMSE over seeds) per ``T`` and total embedding ``E``: one head, one head
    with one-hot positions, and ``D`` heads."""
    rows = []
    for T in Ts:
        for label, tab, h in (("h = 1", table, 1), ("h = 1, one-hot t", positional, 1), (f"h = {D}", table, D)):
            rows.append([f"{T} (T d = {T * d})", label, *(f"{tab[h, T, e]:.2e}" if (h, T, e) in tab else "-"
                                                          for e in Es)])
    return markdown_table(["T", "model", *(f"E={e}" for e in Es)], rows)


def fits_table(fits: Mapping[str, Mapping[str, float]], title: str) -> Table:
    """Fits of ``-log Err = beta + alpha ... h / T^delta`` (:func:`headcount.experiments.realdata.error_model_fit`),
    one row per label: ``delta``, ``alpha``, ``beta`` and the mean absolute log error."""
    return markdown_table([title, "delta", "alpha", "beta", "mean |log error|"],
                          [[k, f"{f['delta']:.2f}", f"{f['alpha']:.2f}", f"{f['beta']:.2f}", f"{f['mae']:.3f}"]
                           for k, f in fits.items()])


def gains_table(curves: Mapping[int, Mapping[int, float]], spread: Mapping[int, float]) -> Table:
    """Per ``D``: the accuracy gained by each doubling of ``h``, where the largest gain is, the largest seed std
    and the total gain from the fewest to the most heads."""
    Hs = sorted(next(iter(curves.values())))
    return markdown_table(["D", *(f"gain to h={h}" for h in Hs[1:]), "largest at h", "largest seed std",
                           f"gain h={Hs[0]} -> {Hs[-1]}"],
                          [[D, *(f"{g:+.3f}" for g in ra.gains(c).values()), ra.largest_gain(c), f"{spread[D]:.3f}",
                            f"{c[Hs[-1]] - c[Hs[0]]:+.3f}"] for D, c in curves.items()])


Summary = Mapping[tuple, Mapping[str, float]]   # realdata.summarize_rows output


def train_val_table(columns: Mapping[str, tuple[Summary, Summary, tuple]], heads: Sequence[int]) -> Table:
    """Mean training and validation accuracy per ``h`` for each label's ``(train, val, prefix)``: summaries keyed
    by ``(*prefix, h)`` ("-" where a summary has no such cell)."""
    def cell(summary: Summary, key: tuple) -> str:
        return f"{summary[key]['mean']:.3f}" if key in summary else "-"
    return markdown_table(["h", *(f"{label}: {part}" for label in columns for part in ("train", "validation"))],
                          [[h, *(cell(s, (*prefix, h)) for train, val, prefix in columns.values()
                                 for s in (train, val))] for h in heads])


def map_table(low: Mapping[int, Mapping[int, float]], high: Mapping[int, Mapping[int, float]]) -> Table:
    """An ``L x h`` map of one ``D`` (``{L: {h: NMSE}}``), two statistics per cell (e.g. min / median over seeds)."""
    heads = sorted({h for row in low.values() for h in row})
    return markdown_table(["L \\ h", *map(str, heads)],
                          [[L, *(f"{low[L][h]:.1e} / {high[L][h]:.1e}" if h in low[L] else "-" for h in heads)]
                           for L in sorted(low)])


def width_table(best: Mapping[tuple[int, int, int], float], fits: Mapping[tuple[int, int], LogLogFit],
                heads: Sequence[int], Ts: Sequence[int], widths: Sequence[int]) -> Table:
    """The best NMSE per ``(h, T)`` and MLP width ``N`` (``best[h, T, N]``), with the slope of log NMSE in log N."""
    return markdown_table(["h", "T", *(f"N = {N}" for N in widths), "slope of log NMSE in log N"],
                          [[h, T, *(f"{best[(h, T, N)]:.1e}" for N in widths), f"{fits[(h, T)].slope:+.2f}"]
                           for h in heads for T in Ts])


def width_needed_table(need: Mapping[tuple[int, int], Mapping[int, float]], best: Mapping[int, Mapping[int, float]],
                       target: float, D: int, L: int = 2) -> Table:
    """Per head count at depth ``L``: the width each ``T`` needs for NMSE ``target`` (``inf``: none measured) and
    how the best NMSE over widths moves from the shortest to the longest ``T``."""
    Ts = sorted(next(iter(best.values())))
    return markdown_table(["(L, h)", "L h vs D", *(f"T = {T}: width for NMSE {target:g}" for T in Ts),
                           f"best NMSE over N: T = {Ts[0]} -> {Ts[-1]}"],
                          [[f"({L}, {h})", "<" if L * h < D else "=" if L * h == D else ">",
                            *(f"{need[(L, h)][T]:g}" for T in Ts),
                            f"{b[Ts[0]]:.1e} -> {b[Ts[-1]]:.1e} ({b[Ts[-1]] / b[Ts[0]]:.1f}x)"]
                           for h, b in best.items()])


def paper_spread_table(Ts: Sequence[int], means: Sequence[float], stds: Sequence[float],
                       heads: int = 4) -> Table:
    """The paper's Table 2 at one ``h``: mean, std and std / mean per ``T`` (the seed lottery in its own numbers)."""
    return markdown_table(["T", f"paper h = {heads}: mean", "std", "std / mean"],
                          [[T, f"{m:.2e}", f"{s:.2e}", f"{s / m:.1f}"] for T, m, s in zip(Ts, means, stds)])


def fairness_table(best: Mapping[int, Mapping[str, Any]]) -> Table:
    """Notebook 05's fairness check: per ``h``, the best setting of the search and its errors
    (:func:`headcount.experiments.fairness.fairness_summary`'s ``best``)."""
    return markdown_table(
        ["h", "best lr", "best beta", "median at 1000 steps", "2000 steps: min", "2000 steps: median"],
        [[h, f"{b['lr']:g}", "1/sqrt(n)" if b["beta"] is None else f"{b['beta']:g}", f"{b['median']:.2e}",
          f"{b['final_min']:.2e}", f"{b['final_median']:.2e}"] for h, b in best.items()])


def short_T_table(rise: Mapping[str, Mapping[int, Mapping[str, Any]]], D: int) -> Table:
    """Remark B.1.1 per source and ``h >= D``: the best ``T`` and the shortest and longest ``T`` over it
    (:func:`headcount.experiments.synthetic.short_T_rise` per grid, ``{label: rise}``)."""
    return markdown_table(
        ["", "h", "best T", "NMSE(T_min) / best", "NMSE(T_max) / best"],
        [[label, h, r["best_T"], f"{r['short_over_best']:.2f}", f"{r['long_over_best']:.2f}"]
         for label, by_h in rise.items() for h, r in by_h.items() if h >= D])
