"""Figures for the multi-layer conjecture (Conjecture 1; Tables 4-5; notebook 07). Each returns a pyplot-free
:class:`~matplotlib.figure.Figure` (display the object itself; safe from a training thread).

* :func:`lxh_heatmaps`: validation NMSE over depth ``L`` and heads ``h``, one panel per ``D``, with the
  curve ``L h = D`` and the staircase ``h = ceil(D / L)`` of the conjecture drawn over it;
* :func:`mechanism_figure`: per layer, which feature's retrieved position each head of the class token
  attends to (top) and which retrieved values the class token carries after the layer (bottom);
* :func:`layer_attention_maps`: the class token's raw attention over positions, one panel per layer and
  head, the retrieved positions marked;
* :func:`probe_figure`: a :class:`headcount.diagnostics.ProbeReport` as a layer-by-feature ``R^2`` table.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import torch
from matplotlib import colormaps
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure

__all__ = ["draw_lxh", "layer_attention_maps", "lxh_heatmaps", "mechanism_figure", "probe_figure"]

COLORS = colormaps["tab10"].colors
Grid = Mapping[int, Mapping[int, float]]


def _draw_rule(ax, D: int, Ls: Sequence[int], hs: Sequence[int]) -> None:  # noqa: ANN001 - matplotlib Axes
    """The curve ``L h = D`` (continuous) and the staircase of the cells with ``L h >= D`` (dashed) in
    cell coordinates (column ``h - hs[0]``, row ``L - Ls[0]``)."""
    L_grid = np.linspace(Ls[0] - 0.5, Ls[-1] + 0.5, 200)
    h_curve = D / L_grid
    keep = (h_curve >= hs[0] - 0.5) & (h_curve <= hs[-1] + 0.5)
    ax.plot(h_curve[keep] - hs[0], L_grid[keep] - Ls[0], color="white", lw=3.2, alpha=0.9)
    ax.plot(h_curve[keep] - hs[0], L_grid[keep] - Ls[0], color="crimson", lw=1.6, label="L h = D")
    xs, ys = [], []
    for L in Ls:                            # left edge of the first cell with L h >= D, row by row
        h_min = math.ceil(D / L)
        x = min(max(h_min, hs[0]), hs[-1] + 1) - hs[0] - 0.5
        xs += [x, x]
        ys += [L - Ls[0] - 0.5, L - Ls[0] + 0.5]
    ax.plot(xs, ys, color="black", lw=1.4, ls="--", label="h = ceil(D / L)")


def draw_lxh(ax, D: int, grid: Grid, norm: LogNorm, annotate: bool = True):  # noqa: ANN001, ANN201 - matplotlib
    """Draw one ``L x h`` heatmap of ``grid[L][h]`` on ``ax`` (rows ``L``, columns ``h``; missing or ``nan``
    cells blank) with Conjecture 1's boundary; returns the image (for a colour bar)."""
    cells = {(L, h): v for L, row in grid.items() for h, v in row.items()}
    Ls = list(range(min(L for L, _ in cells), max(L for L, _ in cells) + 1))
    hs = list(range(min(h for _, h in cells), max(h for _, h in cells) + 1))
    values = np.full((len(Ls), len(hs)), np.nan)
    for (L, h), v in cells.items():
        values[L - Ls[0], h - hs[0]] = v
    im = ax.imshow(np.ma.masked_invalid(values), cmap="viridis", norm=norm, origin="lower", aspect="auto")
    if annotate:
        for (L, h), v in cells.items():
            if math.isfinite(v):
                ax.text(h - hs[0], L - Ls[0], f"{v:.0e}".replace("e-0", "e-"), ha="center", va="center", fontsize=7,
                        color="white" if norm(v) < 0.5 else "black")
    _draw_rule(ax, D, Ls, hs)
    ax.set_xlim(-0.5, len(hs) - 0.5)
    ax.set_ylim(-0.5, len(Ls) - 0.5)
    ax.set_xticks(range(len(hs)), [str(h) for h in hs])
    ax.set_yticks(range(len(Ls)), [str(L) for L in Ls])
    ax.set_xlabel("heads h")
    ax.set_ylabel("layers L")
    ax.set_title(f"D = {D}", fontsize=10)
    return im


def lxh_heatmaps(maps: Mapping[int, Grid], title: str = "", vmin: float | None = None, vmax: float | None = None,
                 annotate: bool = True) -> Figure:
    """One heatmap per ``D`` of ``maps[D][L][h]`` (validation NMSE, log colour; :func:`headcount.experiments.depth.depth_grid`
    per ``D``), rows ``L``, columns ``h``,
    with Conjecture 1's boundary: the curve ``L h = D`` (red) and the cells on or right of ``h = ceil(D/L)``
    (dashed staircase). Missing cells stay blank."""
    if not maps or not all(maps.values()):
        raise ValueError("maps must map at least one D to a non-empty {(L, h): value}")
    values = [v for m in maps.values() for row in m.values() for v in row.values() if v > 0 and math.isfinite(v)]
    norm = LogNorm(vmin=vmin or min(values), vmax=vmax or max(values))
    fig = Figure(figsize=(3.3 * len(maps) + 0.9, 3.3))
    axes = fig.subplots(1, len(maps), squeeze=False)[0]
    for k, (ax, (D, cells)) in enumerate(zip(axes, sorted(maps.items()))):
        im = draw_lxh(ax, D, cells, norm, annotate)
        if k:
            ax.set_ylabel("")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, fontsize=8, bbox_to_anchor=(0.45, -0.02))
    fig.subplots_adjust(bottom=0.25, top=0.82)
    fig.colorbar(im, ax=list(axes), shrink=0.9, label="validation NMSE")
    fig.suptitle(title or "validation NMSE over depth and heads; Conjecture 1 says: efficient only right of the line",
                 fontsize=10)
    return fig


def mechanism_figure(attention: Sequence[object], probe: object, tokens: object | None = None,
                     title: str = "") -> Figure:
    """Layer by layer: (top) each head's attention mass on each feature's retrieved position, from
    :func:`headcount.diagnostics.layer_feature_attention` (one report per layer); (bottom) the ``R^2`` of a
    linear probe from the class token after that layer to each retrieved value ``z_i``, from
    :func:`headcount.diagnostics.layer_probe` with ``site='class'`` (its first row, ``c0``, is skipped), and,
    with ``tokens`` (the same with ``site='tokens'``), the tokens' ``R^2`` after each intermediate layer as
    hollow bars."""
    L = len(attention)
    r2 = probe.r2.double().numpy()[1:]  # type: ignore[attr-defined]
    if r2.shape[0] != L:
        raise ValueError(f"probe has {r2.shape[0]} rows after c0 but attention has {L} layers")
    tok = tokens.r2.double().numpy()[1:] if tokens is not None else None  # type: ignore[attr-defined]
    D = r2.shape[1]
    h = max(rep.mass.shape[0] for rep in attention)  # type: ignore[attr-defined]
    fig = Figure(figsize=(max(3.2 * L, 4) + 0.8, 0.55 * h + 2.8))
    axes = fig.subplots(2, L, squeeze=False, height_ratios=[max(h, 1), 1.2])
    for l, rep in enumerate(attention):
        mass = rep.mass.double().numpy()  # type: ignore[attr-defined]
        ax = axes[0, l]
        ax.imshow(mass, cmap="Blues", vmin=0, vmax=1, aspect="auto")
        for j in range(mass.shape[0]):
            for i in range(D):
                ax.text(i, j, f"{mass[j, i]:.2f}", ha="center", va="center", fontsize=8,
                        color="white" if mass[j, i] > 0.6 else "black")
        ax.set_xticks(range(D), [f"f{i + 1}" for i in range(D)], fontsize=8)
        ax.set_yticks(range(mass.shape[0]), [f"head {j + 1}" for j in range(mass.shape[0])], fontsize=8)
        ax.set_title(f"layer {l + 1}" + (" (eq. 4)" if l == L - 1 else "") + ": where the class token looks",
                     fontsize=8)
        k = int((r2[l] >= probe.threshold).sum())  # type: ignore[attr-defined]
        ax = axes[1, l]
        colors = [COLORS[i % 10] for i in range(D)]
        with_tokens = tok is not None and l < tok.shape[0]
        width = 0.4 if with_tokens else 0.8
        shift = -0.2 if with_tokens else 0.0
        ax.bar([i + shift for i in range(D)], r2[l].clip(0, 1), width=width, color=colors, label="class token")
        if with_tokens:
            ax.bar([i + 0.2 for i in range(D)], tok[l].clip(0, 1), width=width, color="none", edgecolor=colors,
                   hatch="//", label="tokens")
        ax.axhline(probe.threshold, color="grey", ls=":", lw=1)  # type: ignore[attr-defined]
        ax.set_ylim(0, 1.05)
        ax.set_xticks(range(D), [f"z{i + 1}" for i in range(D)], fontsize=8)
        ax.set_title(f"after layer {l + 1}: class token carries {k}", fontsize=8)
        if l == 0:
            ax.set_ylabel("probe R^2", fontsize=8)
            axes[0, 0].set_ylabel("mass on f_i's position", fontsize=8)
    fig.suptitle(title or "what the class token gathers, layer by layer", fontsize=10)
    if tok is not None:
        fig.legend(*axes[1, 0].get_legend_handles_labels(), loc="lower center", ncol=2, fontsize=7)
    fig.tight_layout(rect=(0, 0.06 if tok is not None else 0, 1, 1))
    return fig


def layer_attention_maps(trace: object, positions: torch.Tensor, max_sequences: int = 6, title: str = "") -> Figure:
    """The class token's attention over the token positions, one panel per layer (rows) and head
    (columns), for the first sequences of a :class:`headcount.model.LayerTrace`; the position each
    feature retrieves (``positions (B, D)``) is outlined in the feature's colour. In an intermediate layer
    the class token may also attend to itself: that mass is written on the right of each row."""
    weights = [w.detach().double().cpu() for w in trace.attention]  # type: ignore[attr-defined]
    L, h = len(weights), weights[-1].shape[1]
    B = min(max_sequences, weights[-1].shape[0])
    T = weights[-1].shape[2]
    p = torch.as_tensor(positions)[:B]
    fig = Figure(figsize=(min(3.0 * h, 13) + 1.0, (0.32 * B + 0.9) * L + 0.6))
    axes = fig.subplots(L, h, squeeze=False)
    for l, w in enumerate(weights):
        self_mass = None
        if w.dim() == 4:                       # (B, h, T+1, T+1): the class token's row
            self_mass = w[:B, :, -1, -1]
            w = w[:, :, -1, :-1]
        for j in range(h):
            ax = axes[l, j]
            im = ax.imshow(w[:B, j].numpy(), aspect="auto", cmap="viridis", vmin=0, vmax=1,
                           extent=(0.5, T + 0.5, B + 0.5, 0.5))
            for i in range(p.shape[1]):
                ax.scatter(p[:, i].numpy() + 1, np.arange(1, B + 1), marker="s", s=40, facecolors="none",
                           edgecolors=COLORS[i % 10], linewidths=1.4,
                           label=f"position of max f{i + 1}" if (l, j) == (0, 0) else None)
            if self_mass is not None:
                for b in range(B):
                    ax.text(T + 0.7, b + 1, f"{float(self_mass[b, j]):.2f}", fontsize=6, va="center")
            ax.set_title(f"layer {l + 1}, head {j + 1}", fontsize=8)
            ax.set_yticks([])
            if l == L - 1:
                ax.set_xlabel("position t", fontsize=8)
    axes[0, 0].set_ylabel("sequence", fontsize=8)
    fig.legend(loc="lower center", ncol=min(p.shape[1], 6), fontsize=7)
    fig.colorbar(im, ax=axes.ravel().tolist(), shrink=0.7, label="attention weight")
    fig.suptitle(title or "the class token's attention in every layer (squares: each feature's retrieved position)",
                 fontsize=9)
    return fig


def probe_figure(report: object, title: str = "") -> Figure:
    """A :class:`headcount.diagnostics.ProbeReport` as a heatmap: rows are places (layers), columns the
    retrieved values ``z_i``, cells the held-out ``R^2``; the right margin counts the features carried."""
    r2 = report.r2.double().numpy()  # type: ignore[attr-defined]
    rows, D = r2.shape
    fig = Figure(figsize=(1.0 * D + 4.2, 0.5 * rows + 1.3))
    ax = fig.subplots()
    ax.imshow(r2.clip(0, 1), cmap="Greens", vmin=0, vmax=1, aspect="auto")
    for r in range(rows):
        for i in range(D):
            ax.text(i, r, f"{r2[r, i]:.2f}", ha="center", va="center", fontsize=8,
                    color="white" if r2[r, i] > 0.6 else "black")
    for r, k in enumerate(report.carried()):  # type: ignore[attr-defined]
        ax.text(D - 0.3, r, f"  {k} carried", va="center", fontsize=8)
    ax.set_xticks(range(D), [f"z{i + 1}" for i in range(D)])
    ax.set_yticks(range(rows), report.labels, fontsize=8)  # type: ignore[attr-defined]
    ax.set_xlim(-0.5, D + 0.9)
    ax.set_title(title or f"linear probe R^2 ({report.site}) per layer and retrieved value", fontsize=9)  # type: ignore[attr-defined]
    fig.tight_layout()
    return fig
