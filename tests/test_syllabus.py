"""The front page lists every notebook: README's syllabus (also the book's landing page, tools/book.py) and
notebook 00's syllabus have a row per ``notebooks/NN_*.py`` (issue 23)."""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.py"))


def _section(text: str, heading: str) -> str:
    parts = re.split(r"(?m)^(?=#* ?## )", text)
    return next(p for p in parts if p.lstrip("# ").startswith(heading))


def test_readme_syllabus_lists_every_notebook():
    syllabus = _section((ROOT / "README.md").read_text(encoding="utf-8"), "Syllabus")
    missing = [nb for nb in NOTEBOOKS if f"(notebooks/{nb}.ipynb)" not in syllabus]
    assert not missing, f"README's syllabus has no row for {missing}"


def test_notebook_00_syllabus_lists_every_notebook():
    syllabus = _section((ROOT / "notebooks" / "00_start_here.py").read_text(encoding="utf-8"), "The syllabus")
    missing = [nb for nb in NOTEBOOKS if f"**{nb}**" not in syllabus]
    assert not missing, f"notebook 00's syllabus has no row for {missing}"


def test_book_landing_page_lists_every_notebook():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import book
    finally:
        sys.path.pop(0)
    page = book.landing_page(ROOT, {})
    missing = [nb for nb in NOTEBOOKS if page.count(nb) < 2]   # a syllabus row and a toctree entry
    assert not missing, f"the book's landing page does not list {missing}"


def test_readme_reproduce_lists_every_table_of_the_cli():
    from headcount.experiments.paper_tables import TABLES

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if "python -m headcount reproduce table2|" in ln)
    assert all(t in line for t in TABLES), f"README's reproduce line lacks some of {sorted(TABLES)}: {line}"
