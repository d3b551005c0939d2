"""How much of each notebook's code is plumbing: one line per notebook with its share in percent.

Reads the reviewed sources ``notebooks/NN_*.py`` (jupytext py:percent) and counts **code lines**: the
non-blank lines of code cells that are not comments (markdown cells and the jupytext header are not code).
Each top-level statement of a code cell is read with ``ast`` and all its lines get one class; a compound
statement (``for``, ``if``, ``with``, ``def``, ...) is classified line by line: its body statements by these
rules, its header like its body when the whole body is one class, else as lecture.

A line is **plumbing** when its statement is

* **set-up**: in the cell tagged ``setup`` (the Colab set-up cell, the same in every notebook), an
  ``import``, or a call of ``configure_threads``, ``device_report`` or ``warnings.*``;
* **loading**: it calls a loader or touches a path: ``results``, ``load_*``, ``read_*``, ``data_dir``,
  ``open``, ``Path``, ``np.load``, ``json.load``;
* **formatting**: it prints or displays a table or list built by hand: a ``print``/``display`` whose arguments
  hold an f-string field with a width or alignment (a column: ``{T:>4}``, ``{v:8.2f}``), a ``.join``,
  ``.ljust``, ``.rjust``, ``.format`` or a comprehension (a sentence with a number, ``{gap:.1f}``, is
  narration, not formatting; so is ``plt.show()``, which shows a figure);
* **bookkeeping**: an assignment whose value is a comprehension that only rearranges results for a print or a
  check (it calls nothing but builtins such as ``min``, ``max``, ``round``, ``len``, ``sorted`` and ``.items()``;
  a comprehension that calls a library function computes, and is lecture), ``del``/``pass``, or the second and
  later lines of a ``claims.check`` call (its first line is the claim).

Everything else is the lecture: building tasks and models, training, computing, plotting, calling library
table functions, claims, exercises. Usage: ``python tools/plumbing.py [--check] [notebooks/NN_x.py ...]``
(``--check``: exit 1 if a notebook's share is above a third, the course's target).
"""
from __future__ import annotations

import argparse
import ast
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1 / 3
KINDS = ("set-up", "loading", "formatting", "bookkeeping")
SETUP_CALLS = {"configure_threads", "device_report"}
LOADERS = {"results", "data_dir", "open", "Path"}
LOADER_PREFIXES = ("load_", "read_")
TEXT_METHODS = {"join", "ljust", "rjust", "format"}
REARRANGE = {"min", "max", "round", "len", "sorted", "sum", "float", "int", "abs", "str", "list", "dict", "set",
             "tuple", "zip", "enumerate", "range", "items", "values", "keys", "get"}
COLUMN = re.compile(r"(.?[<>=^])|[+\- ]?#?0?[1-9]")   # a format spec with an alignment or a width


def code_cells(text: str) -> list[tuple[bool, str]]:
    """``(tagged setup, source)`` of every code cell of a py:percent notebook."""
    cells, current, header = [], [], ""
    for line in [*text.splitlines(), "# %% end"]:
        if line.startswith("# %%"):
            if header and "[markdown]" not in header and "[raw]" not in header:
                cells.append(('"setup"' in header, "\n".join(current)))
            current, header = [], line
        elif header:
            current.append(line)
    return cells


def _called(node: ast.AST) -> set[str]:
    """Names of every function or method called inside ``node`` (``a.b.load_x(...)`` gives ``load_x``)."""
    out = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Call):
            f = n.func
            out.add(f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else "")
            if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name):
                out.add(f"{f.value.id}.{f.attr}")
    return out


def _hand_text(call: ast.Call) -> bool:
    """Whether a print/display call's arguments build text by hand."""
    for arg in [*call.args, *(k.value for k in call.keywords)]:
        for n in ast.walk(arg):
            if isinstance(n, ast.FormattedValue) and isinstance(n.format_spec, ast.JoinedStr) and \
                    COLUMN.match("".join(str(c.value) for c in n.format_spec.values if isinstance(c, ast.Constant))):
                return True
            if isinstance(n, (ast.ListComp, ast.DictComp, ast.SetComp, ast.GeneratorExp)):
                return True
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in TEXT_METHODS:
                return True
    return False


def classify(stmt: ast.stmt) -> str:
    """The class of one simple statement: one of :data:`KINDS`, or ``'lecture'``."""
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        return "set-up"
    called = _called(stmt)
    if called & SETUP_CALLS or any(c.startswith("warnings.") for c in called):
        return "set-up"
    if called & LOADERS or {"np.load", "json.load"} & called or any(c.startswith(LOADER_PREFIXES) for c in called):
        return "loading"
    value = stmt.value if isinstance(stmt, (ast.Expr, ast.Assign, ast.AnnAssign)) else None
    if isinstance(value, ast.Call):
        f = value.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        if isinstance(stmt, ast.Expr) and name in ("print", "display") and _hand_text(value):
            return "formatting"
    if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and isinstance(
            value, (ast.ListComp, ast.DictComp, ast.SetComp, ast.GeneratorExp)) and \
            {c for c in _called(value) if "." not in c} <= REARRANGE:
        return "bookkeeping"
    if isinstance(stmt, (ast.Delete, ast.Pass)):
        return "bookkeeping"
    return "lecture"


def _is_check(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and \
        isinstance(stmt.value.func, ast.Attribute) and stmt.value.func.attr == "check" and \
        isinstance(stmt.value.func.value, (ast.Name, ast.Attribute)) and \
        ast.unparse(stmt.value.func.value).endswith("claims")


def _label(stmts: list[ast.stmt], lines: dict[int, str]) -> None:
    """Label ``lines[number]`` for every line of ``stmts`` (recursing into compound statements)."""
    for stmt in stmts:
        bodies = [b for b in (getattr(stmt, f, None) for f in ("body", "orelse", "finalbody")) if isinstance(b, list)]
        bodies += [h.body for h in getattr(stmt, "handlers", [])]
        inner = [s for b in bodies for s in b]
        if inner and not isinstance(stmt, (ast.ClassDef,)):
            _label(inner, lines)
            kinds = {lines.get(n) for s in inner for n in range(s.lineno, s.end_lineno + 1)} - {None}
            head = kinds.pop() if len(kinds) == 1 else "lecture"
            for n in range(stmt.lineno, inner[0].lineno):
                lines.setdefault(n, head)
            continue
        kind = classify(stmt)
        for n in range(stmt.lineno, stmt.end_lineno + 1):
            lines[n] = "bookkeeping" if _is_check(stmt) and n > stmt.lineno else kind


def measure(text: str) -> Counter[str]:
    """Code lines of a py:percent notebook by class: ``Counter`` over :data:`KINDS` and ``'lecture'``."""
    counts: Counter[str] = Counter()
    for setup, source in code_cells(text):
        src_lines = source.splitlines()
        code = {n for n, line in enumerate(src_lines, 1) if line.strip() and not line.lstrip().startswith("#")}
        if setup:
            counts["set-up"] += len(code)
            continue
        try:
            tree = ast.parse(source)
        except SyntaxError:   # a cell with shell or magic lines: all lecture
            counts["lecture"] += len(code)
            continue
        labels: dict[int, str] = {}
        _label(tree.body, labels)
        for n in code:
            counts[labels.get(n, "lecture")] += 1
    return counts


def share(counts: Counter[str]) -> float:
    """The plumbing share of a notebook's code lines, between 0 and 1."""
    total = sum(counts.values())
    return sum(counts[k] for k in KINDS) / total if total else 0.0


def report_line(name: str, counts: Counter[str]) -> str:
    total = sum(counts.values())
    plumbing = sum(counts[k] for k in KINDS)
    parts = ", ".join(f"{k} {counts[k]}" for k in KINDS)
    return f"{name}: plumbing {100 * share(counts):.0f}% ({plumbing} of {total} code lines: {parts})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="py:percent notebooks (default: notebooks/NN_*.py)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a notebook's share is above a third")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))
    over = []
    for path in paths:
        counts = measure(path.read_text(encoding="utf-8"))
        print(report_line(path.name, counts))
        if share(counts) > TARGET:
            over.append(path.name)
    if args.check and over:
        print(f"above a third: {', '.join(over)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
