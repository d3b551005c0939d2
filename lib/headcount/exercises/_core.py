"""The exercise registry and :func:`check`, the one call a notebook's exercise cell makes."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["EXERCISES", "Exercise", "Result", "check", "exercise"]

KINDS = ("implement", "number", "predict")
STATUSES = ("not yet", "not quite", "correct")


@dataclass(frozen=True)
class Exercise:
    """One exercise: ``id`` (``'nb02.gibbs_mean'``), its title, kind, difficulty (1-3) and expected minutes;
    ``checker(answer)`` raises ``AssertionError`` with a helpful message when the answer is wrong."""

    id: str
    title: str
    kind: str
    difficulty: int
    minutes: int
    checker: Callable[[Any], None]


@dataclass(frozen=True)
class Result:
    """What :func:`check` found: ``status`` is ``'not yet'`` (stub untouched), ``'not quite'`` or ``'correct'``."""

    exercise: str
    status: str
    message: str

    @property
    def ok(self) -> bool:
        return self.status == "correct"

    def __str__(self) -> str:
        mark = {"not yet": "[not yet]", "not quite": "[not quite]", "correct": "[correct]"}[self.status]
        return f"{mark} {self.exercise}: {self.message}"


#: Every registered exercise, by id.
EXERCISES: dict[str, Exercise] = {}


def exercise(id: str, title: str, kind: str, difficulty: int, minutes: int) -> Callable:
    """Register the decorated function as the checker of exercise ``id``."""
    if kind not in KINDS:
        raise ValueError(f"exercise {id!r}: kind must be one of {KINDS}, got {kind!r}")
    if difficulty not in (1, 2, 3):
        raise ValueError(f"exercise {id!r}: difficulty must be 1, 2 or 3, got {difficulty!r}")

    def register(checker: Callable[[Any], None]) -> Callable[[Any], None]:
        if id in EXERCISES:
            raise ValueError(f"exercise {id!r} is registered twice")
        EXERCISES[id] = Exercise(id, title, kind, difficulty, minutes, checker)
        return checker

    return register


def check(exercise_id: str, answer: Any, quiet: bool = False) -> Result:
    """Check a student's ``answer`` (a function or a value) for ``exercise_id`` and print one line.

    An untouched stub (``...`` as the answer, or a function that raises ``NotImplementedError``) is
    ``'not yet'``; a wrong answer is ``'not quite'`` with the checker's hint; never raises for either,
    so "Run all" on a student's copy runs to the end.
    """
    try:
        ex = EXERCISES[exercise_id]
    except KeyError:
        raise KeyError(f"unknown exercise {exercise_id!r}; registered: {', '.join(sorted(EXERCISES))}") from None
    if answer is Ellipsis:
        result = Result(ex.id, "not yet", "replace the ... with your answer, then run this cell again")
    else:
        try:
            ex.checker(answer)
        except NotImplementedError:
            result = Result(ex.id, "not yet", "your function still raises NotImplementedError: write its body")
        except AssertionError as err:
            result = Result(ex.id, "not quite", str(err) or "the answer does not match the reference")
        else:
            result = Result(ex.id, "correct", ex.title)
    if not quiet:
        print(result)
    return result
