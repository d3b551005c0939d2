"""Every widget in a committed notebook is followed by a static image of its state.

GitHub, nbviewer and the rendered book show no live widgets, so each widget cell needs a next code cell
whose outputs hold an image (DESIGN.md, notebook conventions). A pyplot-free ``Figure`` followed by
``plt.show()`` displays nothing; this test catches that, since the cell then has no image output.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WIDGET = "application/vnd.jupyter.widget-view+json"
IMAGES = ("image/png", "image/svg+xml", "image/jpeg")


def _mimes(cell: dict) -> set[str]:
    return {mime for out in cell.get("outputs", []) for mime in out.get("data", {})}


def widget_cells_without_image(path: Path) -> list[int]:
    """Indices of code cells that display a widget and whose next code cell shows no image."""
    cells = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
    missing = []
    for k, cell in enumerate(cells):
        if WIDGET in _mimes(cell):
            following = cells[k + 1] if k + 1 < len(cells) else {}
            if not _mimes(following) & set(IMAGES):
                missing.append(k)
    return missing


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_every_widget_is_followed_by_a_static_image(nb):
    missing = widget_cells_without_image(nb)
    assert not missing, (f"{nb.name}: code cells {missing} (counting code cells from 0) show a widget, but the next "
                         "code cell has no image output; display the Figure itself (plt.show() shows nothing for "
                         "a pyplot-free Figure) and re-execute the notebook")


def test_the_check_sees_a_missing_image(tmp_path):
    widget = {"cell_type": "code", "outputs": [{"data": {WIDGET: {}, "text/plain": "VBox()"}}]}
    empty = {"cell_type": "code", "outputs": [{"name": "stdout", "text": "ready"}]}
    image = {"cell_type": "code", "outputs": [{"data": {"image/png": "iVBO", "text/plain": "<Figure>"}}]}
    nb = tmp_path / "x.ipynb"
    nb.write_text(json.dumps({"cells": [widget, empty, widget, image]}))
    assert widget_cells_without_image(nb) == [0]
