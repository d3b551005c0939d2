"""Notebook code fits a projector and a book page: no code line of a notebook's reviewed source
(``notebooks/NN_name.py``) is longer than ruff's line length for ``notebooks/`` (``notebooks/ruff.toml``,
88). Markdown cells and comment lines may run longer; they wrap when rendered."""
from __future__ import annotations

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
