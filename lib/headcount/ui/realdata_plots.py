"""Notebook 06's figures (section 6.2, App. B.2-B.3): each returns a matplotlib ``Figure``, never calls ``plt.show()``.

* :func:`paper_tables_figure`: the paper's Tables 6 (text) and 8 (images) as accuracy against ``h``;
* :func:`class_examples_figure`: one image per class of the shipped Fashion-MNIST extract;
* :func:`marked_sequence_figure`: one sequence of the marked-images task, marks and targets;
* :func:`accuracy_vs_heads`: accuracy against ``h`` (mean, error bars = std over seeds), one line per group,
  ``h = D`` dotted;
* :func:`framed_figure`: framed images with their patch grid (the App. B.3 protocol);
* :func:`vit_figure`: the ViT stand-in's accuracy against ``h`` per frame and its ``R(h)`` (a note when all are 0);
* :func:`text_figure`: the text stand-in at one ``T`` per ``D``, and at several ``T`` for one ``D``.

Head-count axes show the head counts as integers (:func:`heads_axis`): no fractional ticks, no minor
labels such as ``3x10^0`` on log axes.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter, NullLocator

from headcount.ui.plots import COLORS

__all__ = ["accuracy_vs_heads", "class_examples_figure", "framed_figure", "heads_axis", "marked_sequence_figure",
           "paper_tables_figure", "text_figure", "vit_figure"]

Summary = Mapping[tuple, Mapping[str, Any]]


def heads_axis(ax: Any, hs: Sequence[int], log: bool = False, label: str = "heads h") -> None:
    """Ticks at exactly the head counts ``hs`` (integers), on a log-2 axis if ``log``, without minor labels."""
    if log:
        ax.set_xscale("log", base=2)
    ax.set_xticks(sorted(hs), [str(h) for h in sorted(hs)])
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(label)


def paper_tables_figure(text: Mapping[int, Sequence[float]], text_T: Sequence[int],
                        image: Mapping[int, Sequence[float]], image_T: Sequence[int]) -> Figure:
    """Table 6 (MS MARCO training accuracy) and Table 8 (CIFAR-10 ViT training accuracy, %) against ``h``."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.6))
    for ax, table, Ts, ylabel, title in (
            (axes[0], text, text_T, "training accuracy", "paper Table 6: MS MARCO (text)"),
            (axes[1], image, image_T, "training accuracy (%)", "paper Table 8: CIFAR-10 ViT (images)")):
        hs = sorted(table)
        for col, T in enumerate(Ts):
            ax.plot(hs, [table[h][col] for h in hs], "o-", color=COLORS[col % 10], label=f"T={T}")
        heads_axis(ax, hs)
        ax.set(ylabel=ylabel, title=title)
        ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def class_examples_figure(images: np.ndarray, labels: np.ndarray, class_names: Sequence[str]) -> Figure:
    """The first image of each class, titled with its class name."""
    fig, axes = plt.subplots(1, len(class_names), figsize=(11, 1.6))
    for c, ax in enumerate(np.atleast_1d(axes)):
        ax.imshow(images[np.flatnonzero(labels == c)[0]], cmap="gray_r")
        ax.set_title(class_names[c], fontsize=7)
        ax.axis("off")
    return fig


def marked_sequence_figure(X: Any, y: Any, class_names: Sequence[str], side: int = 7) -> Figure:
    """Sequence 0 of a marked-images batch ``X (B, T, side^2 + D)``: each image, its mark ("slot i") in red,
    the targets (the class of each marked image) in the title."""
    X, y = np.asarray(X), np.asarray(y)
    T, pixels = X.shape[1], side * side
    fig, axes = plt.subplots(1, T, figsize=(11, 1.8))
    for t, ax in enumerate(np.atleast_1d(axes)):
        ax.imshow(X[0, t, :pixels].reshape(side, side), cmap="gray_r")
        marks = X[0, t, pixels:]
        ax.set_title(f"slot {int(marks.argmax()) + 1}" if marks.sum() else "", fontsize=9, color="C3")
        ax.axis("off")
    targets = ", ".join(f"slot {i + 1} = {class_names[int(c)]}" for i, c in enumerate(y[0]))
    fig.suptitle(f"targets: {targets}", fontsize=9)
    return fig


def accuracy_vs_heads(summary: Summary, groups: Sequence[Any], hs: Sequence[int], key: Any = None,
                      label: str = "D={}", mark_D: bool = True, log: bool = True, ax: Any = None,
                      ylabel: str = "training accuracy", title: str = "") -> Figure:
    """Mean accuracy against ``h`` (error bars: std over seeds), one line per group ``g``.

    ``summary[key(g, h)]`` holds ``{'mean', 'std'}`` (``key`` defaults to ``(g, h)``); with ``mark_D`` the
    group is ``D`` and ``h = D`` gets a dotted line in the group's colour.
    """
    key = key or (lambda g, h: (g, h))
    if ax is None:
        fig, ax = plt.subplots(figsize=(6, 3.6))
    else:
        fig = ax.figure
    for k, g in enumerate(groups):
        c = COLORS[k % 10]
        h_g = [h for h in hs if key(g, h) in summary]
        ax.errorbar(h_g, [summary[key(g, h)]["mean"] for h in h_g], [summary[key(g, h)]["std"] for h in h_g],
                    marker="o", capsize=3, color=c, label=label.format(g))
        if mark_D:
            ax.axvline(g, color=c, ls=":", alpha=0.6)
    heads_axis(ax, hs, log=log)
    ax.set(ylabel=ylabel, title=title)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def framed_figure(canvases: Sequence[np.ndarray], patch: int, T: int) -> Figure:
    """Framed images with the patch grid drawn over them (``T`` patches each)."""
    fig, axes = plt.subplots(1, len(canvases), figsize=(2.4 * len(canvases) + 0.2, 2.4))
    for canvas, ax in zip(canvases, np.atleast_1d(axes)):
        side = canvas.shape[0]
        ax.imshow(canvas, cmap="gray_r")
        ax.set_xticks(np.arange(-0.5, side, patch))
        ax.set_yticks(np.arange(-0.5, side, patch))
        ax.grid(color="C0", lw=0.8)
        ax.tick_params(labelbottom=False, labelleft=False)
    fig.suptitle(f"frame {canvases[0].shape[0]}, patch {patch}: T = {T} patches", fontsize=9)
    return fig


def vit_figure(summary: Summary, heads: Sequence[int], frames: Sequence[int], T_of: Mapping[int, int],
               R: Mapping[int, float]) -> Figure:
    """Left: training accuracy against ``h``, one line per frame (``summary[(h, frame)]``). Right: ``R(h)``
    as bars; when every ``R(h)`` is 0 the panel says so instead of showing an empty axis."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.4))
    accuracy_vs_heads(summary, frames, heads, key=lambda f, h: (h, f), label="frame {}", mark_D=False,
                      ax=axes[0], title="framed Fashion-MNIST, small ViT")
    for text, f in zip(axes[0].get_legend().get_texts(), frames):
        text.set_text(f"frame {f} (T={T_of[f]})")
    axes[1].bar([str(h) for h in heads], [R[h] for h in heads])
    if all(R[h] == 0 for h in heads):
        axes[1].set_ylim(-0.05, 1)
        axes[1].text(0.5, 0.55, "R(h) = 0 for every h:\nthe error grows with T at every head count,\n"
                     "no reversal to locate a transition", transform=axes[1].transAxes, ha="center", va="center",
                     fontsize=9, color="0.3")
    axes[1].set(xlabel="heads h", ylabel="R(h)", title="weighted reversal score")
    fig.tight_layout()
    return fig


def text_figure(main: Summary, Ds: Sequence[int], hs: Sequence[int], T_main: int, by_T: Summary,
                Ts: Sequence[int], D_fit: int) -> Figure:
    """Left: recall@1 against ``h`` at ``T_main``, one line per ``D`` (``main[(D, h)]``). Right: ``D = D_fit``
    at several ``T`` (``by_T[(T, D, h)]``)."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.5))
    accuracy_vs_heads(main, Ds, hs, log=False, ax=axes[0], ylabel="recall@1 (train)",
                      title=f"multi-query retrieval, T = {T_main}")
    accuracy_vs_heads(by_T, Ts, hs, key=lambda T, h: (T, D_fit, h), label="T={}", mark_D=False, log=False,
                      ax=axes[1], ylabel="recall@1 (train)", title=f"D = {D_fit}: several T")
    axes[1].axvline(D_fit, color="grey", ls=":", alpha=0.6)
    fig.tight_layout()
    return fig
