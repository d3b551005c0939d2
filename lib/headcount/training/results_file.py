"""Results files: one row per key, merged under a file lock, written atomically, never overwritten when corrupt.

The storage layer of the sweep engine (:mod:`headcount.training.engine`), for every experiment:

* :func:`read_rows` parses a CSV or JSON results table, raising :class:`ResultsFileError` naming the
  path when it cannot;
* :func:`merge_rows` is the only way finished rows reach a file: it takes ``<folder>/.<name>.lock``
  (:mod:`filelock`), re-reads the file, replaces or appends rows by ``key`` and writes the result
  through a temporary file and ``os.replace``. Two processes (two sweeps, or a coordinator and a
  notebook) writing one file therefore lose no row, and an interrupted write never leaves a half file;
* :func:`check_out` refuses an unusable output path before anything trains: it creates the lock
  file, so a folder that only looks writable (``/proc``, a read-only mount, ACLs, root-squashed NFS,
  where ``os.access`` says yes to root) is refused at once instead of waiting on a lock;
* :func:`device_kind` and :func:`row_seed_offset` read a row's provenance (older rows lack the columns).

Non-finite numbers (a diverged run) are written as empty cells / JSON ``null``, so every JSON file
is strict JSON.
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

__all__ = ["ResultsFileError", "check_out", "device_kind", "file_kind", "git_commit", "lock_path", "locked",
           "merge_rows", "read_rows", "row_seed_offset", "write_rows_atomic"]

#: Columns kept as text when a CSV is read back (a hash such as ``'012345678901'`` is not a number).
_TEXT = frozenset({"key", "name", "task", "positional", "optimizer", "schedule", "device", "python", "torch", "numpy",
                   "headcount", "git_commit", "finished_at", "command", "reused_from", "status", "device_kind",
                   "group", "worker", "experiment", "scale"})
#: How long a writer waits for another writer's lock before giving up (seconds): a merge holds it for
#: well under a second, so running out means a stuck holder or a folder that refuses the lock file.
LOCK_TIMEOUT = 120.0


class ResultsFileError(ValueError):
    """A results file exists but cannot be read as rows; it is never overwritten."""


def file_kind(path: Path) -> str:
    """``'csv'`` or ``'json'`` from the suffix of ``path``; ``ValueError`` otherwise."""
    suffix = Path(path).suffix.lower()
    if suffix not in (".csv", ".json"):
        raise ValueError(f"out must end in .csv or .json, got {str(path)!r}")
    return suffix[1:]


def check_out(path: str | os.PathLike, make_folder: bool = False) -> Path:
    """Check, before any training, that rows can be written to ``path``; returns it as a ``Path``.

    Raises ``ValueError`` (one line, naming ``out``) when the suffix is not ``.csv``/``.json``, the
    path is a folder, its folder is missing (created instead with ``make_folder=True``) or is a
    file, or the folder or an existing file is not writable. Writability is tested by creating the
    lock file (:func:`lock_path`), not by asking ``os.access``, which says yes to root on ``/proc`` or
    a read-only mount.
    """
    path = Path(path)
    file_kind(path)
    folder = path.parent
    if make_folder and not folder.exists():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ValueError(f"out folder {str(folder)!r} cannot be created ({exc.strerror or exc})") from None
    if path.is_dir():
        raise ValueError(f"out {str(path)!r} is a folder; give a .csv or .json file")
    if not folder.exists():
        blocker = next((p for p in folder.parents if p.exists() and not p.is_dir()), None)
        if folder.is_file() or blocker is not None:
            raise ValueError(f"out {str(path)!r}: {str(blocker or folder)!r} is a file, not a folder")
        raise ValueError(f"out {str(path)!r}: the folder {str(folder)!r} does not exist; create it first")
    if not folder.is_dir():
        raise ValueError(f"out {str(path)!r}: {str(folder)!r} is a file, not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ValueError(f"out {str(path)!r}: the folder {str(folder)!r} is not writable")
    if path.exists() and not os.access(path, os.R_OK):
        raise ValueError(f"out {str(path)!r} exists but is not readable")
    lock = lock_path(path)
    try:
        with open(lock, "a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise ValueError(f"out {str(path)!r}: the folder {str(folder)!r} is not writable (creating the lock file "
                         f"{lock.name!r} failed: {exc.strerror or exc})") from None
    return path


def _parse_cell(text: str) -> Any:
    if text == "":
        return None
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    return text


def read_rows(path: str | os.PathLike, metric: str = "val_nmse") -> list[dict[str, Any]]:
    """Rows of a ``.csv`` or ``.json`` results file (``[]`` if it does not exist or is empty).

    CSV cells come back as int, float, ``None`` (empty) or str. Raises :class:`ResultsFileError`
    naming the path when the file is not a list of rows, each with a string ``key`` and a numeric
    ``metric`` (``None`` only in a row whose ``status`` is ``'diverged'``).
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
            value = row.get(metric)
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            if not isinstance(row.get("key"), str) or metric not in row or not (
                    numeric or (value is None and row.get("status") == "diverged")):
                problem = f"row {i} lacks a string 'key' or a numeric {metric!r}"
                break
    if problem is not None:
        raise ResultsFileError(f"results file {str(path)!r} is corrupt: {problem}. It was not modified; "
                               "move it away or fix it, then rerun")
    return rows


def _finite(value: Any) -> Any:
    return None if isinstance(value, float) and not math.isfinite(value) else value


def write_rows_atomic(path: str | os.PathLike, rows: Sequence[Mapping[str, Any]], columns: Sequence[str] = ()) -> None:
    """Write ``rows`` to ``path`` through a temporary file in the same folder and ``os.replace``.

    A CSV gets ``columns`` first, then any other key of the rows in sorted order. NaN and
    infinities become empty cells / ``null`` (strict JSON). Call it under the file's lock
    (:func:`merge_rows` does) when another process may write the same file.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    clean = [{k: _finite(v) for k, v in r.items()} for r in rows]
    if file_kind(path) == "json":
        text = json.dumps(clean, indent=1, default=str, allow_nan=False) + "\n"
    else:
        columns = list(columns) + sorted({k for r in clean for k in r} - set(columns))
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for r in clean:
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


def lock_path(path: str | os.PathLike) -> Path:
    """Where the lock of a results file lives: ``<folder>/.<name>.lock`` (left in place, gitignored)."""
    path = Path(path)
    return path.with_name(f".{path.name}.lock")


@contextlib.contextmanager
def locked(path: str | os.PathLike, timeout: float | None = None) -> Iterator[None]:
    """Hold the inter-process lock of results file ``path``; after ``timeout`` seconds (default
    :data:`LOCK_TIMEOUT`) raise :class:`ResultsFileError` naming the lock file, never wait forever."""
    lock = lock_path(path)
    wait = LOCK_TIMEOUT if timeout is None else timeout
    try:
        with FileLock(str(lock), timeout=wait):
            yield
    except Timeout:
        raise ResultsFileError(f"results file {str(path)!r}: its lock {str(lock)!r} could not be taken in {wait:g} s "
                               "(another process holds it, or the folder refuses the lock file); the file was not "
                               "modified") from None


def merge_rows(path: str | os.PathLike, new: Sequence[Mapping[str, Any]], columns: Sequence[str] = (),
               metric: str = "val_nmse") -> list[dict[str, Any]]:
    """Under the file's lock: re-read ``path``, replace rows with the keys of ``new`` (in place) or append
    them, write atomically; returns every row of the file after the merge.

    With ``new`` empty it only reads (under the lock). A corrupt file raises
    :class:`ResultsFileError` and is left as it is.
    """
    with locked(path):
        rows = read_rows(path, metric)
        if not new:
            return rows
        index = {r["key"]: i for i, r in enumerate(rows)}
        for r in new:
            if r["key"] in index:
                rows[index[r["key"]]] = dict(r)
            else:
                index[r["key"]] = len(rows)
                rows.append(dict(r))
        write_rows_atomic(path, rows, columns)
        return rows


def device_kind(row: Mapping[str, Any]) -> str:
    """The device kind a row was trained on (``'cpu'``, ``'cuda'``, ``'mps'``), from ``device_kind`` or,
    in rows written before that column, the first word of ``device`` (``'cuda (NVIDIA H200)'``)."""
    kind = row.get("device_kind")
    if kind:
        return str(kind)
    return str(row.get("device") or "unknown").split()[0].split(":")[0]


def row_seed_offset(row: Mapping[str, Any]) -> int:
    """The ``HEADCOUNT_SEED_OFFSET`` a row was trained with (rows written before the column: 0)."""
    value = row.get("seed_offset")
    return 0 if value is None else int(value)


def git_commit(folder: str | os.PathLike | None = None) -> str:
    """``git rev-parse HEAD`` of the repository holding ``folder`` (this package by default), or ``'unknown'``."""
    folder = Path(folder) if folder is not None else Path(__file__).resolve().parent
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    commit = out.stdout.strip()
    return commit if out.returncode == 0 and commit else "unknown"
