"""Export every notebook as a static reveal.js deck (``make slides``), from its committed outputs.

    .venv/bin/python tools/slides.py [--out build/slides] [NOTEBOOK ...]

Slide boundaries come from each cell's ``slideshow.slide_type`` metadata (the RISE convention, kept in
the ``.py`` by jupytext). reveal.js 4.0.2 (the version nbconvert's template is written for) and
require.js, which loads it, are fetched once from the npm registry with ``npm pack`` into
``.cache/vendor/`` and copied beside the decks, so a deck opens from the disk with no CDN for
them; without npm the decks load both from unpkg/cdnjs. MathJax always comes from its CDN at view
time (formulas stay as TeX offline). Presenting live, with working widgets: JupyterLab with
``jupyterlab-rise`` (the ``lecture`` extra), View > Render as slides.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vendor import npm_package  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {"reveal.js": "4.0.2", "requirejs": "2.3.6"}


def slide_count(nb_path: Path) -> int:
    """Horizontal slides plus subslides of a notebook (a deck always has a first slide)."""
    cells = json.loads(nb_path.read_text(encoding="utf-8"))["cells"]
    kinds = [c.get("metadata", {}).get("slideshow", {}).get("slide_type") for c in cells]
    first = next((k for k in kinds if k != "skip"), None)
    return sum(k in ("slide", "subslide") for k in kinds) + (first not in ("slide", "subslide"))


def export(notebooks: list[Path], out: Path) -> dict[str, int]:
    """Write ``<out>/<name>.slides.html`` for each notebook; returns ``{name: slide count}``."""
    out.mkdir(parents=True, exist_ok=True)
    local = {name: npm_package(name, version) for name, version in PACKAGES.items()}
    args = []
    if all(local.values()):
        for name, keep in (("reveal.js", "dist"), ("reveal.js", "plugin"), ("reveal.js", "LICENSE"),
                           ("requirejs", "require.js")):
            src, dst = local[name] / keep, out / name / keep
            if not dst.exists():
                dst.parent.mkdir(parents=True, exist_ok=True)
                (shutil.copytree if src.is_dir() else shutil.copy2)(src, dst)
        args = ["--SlidesExporter.reveal_url_prefix=reveal.js", "--SlidesExporter.require_js_url=requirejs/require.js"]
    else:
        print("slides: npm not found; the decks load reveal.js and require.js from their CDNs")
    cmd = [sys.executable, "-m", "jupyter", "nbconvert", "--to", "slides", "--log-level=ERROR", "--output-dir", str(out),
           *args, *map(str, notebooks)]
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
