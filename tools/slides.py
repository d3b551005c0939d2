"""Export every notebook as a static reveal.js deck (``make slides``), from its committed outputs.

    .venv/bin/python tools/slides.py [--out build/slides] [NOTEBOOK ...]

Slide boundaries come from each cell's ``slideshow.slide_type`` metadata (the RISE convention, kept in
the ``.py`` by jupytext). reveal.js 4.0.2 (the version nbconvert's template is written for), MathJax 3,
require.js, which loads reveal.js, and the ipywidgets HTML manager are fetched once from the npm
registry with ``npm pack`` into ``.cache/vendor/`` (``tools/vendor.py``) and copied beside the decks,
so a deck renders every formula with no network; without npm the decks load them from their CDNs.
The template ``slides_reveal.html.j2`` is nbconvert's, with MathJax 3 in place of MathJax 2.
Presenting live, with working widgets: JupyterLab with ``jupyterlab-rise`` (the ``lecture`` extra),
View > Render as slides.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vendor import SCRIPTS, copy_scripts, npm_package  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
REVEAL = ("reveal.js", "4.0.2")
TEMPLATE = Path(__file__).resolve().parent / "slides_reveal.html.j2"
CDN = {"mathjax": "https://cdn.jsdelivr.net/npm/mathjax@3.2.2/es5/tex-mml-chtml.js",
       "require": "https://cdnjs.cloudflare.com/ajax/libs/require.js/2.3.6/require.min.js",
       "widgets": "https://cdn.jsdelivr.net/npm/@jupyter-widgets/html-manager@1.0.6/dist/embed-amd.js"}


def slide_count(nb_path: Path) -> int:
    """Horizontal slides plus subslides of a notebook (a deck always has a first slide)."""
    cells = json.loads(nb_path.read_text(encoding="utf-8"))["cells"]
    kinds = [c.get("metadata", {}).get("slideshow", {}).get("slide_type") for c in cells]
    first = next((k for k in kinds if k != "skip"), None)
    return sum(k in ("slide", "subslide") for k in kinds) + (first not in ("slide", "subslide"))


def export(notebooks: list[Path], out: Path) -> dict[str, int]:
    """Write ``<out>/<name>.slides.html`` for each notebook; returns ``{name: slide count}``."""
    out.mkdir(parents=True, exist_ok=True)
    reveal = npm_package(*REVEAL)
    scripts = SCRIPTS if reveal is not None and copy_scripts(out) else CDN
    if reveal is not None and scripts is SCRIPTS:
        for keep in ("dist", "plugin", "LICENSE"):
            src, dst = reveal / keep, out / "reveal.js" / keep
            if not dst.exists():
                dst.parent.mkdir(parents=True, exist_ok=True)
                (shutil.copytree if src.is_dir() else shutil.copy2)(src, dst)
        prefix = "reveal.js"
    else:
        print("slides: npm could not fetch reveal.js, MathJax, require.js or the widget manager; the decks load "
              "them from their CDNs")
        prefix = f"https://unpkg.com/reveal.js@{REVEAL[1]}"
    cmd = [sys.executable, "-m", "jupyter", "nbconvert", "--to", "slides", "--log-level=ERROR", "--output-dir", str(out),
           f"--template-file={TEMPLATE}", f"--SlidesExporter.reveal_url_prefix={prefix}",
           f"--SlidesExporter.mathjax_url={scripts['mathjax']}", f"--SlidesExporter.require_js_url={scripts['require']}",
           f"--SlidesExporter.widget_renderer_url={scripts['widgets']}", *map(str, notebooks)]
    subprocess.run(cmd, check=True)
    return {nb.stem: slide_count(nb) for nb in notebooks}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "slides")
    ap.add_argument("notebooks", nargs="*", type=Path)
    args = ap.parse_args(argv)
    nbs = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    counts = export(nbs, args.out)
    for name, n in counts.items():
        print(f"{name}: {n} slides -> {args.out / (name + '.slides.html')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
