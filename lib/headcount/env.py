"""Where the course runs: FAST mode, Colab/Binder/CI detection, device choice, threads, folders.

The device is chosen once, by :func:`pick_device`, at an entry point (the command line, a panel's
construction, a library call given a name such as ``'auto'``) and passed down as a ``torch.device``.
The folders: :func:`data_dir` (the committed data) and :func:`results_dir` (where panels and FAST
runs write, never inside the committed ``data/``).

FAST mode (``HEADCOUNT_FAST=1``, also on when ``CI=true``) shrinks how much is trained,
never what is asserted about committed full-scale results. Importing this module gives matplotlib
a writable config/cache folder when ``$HOME`` has none (:func:`matplotlib_config_dir`).
"""
from __future__ import annotations

import os
import platform
import sys
import tempfile
from pathlib import Path
from typing import TypeVar

import torch

T = TypeVar("T")

_TRUE = {"1", "true", "yes", "on"}


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in _TRUE


def is_ci() -> bool:
    """True under a CI runner (``CI=true``)."""
    return _flag("CI")


def is_fast() -> bool:
    """True when training should shrink: ``HEADCOUNT_FAST=1`` or CI."""
    return _flag("HEADCOUNT_FAST") or is_ci()


def is_colab() -> bool:
    """True inside Google Colab."""
    return "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ


def is_binder() -> bool:
    """True inside a mybinder.org session."""
    return "BINDER_SERVICE_HOST" in os.environ or "BINDER_REQUEST" in os.environ


def budget(full: T, fast: T) -> T:
    """Pick the lecture-quality value ``full`` or the CI value ``fast``."""
    return fast if is_fast() else full


def seed_offset() -> int:
    """``HEADCOUNT_SEED_OFFSET`` (default 0): added to every training seed (model initialization and
    batch order, never the data), so the notebooks' claims can be rerun as if on other seeds.

    The one place the library reads it; :func:`headcount.model.build_model`,
    :func:`headcount.training.train.train` and :func:`headcount.training.batched.train_batched` apply it.
    """
    raw = os.environ.get("HEADCOUNT_SEED_OFFSET", "").strip()
    if not raw:
        return 0
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"HEADCOUNT_SEED_OFFSET must be a whole number >= 0, got {raw!r}") from None
    if value < 0:
        raise ValueError(f"HEADCOUNT_SEED_OFFSET must be a whole number >= 0, got {raw!r}")
    return value


def configure_threads(n: int | None = None) -> int:
    """Set torch's intra-op threads and return the number used: ``n``, else ``HEADCOUNT_THREADS``, else 1.

    One thread by default, everywhere: the course's models are small, so a second thread gains
    little on an idle machine, and on a laptop where another process is busy two OpenMP threads
    spin-wait for each other (notebook 02's training panel took 33.8 s instead of 1.2 s; measure
    yours with ``tools/thread_timing.py``). To use more, set ``HEADCOUNT_THREADS=N`` before
    starting Jupyter (``HEADCOUNT_THREADS=2 make lab``) or call ``configure_threads(N)``.
    """
    if n is None and os.environ.get("HEADCOUNT_THREADS"):
        n = _positive_int(os.environ["HEADCOUNT_THREADS"], "HEADCOUNT_THREADS")
    n = _positive_int(1 if n is None else n, "n")
    torch.set_num_threads(n)
    return n


def _positive_int(value: object, name: str) -> int:
    try:
        n = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a positive integer, got {value!r}") from None
    if n < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return n


DEVICES = ("auto", "cpu", "cuda", "mps")
#: Files that mark the committed data folder (the real-data extracts of notebook 06).
DATA_FILES = ("fashion_mnist_14x14.npz", "wordnet_nouns.tsv.gz")


def pick_device(device: str | torch.device | None = None, allow_mps: bool = False) -> torch.device:
    """The device to train on: CUDA if present, else CPU; MPS only when ``allow_mps``.

    ``device`` may be ``None``/``"auto"`` or one of ``"cpu"``, ``"cuda"``, ``"cuda:N"``, ``"mps"``.
    """
    if isinstance(device, torch.device):
        device = str(device)
    if device is None or device == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        mps = getattr(torch.backends, "mps", None)
        if allow_mps and mps is not None and mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    if not isinstance(device, str) or device.split(":")[0] not in DEVICES[1:]:
        raise ValueError(f"device must be one of {DEVICES} (or 'cuda:N'), got {device!r}")
    kind = device.split(":")[0]
    if kind == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"device={device!r} was asked for but CUDA is not available; use 'auto' or 'cpu'")
    if kind == "mps":
        mps = getattr(torch.backends, "mps", None)
        if mps is None or not mps.is_available():
            raise ValueError("device='mps' was asked for but MPS is not available; use 'auto' or 'cpu'")
    return torch.device(device)


def as_device(device: str | torch.device | None) -> torch.device:
    """``device`` itself when it is already a ``torch.device`` (resolved at an entry point), else
    :func:`pick_device` of it: library functions called directly by a user still accept ``'auto'``."""
    return device if isinstance(device, torch.device) else pick_device(device)


def data_dir() -> Path:
    """The folder holding the committed data: ``$HEADCOUNT_DATA``, else the repository's ``data/``.

    Falls back to ``./data`` and ``../data`` (a notebook runs in ``notebooks/``).
    """
    candidates = []
    if os.environ.get("HEADCOUNT_DATA"):
        candidates.append(Path(os.environ["HEADCOUNT_DATA"]))
    candidates += [Path(__file__).resolve().parents[2] / "data", Path.cwd() / "data", Path.cwd().parent / "data"]
    for c in candidates:
        if any((c / name).exists() for name in DATA_FILES):
            return c
    raise FileNotFoundError("the committed data folder was not found; looked in "
                            + ", ".join(str(c) for c in candidates)
                            + ". Set HEADCOUNT_DATA to the repository's data/ folder")


def results_dir() -> Path:
    """The one folder where panels (notebook 05's saved sweep) and FAST command-line runs write:
    ``$HEADCOUNT_RESULTS``, else ``.cache/results`` of the source tree this package runs from, else
    ``~/.cache/headcount/results``. Never the committed ``data/results`` (:func:`data_dir`)."""
    if os.environ.get("HEADCOUNT_RESULTS"):
        return Path(os.environ["HEADCOUNT_RESULTS"]).expanduser().resolve()
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").exists():
        return root / ".cache" / "results"
    return Path.home() / ".cache" / "headcount" / "results"


def device_name(device: torch.device) -> str:
    """A human-readable name of ``device`` (the GPU model on CUDA)."""
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    if device.type == "cpu":
        return f"cpu ({os.cpu_count()} cores, {torch.get_num_threads()} torch threads)"
    return device.type


def where() -> str:
    """Which kind of machine this is: colab, binder, ci or local."""
    if is_colab():
        return "colab"
    if is_binder():
        return "binder"
    if is_ci():
        return "ci"
    return "local"


def versions() -> dict[str, str]:
    """Versions recorded with every result (python, torch, numpy, headcount)."""
    from importlib.metadata import PackageNotFoundError, version

    import numpy

    try:
        __version__ = version("headcount")
    except PackageNotFoundError:  # run from a source tree that was never installed
        __version__ = "unknown"
    return {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "numpy": numpy.__version__,
        "headcount": __version__,
    }


def device_report(device: torch.device | None = None) -> str:
    """One line saying where we run, on what, and whether FAST mode is on."""
    device = device or pick_device()
    mode = "FAST (CI-sized training)" if is_fast() else "full (lecture quality)"
    line = f"headcount {versions()['headcount']} | torch {torch.__version__} | {where()} | {device_name(device)} | mode: {mode}"
    if device.type == "cpu":
        line += " | hint: every default runs on CPU; a GPU only speeds up the live retraining"
    return line


def matplotlib_config_dir() -> str | None:
    """Point ``MPLCONFIGDIR`` at ``<tmp>/headcount-matplotlib-<user>`` when matplotlib's own folder
    (``$XDG_CONFIG_HOME`` or ``~/.config``) cannot be written, e.g. a read-only or missing ``$HOME``,
    so the library, its tests and the command line never depend on a writable home (matplotlib
    would otherwise warn and rebuild its font cache in a fresh temporary folder every run).

    Does nothing when ``MPLCONFIGDIR`` is set or matplotlib is already imported; returns the folder set.
    """
    if os.environ.get("MPLCONFIGDIR") or "matplotlib" in sys.modules:
        return None
    try:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
        folder = base / "matplotlib"
        folder.mkdir(parents=True, exist_ok=True)
        if os.access(folder, os.W_OK | os.X_OK):
            return None
    except (OSError, RuntimeError, KeyError):
        pass
    user = os.environ.get("USER") or str(os.getuid() if hasattr(os, "getuid") else "user")
    fallback = Path(tempfile.gettempdir()) / f"headcount-matplotlib-{user}"
    fallback.mkdir(parents=True, exist_ok=True)
    os.environ["MPLCONFIGDIR"] = str(fallback)
    return str(fallback)


matplotlib_config_dir()
