"""Each notebooks/*.py (py:percent, the reviewed source) and its paired .ipynb
(what GitHub, Colab and nbval see) hold the same cells.

Regenerate a stale .ipynb with `make sync` (jupytext --to ipynb --update),
then `make execute` so it carries outputs again.
"""

from pathlib import Path

import jupytext
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
SCRIPTS = sorted(NOTEBOOKS.glob("*.py"))
IPYNBS = sorted(NOTEBOOKS.glob("*.ipynb"))


def _cells(nb):
    # Outputs and other metadata are ignored; surrounding blank lines are not content. Tags and the slide
    # type are compared: the book, the slides and nbval read them from the .ipynb.
    return [(cell.cell_type, cell.source.strip(), sorted(cell.metadata.get("tags", [])),
             cell.metadata.get("slideshow", {}).get("slide_type")) for cell in nb.cells]


def test_there_are_notebooks():
    assert SCRIPTS, f"no notebooks/*.py found in {NOTEBOOKS}"
    assert IPYNBS, f"no notebooks/*.ipynb found in {NOTEBOOKS}"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_script_pairs_with_notebook(script):
    text = script.read_text(encoding="utf-8")
    assert "# %%" in text, f"{script.name} is not a py:percent notebook (no '# %%' cell marker)"
    ipynb = script.with_suffix(".ipynb")
    assert ipynb.exists(), f"{ipynb.name} is missing: run `make sync` then `make execute`"

    header = text.split("# %%", 1)[0]
    assert "jupytext_version" not in header and "format_version" not in header, (
        f"{script.name}: the header carries jupytext version lines (jupytext.toml filters them): remove them")
    nb_py = jupytext.read(script, fmt="py:percent")
    header_kernel = nb_py.metadata.get("kernelspec", {}).get("name", "python3")
    assert header_kernel == "python3", f"{script.name}: header kernelspec is {header_kernel!r}"
    from_py = _cells(nb_py)
    from_ipynb = _cells(jupytext.read(ipynb))
    if from_py != from_ipynb:
        diff = next(
            (i for i, (a, b) in enumerate(zip(from_py, from_ipynb)) if a != b),
            min(len(from_py), len(from_ipynb)),
        )
        pytest.fail(
            f"{script.name} and {ipynb.name} differ ({len(from_py)} vs {len(from_ipynb)} cells; "
            f"first difference at cell {diff}): regenerate with `make sync`"
        )


@pytest.mark.parametrize("ipynb", IPYNBS, ids=lambda p: p.name)
def test_notebook_has_script_and_python3_kernel(ipynb):
    assert ipynb.with_suffix(".py").exists(), f"{ipynb.name} has no paired .py source"
    nb = jupytext.read(ipynb)
    kernelspec = nb.metadata.get("kernelspec", {})
    assert kernelspec.get("name") == "python3", (
        f"{ipynb.name}: kernelspec name is {kernelspec.get('name')!r}, expected 'python3'"
    )


@pytest.mark.parametrize("ipynb", IPYNBS, ids=lambda p: p.name)
def test_notebook_carries_outputs(ipynb):
    # The committed .ipynb is executed (make execute) so GitHub/Colab show results.
    nb = jupytext.read(ipynb)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert any(cell.get("outputs") for cell in code), (
        f"{ipynb.name} has no outputs: run `make execute`"
    )
