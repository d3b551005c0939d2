"""Result tables formatted for students: our numbers beside the paper's (section 6.1, Tables 2-3)."""
from __future__ import annotations

from typing import Any

from headcount._checks import check_choice
from headcount.experiments.paper_tables import _T, TABLES, paper_value
from headcount.training.sweep import summarize

__all__ = ["comparison_markdown"]


def comparison_markdown(rows: list[dict[str, Any]], table: str, threshold: float = 1e-3) -> str:
    """A Markdown table of our min and mean +- std over seeds next to the paper's cell (section 6.1).

    The last column counts seeds with validation NMSE ``<= threshold``.
    """

    table = check_choice("table", table, sorted(TABLES))
    lines = ["| h | T | ours: min over seeds | ours: mean +- std | paper | seeds <= %.0e |" % threshold,
             "|---|---|---|---|---|---|"]
    for s in summarize(rows, by=("heads", "T")):
        value, std = paper_value(table, s["heads"], s["T"]) if s["T"] in _T and s["heads"] <= 5 else (None, None)
        paper = "" if value is None else (f"{value:.2e} +- {std:.2e}" if std is not None else f"{value:.2e}")
        ok = sum(v <= threshold for v in s["values"])
        lines.append(f"| {s['heads']} | {s['T']} | {s['min']:.2e} | {s['mean']:.2e} +- {s['std']:.1e} | {paper} | "
                     f"{ok}/{s['n']} |")
    return "\n".join(lines) + "\n"
