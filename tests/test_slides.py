"""Lecture slides: every cell of every notebook says how it shows as a slide, and the reveal.js export works.

The slide type lives in cell metadata (``slideshow.slide_type``: slide, subslide, fragment, skip, notes,
or ``-`` to continue the previous slide), in the ``.py`` (jupytext keeps it) and in the ``.ipynb``.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import slides  # noqa: E402
import vendor  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
KINDS = {"slide", "subslide", "fragment", "skip", "notes", "-"}


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_cell_has_a_slide_type(nb):
    for path, cells in ((nb, json.loads(nb.read_text(encoding="utf-8"))["cells"]),
                        (nb.with_suffix(".py"), jupytext.read(nb.with_suffix(".py")).cells)):
        missing = [i for i, c in enumerate(cells) if c.get("metadata", {}).get("slideshow", {}).get("slide_type")
                   not in KINDS]
        assert not missing, f"{path.name}: cells {missing} have no slideshow.slide_type in {sorted(KINDS)}"
        kinds = [c["metadata"]["slideshow"]["slide_type"] for c in cells]
        assert kinds[0] == "slide", f"{path.name}: the title cell should open the first slide"
        setup = [k for c, k in zip(cells, kinds) if "setup" in c.get("metadata", {}).get("tags", [])]
        assert setup == ["skip"], f"{path.name}: the set-up cell is plumbing (slide_type 'skip')"
        solutions = [k for c, k in zip(cells, kinds) if "solution" in c.get("metadata", {}).get("tags", [])]
        assert set(solutions) <= {"skip"}, f"{path.name}: solutions must not be shown on slides"


def test_export_writes_a_deck(tmp_path, monkeypatch):
    """One notebook to reveal.js with MathJax 3 (reveal.js, MathJax, require.js and the widget manager from the
    local cache when ``make slides`` filled it, and then no script from another host; no download)."""
    def no_download(name, version, cache=vendor.CACHE):  # a test fetches nothing: the CDN if `make slides` has not run
        return cache / f"{name}@{version}" if (cache / f"{name}@{version}" / "package.json").exists() else None

    monkeypatch.setattr(slides, "npm_package", no_download)
    monkeypatch.setattr(vendor, "npm_package", no_download)
    nb = NOTEBOOKS[0]
    counts = slides.export([nb], tmp_path)
    deck = (tmp_path / f"{nb.stem}.slides.html").read_text(encoding="utf-8")
    assert counts[nb.stem] == slides.slide_count(nb) > 1
    assert len(re.findall(r"<section", deck)) >= counts[nb.stem]
    assert "Reveal.initialize" in deck or "reveal.js" in deck
    assert "window.MathJax = {" in deck and "MathJax.Hub.Config" not in deck, "MathJax 3, configured for $...$"
    scripts = re.findall(r'<script[^>]*\ssrc="([^"]+)"', deck)
    if all(no_download(*p) for p in (slides.REVEAL, vendor.MATHJAX, vendor.REQUIREJS, vendor.HTML_MANAGER)):
        remote = [s for s in scripts if "://" in s]
        assert not remote, f"the deck loads scripts from other hosts: {remote}"
        assert all((tmp_path / s).is_file() for s in scripts), scripts
        assert (tmp_path / vendor.SCRIPTS["widgets"]).is_file()
