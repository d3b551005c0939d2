"""Results files: rows read back from CSV or JSON, written atomically, never overwritten when corrupt.

The storage layer of every sweep (:mod:`headcount.training.sweep`) and of the real-data runner:
:func:`read_rows` parses a results table, raising :class:`ResultsFileError` naming the path when it
cannot; :func:`write_rows_atomic` writes through a temporary file in the same folder and
``os.replace``, so an interrupted write never leaves a half file; :func:`git_commit` is the
provenance helper every row carries.
"""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = ["ResultsFileError", "file_kind", "git_commit", "read_rows", "write_rows_atomic"]

_NUMERIC = ("val_nmse", "train_nmse", "wall_time")
#: Columns kept as text when a CSV is read back (a hash such as ``'012345678901'`` is not a number).
_TEXT = frozenset({"key", "name", "task", "positional", "optimizer", "schedule", "device", "python", "torch", "numpy",
                   "headcount", "git_commit", "finished_at", "command", "reused_from"})


class ResultsFileError(ValueError):
    """A results file exists but cannot be read as rows; it is never overwritten."""


def file_kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise ValueError(f"out must end in .csv or .json, got {str(path)!r}")
    return suffix[1:]


def _parse_cell(text: str) -> Any:
    if text == "":
        return None
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    return text


def read_rows(path: str | os.PathLike) -> list[dict[str, Any]]:
    """Rows of a ``.csv`` or ``.json`` results file (``[]`` if it does not exist or is empty).

    CSV cells come back as int, float, ``None`` (empty) or str. Raises :class:`ResultsFileError`
    naming the path when the file is not a list of rows, each with a string ``key`` and a numeric
    ``val_nmse`` (or the metric columns it has).
    """
    path = Path(path)
    kind = file_kind(path)
    if not path.exists():
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ResultsFileError(f"results file {str(path)!r} cannot be read ({exc}); move it away or fix it") from None
    if not text.strip():
        return []
    problem = None
    rows: list[dict[str, Any]] = []
    if kind == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            data, problem = None, f"invalid JSON ({exc})"
        if problem is None:
            if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
                problem = "expected a JSON list of objects"
            else:
                rows = data
    else:
        reader = csv.DictReader(io.StringIO(text))
        header = reader.fieldnames or []
        for i, row in enumerate(reader, start=2):
            if None in row or any(v is None for v in row.values()):
                problem = f"line {i} has {'more' if None in row else 'fewer'} cells than the header"
                break
            rows.append({k: (v or None if k in _TEXT else _parse_cell(v)) for k, v in row.items()})
        if problem is None and "key" not in header:
            problem = "the header has no 'key' column"
    if problem is None:
        for i, row in enumerate(rows):
            bad = [k for k in _NUMERIC if k in row and not isinstance(row[k], (int, float))
                   and not (row[k] is None and k != "val_nmse")]
            if not isinstance(row.get("key"), str) or bad or "val_nmse" not in row:
                problem = f"row {i} lacks a string 'key' or a numeric {bad or 'val_nmse'}"
                break
    if problem is not None:
        raise ResultsFileError(f"results file {str(path)!r} is corrupt: {problem}. It was not modified; "
                               "move it away or fix it, then rerun")
    return rows


def write_rows_atomic(path: str | os.PathLike, rows: Sequence[Mapping[str, Any]], columns: Sequence[str] = ()) -> None:
    """Write ``rows`` to ``path`` through a temporary file in the same folder and ``os.replace``.

    A CSV gets ``columns`` first, then any other key of the rows in sorted order.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    if file_kind(path) == "json":
        text = json.dumps(list(rows), indent=1, default=str) + "\n"
    else:
        columns = list(columns) + sorted({k for r in rows for k in r} - set(columns))
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: ("" if r.get(k) is None else _cell(r.get(k))) for k in columns})
        text = buf.getvalue()
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def _cell(value: Any) -> Any:
    return repr(value) if isinstance(value, float) else value


def git_commit(folder: str | os.PathLike | None = None) -> str:
    """``git rev-parse HEAD`` of the repository holding ``folder`` (this package by default), or ``'unknown'``."""
    folder = Path(folder) if folder is not None else Path(__file__).resolve().parent
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    commit = out.stdout.strip()
    return commit if out.returncode == 0 and commit else "unknown"
