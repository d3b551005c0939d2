"""Write the student edition (``make student``): the notebooks without solutions, exercises unanswered.

    .venv/bin/python tools/student.py [--out build/student]

For each ``notebooks/NN_*.ipynb``: markdown cells tagged ``solution`` are removed, and the outputs of
code cells tagged ``exercise`` are cleared (the checks print ``[not yet]`` again when run on the
untouched stub); every other cell, output and metadata is kept. The folder is branch-ready: the
notebooks, and a README saying what this edition is. The library and ``data/`` come from the course
(``pip install`` of the repository, as in each notebook's set-up cell).
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]

README = """# Head Count: student edition

The course notebooks with the exercise solutions removed and the exercise cells cleared. Each exercise
cell ends with a check that prints `[not yet]` until your answer is right, then `[correct]`.
Made by `make student` from the course repository; install the library as each notebook's first cell says.
"""


def student_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` without ``solution`` cells, with the outputs of ``exercise`` code cells cleared."""
    out = nbformat.from_dict(nb)
    cells = []
    for cell in out.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if "solution" in tags:
            continue
        if cell.cell_type == "code" and "exercise" in tags:
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
    out.cells = cells
    return out


def build(out: Path, root: Path = ROOT) -> list[Path]:
    """Write the student edition into ``out`` (emptied first); returns the notebooks written."""
    if out.exists():
        shutil.rmtree(out)
    (out / "notebooks").mkdir(parents=True)
    (out / "README.md").write_text(README, encoding="utf-8")
    written = []
    for path in sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nb = student_notebook(nbformat.read(path, as_version=4))
        target = out / "notebooks" / path.name
        nbformat.write(nb, target)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "student")
    args = ap.parse_args(argv)
    written = build(args.out)
    print(f"student edition: {len(written)} notebooks -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
