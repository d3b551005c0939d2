"""Figures as functions of data: each returns a matplotlib ``Figure`` and never calls ``plt.show()``.

* :func:`task_sample_figure`: one sequence, its feature values ``f_i(x_t)``, the subsets ``S_i``,
  which position each feature retrieves, and the target;
* :func:`model_diagram`: the single-layer h-head transformer of eq. (4), drawn;
* :func:`construction_error_figure`: the Theorem 2(1) construction's error against ``beta`` with
  the Gibbs-mean bounds;
* :func:`attention_heatmaps`: per-head attention over positions, retrieved positions marked;
* :func:`head_feature_figure`: the head-collapse diagnostic's ``(h, D)`` matrix;
* :func:`loss_curves`: training curves of one or several runs;
* :func:`collision_figure`: a near-collision pair of the Thm 2(2) proof on a trained model;
* :func:`width_scaling_figure`: Fig. 1b, NMSE against MLP width per head count and ``T``;
* :func:`embedding_sweep_figure`: one head against ``D`` heads as the total embedding grows (Thm 2(3)).
"""
from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from headcount.experiments.synthetic import check_grid
from headcount.tasks import RetrievalTask

COLORS = plt.get_cmap("tab10").colors


def _new_figure(figsize: tuple[float, float], **kwargs: object) -> tuple[Figure, object]:
    fig, axes = plt.subplots(figsize=figsize, **kwargs)
    return fig, axes


def task_sample_figure(task: RetrievalTask, X: torch.Tensor, index: int = 0, max_features: int = 8) -> Figure:
    """Panel 1: the tokens of sequence ``index`` (each coordinate; ``d > 3`` shows the first 3).
    Panel 2: ``f_i(x_t)`` per position, positions outside ``S_i`` faded, the retrieved position
    (the min over ``S_i``) circled. The title gives ``z`` and the target ``y = F0(z)``."""
    X = task.check_inputs(X)
    if not 0 <= index < X.shape[0]:
        raise ValueError(f"index must be in [0, {X.shape[0] - 1}], got {index!r}")
    x = X[index:index + 1]
    f = task.feature_values(x)[0].double().numpy()           # (T, D)
    z, pos = task.retrieve(x)
    z, pos = z[0].double().numpy(), pos[0].numpy()
    y = float(task.target(x)[0])
    S = task.subsets.numpy()
    t = np.arange(1, task.T + 1)
    fig, (ax0, ax1) = plt.subplots(2, 1, figsize=(8, 5.2), sharex=True, constrained_layout=True)
    for j in range(min(task.d, 3)):
        ax0.plot(t, x[0, :, j].numpy(), "o-", ms=3.5, lw=1, color="0.3" if task.d == 1 else COLORS[(j + 5) % 10],
                 label=f"x_t[{j + 1}]")
    ax0.set_ylabel("token value")
    ax0.set_title(f"{task.name}: T={task.T}, d={task.d}, D={task.D}" + (" (first 3 coordinates)" if task.d > 3 else ""))
    if task.d > 1:
        ax0.legend(loc="upper right", fontsize=8, ncol=min(task.d, 3))
    for i in range(min(task.D, max_features)):
        c = COLORS[i % 10]
        ax1.plot(t, f[:, i], "-", lw=1, color=c, alpha=0.35)
        ax1.scatter(t[S[i]], f[S[i], i], s=14, color=c, label=f"f_{i + 1}")
        ax1.scatter(t[~S[i]], f[~S[i], i], s=14, facecolors="none", edgecolors=c, alpha=0.5)
        ax1.scatter([pos[i] + 1], [z[i]], s=140, facecolors="none", edgecolors=c, linewidths=2)
        ax0.axvline(pos[i] + 1, color=c, lw=1, ls=":")
    ax1.set_xlabel("position t")
    ax1.set_ylabel("feature f_i(x_t)")
    zs = ", ".join(f"{v:.3f}" for v in z[:max_features])
    ax1.set_title(f"circled: z_i = min over S_i (hollow dots: t not in S_i); z = ({zs}), target y = {y:.3f}",
                  fontsize=9)
    ax1.legend(loc="upper right", fontsize=8, ncol=min(task.D, 4))
    return fig


def model_diagram(heads: int = 2, head_dim: int = 2, T: int = 4, d: int = 1, width: int = 32) -> Figure:
    """A drawing of eq. (4): tokens -> encoder P_phi -> h heads queried by c0 -> W_O -> F -> y."""
    fig, ax = _new_figure((9, 4.6))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 6)
    ax.axis("off")

    def box(x: float, y: float, w: float, h: float, text: str, color: str = "#dde8f5", fs: int = 9) -> None:
        ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.05", fc=color, ec="0.3"))
        ax.text(x + w / 2, y + h / 2, text, ha="center", va="center", fontsize=fs)

    def arrow(x0: float, y0: float, x1: float, y1: float) -> None:
        ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1), arrowstyle="-|>", mutation_scale=10, color="0.35"))

    shown = min(T, 4)
    ys = np.linspace(0.6, 4.6, shown)
    for k, yk in enumerate(ys):
        label = f"x_{k + 1}" if k < shown - 1 or T == shown else f"x_{T}"
        box(0.1, yk - 0.25, 0.8, 0.5, f"{label}\n(d={d})", "#f3f3f3", 8)
        box(1.4, yk - 0.25, 1.3, 0.5, f"P_phi(x,t)\nin R^{heads * head_dim}", "#e8f0d8", 8)
        arrow(0.95, yk, 1.35, yk)
    if T > shown:
        ax.text(0.5, (ys[-2] + ys[-1]) / 2, "...", ha="center", fontsize=12)
    box(1.4, 5.2, 1.3, 0.55, f"class token c0\nin R^{heads * head_dim}", "#f7e3c7", 8)
    hy = np.linspace(0.8, 4.4, heads) if heads > 1 else np.array([2.6])
    for i, yi in enumerate(hy[:6]):
        box(3.5, yi - 0.3, 2.0, 0.6, f"head {i + 1}, n = {head_dim}\nsoftmax average of W_V x_t",
            "#d5e5f7", 7)
        for yk in ys:
            arrow(2.75, yk, 3.45, yi)
        arrow(2.75, 5.45, 3.45, yi + 0.2)
        arrow(5.55, yi, 6.15, 2.6)
    if heads > 6:
        ax.text(4.5, 5.0, f"... {heads} heads", ha="center", fontsize=9)
    box(6.2, 2.2, 1.2, 0.8, "c0 + W_O\nConcat(heads)", "#f7e3c7", 8)
    box(7.8, 2.2, 1.2, 0.8, f"F: 2-layer\nMLP (N={width})", "#e8f0d8", 8)
    box(9.3, 2.35, 0.6, 0.5, "y", "#f3f3f3", 10)
    arrow(7.45, 2.6, 7.75, 2.6)
    arrow(9.05, 2.6, 9.25, 2.6)
    ax.set_title(f"eq. (4): one layer, h = {heads} heads of dimension n = {head_dim}, E = nh = {heads * head_dim}\n"
                 "the paper's parameter count M covers only the green blocks", fontsize=10)
    return fig


def construction_error_figure(rows: Sequence[object], title: str = "") -> Figure:
    """Measured worst feature error of the Theorem 2(1) construction against ``beta`` (one line
    per ``T``), with the paper's bound ``(|S_i|-1)/(e beta) + T e^(-beta)`` (dashed) and the entropy
    bound ``log(T)/beta`` (dotted). ``rows`` are :class:`~headcount.constructions.ConstructionError`."""
    fig, ax = _new_figure((7, 4.4))
    Ts = sorted({r.T for r in rows})
    for k, T in enumerate(Ts):
        rs = sorted((r for r in rows if r.T == T), key=lambda r: r.beta)
        b = [r.beta for r in rs]
        c = COLORS[k % 10]
        ax.loglog(b, [max(r.feature, 1e-18) for r in rs], "o-", color=c, label=f"measured, T={T}")
        ax.loglog(b, [r.bound for r in rs], "--", color=c, alpha=0.7)
        ax.loglog(b, [r.entropy_bound for r in rs], ":", color=c, alpha=0.9)
    ax.plot([], [], "k--", label="paper: (|S|-1)/(e beta) + T e^-beta")
    ax.plot([], [], "k:", label="entropy: log(T)/beta")
    ax.set_xlabel("softmax scale beta")
    ax.set_ylabel("worst |z~_i - z_i| over sequences")
    ax.set_title(title or "Theorem 2(1) construction: retrieval error vs beta")
    ax.legend(fontsize=8)
    ax.grid(True, which="both", alpha=0.3)
    return fig


def attention_heatmaps(weights: torch.Tensor, positions: torch.Tensor | None = None, title: str = "",
                       max_sequences: int = 6) -> Figure:
    """One heatmap per head: attention weights ``(B, h, T)`` for the first sequences (rows) over
    positions (columns); ``positions (B, D)`` marks the position each feature retrieves."""
    w = torch.as_tensor(weights).detach().double().cpu()
    if w.dim() != 3:
        raise ValueError(f"weights must have shape (B, h, T), got {tuple(w.shape)}")
    B, h, T = w.shape
    B = min(B, max_sequences)
    fig, axes = plt.subplots(1, h, figsize=(min(3.2 * h, 14), 0.45 * B + 1.6), squeeze=False,
                             constrained_layout=True)
    for j in range(h):
        ax = axes[0, j]
        im = ax.imshow(w[:B, j].numpy(), aspect="auto", cmap="viridis", vmin=0, vmax=1,
                       extent=(0.5, T + 0.5, B + 0.5, 0.5))
        if positions is not None:
            p = torch.as_tensor(positions)[:B]
            for i in range(p.shape[1]):
                ax.scatter(p[:, i].numpy() + 1, np.arange(1, B + 1), marker="s", s=60, facecolors="none",
                           edgecolors=COLORS[i % 10], linewidths=1.5, label=f"argmin f_{i + 1}" if j == 0 else None)
        ax.set_title(f"head {j + 1}", fontsize=9)
        ax.set_xlabel("position t")
        if j == 0:
            ax.set_ylabel("sequence")
    if positions is not None:
        fig.legend(loc="lower center", ncol=min(torch.as_tensor(positions).shape[1], 6), fontsize=8,
                   bbox_to_anchor=(0.5, -0.08))
    fig.colorbar(im, ax=axes[0, -1], shrink=0.8, label="attention weight")
    fig.suptitle(title or "attention of the class token, per head", fontsize=10)
    return fig


def head_feature_figure(report: object, title: str = "") -> Figure:
    """The head-collapse diagnostic: ``report.mass (h, D)`` as a heatmap with its numbers and a colour bar,
    the covered feature of each head outlined, uncovered features in red (both explained in a legend)."""
    mass = report.mass.double().numpy()  # type: ignore[attr-defined]
    h, D = mass.shape
    fig, ax = _new_figure((1.1 * D + 3.4, 0.7 * h + 2.2))
    im = ax.imshow(mass, cmap="Blues", vmin=0, vmax=1)
    fig.colorbar(im, ax=ax, shrink=0.8, label="attention mass")
    for j in range(h):
        for i in range(D):
            ax.text(i, j, f"{mass[j, i]:.2f}", ha="center", va="center",
                    color="white" if mass[j, i] > 0.6 else "black", fontsize=9)
        a = report.assignment[j]  # type: ignore[attr-defined]
        if a is not None:
            ax.add_patch(plt.Rectangle((a - 0.5, j - 0.5), 1, 1, fill=False, ec="orange", lw=2.5))
    ax.set_xticks(range(D), [f"f_{i + 1}" for i in range(D)])
    ax.set_yticks(range(h), [f"head {j + 1}" for j in range(h)])
    for i in report.uncovered:  # type: ignore[attr-defined]
        ax.get_xticklabels()[i].set_color("red")
    ax.legend(handles=[plt.Rectangle((0, 0), 1, 1, fill=False, ec="orange", lw=2.5, label="feature the head covers"),
                       plt.Line2D([], [], ls="", marker="$f$", color="red", label="red label: feature no head covers")],
              loc="upper center", bbox_to_anchor=(0.5, -0.12), fontsize=8, frameon=False)
    ax.set_title(title or "attention mass on each feature's retrieved position", fontsize=10)
    fig.tight_layout()
    return fig


def loss_curves(runs: Mapping[str, object], title: str = "", smooth: int = 20, ax: object = None) -> Figure:
    """Training loss (batch NMSE, moving average over ``smooth`` steps) and validation NMSE (dots)
    of each run in ``runs`` (name -> :class:`~headcount.training.train.History` or ``{'train_loss': [...],
    'eval_steps': [...], 'val_nmse': [...]}``), log scale."""
    if ax is None:
        fig, ax = _new_figure((7, 4))
    else:
        fig = ax.figure  # type: ignore[attr-defined]
    for k, (name, run) in enumerate(runs.items()):
        get = (lambda key: run[key]) if isinstance(run, Mapping) else (lambda key: getattr(run, key))  # noqa: B023
        loss = np.asarray(get("train_loss"), dtype=float)
        c = COLORS[k % 10]
        if loss.size:
            w = max(1, min(smooth, loss.size))
            avg = np.convolve(loss, np.ones(w) / w, mode="valid")
            ax.semilogy(np.arange(w, loss.size + 1), avg, color=c, lw=1.3, label=f"{name} (train)")
        steps, val = list(get("eval_steps")), list(get("val_nmse"))
        if val:
            ax.semilogy(steps, val, "o", color=c, ms=4, label=f"{name} (val)")
    ax.set_xlabel("step")
    ax.set_ylabel("NMSE")
    ax.set_title(title or "training curves")
    ax.grid(True, which="both", alpha=0.3)
    if runs:
        ax.legend(fontsize=8)
    return fig


def close(fig: Figure) -> None:
    """Release a figure (widgets redraw many)."""
    plt.close(fig)


def to_png(fig: Figure, dpi: int = 90, close_figure: bool = True) -> bytes:
    """The figure as PNG bytes (for an ``ipywidgets.Image``); closes it by default."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    if close_figure:
        plt.close(fig)
    return buf.getvalue()


def collision_figure(pair: object, model: torch.nn.Module, title: str = "") -> Figure:
    """The near-collision pair of the Thm 2(2) pigeonhole step (notebook 03): both token sequences
    (top) and the head's attention weights on each (bottom). ``pair`` is a
    :class:`headcount.experiments.bottleneck.Collision`; ``model`` has one head and ``d = 1``."""
    X = torch.stack([pair.X1, pair.X2])
    w = model.attention(X)[:, 0]
    fig, axes = plt.subplots(2, 1, figsize=(8, 4.6), sharex=True)
    t = np.arange(1, X.shape[1] + 1)
    for k, color in enumerate(("tab:blue", "tab:orange")):
        y, pred = (pair.y1, pair.pred1) if k == 0 else (pair.y2, pair.pred2)
        axes[0].plot(t + (k - 0.5) * 0.25, X[k, :, 0].numpy(), "o", color=color,
                     label=f"sequence {k + 1}: y = {y:.3f}, model {pred:.3f}")
        axes[1].bar(t + (k - 0.5) * 0.35, w[k].numpy(), width=0.35, color=color)
    axes[0].set_ylabel("token $x_t$")
    axes[0].legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    axes[1].set_ylabel("attention weight")
    axes[1].set_xlabel("position t")
    axes[0].set_title(f"{title}: |u1 - u2| = {pair.distance:.1e}, |y1 - y2| = {pair.gap:.3f}")
    fig.tight_layout()
    return fig


def width_scaling_figure(table: Mapping[tuple, float], fits: Mapping[tuple, object], heads: Sequence[int],
                         T_list: Sequence[int], widths: Sequence[int], D: int, title: str = "") -> Figure:
    """Fig. 1b: NMSE against MLP width ``N`` (log-log), one panel per head count, one line per ``T``.

    ``table[h, T, N]`` holds the NMSE; ``fits[h, T]`` a :class:`headcount.experiments.scaling.LogLogFit` drawn
    as a line and labelled with its slope.
    """
    fig, axes = plt.subplots(1, len(heads), figsize=(4.2 * len(heads), 3.6), sharey=True, squeeze=False)
    colors = plt.cm.viridis(np.linspace(0, 0.9, len(T_list)))
    for ax, h in zip(axes[0], heads):
        for T, c in zip(T_list, colors):
            N = [w for w in widths if (h, T, w) in table]
            ax.plot(N, [table[h, T, w] for w in N], "o", color=c)
            if (h, T) in fits:
                f = fits[h, T]
                grid = np.geomspace(min(N), max(N), 20)
                ax.plot(grid, f.predict(grid), "-", color=c, label=f"T={T}: slope {f.slope:.2f}")
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel("MLP width N")
        ax.set_title(f"h = {h}" + (" (= D)" if h == D else " (< D)" if h < D else " (> D)"))
        ax.legend(fontsize=7)
    axes[0][0].set_ylabel("min validation NMSE over seeds")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def embedding_sweep_figure(table: Mapping[tuple, float], T_list: Sequence[int], D: int, d: int,
                           title: str = "") -> Figure:
    """Notebook 04's experiment: NMSE against the total embedding ``E`` for one head and for ``D`` heads,
    one panel per ``T``, with the memorization threshold ``E = T d`` of Thm 2(3) marked.
    ``table[h, T, E]`` holds the NMSE."""
    fig, axes = plt.subplots(1, len(T_list), figsize=(4.6 * len(T_list), 3.6), squeeze=False, sharey=True)
    for ax, T in zip(axes[0], T_list):
        for h, style in ((1, "o-"), (D, "s--")):
            E = sorted(e for (hh, TT, e) in table if hh == h and TT == T)
            ax.plot(E, [table[h, T, e] for e in E], style, label=f"h = {h}" + (" (= D)" if h == D else ""))
        ax.axvline(T * d, color="grey", ls=":", label=f"E = T d = {T * d}")
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel("total embedding E")
        ax.set_title(f"T = {T}")
        ax.legend(fontsize=8)
    axes[0][0].set_ylabel("min validation NMSE over seeds")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def nmse_vs_heads(grid: Mapping[int, Mapping[int, float]], paper: Mapping[int, Mapping[int, float]] | None = None,
                  D: int | None = None, ax: Any = None, title: str = "", ylabel: str = "min validation NMSE over seeds",
                  points: Mapping[int, Mapping[int, Sequence[float]]] | None = None) -> Figure:
    """Fig. 1a: NMSE against ``h``, one line per ``T`` (log scale); ``paper`` dashed with hollow markers,
    ``points`` (``{h: {T: [per-seed values]}}``) as small dots, ``D`` a dotted vertical line.

    Draws on ``ax`` if given (a pyplot-free :class:`~matplotlib.figure.Figure` is safe from a thread),
    else on a new pyplot figure.
    """
    from headcount.ui.plots import COLORS

    check_grid(grid)
    if ax is None:
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(8, 4.8))
    else:
        fig = ax.figure
    Ts = sorted({T for row in grid.values() for T in row} | ({T for row in paper.values() for T in row} if paper else set()))
    for k, T in enumerate(Ts):
        c = COLORS[k % 10]
        hs = [h for h in sorted(grid) if T in grid[h]]
        if hs:
            ax.plot(hs, [grid[h][T] for h in hs], "o-", color=c, lw=1.6, label=f"T = {T}")
        if points is not None:
            for h in sorted(points):
                vals = points[h].get(T, [])
                ax.plot([h] * len(vals), vals, ".", color=c, alpha=0.35, ms=5)
        if paper is not None:
            hp = [h for h in sorted(paper) if T in paper[h]]
            ax.plot(hp, [paper[h][T] for h in hp], "s--", color=c, mfc="none", lw=0.9, alpha=0.8,
                    label=f"T = {T} (paper)" if hs else f"T = {T} (paper)")
    if D is not None:
        ax.axvline(D, color="grey", ls=":", lw=1.2, label=f"h = D = {D}")
    ax.set_yscale("log")
    ax.set_xlabel("number of heads h")
    ax.set_xticks(sorted({h for h in grid} | (set(paper) if paper else set())))
    ax.set_ylabel(ylabel)
    ax.grid(True, which="both", alpha=0.3)
    ax.set_title(title or "validation NMSE against the number of heads")
    ax.legend(fontsize=7, ncol=2 if paper is not None else 1)
    return fig


def reversal_bars(scores: Mapping[str, Mapping[int, float]], D: int | None = None, ax: Any = None,
                  title: str = "") -> Figure:
    """Fig. 2e: ``R(h)`` as grouped bars, one group per ``h`` and one bar per entry of ``scores``
    (label -> ``{h: R}``, e.g. ours and the paper's); ``D`` a dotted vertical line."""
    from headcount.ui.plots import COLORS

    if not scores:
        raise ValueError("scores must map at least one label to {h: R(h)}")
    if ax is None:
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(7, 3.6))
    else:
        fig = ax.figure
    width = 0.8 / len(scores)
    for k, (label, sc) in enumerate(scores.items()):
        hs = sorted(sc)
        ax.bar([h - 0.4 + width * (k + 0.5) for h in hs], [sc[h] for h in hs], width=width, color=COLORS[k % 10],
               label=label)
    if D is not None:
        ax.axvline(D - 0.5, color="grey", ls=":", lw=1.2, label=f"h = D = {D} starts here")
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xticks(sorted({h for sc in scores.values() for h in sc}))
    ax.set_xlabel("number of heads h")
    ax.set_ylabel("weighted reversal score R(h)")
    ax.set_title(title or "R(h) > 0: a longer sequence was sometimes easier")
    ax.legend(fontsize=8)
    return fig
