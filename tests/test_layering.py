"""The library's wings import downwards only (DESIGN.md, "The library, by job").

Ranks: base (``env``, ``_checks``) < paper objects (tasks, model, theory, constructions,
diagnostics, claims) < ``training`` < ``experiments`` < ``exercises`` < ``ui`` < entry points (``cli``,
``__main__``, the package ``__init__``). A module may import its own rank or below. ``ui`` is the
only wing that imports ipywidgets or matplotlib. Every import is read from the source with ``ast``,
including imports inside functions, so a lazy import cannot hide an upward dependency.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "lib" / "headcount"
RANK = {"base": 0, "paper": 1, "training": 2, "experiments": 3, "exercises": 3.5, "ui": 4, "entry": 5}
BASE = {"env", "_checks"}
ENTRY = {"cli", "__main__", "__init__"}
UI_ONLY = ("ipywidgets", "matplotlib", "seaborn")
MAX_LINES = 450


def wing(module: str) -> str:
    """The wing of a dotted module name inside the package (``'training.sweep'`` -> ``'training'``)."""
    head = module.split(".")[0]
    if head in ("training", "experiments", "exercises", "ui"):
        return head
    if head in BASE:
        return "base"
    if head in ENTRY or head == "":
        return "entry"
    return "paper"


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def name_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1] + ["__init__"]
    return ".".join(parts)


def imports(path: Path, me: str) -> list[tuple[int, str]]:
    """``(line, absolute module)`` for every import in the file of module ``me`` (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = me.split(".")[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(["headcount", *base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            found.append((node.lineno, target))
    return found


def test_the_package_has_the_four_wings():
    for sub in ("training", "experiments", "ui"):
        init = PACKAGE / sub / "__init__.py"
        assert init.exists(), f"{sub}/ has no __init__.py"
        assert len(ast.get_docstring(ast.parse(init.read_text())) or "") > 80, f"{sub}/__init__.py must say what lives there"


def violations(path: Path, me: str) -> list[str]:
    """Every import of module ``me`` (source ``path``) that breaks the layering rules."""
    found = []
    for line, target in imports(path, me):
        if target == "headcount" or target.startswith("headcount."):
            inner = target[len("headcount."):] if target != "headcount" else "__init__"
            if RANK[wing(inner)] > RANK[wing(me)]:
                found.append(f"{me} (wing {wing(me)}) imports {target} (wing {wing(inner)}) at line {line}: "
                             "wings import downwards only")
        if target.split(".")[0] in UI_ONLY and wing(me) != "ui":
            found.append(f"{me} imports {target} at line {line}: only headcount.ui may")
    return found


@pytest.mark.parametrize("path", modules(), ids=name_of)
def test_imports_go_downwards_only(path):
    assert violations(path, name_of(path)) == []


@pytest.mark.parametrize("path", modules(), ids=name_of)
def test_no_module_is_oversized(path):
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{name_of(path)} has {n} lines; split it by job (limit {MAX_LINES})"


def test_the_rule_catches_an_upward_import(tmp_path):
    bad = tmp_path / "model.py"
    bad.write_text("import torch\n\ndef f():\n    from .training.train import train\n    import matplotlib.pyplot\n")
    assert len(violations(bad, "model")) == 2
    assert violations(bad, "ui.plots") == []


def training_loop_calls(path: Path) -> list[str]:
    """Where a module runs a training loop of its own: a ``.backward()`` call or a ``torch.optim`` optimizer."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "backward":
            found.append(f"line {node.lineno}: .backward()")
        if isinstance(node, ast.Attribute) and node.attr == "optim" and isinstance(node.value, ast.Name) \
                and node.value.id == "torch":
            found.append(f"line {node.lineno}: torch.optim")
    return found


def registrations(path: Path) -> list[str]:
    """Where a module registers an experiment with the sweep engine (a call of ``register``)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            if name == "register":
                found.append(f"line {node.lineno}: register(...)")
    return found


@pytest.mark.parametrize("path", [p for p in modules() if wing(name_of(p)) != "training"], ids=name_of)
def test_no_training_loop_outside_the_training_wing(path):
    assert training_loop_calls(path) == [], f"{name_of(path)} trains by itself: call headcount.training instead"


@pytest.mark.parametrize("path", [p for p in modules() if wing(name_of(p)) == "training"], ids=name_of)
def test_no_experiment_is_registered_inside_the_training_wing(path):
    assert registrations(path) == [], f"{name_of(path)} registers an experiment: that is the experiments wing's job"


def test_the_new_rules_catch_a_loop_and_a_registration(tmp_path):
    bad = tmp_path / "m.py"
    bad.write_text("import torch\nopt = torch.optim.SGD([], lr=1)\nloss.backward()\n"
                   "from headcount.training.engine import register\nX = register(exp)\n")
    assert len(training_loop_calls(bad)) == 2 and len(registrations(bad)) == 1
    assert training_loop_calls(PACKAGE / "training" / "train.py")  # the rule sees the real loop where it belongs
    assert registrations(PACKAGE / "experiments" / "synthetic.py")  # and the real registration
