"""Result tables formatted for students (Markdown text): our numbers beside the paper's (section 6.1, Tables 2-3),
provenance of a results file, transition ratios, the seed lottery, reversal scores (Fig. 2e) and the real-data
summaries of section 6.2."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from headcount._checks import check_choice
from headcount.experiments.paper_tables import _T, TABLES, paper_value
from headcount.experiments.synthetic import first_positive
from headcount.training.sweep import summarize

__all__ = ["comparison_markdown", "lottery_markdown", "markdown_table", "provenance", "ratios_markdown",
           "scores_markdown", "summary_markdown"]


def comparison_markdown(rows: list[dict[str, Any]], table: str, threshold: float = 1e-3) -> str:
    """A Markdown table of our min and mean +- std over seeds next to the paper's cell (section 6.1).

    The last column counts seeds with validation NMSE ``<= threshold``.
    """

    table = check_choice("table", table, sorted(TABLES))
    lines = [f"| h | T | ours: min over seeds | ours: mean +- std | paper | seeds <= {threshold:.0e} |",
             "|---|---|---|---|---|---|"]
    for s in summarize(rows, by=("heads", "T")):
        value, std = paper_value(table, s["heads"], s["T"]) if s["T"] in _T and s["heads"] <= 5 else (None, None)
        paper = "" if value is None else (f"{value:.2e} +- {std:.2e}" if std is not None else f"{value:.2e}")
        ok = sum(v <= threshold for v in s["values"])
        lines.append(f"| {s['heads']} | {s['T']} | {s['min']:.2e} | {s['mean']:.2e} +- {s['std']:.1e} | {paper} | "
                     f"{ok}/{s['n']} |")
    return "\n".join(lines) + "\n"


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table from a header and rows of already formatted cells."""
    lines = ["| " + " | ".join(map(str, header)) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(map(str, r)) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def provenance(name: str, rows: Sequence[Mapping[str, Any]]) -> str:
    """Two lines on how a committed sweep file was made: command, device, versions, recipe, seeds, wall time."""
    own = [r for r in rows if not r.get("reused_from")]
    r0 = own[0] if own else rows[0]
    return (f"{name}: {len(rows)} rows ({len(rows) - len(own)} reused from an identical configuration of another "
            f"file) | made by: {r0['command']} | {r0['device']} | torch {r0['torch']} | commit "
            f"{str(r0['git_commit'])[:8]}\n        steps {r0['steps']}, batch {r0['batch_size']}, lr {r0['lr']}, "
            f"beta {r0['beta']}, {r0['n_train']}/{r0['n_val']} examples, seeds {sorted({r['seed'] for r in rows})}, "
            f"total wall time {sum(float(r['wall_time']) for r in rows) / 60:.1f} min")


def ratios_markdown(columns: Mapping[str, Mapping[int, float]], what: str = "NMSE(h=D-1) / NMSE(h=D)") -> str:
    """One row per ``T``, one column per label (``{label: {T: ratio}}``), ratios as ``12.3x``."""
    Ts = sorted({T for col in columns.values() for T in col})
    return f"{what}\n" + markdown_table(["T", *columns], [[T, *(f"{c[T]:.1f}x" if T in c else "-"
                                                                for c in columns.values())] for T in Ts])


def lottery_markdown(cells: Sequence[Mapping[str, Any]], factor: float = 3) -> str:
    """:func:`headcount.experiments.synthetic.seed_lottery`'s cells: min, median, their ratio, lucky seeds."""
    return markdown_table(["h", "T", "min", "median", "median/min", f"seeds within {factor:g}x of min"],
                          [[c["heads"], c["T"], f"{c['min']:.2e}", f"{c['median']:.2e}", f"{c['median_over_min']:.2f}",
                            f"{c['lucky']}/{c['n']}"] for c in cells])


def scores_markdown(scores: Mapping[str, Mapping[int, float]]) -> str:
    """``R(h)`` per label and ``h`` (Fig. 2e), with the first ``h`` from which every score is positive."""
    hs = sorted({h for sc in scores.values() for h in sc})
    return markdown_table(["", *(f"h={h}" for h in hs), "R > 0 from h ="],
                          [[label, *(f"{sc[h]:.3f}" if h in sc else "-" for h in hs), first_positive(sc)]
                           for label, sc in scores.items()])


def summary_markdown(summary: Mapping[tuple, Mapping[str, Any]], rows: Sequence[Any], cols: Sequence[Any],
                     row_name: str, col_name: str, fmt: str = "{mean:.3f} ± {std:.3f}") -> str:
    """A rows x cols table of :func:`headcount.experiments.realdata.summarize_rows` output keyed by ``(row, col)``."""
    return markdown_table([f"{row_name} \\ {col_name}", *cols],
                          [[r, *(fmt.format(**summary[(r, c)]) if (r, c) in summary else "-" for c in cols)]
                           for r in rows])
