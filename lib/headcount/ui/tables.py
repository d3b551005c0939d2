"""Result tables for students: our numbers beside the paper's (section 6.1, Tables 2-5), transition ratios,
the seed lottery, reversal scores (Fig. 2e), the real-data summaries of section 6.2, and the provenance of a
results file.

Each table function returns a :class:`Table`: a display object that JupyterLab, Colab, MyST-NB (the book)
and nbconvert (the slides) render as an HTML table when it ends a cell (or goes to ``display``), and whose
``str`` is the Markdown text (``print(t)`` still works; nbval compares both, and both are deterministic)."""
from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from headcount._checks import check_choice
from headcount.experiments.paper_tables import _T, TABLES, paper_value
from headcount.experiments.synthetic import check_grid, first_positive
from headcount.training.sweep import summarize

_HYPHENATED = re.compile(r"(\S*\w-\w\S*)")  # tokens a browser could break after their hyphen

__all__ = ["Table", "comparison_markdown", "grid_table", "lottery_markdown", "markdown_table", "provenance",
           "ratios_markdown", "scores_markdown", "summary_markdown"]


@dataclass(frozen=True)
class Table:
    """A result table: ``header``, ``rows`` of already formatted cells, an optional ``caption`` line above it.

    ``str(t)`` (and ``_repr_markdown_``) is Markdown; ``_repr_html_`` is a plain ``<table>`` (cells escaped,
    numbers right-aligned, no ids or styles that change between runs)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = field(default_factory=tuple)
    caption: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "header", tuple(map(str, self.header)))
        object.__setattr__(self, "rows", tuple(tuple(map(str, r)) for r in self.rows))
        bad = [i for i, r in enumerate(self.rows) if len(r) != len(self.header)]
        if bad:
            raise ValueError(f"rows {bad} do not have {len(self.header)} cells (the header's length)")

    def _lines(self) -> list[str]:
        lines = ["| " + " | ".join(self.header) + " |", "|" + "---|" * len(self.header)]
        return lines + ["| " + " | ".join(r) + " |" for r in self.rows]

    def __str__(self) -> str:
        return "\n".join(([self.caption] if self.caption else []) + self._lines()) + "\n"

    def _repr_markdown_(self) -> str:  # a blank line between caption and table, or it joins the paragraph
        return "\n".join(([self.caption, ""] if self.caption else []) + self._lines()) + "\n"

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:  # text/plain: the Markdown, not a dataclass repr
        p.text(str(self).rstrip("\n"))

    def _repr_html_(self) -> str:
        right = ' style="text-align: right"'

        def cell(tag: str, text: str) -> str:
            numeric = tag == "td" and (text[:1].isdigit() or (text[:1] in "-+." and text[1:2].isdigit()))
            # a narrow column wraps a cell at its spaces, never inside 1.38e-02
            body = _HYPHENATED.sub(r'<span style="white-space: nowrap">\1</span>', html.escape(text))
            return f"<{tag}{right if numeric else ''}>{body}</{tag}>"

        head = "<tr>" + "".join(cell("th", h) for h in self.header) + "</tr>"
        body = "".join("<tr>" + "".join(cell("td", c) for c in r) + "</tr>" for r in self.rows)
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return f'<table class="hc-table">{caption}<thead>{head}</thead><tbody>{body}</tbody></table>'


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]], caption: str = "") -> Table:
    """A :class:`Table` from a header and rows of already formatted cells."""
    return Table(tuple(header), tuple(tuple(r) for r in rows), caption)


def comparison_markdown(rows: list[dict[str, Any]], table: str, threshold: float = 1e-3) -> Table:
    """Our min and mean +- std over seeds next to the paper's cell (section 6.1).

    The last column counts seeds with validation NMSE ``<= threshold``.
    """
    table = check_choice("table", table, sorted(TABLES))
    out = []
    for s in summarize(rows, by=("heads", "T")):
        value, std = paper_value(table, s["heads"], s["T"]) if s["T"] in _T and s["heads"] <= 5 else (None, None)
        paper = "" if value is None else (f"{value:.2e} +- {std:.2e}" if std is not None else f"{value:.2e}")
        ok = sum(v <= threshold for v in s["values"])
        out.append([s["heads"], s["T"], f"{s['min']:.2e}", f"{s['mean']:.2e} +- {s['std']:.1e}", paper,
                    f"{ok}/{s['n']}"])
    return markdown_table(["h", "T", "ours: min over seeds", "ours: mean +- std", "paper",
                           f"seeds <= {threshold:.0e}"], out)


def grid_table(grid: Mapping[int, Mapping[int, float]], paper: Mapping[int, Mapping[int, float]] | None = None,
               fmt: str = "{:.2e}", label: str = "h \\ T", caption: str = "") -> Table:
    """A grid ``{h: {T: value}}`` (:func:`headcount.experiments.synthetic.nmse_grid`), ``h`` rows by ``T``
    columns; with ``paper``, each cell reads ``ours / paper``."""
    check_grid(grid)
    Ts = sorted({T for row in grid.values() for T in row})

    def cell(h: int, T: int) -> str:
        ours = fmt.format(grid[h][T]) if T in grid[h] else "-"
        if paper is None:
            return ours
        return f"{ours} / {fmt.format(paper[h][T]) if h in paper and T in paper[h] else '-'}"

    return markdown_table([label, *Ts], [[h, *(cell(h, T) for T in Ts)] for h in sorted(grid)], caption)


def provenance(name: str, rows: Sequence[Mapping[str, Any]]) -> str:
    """Two lines on how a committed sweep file was made: command, device, versions, recipe, seeds, wall time."""
    own = [r for r in rows if not r.get("reused_from")]
    r0 = own[0] if own else rows[0]
    return (f"{name}: {len(rows)} rows ({len(rows) - len(own)} reused from an identical configuration of another "
            f"file) | made by: {r0['command']} | {r0['device']} | torch {r0['torch']} | commit "
            f"{str(r0['git_commit'])[:8]}\n        steps {r0['steps']}, batch {r0['batch_size']}, lr {r0['lr']}, "
            f"beta {r0['beta']}, {r0['n_train']}/{r0['n_val']} examples, seeds {sorted({r['seed'] for r in rows})}, "
            f"total wall time {sum(float(r['wall_time']) for r in rows) / 60:.1f} min")


def ratios_markdown(columns: Mapping[str, Mapping[int, float]], what: str = "NMSE(h=D-1) / NMSE(h=D)") -> Table:
    """One row per ``T``, one column per label (``{label: {T: ratio}}``), ratios as ``12.3x``; ``what`` is the
    caption."""
    Ts = sorted({T for col in columns.values() for T in col})
    return markdown_table(["T", *columns], [[T, *(f"{c[T]:.1f}x" if T in c else "-" for c in columns.values())]
                                            for T in Ts], caption=what)


def lottery_markdown(cells: Sequence[Mapping[str, Any]], factor: float = 3) -> Table:
    """:func:`headcount.experiments.synthetic.seed_lottery`'s cells: min, median, their ratio, lucky seeds."""
    return markdown_table(["h", "T", "min", "median", "median/min", f"seeds within {factor:g}x of min"],
                          [[c["heads"], c["T"], f"{c['min']:.2e}", f"{c['median']:.2e}", f"{c['median_over_min']:.2f}",
                            f"{c['lucky']}/{c['n']}"] for c in cells])


def scores_markdown(scores: Mapping[str, Mapping[int, float]]) -> Table:
    """``R(h)`` per label and ``h`` (Fig. 2e), with the first ``h`` from which every score is positive."""
    hs = sorted({h for sc in scores.values() for h in sc})
    return markdown_table(["", *(f"h={h}" for h in hs), "R > 0 from h ="],
                          [[label, *(f"{sc[h]:.3f}" if h in sc else "-" for h in hs), first_positive(sc)]
                           for label, sc in scores.items()])


def summary_markdown(summary: Mapping[tuple, Mapping[str, Any]], rows: Sequence[Any], cols: Sequence[Any],
                     row_name: str, col_name: str, fmt: str = "{mean:.3f} ± {std:.3f}") -> Table:
    """A rows x cols table of :func:`headcount.experiments.realdata.summarize_rows` output keyed by ``(row, col)``."""
    return markdown_table([f"{row_name} \\ {col_name}", *cols],
                          [[r, *(fmt.format(**summary[(r, c)]) if (r, c) in summary else "-" for c in cols)]
                           for r in rows])
