"""The set-up cell: the same in every notebook, and it makes `import headcount` work in the running kernel.

Colab runs the set-up cell inside a live kernel. An editable install (`pip install -e`) only adds a
`.pth` file that the running interpreter never reads, so the import failed until a restart. The test
runs the cell itself (with a fake `google.colab` module, the GitHub URL replaced by a local clone of
this repository and the target folder in tmp) in a fresh virtual environment, and asks that same
process whether `headcount` can now be imported and whether the data folder is set.
"""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))


def setup_cell(path: Path) -> str:
    cells = [c for c in jupytext.read(path, fmt="py:percent").cells if "setup" in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"{path.name}: expected exactly one cell tagged 'setup', found {len(cells)}"
    return cells[0].source


def test_every_notebook_has_the_same_setup_cell():
    reference = setup_cell(NOTEBOOKS[0])
    for nb in NOTEBOOKS[1:]:
        assert setup_cell(nb) == reference, f"{nb.name}'s set-up cell differs from {NOTEBOOKS[0].name}'s"
    assert "-e" not in reference.split(), "an editable install is not importable in the running kernel (Colab)"


@pytest.mark.skipif(subprocess.run(["git", "-C", str(ROOT), "rev-parse"], capture_output=True).returncode != 0,
                    reason="not a git checkout")
def test_setup_cell_makes_headcount_importable_in_the_same_process(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    cell = setup_cell(NOTEBOOKS[0])
    cell = cell.replace('"https://github.com/headcount-course/headcount"', repr(str(ROOT)))
    cell = cell.replace('"/content/headcount"', repr(str(tmp_path / "course")))
    script = textwrap.dedent("""
        import importlib.util, os, sys, types
        assert importlib.util.find_spec("headcount") is None, "headcount must not be installed before the cell"
        sys.modules["google.colab"] = types.ModuleType("google.colab")
    """) + cell + textwrap.dedent("""
        import importlib
        importlib.invalidate_caches()
        spec = importlib.util.find_spec("headcount")
        print("FOUND" if spec is not None else "MISSING", os.environ.get("HEADCOUNT_DATA"))
    """)
    out = subprocess.run([str(python), "-c", script], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    found, data = out.stdout.split()
    assert found == "FOUND", "the set-up cell installed headcount, but the running process cannot import it"
    assert (Path(data) / "results").is_dir(), f"HEADCOUNT_DATA={data} holds no committed results"
