"""Every exercise: its stub reports "not yet", its solution reports "correct", and each notebook has enough.

Cells are found by tag (``exercise`` for the stub's code cell, ``solution`` for the markdown cell holding
the reference answer in a ``<details>`` block). Each stub cell and each solution block runs in a fresh
namespace (they are self-contained by convention, see :mod:`headcount.exercises`).
"""
from __future__ import annotations

import ast
import contextlib
import io
import re
from pathlib import Path

import jupytext
import pytest

from headcount.exercises import EXERCISES, check

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.py"))
CODE_BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def checked(source: str) -> list[tuple[str, str]]:
    """``(exercise id, answer name)`` of every ``check("id", name)`` call in a cell."""
    calls = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "check":
            if len(node.args) >= 2 and isinstance(node.args[0], ast.Constant) and isinstance(node.args[1], ast.Name):
                calls.append((node.args[0].value, node.args[1].id))
    return calls


def exercises_of(path: Path) -> list[tuple[str, str, str, str]]:
    """``(id, answer name, stub source, solution source)`` for each exercise of a notebook, in order."""
    cells = jupytext.read(path, fmt="py:percent").cells
    found, pending = [], []
    for cell in cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "code" and "exercise" in tags:
            pending += [(eid, name, cell.source) for eid, name in checked(cell.source)]
        elif cell.cell_type == "markdown" and "solution" in tags:
            blocks = CODE_BLOCK.findall(cell.source)
            assert blocks, f"{path.name}: a solution cell holds no ```python block"
            solution = "\n".join(blocks)
            for eid, name, stub in pending:
                found.append((eid, name, stub, solution))
            pending = []
    assert not pending, f"{path.name}: exercises {[p[0] for p in pending]} have no solution cell after them"
    return found


ALL = [(nb.name, *e) for nb in NOTEBOOKS for e in exercises_of(nb)]


def _run(source: str) -> dict:
    ns: dict = {"check": check}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(source, "<cell>", "exec"), ns)
    return ns


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_each_notebook_has_three_exercises_one_an_implementation(nb):
    ids = [e[0] for e in exercises_of(nb)]
    assert len(set(ids)) >= 3, f"{nb.name} has {len(set(ids))} exercises with checks; at least 3 are needed"
    assert any(EXERCISES[i].kind == "implement" for i in ids if i in EXERCISES), \
        f"{nb.name}: at least one exercise must ask the student to implement a function"


def test_every_registered_exercise_is_in_a_notebook():
    used = {e[1] for e in ALL}
    assert set(EXERCISES) <= used, f"registered but in no notebook: {sorted(set(EXERCISES) - used)}"


@pytest.mark.parametrize("nb,eid,name,stub,solution", ALL, ids=[e[1] for e in ALL])
def test_stub_is_not_yet_and_solution_is_correct(nb, eid, name, stub, solution):
    assert eid in EXERCISES, f"{nb}: check names unknown exercise {eid!r}"
    stub_ns = _run(stub)
    result = check(eid, stub_ns[name], quiet=True)
    assert result.status == "not yet", f"{nb} {eid}: the untouched stub gives {result}"
    sol_ns = _run(solution)
    assert name in sol_ns, f"{nb} {eid}: the solution does not define {name!r}"
    result = check(eid, sol_ns[name], quiet=True)
    assert result.ok, f"{nb} {eid}: the solution gives {result}"


EXERCISE_HEADING = re.compile(r"^# #+ Exercises? (\d+)\.\d+", re.M)
EXERCISE_REF = re.compile(r"[Ee]xercises? (\d+)\.\d+")


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_exercises_are_numbered_by_notebook(nb):
    """Notebook NN's exercises are NN.x, in headings and in the notebook's references to them (issue 23)."""
    text = nb.read_text(encoding="utf-8")
    number = int(nb.name[:2])
    assert EXERCISE_HEADING.findall(text), f"{nb.name}: no '### Exercise {number}.x' heading"
    wrong = sorted({n for n in EXERCISE_REF.findall(text) if int(n) != number})
    assert not wrong, f"{nb.name}: exercises numbered {wrong}.x; number them {number}.x"


def test_silent_heads_hints_without_giving_the_answer():
    from headcount.exercises.nb03 import SILENT_SETTING
    from headcount.theory import lower_bound_exponent

    answer = {s for s in range(1, SILENT_SETTING["D"]) if lower_bound_exponent(64, s, 8, 4) > 0}
    for wrong in (set(), {1, 2, 3}, {2}):
        result = check("nb03.silent_heads", wrong, quiet=True)
        assert result.status == "not quite"
        assert "k(s=" not in result.message and f"{answer}" not in result.message
