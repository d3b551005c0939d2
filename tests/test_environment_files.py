"""Binder and conda readers get the stack ``pyproject.toml`` declares: every required dependency is in
``environment.yml`` and ``binder/environment.yml`` under its conda-forge name with the same bound, and the
two files agree apart from their header comments (Binder reads only ``binder/``)."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement

yaml = pytest.importorskip("yaml")
if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parents[1]
FILES = (ROOT / "environment.yml", ROOT / "binder" / "environment.yml")
# PyPI name -> the conda-forge packages that provide it (pytorch-cpu: the CPU build's metapackage).
CONDA = {"torch": ("pytorch", "pytorch-cpu")}
SPEC = re.compile(r"^([A-Za-z0-9_.\-]+)\s*(.*?)\s*(?:#.*)?$")


def required() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(r) for r in project["dependencies"]]


def conda_specs(path: Path) -> dict[str, str]:
    """``{conda name: version bound}`` of the conda (not pip) dependencies of an environment file."""
    deps = yaml.safe_load(path.read_text(encoding="utf-8"))["dependencies"]
    out = {}
    for dep in deps:
        if isinstance(dep, str):
            m = SPEC.match(dep)
            out[m.group(1).lower()] = m.group(2).replace(" ", "")
    return out


def body(path: Path) -> list[str]:
    """The file without its header comments (the leading comment lines)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    while lines and lines[0].lstrip().startswith("#"):
        lines.pop(0)
    return lines


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_required_dependency_is_in_the_environment(path):
    specs = conda_specs(path)
    problems = []
    for req in required():
        names = CONDA.get(req.name.lower(), (req.name.lower(),))
        found = [n for n in names if n in specs]
        if not found:
            problems.append(f"{req.name} (conda-forge: {' or '.join(names)}) is missing")
        elif specs[found[0]] != str(req.specifier):
            problems.append(f"{found[0]}{specs[found[0]]} does not match pyproject.toml's {req}")
    assert not problems, f"{path.relative_to(ROOT)}: " + "; ".join(problems)


def test_the_two_environment_files_agree():
    root, binder = (body(p) for p in FILES)
    assert root == binder, "environment.yml and binder/environment.yml differ below their header comments"


def test_the_check_reads_what_it_checks():
    """The parser sees the bounds (a file without filelock, or with another bound, would fail above)."""
    specs = conda_specs(FILES[0])
    assert specs["filelock"] == ">=3.12" and specs["pytorch-cpu"] == ">=2.3"
    assert "jupyterlab-rise" not in specs  # pip-only packages are not conda names
    assert body(FILES[0])[0] == "name: headcount"
