"""Build the course book: a static HTML site of the committed, executed notebooks (``make book``).

    .venv/bin/python tools/book.py [--out build/book]

Stages the sources in ``<out>/src`` (the README's introduction and syllabus as the landing page,
every ``notebooks/NN_*.ipynb`` as it is committed, its set-up and import cells folded, and
``docs/ledger.md`` when present), then runs
Sphinx with MyST-NB (``book/conf.py``: notebooks are never executed) into ``<out>/html``. Links
between pages stay links in the site; links to other files of the repository point to GitHub.
Needs the ``book`` extra (``pip install -e ".[book]"``). MathJax, require.js and the ipywidgets HTML
manager are files of the site when ``npm`` could fetch them once (into ``.cache/vendor/``,
``tools/vendor.py``): the book then renders with no network. Otherwise the reader's browser loads
them from their CDNs.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vendor import copy_scripts  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
REPO_URL = "https://github.com/headcount-course/headcount/blob/main"
LINK = re.compile(r"(\]\()([^)\s]+)(\))")
HEADING = re.compile(r"^(#{1,4})\s+(.+?)\s*#*\s*$")
SECTION = re.compile(r"(?m)^##\s")


def notebooks(root: Path = ROOT) -> list[Path]:
    """The course notebooks, in order."""
    return sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _markdown(path: Path) -> list[str]:
    """The markdown of a page: a ``.md`` file, or the markdown cells of a notebook."""
    if path.suffix == ".md":
        return [path.read_text(encoding="utf-8")]
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


@lru_cache(maxsize=None)
def anchors(path: Path) -> dict[str, str]:
    """GitHub's heading anchors of a page (math kept as text) -> the ones MyST makes (inline math dropped).

    JupyterLab, GitHub and the ledger link to ``#2-fig-1a-and-table-2-nmse-against-h``; MyST builds the
    slug from the heading's text only, so the book's anchor is ``#2-fig-1a-and-table-2-nmse-against-``.
    """
    try:
        from myst_parser.slugs import github_slugify
    except ImportError:  # myst-parser < 5.2
        from myst_parser.mdit_to_docutils.base import default_slugify as github_slugify

    out: dict[str, str] = {}
    for text in _markdown(path):
        fenced = False
        for line in text.splitlines():
            if line.lstrip().startswith("```"):
                fenced = not fenced
            m = None if fenced else HEADING.match(line)
            if m:
                title = m.group(2)
                out.setdefault(github_slugify(title.replace("$", "")), github_slugify(re.sub(r"\$[^$]*\$", "", title)))
    return out


def _relink(text: str, here: Path, pages: dict[Path, Path], root: Path) -> str:
    """Rewrite the relative links of the page at repository path ``here``: a link to a page of the book
    (``pages`` maps repository paths to staged ones) follows it into the staged layout, its anchor
    translated to MyST's (:func:`anchors`); a link to any other file of the repository points to that
    file on GitHub."""

    def fix(m: re.Match) -> str:
        target = m.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:|^#", target):
            return m.group(0)
        path, _, anchor = target.partition("#")
        try:
            rel = (root / here.parent / path).resolve().relative_to(root)
        except ValueError:
            return m.group(0)
        if rel in pages and anchor:
            anchor = anchors(root / rel).get(anchor, anchor)
        anchor = f"#{anchor}" if anchor else ""
        if rel in pages:
            up = [".."] * len(pages[here].parent.parts)
            return f"{m.group(1)}{Path(*up, pages[rel]).as_posix()}{anchor}{m.group(3)}"
        return f"{m.group(1)}{REPO_URL}/{rel.as_posix()}{anchor}{m.group(3)}"

    return LINK.sub(fix, text)


def landing_page(root: Path, pages: dict[Path, Path]) -> str:
    """The README's introduction and its syllabus section, then the table of contents."""
    readme = (root / "README.md").read_text(encoding="utf-8")
    sections = re.split(r"(?m)^(?=## )", readme)
    keep = [sections[0]] + [s for s in sections[1:] if s.startswith("## Syllabus")]
    body = _relink("".join(keep), Path("README.md"), pages, root)
    toc = ["", "```{toctree}", ":maxdepth: 1", ":caption: Notebooks", ""]
    toc += [f"notebooks/{nb.stem}" for nb in notebooks(root)]
    toc += ["```", ""]
    if Path("docs/ledger.md") in pages:
        toc += ["```{toctree}", ":maxdepth: 1", ":caption: Reference", "", "ledger", "```", ""]
    return body.rstrip() + "\n" + "\n".join(toc)


def plumbing(cells: list[dict]) -> list[dict]:
    """The code cells the book folds: the set-up cell (tag ``setup``) and every code cell before the first
    section (``## ``) heading (imports, device report), so a page opens on its title, objectives and
    lecture path, and its first unfolded code belongs to section 1."""
    first = next((i for i, c in enumerate(cells) if c["cell_type"] == "markdown"
                  and SECTION.search("".join(c["source"]))), len(cells))
    return [c for i, c in enumerate(cells) if c["cell_type"] == "code"
            and "hide-input" not in c.get("metadata", {}).get("tags", [])
            and (i < first or "setup" in c.get("metadata", {}).get("tags", []))]


def stage(src: Path, root: Path = ROOT) -> list[Path]:
    """Write the book's sources into ``src`` (emptied first); returns the staged notebooks."""
    if src.exists():
        shutil.rmtree(src)
    (src / "notebooks").mkdir(parents=True)
    nbs = notebooks(root)
    pages = {nb.relative_to(root): nb.relative_to(root) for nb in nbs} | {Path("README.md"): Path("index.md")}
    ledger = root / "docs" / "ledger.md"
    if ledger.exists():
        pages[Path("docs/ledger.md")] = Path("ledger.md")
        text = _relink(ledger.read_text(encoding="utf-8"), Path("docs/ledger.md"), pages, root)
        (src / "ledger.md").write_text(text, encoding="utf-8")
    (src / "index.md").write_text(landing_page(root, pages), encoding="utf-8")
    staged = []
    for nb_path in nbs:
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        here = nb_path.relative_to(root)
        for cell in nb["cells"]:
            cell["source"] = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for cell in plumbing(nb["cells"]):
            cell["metadata"].setdefault("tags", []).append("hide-input")  # folded, one click away
        for cell in nb["cells"]:
            if cell["cell_type"] == "markdown":
                cell["source"] = _relink(cell["source"], here, pages, root)
        out = src / here
        out.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
        staged.append(out)
    return staged


def build(out: Path, root: Path = ROOT, quiet: bool = True) -> dict:
    """Stage and build the book into ``out/html``; returns ``{'pages', 'seconds', 'warnings'}``."""
    src, html = out / "src", out / "html"
    start = time.perf_counter()
    stage(src, root)
    if html.exists():
        shutil.rmtree(html)
    warnings = out / "warnings.txt"
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(root / "book"), "-w", str(warnings),
           "-d", str(out / "doctrees"), str(src), str(html)] + (["-q"] if quiet else [])
    # Absolute: Sphinx reads a relative html_static_path against book/ (the configuration's folder), not
    # the working folder, and would silently serve no MathJax for `--out build/book`.
    static = (out / "static").resolve()
    shutil.rmtree(static, ignore_errors=True)
    if copy_scripts(static):  # served by the site itself: formulas and saved panels render offline
        cmd += ["-t", "offline", "-D", f"html_static_path={root / 'book' / 'static'},{static}"]
    else:
        print("book: npm could not fetch MathJax, require.js or the widget manager; pages load them from CDNs")
    subprocess.run(cmd, check=True)
    seconds = time.perf_counter() - start
    pages = sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html")
                   if not p.name.startswith(("genindex", "search")) and not p.relative_to(html).parts[0].startswith("_"))
    return {"pages": pages, "seconds": seconds, "warnings": warnings.read_text(encoding="utf-8").splitlines()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "book")
    args = ap.parse_args(argv)
    report = build(args.out)
    for w in report["warnings"]:
        print("warning:", w)
    print(f"book: {len(report['pages'])} pages in {report['seconds']:.1f} s -> {args.out / 'html' / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
