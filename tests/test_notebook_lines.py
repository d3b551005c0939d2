"""Notebook code fits a projector and a book page: no code line of a notebook's reviewed source
(``notebooks/NN_name.py``) is longer than ruff's line length for ``notebooks/`` (``notebooks/ruff.toml``,
88). Markdown cells and comment lines may run longer; they wrap when rendered."""
from __future__ import annotations

import json
import re
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))
LIMIT = int(re.search(r"(?m)^line-length\s*=\s*(\d+)", (ROOT / "notebooks" / "ruff.toml").read_text()).group(1))


def long_code_lines(source: str, limit: int = LIMIT) -> list[str]:
    """The lines of a code cell's source longer than ``limit`` characters that are not comments."""
    return [line for line in source.splitlines() if len(line) > limit and not line.lstrip().startswith("#")]


def test_the_limit_is_88_and_the_check_sees_long_lines():
    assert LIMIT == 88
    assert long_code_lines("x = 1\n" + "y = " + "1" * 90 + "\n# " + "c" * 100) == ["y = " + "1" * 90]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_code_line_longer_than_the_limit(path):
    cells = jupytext.read(path).cells
    long = [f"cell {i}: {len(line)} chars: {line.strip()[:70]}..." for i, c in enumerate(cells)
            if c.cell_type == "code" for line in long_code_lines(c.source)]
    assert not long, f"{path.name}: {len(long)} code lines longer than {LIMIT} characters " \
                     f"(`ruff format {path.relative_to(ROOT)}`):\n" + "\n".join(long[:10])


MD_RULE = re.compile(r"(?m)^\|(\s*:?-{3,}:?\s*\|)+\s*$")  # a Markdown table's |---|---| line
PRINTED_TABLE = re.compile(r"print\(\s*[\w.]*(?:_table|_markdown)\(")  # print(lt.fit_table(...)), print(tables.x_markdown(...))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_notebook_prints_a_markdown_table(path):
    """Result tables are display objects (``headcount.ui.tables.Table``): a cell ends with one, or passes it to
    ``display``, and JupyterLab, Colab, the book and the slides show a table, not pipes and dashes."""
    nb = json.loads(path.with_suffix(".ipynb").read_text(encoding="utf-8"))
    printed = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code" for o in c.get("outputs", [])
               if o.get("output_type") == "stream" and MD_RULE.search("".join(o.get("text", "")))]
    assert not printed, f"{path.with_suffix('.ipynb').name}: cells {printed} print a Markdown table"
    calls = [line.strip() for c in jupytext.read(path).cells if c.cell_type == "code"
             for line in c.source.splitlines() if PRINTED_TABLE.search(line)]
    assert not calls, f"{path.name}: print a table object instead of displaying it: {calls[:3]}"


def test_the_table_checks_see_a_printed_table():
    assert MD_RULE.search("caption\n| h | T |\n|---|---|\n| 1 | 8 |\n")
    assert not MD_RULE.search("| not a rule |\n")
    assert PRINTED_TABLE.search("print(tables.ratios_markdown({}))") and PRINTED_TABLE.search("print(lt.fit_table(f))")
    assert not PRINTED_TABLE.search("display(tables.ratios_markdown({}))")
