"""Figures and tables of the long-run evidence: each figure returns a ``Figure``, each table a
:class:`headcount.ui.tables.Table`.

* :func:`budget_figure`: one panel per table, validation NMSE against steps (log-log) for each ``h``,
  mean over seeds with the seeds' range shaded, and the paper's value at ``T = 16`` as a dashed line
  (:mod:`headcount.experiments.budget`);
* :func:`cost_vs_T_figure`: Conjecture 1's cells, NMSE against ``T`` (log-log) per ``(L, h)``, median over
  seeds with the seeds' range, one panel per budget (:mod:`headcount.experiments.cost_vs_T`);
* :func:`budget_table`: one table's :func:`headcount.experiments.budget.budget_report` as a table;
* :func:`cost_vs_T_table`: per cell, the rules' predictions, the median NMSE at each ``T``, the per-seed slope
  against ``T`` and the ratio to a reference cell.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from matplotlib.figure import Figure

from headcount.experiments.budget import BUDGET_T, budget_curves, budget_report
from headcount.experiments.cost_vs_T import CELLS, T_slopes, ratio_to_reference
from headcount.ui.tables import Table, markdown_table
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


def budget_table(table: str, rows: Sequence[Mapping[str, Any]]) -> Table:
    """One table's budget curve (:func:`headcount.experiments.budget.budget_report` of ``rows``): ours (mean,
    seeds' range) against the paper, and at the last budget the local slope and the steps it predicts for the
    paper's value."""
    def steps(r: Mapping[str, Any]) -> str:
        if r["slope"] is None:
            return ""
        return "not falling" if r["predicted_steps"] is None else f"{r['predicted_steps']:,.0f}"

    rows_out = [(r["h"], f"{r['steps']:,}", f"{r['mean']:.1e} ({r['min']:.1e}-{r['max']:.1e})", f"{r['paper']:.1e}",
                 f"{r['ratio']:.0f}x" if r["ratio"] >= 10 else f"{r['ratio']:.1f}x",
                 "" if r["slope"] is None else f"{r['slope']:.2f}", steps(r)) for r in budget_report(table, rows)]
    return markdown_table(("h", "steps", "ours: mean (seed range)", "paper", "ours / paper", "slope",
                           "steps predicted for the paper's value"), rows_out,
                          f"Table {table.removeprefix('table')}, T = {BUDGET_T}: ours against the paper by budget")


def cost_vs_T_table(errors: Mapping[tuple[int, int], Mapping[int, Sequence[float]]], reference: tuple[int, int],
                    D: int = 4, caption: str = "") -> Table:
    """Per cell ``(L, h)``: what ``L h >= D`` and ``(2L - 1) h >= D`` predict, the median NMSE at each ``T``, the
    slope of log NMSE against log T (mean and range over seeds) and the ratio of medians to ``reference`` by T
    (empty while the reference has no rows)."""
    Ts = sorted({T for byT in errors.values() for T in byT})
    slopes = T_slopes(errors)
    rows = []
    for cell, byT in sorted(errors.items()):
        product, odd = CELLS[D][cell]
        ratio = ratio_to_reference(errors, cell, reference)["by_T"] if reference in errors else {}
        s = slopes.get(cell)
        rows.append((f"({cell[0]}, {cell[1]})", "yes" if product else "no", "yes" if odd else "no",
                     *(f"{sorted(byT[T])[len(byT[T]) // 2]:.1e}" if T in byT else "" for T in Ts),
                     "" if s is None else f"{s['mean']:+.2f} ({s['min']:+.2f} to {s['max']:+.2f})",
                     " / ".join(f"{ratio[T]:.2f}" for T in Ts if T in ratio)))
    return markdown_table(("(L, h)", "L h >= D", "(2L - 1) h >= D", *(f"T = {T}" for T in Ts),
                           "slope in T (seeds)", f"ratio to {reference} by T"), rows, caption)
