"""Where the sweep engine's groups run: in this process, in local worker processes, or on a Dask cluster.

Every executor takes work units (:func:`headcount.training.engine.run_group_payload` payloads) and
gives back their rows; none writes a results file (the coordinator does, under the file's lock).

* :class:`InProcess`: the lecture path (notebooks, live panels): callbacks, inner progress bars and
  errors reach the caller directly.
* :class:`LocalProcesses`: a fresh process per group from a fork server that has the library
  imported, at most ``workers`` at a time, each with ONE torch thread (two single-thread workers are
  the fast configuration of a 2-core machine; two OpenMP threads per process crawl there). On CUDA
  the slots cycle over the visible GPUs (``cuda:0``, ``cuda:1``, ...). A worker that dies (killed,
  out of memory) fails only its own group.
* :class:`DaskCluster`: ``scheduler='tcp://host:8786'`` submits each group as a task to a running
  Dask cluster (``pip install 'headcount[cluster]'``; started by hand or with ``dask-jobqueue``, see
  the README's "Running sweeps at scale"). Dask reschedules the task of a worker that dies.
"""
from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import signal
import threading
from collections.abc import Mapping, Sequence
from typing import Any

import torch

from headcount._checks import check_int
from headcount.env import as_device, pick_device
from headcount.training.engine import Stopped, run_group_payload

__all__ = ["DaskCluster", "InProcess", "LocalProcesses", "WorkerDied", "WorkerError", "default_workers",
           "make_executor"]


class WorkerDied(RuntimeError):
    """A worker process ended without returning its group's rows (killed, crashed, out of memory)."""


class WorkerError(RuntimeError):
    """A group raised in a worker process; ``kind`` is the name of the exception it raised there."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class _Done:
    """A finished in-process unit: its result, or the :class:`Stopped` a callback caused."""

    def __init__(self, result: dict | None = None, stopped: Stopped | None = None) -> None:
        self.value, self.stopped = result, stopped


class InProcess:
    """Run each group at once in this process; exceptions (and Ctrl-C) propagate to the caller."""

    in_process = True

    def __init__(self, device: torch.device) -> None:
        self.device = device
        self.device_kind = device.type

    def describe(self) -> str:
        return f"in process, {torch.get_num_threads()} torch threads"

    def slots(self) -> int:
        return 1

    def submit(self, payload: Mapping[str, Any]) -> _Done:
        try:
            return _Done(run_group_payload({**payload, "device": self.device}))
        except Stopped as exc:
            return _Done(stopped=exc)

    def wait(self, handles: Sequence[_Done]) -> list[_Done]:
        return list(handles)

    def result(self, handle: _Done) -> dict:
        if handle.stopped is not None:
            raise handle.stopped
        return handle.value  # type: ignore[return-value]

    def close(self, cancel: bool) -> None:
        pass


def _child(conn: Any, payload: Mapping[str, Any]) -> None:
    """A worker process: one group, then exit. Ctrl-C is the coordinator's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        message = ("ok", run_group_payload(payload))
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the coordinator as text
        message = ("error", type(exc).__name__, str(exc))
    conn.send(message)
    conn.close()


class LocalProcesses:
    """At most ``len(devices)`` groups at once, each in its own process on its slot's device, one torch thread."""

    in_process = False

    def __init__(self, devices: Sequence[str], preload: Sequence[str] = ()) -> None:
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        self._ctx = multiprocessing.get_context(method)
        if method == "forkserver":  # workers fork from a server that imported torch and the experiment once;
            # torch._dynamo is what an optimizer's first step imports lazily (about 4 s in every fresh process)
            self._ctx.set_forkserver_preload(["headcount.training.engine", "torch._dynamo", *preload])
        self._devices = list(devices)
        self._free = list(reversed(self._devices))
        self._lock = threading.Lock()
        self._procs: dict[cf.Future, multiprocessing.process.BaseProcess] = {}
        self.device_kind = torch.device(self._devices[0]).type

    def describe(self) -> str:
        return f"{len(self._devices)} worker processes"

    def slots(self) -> int:
        return len(self._devices)

    def submit(self, payload: Mapping[str, Any]) -> cf.Future:
        with self._lock:
            device = self._free.pop()
        parent, child = self._ctx.Pipe(duplex=False)
        proc = self._ctx.Process(target=_child, daemon=True,
                                 args=(child, {**payload, "device": device, "threads": payload.get("threads") or 1}))
        proc.start()
        child.close()
        future: cf.Future = cf.Future()
        future.set_running_or_notify_cancel()
        with self._lock:
            self._procs[future] = proc
        threading.Thread(target=self._watch, args=(future, proc, parent, device), daemon=True).start()
        return future

    def _watch(self, future: cf.Future, proc: Any, conn: Any, device: str) -> None:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            message = None
        conn.close()
        proc.join()
        with self._lock:
            self._free.append(device)
            self._procs.pop(future, None)
        if message is None:
            future.set_exception(WorkerDied(f"worker process {proc.pid} died (exit code {proc.exitcode})"))
        elif message[0] == "ok":
            future.set_result(message[1])
        else:
            future.set_exception(WorkerError(message[1], message[2]))

    def wait(self, handles: Sequence[cf.Future]) -> list[cf.Future]:
        return list(cf.wait(handles, return_when=cf.FIRST_COMPLETED).done)

    def result(self, handle: cf.Future) -> dict:
        return handle.result()

    def close(self, cancel: bool) -> None:
        with self._lock:
            procs = list(self._procs.values())
        for proc in procs if cancel else ():
            proc.terminate()
        for proc in procs:
            proc.join(timeout=10)


def _dask_task(payload: Mapping[str, Any]) -> dict:
    """The task a Dask worker runs: one group, with the worker's address as provenance."""
    from distributed import get_worker

    return run_group_payload({**payload, "worker": get_worker().address})


def _probe_device(device: str) -> str:
    return pick_device(device).type


class DaskCluster:
    """Groups as tasks on the Dask scheduler at ``address`` (one task per group; as many in flight as worker threads)."""

    in_process = False

    def __init__(self, address: str, device: str) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise ValueError("scheduler needs Dask: pip install 'headcount[cluster]'") from None
        try:
            self.client = Client(address, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise ValueError(f"scheduler {address!r} cannot be reached ({exc})") from None
        self.address, self.device = address, device
        self.device_kind = self.client.submit(_probe_device, device, pure=False).result()

    def describe(self) -> str:
        return f"Dask at {self.address}"

    def slots(self) -> int:
        return max(1, sum(self.client.nthreads().values()))

    def submit(self, payload: Mapping[str, Any]) -> Any:
        return self.client.submit(_dask_task, {**payload, "device": self.device, "threads": payload.get("threads") or 1},
                                  pure=False)

    def wait(self, handles: Sequence[Any]) -> list[Any]:
        from distributed import wait

        return list(wait(list(handles), return_when="FIRST_COMPLETED").done)

    def result(self, handle: Any) -> dict:
        return handle.result()

    def close(self, cancel: bool) -> None:
        self.client.close()


def default_workers(device: torch.device) -> int:
    """One worker per visible GPU on CUDA, else one per CPU core this process may use."""
    if device.type == "cuda":
        return max(1, torch.cuda.device_count())
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def make_executor(workers: int | None = 1, scheduler: str | None = None, device: str | torch.device | None = None,
                  module: str = "headcount.experiments.synthetic", in_process_only: bool = False
                  ) -> InProcess | LocalProcesses | DaskCluster:
    """The executor for ``workers`` (``None``: :func:`default_workers`; ``1``: this process) or ``scheduler``.

    ``in_process_only`` (callbacks were given) refuses worker processes and clusters.
    """
    if scheduler is not None:
        if in_process_only:
            raise ValueError("callbacks run in this process only: use workers=1 without a scheduler")
        if not isinstance(scheduler, str) or not scheduler:
            raise ValueError(f"scheduler must be an address such as 'tcp://host:8786', got {scheduler!r}")
        return DaskCluster(scheduler, "auto" if device is None else str(device))
    dev = as_device(device)
    n = default_workers(dev) if workers is None else check_int("workers", workers)
    if n == 1 or in_process_only:
        if in_process_only and workers not in (None, 1):
            raise ValueError(f"callbacks run in this process only: use workers=1, got workers={workers}")
        return InProcess(dev)
    if dev.type == "cuda" and dev.index is None:
        devices = [f"cuda:{i % torch.cuda.device_count()}" for i in range(n)]
    else:
        devices = [str(dev)] * n
    return LocalProcesses(devices, preload=[module])
