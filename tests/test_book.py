"""The course book (``make book``): built from the committed notebooks without running them, offline.

Built as the README builds it (a relative ``--out``): every notebook has a page; no internal link is
broken; every script and style sheet a page loads is a file of the site (MathJax, require.js and the
widget manager too, once npm has fetched them); every image output of a committed notebook is on its
page; no page shows a Python traceback; solutions stay folded in ``<details>``; the set-up and import
cells are folded, so each page opens on its title, objectives and lecture path. Skipped when the
``book`` extra (Sphinx, MyST-NB) is not installed. What a reader sees in a browser (formulas typeset,
no sideways scrolling) is ``tests/test_browser.py``.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

pytest.importorskip("myst_nb", reason="the book extra is not installed (pip install -e '.[book]')")
pytest.importorskip("sphinx_book_theme", reason="the book extra is not installed (pip install -e '.[book]')")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import book  # noqa: E402
import vendor  # noqa: E402

CODE_BLOCK = re.compile(r"```python\n(.*?)```", re.S)


class Page(HTMLParser):
    """Links, image sources, scripts and style sheets, ids, the text outside ``<details>``, and the order
    of the page's section headings and unfolded code cells (``order``: ``'h2'`` or ``'code'``)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.images: list[str] = []
        self.loads: list[str] = []
        self.ids: set[str] = set()
        self.outside: list[str] = []
        self.order: list[str] = []
        self.details = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "img" and a.get("src"):
            self.images.append(a["src"])
        if (tag == "script" and a.get("src")) or (tag == "link" and a.get("rel") == "stylesheet"):
            self.loads.append(a.get("src") or a["href"])
        if tag == "h2":
            self.order.append("h2")
        if tag == "div" and "cell_input" in (a.get("class") or "").split() and not self.details:
            self.order.append("code")
        if tag == "details":
            self.details += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "details":
            self.details -= 1

    def handle_data(self, data: str) -> None:
        if not self.details:
            self.outside.append(data)


def cached_only(name: str, version: str, cache: Path = vendor.CACHE) -> Path | None:
    """:func:`vendor.npm_package` without a download: the cached package or None (then the CDN)."""
    return cache / f"{name}@{version}" if (cache / f"{name}@{version}" / "package.json").exists() else None


VENDORED = all(cached_only(*key) for key in (vendor.MATHJAX, vendor.REQUIREJS, vendor.HTML_MANAGER))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The book built as the README runs it: ``--out build/book``, a path relative to the working folder."""
    work = tmp_path_factory.mktemp("book")
    with pytest.MonkeyPatch.context() as mp:  # a test fetches nothing: scripts from the cache or the CDN
        mp.setattr(vendor, "npm_package", cached_only)
        mp.chdir(work)
        report = book.build(Path("build") / "book")
    out = work / "build" / "book"
    html = out / "html"
    pages = {}
    for p in html.rglob("*.html"):
        parser = Page()
        parser.feed(p.read_text(encoding="utf-8"))
        pages[p] = parser
    return {"html": html, "pages": pages, "report": report}


def test_builds_without_warnings_and_every_notebook_has_a_page(site):
    assert not site["report"]["warnings"], "\n".join(site["report"]["warnings"])
    html = site["html"]
    for nb in book.notebooks():
        assert (html / "notebooks" / f"{nb.stem}.html").exists(), f"no page for {nb.name}"
    assert (html / "index.html").exists()
    index = site["pages"][html / "index.html"]
    assert "Syllabus" in "".join(index.outside)
    if (ROOT / "docs" / "ledger.md").exists():
        assert (html / "ledger.html").exists()


def test_no_broken_internal_links(site):
    html, pages = site["html"], site["pages"]
    broken = []
    for path, page in pages.items():
        for href in page.links + page.images:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.exists():
                broken.append(f"{path.relative_to(html)} -> {href}")
            elif parts.fragment and target.suffix == ".html" and target in pages \
                    and parts.fragment not in pages[target].ids:
                broken.append(f"{path.relative_to(html)} -> {href} (no such anchor)")
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_every_script_and_style_sheet_is_a_file_of_the_site(site):
    """MathJax is the bug this guards: with a relative ``--out`` Sphinx found no static folder, and every
    page asked for a ``_static/mathjax/tex-mml-chtml.js`` that did not exist (formulas stayed raw TeX)."""
    html, pages = site["html"], site["pages"]
    missing, remote = [], []
    for path, page in pages.items():
        if path.relative_to(html).parts[0] == "_static":  # the theme's template fragments, not pages
            continue
        for src in page.loads:
            parts = urlsplit(src)
            if parts.scheme or parts.netloc:
                remote.append(f"{path.relative_to(html)} -> {src}")
            elif not (path.parent / unquote(parts.path)).is_file():
                missing.append(f"{path.relative_to(html)} -> {src}")
    assert not missing, "pages load files the site does not have:\n" + "\n".join(missing[:10])
    page07 = (html / "notebooks" / "07_depth_conjecture.html").read_text(encoding="utf-8")
    assert "mathjax" in page07.lower()
    if VENDORED:  # npm has fetched them once (make book): nothing from another host
        assert not remote, "pages load scripts from other hosts:\n" + "\n".join(remote[:10])
        assert not [w for w in site["report"]["warnings"] if "html_static_path" in w]


def test_setup_and_imports_are_folded(site):
    """Each page opens on its title, objectives and lecture path: no unfolded code before the first section."""
    html, pages = site["html"], site["pages"]
    for nb_path in book.notebooks():
        order = pages[html / "notebooks" / f"{nb_path.stem}.html"].order
        assert "h2" in order, f"{nb_path.name}: no section heading"
        assert "code" not in order[:order.index("h2")], f"{nb_path.name}: code shown before the first section"
        cells = json.loads(nb_path.read_text(encoding="utf-8"))["cells"]
        folded = book.plumbing(cells)
        setup = [c for c in cells if "setup" in c.get("metadata", {}).get("tags", [])]
        assert all(any(c is f for f in folded) for c in setup), f"{nb_path.name}: the set-up cell is not folded"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_every_figure_of_every_notebook_is_on_its_page(site):
    html, pages = site["html"], site["pages"]
    for nb_path in book.notebooks():
        page_path = html / "notebooks" / f"{nb_path.stem}.html"
        shown = {_digest((page_path.parent / unquote(src)).read_bytes())
                 for src in pages[page_path].images if (page_path.parent / unquote(src)).is_file()}
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        figures = [base64.b64decode(o["data"]["image/png"]) for c in nb["cells"] if c["cell_type"] == "code"
                   for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
        missing = [i for i, png in enumerate(figures) if _digest(png) not in shown]
        assert not missing, f"{nb_path.name}: figures {missing} of {len(figures)} are not on its page"


def test_no_page_shows_a_traceback(site):
    for path, page in site["pages"].items():
        text = "".join(page.outside)
        assert "Traceback (most recent call last)" not in text, f"{path.name} shows a Python traceback"
        assert 'class="output traceback' not in path.read_text(encoding="utf-8"), f"{path.name} has an error output"


def test_solutions_are_folded(site):
    """Every line of a solution that appears nowhere else in its notebook is on the page only inside <details>."""
    html, pages = site["html"], site["pages"]
    for nb_path in book.notebooks():
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        cells = ["".join(c["source"]) for c in nb["cells"]]
        tags = [c.get("metadata", {}).get("tags", []) for c in nb["cells"]]
        others = "\n".join(src for src, t in zip(cells, tags) if "solution" not in t)
        page = pages[html / "notebooks" / f"{nb_path.stem}.html"]
        outside = "".join(page.outside)
        for src, t in zip(cells, tags):
            if "solution" not in t:
                continue
            assert "<details>" in src, f"{nb_path.name}: a solution cell without <details>"
            for line in "\n".join(CODE_BLOCK.findall(src)).splitlines():
                line = line.strip()
                if len(line) > 20 and line not in others:
                    assert line not in outside, f"{nb_path.name}: solution line visible unfolded: {line!r}"


def test_result_tables_render_as_tables(site):
    """Every result table a notebook displays (``headcount.ui.tables.Table``) is an HTML table on its page."""
    html = site["html"]
    shown = 0
    for nb_path in book.notebooks():
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        tables = sum("hc-table" in "".join(o.get("data", {}).get("text/html", "")) for c in nb["cells"]
                     if c["cell_type"] == "code" for o in c.get("outputs", []))
        page = (html / "notebooks" / f"{nb_path.stem}.html").read_text(encoding="utf-8")
        assert page.count('<table class="hc-table">') == tables, f"{nb_path.name}: {tables} tables, page differs"
        shown += tables
    assert shown > 0, "no notebook displays a result table"
