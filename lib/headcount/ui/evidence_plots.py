"""Figures of the long-run evidence; each returns a ``Figure``.

* :func:`budget_figure`: one panel per table, validation NMSE against steps (log-log) for each ``h``,
  mean over seeds with the seeds' range shaded, and the paper's value at ``T = 16`` as a dashed line
  (:mod:`headcount.experiments.budget`);
* :func:`cost_vs_T_figure`: Conjecture 1's cells, NMSE against ``T`` (log-log) per ``(L, h)``, median over
  seeds with the seeds' range, one panel per budget (:mod:`headcount.experiments.cost_vs_T`).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from matplotlib.figure import Figure

from headcount.experiments.budget import BUDGET_T, budget_curves
from headcount.experiments.cost_vs_T import CELLS
from headcount.experiments.paper_tables import paper_value
from headcount.ui.plots import COLORS, _new_figure


def budget_figure(rows_by_table: Mapping[str, Sequence[Mapping[str, Any]]]) -> Figure:
    """NMSE against steps per table (``{table: rows}``, from :func:`headcount.experiments.budget.load_budget`)."""
    if not rows_by_table:
        raise ValueError("rows_by_table must name at least one table, e.g. {'table2': load_budget('table2')}")
    n = len(rows_by_table)
    fig, axes = _new_figure((4.2 * n, 3.6), ncols=n, squeeze=False, sharey=True)
    for ax, (table, rows) in zip(axes[0], rows_by_table.items()):
        mean, lo, hi = (budget_curves(rows, s) for s in ("mean", "min", "max"))
        for h, curve in mean.items():
            steps = sorted(curve)
            color = COLORS[(h - 1) % len(COLORS)]
            ax.plot(steps, [curve[s] for s in steps], "o-", color=color, label=f"h = {h}")
            ax.fill_between(steps, [lo[h][s] for s in steps], [hi[h][s] for s in steps], color=color, alpha=0.2)
            ax.axhline(paper_value(table, h, BUDGET_T)[0], color=color, ls="--", lw=1)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("training steps")
        ax.set_title(f"Table {table.removeprefix('table')}, T = {BUDGET_T}")
        ax.legend(fontsize=8, loc="lower left")
        ax.grid(True, which="major", alpha=0.3)
    axes[0][0].set_ylabel("validation NMSE (dashed: paper)")
    fig.tight_layout()
    return fig


def cost_vs_T_figure(errors_by_budget: Mapping[int, Mapping[tuple[int, int], Mapping[int, Sequence[float]]]],
                     D: int = 4) -> Figure:
    """NMSE against ``T`` per cell ``(L, h)`` (``{steps: errors_by_T(...)}``); solid: ``L h >= D``, dashed: ``L h < D``."""
    if not errors_by_budget:
        raise ValueError("errors_by_budget must hold at least one budget, e.g. {1000: errors_by_T(rows)}")
    n = len(errors_by_budget)
    fig, axes = _new_figure((4.6 * n, 3.8), ncols=n, squeeze=False, sharey=True)
    for ax, (steps, errors) in zip(axes[0], sorted(errors_by_budget.items())):
        for i, (cell, byT) in enumerate(sorted(errors.items())):
            Ts = sorted(byT)
            L, h = cell
            product_rule, _ = CELLS[D][cell]
            med = [sorted(byT[T])[len(byT[T]) // 2] for T in Ts]
            color = COLORS[i % len(COLORS)]
            ax.plot(Ts, med, "o-" if product_rule else "s--", color=color, label=f"L = {L}, h = {h}")
            ax.fill_between(Ts, [min(byT[T]) for T in Ts], [max(byT[T]) for T in Ts], color=color, alpha=0.15)
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel("sequence length T")
        ax.set_title(f"D = {D}, {steps} steps")
        ax.grid(True, which="major", alpha=0.3)
    axes[0][0].set_ylabel("validation NMSE (median, seed range)")
    axes[0][-1].legend(fontsize=8, loc="best")
    fig.tight_layout()
    return fig
