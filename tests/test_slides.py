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
    """One notebook to reveal.js (reveal.js from the local cache when ``make slides`` filled it; no download)."""
    cached = slides.npm_package

    def no_download(name, version):  # a test fetches nothing: the CDN when `make slides` has not run
        return cached(name, version) if (vendor.CACHE / f"{name}@{version}" / "package.json").exists() else None

    monkeypatch.setattr(slides, "npm_package", no_download)
    nb = NOTEBOOKS[0]
    counts = slides.export([nb], tmp_path)
    deck = (tmp_path / f"{nb.stem}.slides.html").read_text(encoding="utf-8")
    assert counts[nb.stem] == slides.slide_count(nb) > 1
    assert len(re.findall(r"<section", deck)) >= counts[nb.stem]
    assert "Reveal.initialize" in deck or "reveal.js" in deck
