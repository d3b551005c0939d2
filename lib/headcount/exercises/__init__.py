"""Checks for the notebooks' exercises, in the style of ARENA's ``tests.test_fn(student_fn)``.

A notebook's exercise is three cells (``notebooks/README.md`` shows the template):

1. a markdown cell tagged ``exercise``: the title, kind, difficulty (stars) and expected minutes;
2. a code cell tagged ``exercise``: the stub (``answer = ...`` or a function whose body raises
   ``NotImplementedError``) and ``check("nbNN.name", answer)``, which prints ``[not yet]``,
   ``[not quite] <hint>`` or ``[correct]`` and never raises, so "Run all" runs to the end;
3. a markdown cell tagged ``solution``: the reference answer in a ``<details>`` block, so it is never
   executed and is seen only when opened on purpose (the student edition drops it).

Exercise cells and solution blocks are self-contained (they import what they use), so
``tests/test_exercises.py`` can run every stub (expecting "not yet") and every solution (expecting
"correct") on its own. One module per notebook (``nb01`` ...) registers that notebook's checkers.
"""
import importlib
import pkgutil

from headcount.exercises._core import EXERCISES, Exercise, Result, check, exercise

for _module in pkgutil.iter_modules(__path__):
    if _module.name.startswith("nb"):
        importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["EXERCISES", "Exercise", "Result", "check", "exercise"]
