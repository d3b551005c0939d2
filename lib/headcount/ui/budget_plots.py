"""Figures of error against training budget (:mod:`headcount.experiments.budget`); each returns a ``Figure``.

* :func:`budget_figure`: one panel per table, validation NMSE against steps (log-log) for each ``h``,
  mean over seeds with the seeds' range shaded, and the paper's value at ``T = 16`` as a dashed line.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from matplotlib.figure import Figure

from headcount.experiments.budget import BUDGET_T, budget_curves
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
