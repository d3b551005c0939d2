"""The sweep engine: one coordinator for every experiment of the course.

An experiment plugs in as an :class:`Experiment` registered by name (:func:`register`): it says how
to expand a grid into resolved configurations (each with a ``key``), how to group them (configurations
trained together, e.g. one batched model) and how to train one group. The engine does the rest, the
same way for the synthetic tables (:mod:`headcount.experiments.synthetic`) and the real-data stand-ins
(:mod:`headcount.experiments.realdata`): keys, results files, locks, resume and reuse, provenance,
the progress bar and the executors (:mod:`headcount.training.executors`: in process, local worker
processes, a Dask cluster). Workers return rows and never write; the coordinator
(:func:`run_experiment`) merges each finished group into the file under its lock
(:func:`headcount.training.results_file.merge_rows`).

**What a key promises.** A key is a hash of a resolved configuration: task and data, model, training
recipe and seed. Two rows with one key trained the same model the same way. The key does *not* name
where or how it ran; every row records that instead: ``device_kind`` (cpu, cuda, mps), ``seed_offset``
(``HEADCOUNT_SEED_OFFSET``), ``threads`` (torch threads), ``group`` (hash of the keys trained together
in one batched model) and ``worker``. A row is resumed or reused only when its device kind and seed
offset equal this run's and it did not diverge; otherwise its configuration trains again and the new
row replaces it. On one device kind the numbers of a key agree to float rounding, with two known
exceptions to compare only through summaries over seeds: a different batched group (padding changes
the reduction order; up to 1.75% measured) and ``depth > 1`` with another thread count.
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib
import math
import os
import socket
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from headcount.env import as_device, device_name, seed_offset, versions
from headcount.training.results_file import (
    check_out,
    device_kind,
    git_commit,
    merge_rows,
    read_rows,
    row_seed_offset,
)

__all__ = ["PROVENANCE_FIELDS", "Experiment", "GroupContext", "Stopped", "SweepReport", "get_experiment", "register",
           "run_experiment", "run_group_payload"]

#: Columns the engine adds to every row, after the experiment's configuration and metrics.
PROVENANCE_FIELDS = ("wall_time", "group_wall_time", "group_size", "device", "python", "torch", "numpy", "headcount",
                     "git_commit", "peak_rss_mb", "finished_at", "command", "reused_from", "status", "device_kind",
                     "seed_offset", "threads", "group", "worker")


class Stopped(Exception):
    """Raised by ``run_group`` when a callback stopped the group before it finished (nothing of it is saved)."""


@dataclass
class GroupContext:
    """What ``run_group`` gets besides its configurations. ``stop``: set it when a callback asked to stop
    after this (finished) group; ``callbacks`` and ``eval_every`` exist only on the in-process path."""

    device: torch.device
    callbacks: Sequence[Callable[[dict], object]] = ()
    eval_every: int | None = None
    progress: bool = False
    stop: bool = False


@dataclass(frozen=True)
class Experiment:
    """An experiment as the engine sees it (register it with :func:`register` in ``module``).

    ``expand(spec)``: resolved configurations of a grid spec, each a JSON-ready dict with a ``key``;
    ``resolve(config)``: one configuration (or a row) resolved again, with its ``key``;
    ``group(configs, **options)``: the configurations in groups trained together, in order;
    ``run_group(configs, context)``: train one group, return one dict of metrics per configuration
    (a non-finite metric marks the row ``diverged``; raise :class:`Stopped` if cut short);
    ``fields``/``metrics``: the configuration and metric columns of a row, in file order; ``metric``:
    the column every finished row holds; ``better`` (``'min'``/``'max'``) and ``by``: the progress bar
    shows, per value of ``by``, the ``heads`` with the best ``metric`` so far. ``cost(group)``
    (optional, any unit): on workers the costliest groups start first, so the last one to finish is short.
    """

    name: str
    module: str
    expand: Callable[[Mapping[str, Any]], list[dict[str, Any]]]
    resolve: Callable[[Mapping[str, Any]], dict[str, Any]]
    group: Callable[..., list[list[dict[str, Any]]]]
    run_group: Callable[[list[dict[str, Any]], GroupContext], list[dict[str, Any]]]
    fields: tuple[str, ...]
    metrics: tuple[str, ...]
    metric: str
    better: str = "min"
    by: str = "T"
    cost: Callable[[list[dict[str, Any]]], float] | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column of a row, in file order."""
        return ("key", "name", *self.fields, *self.metrics, *PROVENANCE_FIELDS)


_REGISTRY: dict[str, Experiment] = {}


def register(experiment: Experiment) -> Experiment:
    """Make ``experiment`` known by name (to the coordinator and to workers, which import its module)."""
    _REGISTRY[experiment.name] = experiment
    return experiment


def get_experiment(name: str, module: str | None = None) -> Experiment:
    """The registered experiment ``name`` (importing ``module`` first, as a worker process does)."""
    if name not in _REGISTRY and module is not None:
        importlib.import_module(module)
    if name not in _REGISTRY:
        raise ValueError(f"experiment must be one of {tuple(sorted(_REGISTRY))}, got {name!r}")
    return _REGISTRY[name]


# ---------------------------------------------------------------- a group, where it runs (worker side)

@contextlib.contextmanager
def _seed_offset_env(offset: int) -> Iterator[None]:
    """Train with the coordinator's ``HEADCOUNT_SEED_OFFSET`` (a worker's own environment may differ)."""
    old = os.environ.get("HEADCOUNT_SEED_OFFSET")
    os.environ["HEADCOUNT_SEED_OFFSET"] = str(offset)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("HEADCOUNT_SEED_OFFSET", None)
        else:
            os.environ["HEADCOUNT_SEED_OFFSET"] = old


def _peak_rss_mb(device: torch.device) -> float:
    if device.type == "cuda":
        return torch.cuda.max_memory_allocated(device) / 2**20
    try:
        import resource

        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return kb / 1024 if sys.platform != "darwin" else kb / 2**20
    except (ImportError, OSError):
        return math.nan


def group_id(configs: Sequence[Mapping[str, Any]]) -> str:
    """12 hex digits naming the set of configurations trained together (the ``group`` column)."""
    return hashlib.sha1(",".join(sorted(c["key"] for c in configs)).encode()).hexdigest()[:12]


def run_group_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Train one group and return ``{'rows': [...], 'stop': bool}``: the work unit every executor runs.

    ``payload``: ``experiment``, ``module``, ``configs``, ``device``, ``threads`` (``None``: leave torch's),
    ``seed_offset``, ``worker`` (``None``: host and process id), and on the in-process path
    ``callbacks``, ``eval_every`` and ``progress``. Rows carry the configuration, the metrics and the
    worker-side provenance; the coordinator adds ``name``, ``command``, ``git_commit``.
    """
    exp = get_experiment(payload["experiment"], payload["module"])
    configs = list(payload["configs"])
    dev = as_device(payload["device"])  # in process: the coordinator's torch.device; a worker resolves its name
    if payload.get("threads"):
        torch.set_num_threads(int(payload["threads"]))
    ctx = GroupContext(device=dev, callbacks=payload.get("callbacks", ()), eval_every=payload.get("eval_every"),
                       progress=bool(payload.get("progress", False)))
    start, cpu = time.perf_counter(), time.process_time()
    with _seed_offset_env(int(payload["seed_offset"])):
        metrics = exp.run_group(configs, ctx)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    prov = {"group_wall_time": round(wall, 3), "group_size": len(configs), "device": device_name(dev), **versions(),
            "peak_rss_mb": round(_peak_rss_mb(dev), 1), "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "device_kind": dev.type, "seed_offset": int(payload["seed_offset"]), "threads": torch.get_num_threads(),
            "group": group_id(configs), "worker": payload.get("worker") or f"{socket.gethostname()}:{os.getpid()}"}
    rows = []
    for c, m in zip(configs, metrics):
        diverged = any(isinstance(v, float) and not math.isfinite(v) for v in m.values())
        rows.append({"key": c["key"], **{k: c[k] for k in exp.fields}, **m, "wall_time": round(wall / len(configs), 3),
                     **prov, "status": "diverged" if diverged else "ok"})
    return {"rows": rows, "stop": ctx.stop, "cpu_time": cpu}


# ---------------------------------------------------------------- the coordinator

@dataclass
class SweepReport:
    """What :func:`run_experiment` did: every row of the file, and counts for the summary."""

    rows: list[dict[str, Any]]
    path: Path
    trained: int = 0
    reused: int = 0
    replaced: int = 0
    diverged: int = 0
    failed: list[str] = field(default_factory=list)
    stopped: bool = False
    wall_time: float = 0.0  #: seconds from start to end of :func:`run_experiment`
    cpu_time: float = 0.0  #: CPU seconds of the processes that trained the groups, summed over groups

    def summary(self) -> str:
        """One line: what was trained, reused, replaced, diverged and failed, and the wall and worker CPU time."""
        parts = [f"{self.trained} trained", f"{self.reused} reused"]
        if self.replaced:
            parts.append(f"{self.replaced} retrained (rows of another device kind or seed offset, or diverged)")
        if self.diverged:
            parts.append(f"{self.diverged} diverged (recorded as such; a rerun retries them)")
        if self.failed:
            parts.append(f"{len(self.failed)} groups failed twice and were skipped: " + "; ".join(self.failed))
        if self.trained:
            parts.append(f"wall {self.wall_time:.1f} s, worker CPU {self.cpu_time:.1f} s")
        return ", ".join(parts)


def compatible(row: Mapping[str, Any], kind: str, offset: int) -> bool:
    """Whether ``row`` counts as done for a run on device kind ``kind`` with seed offset ``offset``."""
    return row.get("status") != "diverged" and device_kind(row) == kind and row_seed_offset(row) == offset


def _describe(exp: Experiment, configs: Sequence[Mapping[str, Any]]) -> str:
    shown = [k for k in (exp.by, "heads") if k in configs[0]]
    return f"group of {len(configs)} (" + ", ".join(
        f"{k}={sorted({c[k] for c in configs})}" for k in shown) + ")"


def _best_note(exp: Experiment, rows: Sequence[Mapping[str, Any]]) -> str:
    best: dict[Any, tuple[float, Any]] = {}
    sign = 1 if exp.better == "min" else -1
    for r in rows:
        v = r.get(exp.metric)
        if v is None or "heads" not in r or exp.by not in r:
            continue
        if r[exp.by] not in best or sign * v < sign * best[r[exp.by]][0]:
            best[r[exp.by]] = (v, r["heads"])
    return "best h: " + " ".join(f"{exp.by}={k}:{h}" for k, (_, h) in sorted(best.items()))


def run_experiment(experiment: Experiment | str, configs: Sequence[Mapping[str, Any]], out: str | os.PathLike,
                   device: str | torch.device | None = None, name: str | None = None, progress: bool = True,
                   command: str | None = None, reuse_from: Sequence[str | os.PathLike] = (),
                   callbacks: Sequence[Callable[[dict], object]] = (), eval_every: int | None = None,
                   workers: int | None = 1, scheduler: str | None = None, threads: int | None = None,
                   group_options: Mapping[str, Any] | None = None, extra: Mapping[str, Any] | None = None,
                   make_folder: bool = True) -> SweepReport:
    """Train every configuration of ``configs`` (resolved, with keys) not yet done in ``out``.

    ``out`` is checked before anything trains (:func:`headcount.training.results_file.check_out`);
    rows of ``reuse_from`` files with a wanted key, the same device kind and seed offset are copied
    (``reused_from`` names their file). The rest is grouped (``experiment.group``) and handed to an
    executor (:func:`headcount.training.executors.make_executor`: ``workers=1`` in this process,
    ``workers=N`` local processes, ``scheduler='tcp://host:port'`` a Dask cluster); each finished
    group is merged into ``out`` under its lock. On worker processes or a cluster a failed group is
    retried once and a second failure is reported in :attr:`SweepReport.failed`, not raised; in this
    process errors propagate. Ctrl-C stops submitting, keeps every finished group and re-raises
    ``KeyboardInterrupt``. ``callbacks`` (in process only) see every step (see
    :func:`headcount.training.sweep.run_sweep`). ``extra`` is added to every row (e.g. ``scale``).
    """
    from headcount.training.executors import make_executor

    started = time.perf_counter()
    exp = get_experiment(experiment) if isinstance(experiment, str) else experiment
    if scheduler is None:  # resolved once, here, and passed down (a bad device is reported before anything)
        device = as_device(device)
    path = check_out(out, make_folder=make_folder)
    callbacks = list(callbacks)
    configs = list({c["key"]: dict(c) for c in configs}.values())  # one per key
    command = command if command is not None else " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])
    coordinator = {"name": name or path.stem, "command": command, "git_commit": git_commit(), **(extra or {})}
    rows = merge_rows(path, [], exp.columns, exp.metric)  # a corrupt file raises here, before any training
    executor = make_executor(workers=workers, scheduler=scheduler, device=device, module=exp.module,
                             in_process_only=bool(callbacks))
    kind, offset = executor.device_kind, seed_offset()
    wanted = {c["key"] for c in configs}
    done = {r["key"] for r in rows if r["key"] in wanted and compatible(r, kind, offset)}
    report = SweepReport(rows=rows, path=path)
    report.replaced = sum(1 for r in rows if r["key"] in wanted and r["key"] not in done)
    reused = []
    for other in reuse_from:
        if Path(other).resolve() == path.resolve() or not Path(other).exists():
            continue
        for r in read_rows(other, exp.metric):
            if r["key"] in wanted - done and compatible(r, kind, offset):
                reused.append({**r, "name": coordinator["name"], "reused_from": str(other)})
                done.add(r["key"])
    if reused:
        rows = merge_rows(path, reused, exp.columns, exp.metric)
        report.reused, report.replaced = len(reused), max(0, report.replaced - len(reused))
    todo = [c for c in configs if c["key"] not in done]
    group_list = exp.group(todo, **(group_options or {})) if todo else []
    if not executor.in_process and exp.cost is not None:
        group_list = sorted(group_list, key=exp.cost, reverse=True)
    groups = deque(enumerate(group_list))
    finished = [r for r in rows if r["key"] in done]
    bar = None
    if progress and todo:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(todo), desc=f"{exp.name} {coordinator['name']} ({len(done)} done before, "
                   f"{executor.describe()})", unit="config")
    base = {"experiment": exp.name, "module": exp.module, "seed_offset": offset, "threads": threads, "worker": None,
            "progress": progress and executor.in_process, "eval_every": eval_every}
    if executor.in_process:
        base["callbacks"] = callbacks
    attempts: dict[int, int] = {}
    in_flight: dict[Any, tuple[int, list[dict]]] = {}
    try:
        while (groups and not report.stopped) or in_flight:
            while groups and not report.stopped and len(in_flight) < executor.slots():
                gid, group = groups.popleft()
                in_flight[executor.submit({**base, "configs": group})] = (gid, group)
            for handle in executor.wait(list(in_flight)):
                gid, group = in_flight.pop(handle)
                try:
                    result = executor.result(handle)
                except Stopped:
                    report.stopped = True
                    continue
                except Exception as exc:  # noqa: BLE001 - a worker's failure is reported, not fatal
                    attempts[gid] = attempts.get(gid, 0) + 1
                    if attempts[gid] < 2:
                        groups.appendleft((gid, group))
                    else:
                        error = getattr(exc, "kind", type(exc).__name__)  # a worker's exception keeps its name
                        report.failed.append(f"{_describe(exp, group)}: {error}: {exc}")
                    continue
                new = [{**r, **coordinator, "reused_from": None} for r in result["rows"]]
                rows = merge_rows(path, new, exp.columns, exp.metric)
                report.trained += len(new)
                report.cpu_time += float(result.get("cpu_time", 0.0))
                report.diverged += sum(r["status"] == "diverged" for r in new)
                finished += new
                report.stopped = report.stopped or bool(result["stop"])
                if bar is not None:
                    bar.set_postfix_str(_best_note(exp, finished))
                    bar.update(len(new))
    except BaseException:
        executor.close(cancel=True)
        raise
    finally:
        if bar is not None:
            bar.close()
    executor.close(cancel=False)
    report.rows = merge_rows(path, [], exp.columns, exp.metric)
    report.wall_time = time.perf_counter() - started
    return report
