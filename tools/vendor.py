"""Front-end files the book and the slides serve themselves, fetched once from the npm registry.

``npm_package(name, version)`` unpacks ``npm pack name@version`` under ``.cache/vendor/<name>`` and
returns that folder, or None without npm or when the registry cannot be reached (callers then fall
back to the public CDN and say so). ``copy_scripts(dest)`` puts MathJax 3 (formulas), require.js and
the ipywidgets HTML manager (saved panel state) into ``dest``, so a site or deck renders with no network.
"""
from __future__ import annotations

import shutil
import subprocess
import tarfile
from pathlib import Path

CACHE = Path(__file__).resolve().parents[1] / ".cache" / "vendor"
MATHJAX = ("mathjax", "3.2.2")
REQUIREJS = ("requirejs", "2.3.6")
HTML_MANAGER = ("@jupyter-widgets/html-manager", "1.0.6")  # the version MyST-NB and nbconvert use for ipywidgets 8
#: ``dest`` paths of the scripts :func:`copy_scripts` provides.
SCRIPTS = {"mathjax": "mathjax/tex-mml-chtml.js", "require": "requirejs/require.js",
           "widgets": "@jupyter-widgets/html-manager/dist/embed-amd.js"}
# The widget manager finds its icon fonts from its require.js module names: beside the page under
# @jupyter-widgets/ (a deck) or where a require.js `paths` entry points (the book: book/static/widgets.js).
FONTS = ("*.woff2", "*.woff", "*.ttf", "*.eot", "*.svg")
# The part of each package a page loads: MathJax's TeX-to-CommonHTML bundle with the extensions, fonts and
# menu it fetches on demand (not its other bundles or SVG output).
_PARTS = {MATHJAX: {"es5/tex-mml-chtml.js": "mathjax/tex-mml-chtml.js", "es5/input": "mathjax/input",
                    "es5/output/chtml": "mathjax/output/chtml", "es5/ui": "mathjax/ui", "es5/a11y": "mathjax/a11y",
                    "es5/sre": "mathjax/sre", "es5/adaptors": "mathjax/adaptors", "LICENSE": "mathjax/LICENSE"},
          REQUIREJS: {"require.js": "requirejs/require.js"},
          HTML_MANAGER: {"dist": "@jupyter-widgets/html-manager/dist", "LICENSE": "@jupyter-widgets/html-manager/LICENSE"}}


def npm_package(name: str, version: str, cache: Path = CACHE) -> Path | None:
    """The unpacked npm package ``name@version`` (fetched into ``cache`` once), or None."""
    folder = cache / f"{name}@{version}"
    if (folder / "package.json").exists():
        return folder
    npm = shutil.which("npm")
    if npm is None:
        return None
    cache.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([npm, "pack", f"{name}@{version}", "--silent", "--pack-destination", str(cache)],
                          capture_output=True, text=True)
    if done.returncode != 0 or not done.stdout.strip():
        print(f"npm pack {name}@{version} failed ({done.stderr.strip()[:200]}); using the CDN")
        return None
    tgz = cache / done.stdout.strip().splitlines()[-1]
    tmp = cache / f"{name}@{version}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    with tarfile.open(tgz) as tar:
        tar.extractall(tmp, filter="data")
    shutil.move(str(tmp / "package"), str(folder))
    shutil.rmtree(tmp)
    tgz.unlink()
    return folder


def copy_scripts(dest: Path, cache: Path = CACHE) -> bool:
    """Copy MathJax, require.js and the widget manager into ``dest`` (paths: :data:`SCRIPTS`); False, copying
    nothing, when a package cannot be had (no npm, no registry)."""
    packages = {key: npm_package(*key, cache=cache) for key in _PARTS}
    if not all(packages.values()):
        return False
    for key, parts in _PARTS.items():
        for src, dst in parts.items():
            src, dst = packages[key] / src, dest / dst
            if dst.exists():
                continue
            dst.parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir():
                shutil.copytree(src, dst, ignore=shutil.ignore_patterns("*.map"))
            else:
                shutil.copy2(src, dst)
    fonts = dest / "@jupyter-widgets"  # @jupyter-widgets/base asks for the same fonts one folder up
    for pattern in FONTS:
        for font in (fonts / "html-manager" / "dist").glob(pattern):
            if not (fonts / font.name).exists():
                shutil.copy2(font, fonts / font.name)
    return True
