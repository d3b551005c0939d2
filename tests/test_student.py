"""The student edition (``make student``): no solution survives, every exercise check says "not yet" on its
untouched stub, and everything else is the course notebook unchanged."""
from __future__ import annotations

import contextlib
import io
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import student  # noqa: E402

CODE_BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def _tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    written = student.build(out)
    return {p.name: (nbformat.read(ROOT / "notebooks" / p.name, as_version=4), nbformat.read(p, as_version=4))
            for p in written}


def test_every_notebook_is_there(edition):
    assert sorted(edition) == sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_no_solution_survives_and_the_rest_is_intact(edition):
    for name, (course, stud) in edition.items():
        assert not [c for c in stud.cells if "solution" in _tags(c)], f"{name}: a solution cell survived"
        kept = [c for c in course.cells if "solution" not in _tags(c)]
        assert [c.source for c in kept] == [c.source for c in stud.cells], f"{name}: cells changed"
        for c, s in zip(kept, stud.cells):
            if c.cell_type == "code" and "exercise" not in _tags(c):
                assert c.outputs == s.outputs, f"{name}: outputs of a non-exercise cell changed"
        text = nbformat.writes(stud)
        others = "\n".join(c.source for c in kept)
        for sol in (c for c in course.cells if "solution" in _tags(c)):
            for line in "\n".join(CODE_BLOCK.findall(sol.source)).splitlines():
                line = line.strip()
                if len(line) > 20 and line not in others:
                    assert line not in text, f"{name}: solution text survived: {line!r}"


def _exercise_cells(edition):
    return [(name, i, cell.source) for name, (_, stud) in sorted(edition.items())
            for i, cell in enumerate(stud.cells) if cell.cell_type == "code" and "exercise" in _tags(cell)]


def test_every_exercise_check_says_not_yet_on_the_stub(edition):
    cells = _exercise_cells(edition)
    assert len(cells) >= 3 * len(edition)
    for name, i, source in cells:
        stud = edition[name][1]
        assert not stud.cells[i].outputs, f"{name} cell {i}: exercise outputs not cleared"
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            exec(compile(source, f"<{name} cell {i}>", "exec"), {})  # self-contained by convention
        assert "not yet" in buf.getvalue(), f"{name} cell {i}: the untouched stub printed {buf.getvalue()!r}"
