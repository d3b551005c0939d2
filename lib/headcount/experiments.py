"""The synthetic experiments of section 6.1 / App. B.1 as tables, comparisons and a live sweep (notebook 05).

Result views (pure functions of the rows that :func:`headcount.sweep.run_sweep` writes):

* :func:`load_table`: ``data/results/table2_synthetic.csv`` / ``table3_synthetic.csv``, or a clear
  :class:`ResultsMissing` error naming the command that regenerates it;
* :func:`nmse_grid`: ``{h: {T: NMSE}}`` with a statistic over seeds (``'min'``, as the paper
  reports, ``'median'``, ``'mean'``, ``'max'``); :func:`paper_grid`: the paper's Tables 2 and 3
  (:mod:`headcount.tables`) in the same form;
* :func:`transition_ratios`: ``NMSE(h = D-1) / NMSE(h = D)`` per ``T`` (Fig. 1a's jump);
* :func:`reversal_scores`: the weighted reversal score ``R(h)`` of Fig. 2e for every ``h``
  (:func:`headcount.theory.reversal_score` per row of the grid);
* :func:`short_T_rise`: Remark B.1.1, where along ``T`` each ``h``'s NMSE is lowest;
* :func:`seed_lottery`: min against median over seeds per cell;
* :func:`grid_markdown`: a grid as a Markdown table, optionally with the paper's numbers beside ours.

Live experiment: :class:`LiveSweep` (controller; tests call it directly) trains a head-count sweep
``h = h_min..h_max`` for one or several ``T`` with the batched trainer
(:func:`headcount.batched.train_batched`), reporting validation NMSE against ``h`` at every
evaluation; with ``save=True`` it trains through :func:`headcount.sweep.run_sweep` instead (one
call per ``T``: resumable, with provenance, still redrawn at every evaluation). Depth ``L > 1`` or positional encodings, which the
batched trainer does not take, fall back to the single trainer, one configuration at a time.
:func:`live_sweep_panel` is its ipywidgets view (core widgets only).
"""
from __future__ import annotations

import math
import os
import statistics
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import torch
from matplotlib.figure import Figure

from ._checks import check_choice, check_int, check_positive
from .datasets import data_dir
from .model import POSITIONAL, HeadCountTransformer, ModelConfig, build_model
from .tables import PAPER_TABLE2_MEAN, PAPER_TABLE3, TABLES
from .tasks import FAMILIES, RetrievalTask, Split, make_task
from .theory import reversal_score
from .widgets import DEVICE_CHOICES, TrainingController, _status_html, run_controls

__all__ = [
    "REGENERATE", "STATS", "ResultsMissing", "load_table", "nmse_grid", "paper_grid",
    "transition_ratios", "reversal_scores", "first_positive", "short_T_rise", "seed_lottery", "seed_values", "grid_markdown",
    "nmse_vs_heads", "reversal_bars", "LiveSettings", "LiveSweep", "live_sweep_panel",
]

Grid = dict[int, dict[int, float]]

#: The command that (re)creates each committed results file (see ``data/results/README.md``).
REGENERATE = {t: f"python -m headcount reproduce {t}" for t in TABLES}
STATS = ("min", "median", "mean", "max")


class ResultsMissing(FileNotFoundError):
    """A results file the notebook needs is not there (or holds no rows); the message says how to make it."""


def load_table(table: str, folder: str | os.PathLike | None = None, complete: bool = True) -> list[dict[str, Any]]:
    """The committed rows of the paper's ``'table2'`` or ``'table3'`` (``<folder>/<table>_synthetic.csv``).
    ``folder`` defaults to the committed ``data/results`` (:func:`headcount.datasets.data_dir`).

    Raises :class:`ResultsMissing` with the regenerating command if the file is missing or empty, or
    (with ``complete=True``) if a cell ``(h, T)`` of the paper's grid has no row yet (a sweep still
    running or interrupted: the same command resumes it), and
    :class:`headcount.sweep.ResultsFileError` if it is corrupt.
    """
    from .sweep import load_results

    table = check_choice("table", table, sorted(TABLES))
    path = Path(folder) if folder is not None else data_dir() / "results"
    path = path / f"{table}_synthetic.csv"
    rows = load_results(path) if path.exists() else []
    if not rows:
        raise ResultsMissing(f"{path} is {'empty' if path.exists() else 'missing'}: regenerate it from the repository "
                             f"root with `{REGENERATE[table]}` (resumable; about 30 min on 2 CPU cores, minutes on "
                             "a GPU), then rerun this notebook")
    if complete:
        have = {(int(r["heads"]), int(r["T"])) for r in rows}
        missing = [(h, T) for h in TABLES[table]["heads"] for T in TABLES[table]["T"] if (h, T) not in have]
        if missing:
            raise ResultsMissing(f"{path} is incomplete: no rows yet for (h, T) in {missing}; finish it from the "
                                 f"repository root with `{REGENERATE[table]}` (it resumes), then rerun this notebook")
    return rows


def _stat(values: Sequence[float], stat: str) -> float:
    if stat == "min":
        return min(values)
    if stat == "max":
        return max(values)
    if stat == "mean":
        return statistics.fmean(values)
    return statistics.median(values)


def nmse_grid(rows: Sequence[Mapping[str, Any]], stat: str = "min", metric: str = "val_nmse") -> Grid:
    """``{h: {T: stat over seeds of metric}}`` from results rows (section 6.1 reports the min over seeds)."""
    stat = check_choice("stat", stat, STATS)
    cells: dict[tuple[int, int], list[float]] = {}
    for r in rows:
        missing = [k for k in ("heads", "T", metric) if k not in r]
        if missing:
            raise ValueError(f"rows need the keys {missing}; a row has {sorted(r)}")
        v = float(r[metric])
        if not math.isfinite(v):
            raise ValueError(f"{metric} must be finite, got {v!r} at h={r['heads']}, T={r['T']}")
        cells.setdefault((int(r["heads"]), int(r["T"])), []).append(v)
    grid: Grid = {}
    for (h, T) in sorted(cells):
        grid.setdefault(h, {})[T] = _stat(cells[h, T], stat)
    return grid


def paper_grid(table: str) -> Grid:
    """The paper's numbers as a grid: Table 2's means (the paper gives mean +- std) or Table 3's values."""
    table = check_choice("table", table, sorted(TABLES))
    src = PAPER_TABLE2_MEAN if table == "table2" else PAPER_TABLE3
    Ts = TABLES[table]["T"]
    return {h: dict(zip(Ts, vals)) for h, vals in src.items()}


def _check_grid(grid: Mapping[int, Mapping[int, float]]) -> None:
    if not isinstance(grid, Mapping) or not grid or not all(isinstance(v, Mapping) and v for v in grid.values()):
        raise ValueError("grid must be a non-empty {h: {T: value}} mapping (see nmse_grid)")


def transition_ratios(grid: Mapping[int, Mapping[int, float]], D: int) -> dict[int, float]:
    """``NMSE(h = D - 1, T) / NMSE(h = D, T)`` for every ``T`` where both exist (Fig. 1a's jump at ``h = D``)."""
    _check_grid(grid)
    D = check_int("D", D, 2)
    if D not in grid or D - 1 not in grid:
        raise ValueError(f"grid must hold h = D - 1 = {D - 1} and h = D = {D}; it has h in {sorted(grid)}")
    Ts = sorted(set(grid[D]) & set(grid[D - 1]))
    if not Ts:
        raise ValueError(f"h = {D - 1} and h = {D} share no T")
    return {T: grid[D - 1][T] / grid[D][T] for T in Ts}


def reversal_scores(grid: Mapping[int, Mapping[int, float]]) -> dict[int, float]:
    """The weighted reversal score ``R(h)`` (NOTES 5.4, Fig. 2e) of every ``h`` with at least two ``T``.

    ``R(h) = (1/w_h) sum_{T1 < T2} max(err(T1) - err(T2), 0)``, ``w_h = max_T err - min_T err``: positive
    when a longer sequence was sometimes easier, the signature of ``h >= D`` (Remark B.1.1).
    """
    _check_grid(grid)
    return {h: reversal_score([row[T] for T in sorted(row)]) for h, row in sorted(grid.items()) if len(row) >= 2}


def first_positive(scores: Mapping[int, float], tol: float = 0.0) -> int | None:
    """The smallest ``h`` from which every score is ``> tol`` (``None`` if the last one is not)."""
    hs = sorted(scores)
    first = None
    for h in reversed(hs):
        if scores[h] > tol:
            first = h
        else:
            break
    return first


def short_T_rise(grid: Mapping[int, Mapping[int, float]]) -> dict[int, dict[str, float]]:
    """Remark B.1.1 per ``h``: ``best_T`` (where NMSE is lowest), ``short_over_best`` (NMSE at the
    shortest ``T`` over the lowest) and ``long_over_best`` (NMSE at the longest ``T`` over the lowest).

    The paper's picture for ``h >= D``: ``short_over_best > 1`` (short sequences are *harder*, the
    model mixes in memorization) and a mild ``long_over_best >= 1``.
    """
    _check_grid(grid)
    out = {}
    for h, row in sorted(grid.items()):
        Ts = sorted(row)
        best = min(Ts, key=lambda T: row[T])
        out[h] = {"best_T": best, "short_over_best": row[Ts[0]] / row[best], "long_over_best": row[Ts[-1]] / row[best]}
    return out


def seed_lottery(rows: Sequence[Mapping[str, Any]], factor: float = 3.0,
                 metric: str = "val_nmse") -> list[dict[str, Any]]:
    """Per ``(h, T)``: ``n`` seeds, ``min``, ``median``, ``median_over_min`` and ``lucky``, the number of
    seeds within ``factor`` of the best one (a cell where few seeds are lucky is a lottery)."""
    factor = check_positive("factor", factor)
    cells: dict[tuple[int, int], list[float]] = {}
    for r in rows:
        cells.setdefault((int(r["heads"]), int(r["T"])), []).append(float(r[metric]))
    out = []
    for (h, T), vals in sorted(cells.items()):
        lo, med = min(vals), statistics.median(vals)
        out.append({"heads": h, "T": T, "n": len(vals), "min": lo, "median": med, "median_over_min": med / lo,
                    "lucky": sum(v <= factor * lo for v in vals)})
    return out


def seed_values(rows: Sequence[Mapping[str, Any]], metric: str = "val_nmse") -> dict[int, dict[int, list[float]]]:
    """Every seed's value, ``{h: {T: [values in seed order]}}`` (the dots of :func:`nmse_vs_heads`)."""
    out: dict[int, dict[int, list[tuple[Any, float]]]] = {}
    for r in rows:
        out.setdefault(int(r["heads"]), {}).setdefault(int(r["T"]), []).append((r.get("seed", 0), float(r[metric])))
    return {h: {T: [v for _, v in sorted(vals, key=lambda t: (t[0] is None, t[0]))] for T, vals in sorted(row.items())}
            for h, row in sorted(out.items())}


def grid_markdown(grid: Mapping[int, Mapping[int, float]], paper: Mapping[int, Mapping[int, float]] | None = None,
                  fmt: str = "{:.2e}", label: str = "h \\ T") -> str:
    """A Markdown table, ``h`` rows by ``T`` columns; with ``paper``, each cell reads ``ours / paper``."""
    _check_grid(grid)
    Ts = sorted({T for row in grid.values() for T in row})
    lines = [f"| {label} | " + " | ".join(str(T) for T in Ts) + " |", "|---" * (len(Ts) + 1) + "|"]
    for h, row in sorted(grid.items()):
        cells = []
        for T in Ts:
            ours = fmt.format(row[T]) if T in row else "-"
            if paper is not None:
                theirs = fmt.format(paper[h][T]) if h in paper and T in paper[h] else "-"
                ours = f"{ours} / {theirs}"
            cells.append(ours)
        lines.append(f"| {h} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def nmse_vs_heads(grid: Mapping[int, Mapping[int, float]], paper: Mapping[int, Mapping[int, float]] | None = None,
                  D: int | None = None, ax: Any = None, title: str = "", ylabel: str = "min validation NMSE over seeds",
                  points: Mapping[int, Mapping[int, Sequence[float]]] | None = None) -> Figure:
    """Fig. 1a: NMSE against ``h``, one line per ``T`` (log scale); ``paper`` dashed with hollow markers,
    ``points`` (``{h: {T: [per-seed values]}}``) as small dots, ``D`` a dotted vertical line.

    Draws on ``ax`` if given (a pyplot-free :class:`~matplotlib.figure.Figure` is safe from a thread),
    else on a new pyplot figure.
    """
    from .plots import COLORS

    _check_grid(grid)
    if ax is None:
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(8, 4.8))
    else:
        fig = ax.figure
    Ts = sorted({T for row in grid.values() for T in row} | ({T for row in paper.values() for T in row} if paper else set()))
    for k, T in enumerate(Ts):
        c = COLORS[k % 10]
        hs = [h for h in sorted(grid) if T in grid[h]]
        if hs:
            ax.plot(hs, [grid[h][T] for h in hs], "o-", color=c, lw=1.6, label=f"T = {T}")
        if points is not None:
            for h in sorted(points):
                vals = points[h].get(T, [])
                ax.plot([h] * len(vals), vals, ".", color=c, alpha=0.35, ms=5)
        if paper is not None:
            hp = [h for h in sorted(paper) if T in paper[h]]
            ax.plot(hp, [paper[h][T] for h in hp], "s--", color=c, mfc="none", lw=0.9, alpha=0.8,
                    label=f"T = {T} (paper)" if hs else f"T = {T} (paper)")
    if D is not None:
        ax.axvline(D, color="grey", ls=":", lw=1.2, label=f"h = D = {D}")
    ax.set_yscale("log")
    ax.set_xlabel("number of heads h")
    ax.set_xticks(sorted({h for h in grid} | (set(paper) if paper else set())))
    ax.set_ylabel(ylabel)
    ax.grid(True, which="both", alpha=0.3)
    ax.set_title(title or "validation NMSE against the number of heads")
    ax.legend(fontsize=7, ncol=2 if paper is not None else 1)
    return fig


def reversal_bars(scores: Mapping[str, Mapping[int, float]], D: int | None = None, ax: Any = None,
                  title: str = "") -> Figure:
    """Fig. 2e: ``R(h)`` as grouped bars, one group per ``h`` and one bar per entry of ``scores``
    (label -> ``{h: R}``, e.g. ours and the paper's); ``D`` a dotted vertical line."""
    from .plots import COLORS

    if not scores:
        raise ValueError("scores must map at least one label to {h: R(h)}")
    if ax is None:
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(7, 3.6))
    else:
        fig = ax.figure
    width = 0.8 / len(scores)
    for k, (label, sc) in enumerate(scores.items()):
        hs = sorted(sc)
        ax.bar([h - 0.4 + width * (k + 0.5) for h in hs], [sc[h] for h in hs], width=width, color=COLORS[k % 10],
               label=label)
    if D is not None:
        ax.axvline(D - 0.5, color="grey", ls=":", lw=1.2, label=f"h = D = {D} starts here")
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xticks(sorted({h for sc in scores.values() for h in sc}))
    ax.set_xlabel("number of heads h")
    ax.set_ylabel("weighted reversal score R(h)")
    ax.set_title(title or "R(h) > 0: a longer sequence was sometimes easier")
    ax.legend(fontsize=8)
    return fig


# --------------------------------------------------------------------------- live experiment (notebook 05)

POSITIONAL_CHOICES = ("auto", *POSITIONAL)


@dataclass
class LiveSettings:
    """What :class:`LiveSweep` trains. The default (synthetic task with ``D = d = 2``, ``T = 16``,
    ``h = 1..3``, 2 seeds, 400 steps, 2000/500 examples) shows the jump at ``h = D`` in about 10 s on
    one CPU thread. ``T`` is one length or a tuple; ``positional='auto'`` means ``'none'`` when every
    ``S_i = [T]`` (synthetic, max_min) and ``'learned'`` otherwise (smooth); ``save=True`` trains
    through :func:`headcount.sweep.run_sweep` into ``out`` (any depth and positional encoding).
    The other training settings are the sweep recipe's (AdamW, lr 1e-2, warmup-cosine, ``beta = 1``).
    """

    family: str = "synthetic"
    D: int = 2
    d: int = 2
    T: int | tuple[int, ...] = 16
    h_min: int = 1
    h_max: int = 3
    seeds: int = 2
    steps: int = 400
    device: str = "auto"
    depth: int = 1
    positional: str = "auto"
    head_dim: int = 8
    width: int = 32
    n_train: int = 2000
    n_val: int = 500
    batch_size: int = 128
    lr: float = 1e-2
    data_seed: int = 0
    evals: int = 8
    save: bool = False
    out: str = "data/results/live_sweep.csv"

    @property
    def Ts(self) -> tuple[int, ...]:
        """The sequence lengths as a sorted tuple."""
        T = self.T
        return tuple(sorted({int(t) for t in T})) if isinstance(T, (tuple, list)) else (T,)  # type: ignore[arg-type]

    @property
    def heads(self) -> tuple[int, ...]:
        return tuple(range(self.h_min, self.h_max + 1))

    def validate(self) -> None:
        """Raise ``ValueError`` naming the first bad setting."""
        check_choice("family", self.family, FAMILIES)
        if isinstance(self.T, (tuple, list)) and len(self.T) == 0:
            raise ValueError("T must hold at least one sequence length, got an empty list")
        for T in self.Ts:
            check_int("T", T, 1, 4096)
        check_int("h_min", self.h_min, 1, 64)
        check_int("h_max", self.h_max, 1, 64)
        if self.h_min > self.h_max:
            raise ValueError(f"the h range is empty: h_min = {self.h_min} > h_max = {self.h_max}")
        check_int("seeds", self.seeds, 1, 64)
        check_int("steps", self.steps, 1, 1_000_000)
        check_choice("device", self.device, DEVICE_CHOICES)
        if self.device != "auto":  # e.g. 'cuda' on a machine without a GPU
            from .env import pick_device

            pick_device(self.device)
        check_int("depth", self.depth, 1, 8)
        check_choice("positional", self.positional, POSITIONAL_CHOICES)
        for k in ("head_dim", "width", "n_train", "n_val", "batch_size", "evals"):
            check_int(k, getattr(self, k))
        check_int("data_seed", self.data_seed, 0)
        check_positive("lr", self.lr)
        for T in self.Ts:  # D and d against what the family allows (e.g. max_min has D = 2, d = 1)
            make_task(self.family, T, D=self.D, d=self.d)
        if self.save:
            if not str(self.out).endswith((".csv", ".json")):
                raise ValueError(f"out must end in .csv or .json, got {self.out!r}")

    def resolved_positional(self) -> str:
        """``positional`` with ``'auto'`` resolved from the task's subsets."""
        if self.positional != "auto":
            return self.positional
        task = make_task(self.family, self.Ts[0], D=self.D, d=self.d)
        return "none" if bool(task.subsets.all()) else "learned"

    @property
    def batched(self) -> bool:
        """Whether the batched trainer can take this sweep (depth 1, no positional encoding)."""
        return self.depth == 1 and self.resolved_positional() == "none"

    def spec(self, T: int | None = None) -> dict[str, Any]:
        """The :func:`headcount.sweep.expand_grid` spec of this sweep (one ``T`` or all)."""
        from .train import RECIPE_BETA

        return {"task": self.family, "D": self.D, "d": self.d, "T": [T] if T is not None else list(self.Ts),
                "heads": list(self.heads), "head_dim": self.head_dim, "width": self.width, "beta": RECIPE_BETA,
                "n_train": self.n_train, "n_val": self.n_val, "data_seed": self.data_seed,
                "seed": list(range(self.seeds)), "steps": self.steps, "batch_size": self.batch_size, "lr": self.lr,
                "warmup": min(100, max(1, self.steps // 10)), "depth": self.depth,
                "positional": self.resolved_positional()}


@dataclass
class LiveSweep:
    """Train ``h = h_min..h_max`` x seeds for each ``T`` and keep validation NMSE as it arrives.

    ``run()`` trains in the calling thread, ``start()`` in a background thread; ``stop()`` ends the
    run at the next step (with ``save=True``, finished configurations are saved and the ones cut
    short are not); ``join()`` waits.
    ``on_update(controller)`` is called at most every ``redraw_every`` seconds while results arrive,
    and at the end. ``values[(T, h, seed)]`` holds the latest validation NMSE (final ones in
    ``final``); :meth:`grid` summarizes over seeds; :meth:`member` returns a trained model.
    """

    settings: LiveSettings = field(default_factory=LiveSettings)
    redraw_every: float = 1.0
    on_update: Callable[[LiveSweep], object] | None = None
    status: str = "ready"
    ok: bool = True
    running: bool = False
    step: int = 0
    wall_time: float = 0.0
    values: dict[tuple[int, int, int], float] = field(default_factory=dict)
    final: dict[tuple[int, int, int], float] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._models: dict[tuple[int, int, int], Any] = {}
        self._tasks: dict[int, RetrievalTask] = {}
        self._last_draw = 0.0
        try:
            self.settings.validate()
        except ValueError as err:
            raise ValueError(f"invalid LiveSettings: {err}") from None

    # ---- settings
    def configure(self, **changes: object) -> bool:
        """Change settings; on bad input keep the old ones, set ``status`` and return False."""
        if not TrainingController.configure(self, **changes):  # type: ignore[arg-type] # same rules, same messages
            return False
        s = self.settings
        route = "batched trainer" if s.batched else f"single trainer (depth {s.depth}, positional {s.resolved_positional()!r})"
        self.status = (f"ready: {s.family} D={s.D} d={s.d}, T={list(s.Ts)}, h={s.h_min}..{s.h_max}, {s.seeds} seed(s), "
                       f"{s.steps} steps, {route}" + (f", saving to {s.out}" if s.save else ""))
        return True

    # ---- results
    def grid(self, stat: str = "min", final_only: bool = False) -> Grid:
        """``{h: {T: stat over seeds}}`` of the values so far (or only finished ones)."""
        stat = check_choice("stat", stat, STATS)
        src = self.final if final_only else {**self.values, **self.final}
        cells: dict[tuple[int, int], list[float]] = {}
        for (T, h, _), v in src.items():
            if math.isfinite(v):
                cells.setdefault((h, T), []).append(v)
        grid: Grid = {}
        for (h, T) in sorted(cells):
            grid.setdefault(h, {})[T] = _stat(cells[h, T], stat)
        return grid

    def points(self) -> dict[int, dict[int, list[float]]]:
        """Per-seed values ``{h: {T: [...]}}`` (latest)."""
        out: dict[int, dict[int, list[float]]] = {}
        for (T, h, _), v in sorted({**self.values, **self.final}.items()):
            out.setdefault(h, {}).setdefault(T, []).append(v)
        return out

    def transition(self, stat: str = "min") -> dict[int, float]:
        """:func:`transition_ratios` of the finished results at the task's ``D`` (needs ``D - 1`` and ``D`` in range)."""
        return transition_ratios(self.grid(stat, final_only=True), self.settings.D)

    def member(self, T: int, heads: int, seed: int) -> HeadCountTransformer:
        """The trained model of one configuration (a CPU copy), e.g. for the head-collapse diagnostic."""
        key = (T, heads, seed)
        if key not in self._models:
            raise ValueError(f"no trained model for (T, heads, seed) = {key}; have {sorted(self._models)}"
                             + (" (save=True keeps no models)" if self.settings.save else ""))
        src = self._models[key]
        if isinstance(src, tuple):
            batched, g = src
            return batched.member(g)
        return src

    def task(self, T: int) -> RetrievalTask:
        """The task trained at length ``T``."""
        if T not in self._tasks:
            s = self.settings
            self._tasks[T] = make_task(s.family, T, D=s.D, d=s.d)
        return self._tasks[T]

    # ---- running
    def _notify(self, force: bool = False) -> None:
        now = time.perf_counter()
        if self.on_update is not None and (force or now - self._last_draw >= self.redraw_every):
            self._last_draw = now
            try:
                self.on_update(self)
            except Exception as err:  # noqa: BLE001 - a drawing error must not kill training
                self.status += f" (redraw failed: {type(err).__name__}: {err})"

    def run(self) -> bool:
        """Train with the current settings in this thread; True if every configuration finished."""
        from .env import pick_device

        s = self.settings
        self._stop.clear()
        self.values, self.final, self.rows, self._models, self._tasks = {}, {}, [], {}, {}
        self.step, self.wall_time = 0, 0.0
        try:
            s.validate()
            device = pick_device(s.device)
        except ValueError as err:
            self.ok, self.status = False, f"cannot train: {err}"
            self._notify(force=True)
            return False
        self.running, self.ok = True, True
        start = time.perf_counter()
        route = "run_sweep" if s.save else ("batched trainer" if s.batched else "single trainer")
        done = True
        try:
            for T in s.Ts:
                if self._stop.is_set():
                    done = False
                    break
                self.status = f"training T={T} ({route}, {device.type}) ..."
                self._notify(force=True)
                if s.save:
                    finished = self._run_saved(T, device)
                elif s.batched:
                    finished = self._run_batched(T, device)
                else:
                    finished = self._run_single(T, device)
                done = done and finished
                if not finished:
                    break
        except Exception as err:  # noqa: BLE001 - shown in the panel, never a dead kernel
            self.ok, self.status = False, f"training failed: {type(err).__name__}: {err}"
            self.running = False
            self.wall_time = time.perf_counter() - start
            self._notify(force=True)
            return False
        finally:
            self.running = False
        self.wall_time = time.perf_counter() - start
        n = len(self.final)
        verb = "done" if done else "stopped"
        where = f"; saved to {s.out}" if s.save else ""
        self.status = f"{verb}: {n} configuration(s) in {self.wall_time:.1f} s on {device.type}{where}"
        try:
            if done and s.h_min <= s.D - 1 and s.D <= s.h_max:
                r = self.transition()
                self.status += "; NMSE(h=D-1)/NMSE(h=D) = " + ", ".join(f"{v:.0f}x (T={T})" for T, v in r.items())
        except ValueError:
            pass
        self._notify(force=True)
        return done

    def _split(self, T: int) -> Split:
        s = self.settings
        return self.task(T).split(s.n_train, s.n_val, seed=s.data_seed)

    def _train_config(self, c: Mapping[str, Any]):  # noqa: ANN202 - TrainConfig
        from .sweep import TRAIN_KEYS
        from .train import TrainConfig

        return TrainConfig(**{k: c[k] for k in TRAIN_KEYS}, eval_every=max(1, c["steps"] // self.settings.evals))

    def _run_batched(self, T: int, device: torch.device) -> bool:
        from .batched import train_batched
        from .sweep import expand_grid

        configs = expand_grid(self.settings.spec(T))
        mcs = [ModelConfig(d=c["d"], T=T, heads=c["heads"], head_dim=c["head_dim"], width=c["width"], beta=c["beta"])
               for c in configs]
        keys = [(T, c["heads"], c["seed"]) for c in configs]
        steps = configs[0]["steps"]

        def callback(event: dict) -> bool:
            self.step = event["step"]
            if "val_nmse" in event:
                for k, v in zip(keys, event["val_nmse"]):
                    self.values[k] = v
                self.status = f"training T={T}: step {self.step}/{steps}, best NMSE so far " + ", ".join(
                    f"h={h}: {v:.1e}" for h, row in self.grid().items() for TT, v in row.items() if TT == T)
                self._notify()
            return self._stop.is_set()

        histories, model = train_batched(mcs, [c["seed"] for c in configs], self._split(T), self._train_config(configs[0]),
                                         device=device, callbacks=[callback])
        if any(h.interrupted for h in histories):
            return False
        for g, (k, h) in enumerate(zip(keys, histories)):
            self.final[k] = h.final_val_nmse
            self._models[k] = (model, g)
        return True

    def _run_single(self, T: int, device: torch.device) -> bool:
        from .sweep import expand_grid
        from .train import train

        s = self.settings
        positional = s.resolved_positional()
        split = self._split(T)
        configs = expand_grid(s.spec(T))
        for c in configs:
            mc = ModelConfig(d=c["d"], T=T, heads=c["heads"], head_dim=c["head_dim"], width=c["width"], beta=c["beta"],
                             depth=s.depth, positional=positional)
            tc = replace(self._train_config(c), seed=c["seed"])
            key = (T, c["heads"], c["seed"])
            model = build_model(mc, seed=c["seed"])

            def callback(event: dict, key: tuple = key) -> bool:
                self.step = event["step"]
                if "val_nmse" in event:
                    self.values[key] = event["val_nmse"]
                    self._notify()
                return self._stop.is_set()

            self.status = f"training T={T}, h={c['heads']}, seed {c['seed']} (single trainer, depth {s.depth}) ..."
            history = train(model, split, tc, device=device, callbacks=[callback])
            if history.interrupted:
                return False
            self.final[key] = history.final_val_nmse
            self._models[key] = model.cpu()
            self._notify(force=True)
        return True

    def _run_saved(self, T: int, device: torch.device) -> bool:
        from .sweep import expand_grid, run_sweep

        s = self.settings
        configs = expand_grid(s.spec(T))
        wanted = {c["key"] for c in configs}
        command = (f"LiveSweep(family={s.family!r}, D={s.D}, d={s.d}, T={T}, heads={s.h_min}..{s.h_max}, "
                   f"seeds={s.seeds}, steps={s.steps})")
        steps = configs[0]["steps"]

        def callback(event: dict) -> bool:
            self.step = event["step"]
            if "val_nmse" in event:
                for c, v in zip(event["configs"], event["val_nmse"]):
                    self.values[(T, c["heads"], c["seed"])] = v
                self.status = f"training T={T} (run_sweep): step {self.step}/{steps}"
                self._notify()
            return self._stop.is_set()

        rows = run_sweep(configs, s.out, device=device, progress=False, command=command, callbacks=[callback],
                         eval_every=max(1, steps // s.evals))
        for r in rows:
            if r["key"] in wanted:
                self.final[(T, int(r["heads"]), int(r["seed"]))] = float(r["val_nmse"])
                self.rows.append(r)
        self._notify(force=True)
        return wanted <= {r["key"] for r in rows}  # False when a stop cut this T short (nothing half-done is saved)

    # Background running, exactly as the training panel does it (these use ``running``, ``_thread``,
    # ``_stop``, ``ok``, ``status`` and ``run``, which this class has too). With ``save=True`` a stop
    # takes effect at the next step too (run_sweep's callbacks); only finished configurations are saved.
    start = TrainingController.start
    _run_thread = TrainingController._run_thread
    stop = TrainingController.stop
    join = TrainingController.join

    def figure(self) -> Figure:
        """NMSE against ``h`` so far: min over seeds per ``T`` (lines) and each seed (dots); pyplot-free."""
        s = self.settings
        fig = Figure(figsize=(7, 4))
        ax = fig.subplots()
        grid = self.grid()
        title = f"{s.family}, D = {s.D}: " + (f"step {self.step}/{s.steps}" if self.running else self.status.split(":")[0])
        if grid:
            nmse_vs_heads(grid, D=s.D, ax=ax, points=self.points(), title=title)
            ax.set_xlim(s.h_min - 0.5, s.h_max + 0.5)
        else:
            ax.text(0.5, 0.5, "no results yet: press train", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
        fig.tight_layout()
        return fig


def _parse_ints(text: str) -> tuple[int, ...]:
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
    try:
        return tuple(int(p) for p in parts)
    except ValueError:
        raise ValueError(f"T must be whole numbers separated by commas, e.g. '8, 16', got {text!r}") from None


def live_sweep_panel(controller: LiveSweep | None = None):  # noqa: ANN201 - ipywidgets is optional
    """The live head-count sweep widget (a ``VBox``); ``panel.controller`` is its :class:`LiveSweep`."""
    import ipywidgets as w

    c = controller or LiveSweep()
    s = c.settings
    style = {"description_width": "initial"}
    family = w.Dropdown(options=list(FAMILIES), value=s.family, description="task")
    D = w.BoundedIntText(value=s.D, min=1, max=64, description="D", layout=w.Layout(width="130px"))
    d = w.BoundedIntText(value=s.d, min=1, max=64, description="d", layout=w.Layout(width="130px"))
    depth = w.BoundedIntText(value=s.depth, min=1, max=8, description="depth L", style=style,
                             layout=w.Layout(width="150px"))
    T = w.Text(value=", ".join(str(t) for t in s.Ts), description="T (list)", style=style, layout=w.Layout(width="220px"))
    hrange = w.IntRangeSlider(value=(s.h_min, s.h_max), min=1, max=12, description="heads h", continuous_update=False)
    seeds = w.IntSlider(value=s.seeds, min=1, max=8, description="seeds", continuous_update=False)
    steps = w.IntSlider(value=s.steps, min=50, max=5000, step=50, description="steps", continuous_update=False)
    device = w.Dropdown(options=list(DEVICE_CHOICES), value=s.device, description="device")
    save = w.Checkbox(value=s.save, description="save results (run_sweep)", indent=False)
    out = w.Text(value=s.out, description="to", layout=w.Layout(width="360px"))

    def on_train(_: object) -> None:
        try:
            Ts = _parse_ints(T.value)
        except ValueError as err:
            c.ok, c.status = False, f"not applied: {err}"
            status.value = _status_html(c.status, False)
            return
        if c.configure(family=family.value, D=D.value, d=d.value, depth=depth.value, T=Ts, h_min=hrange.value[0],
                       h_max=hrange.value[1], seeds=seeds.value, steps=steps.value, device=device.value,
                       save=save.value, out=out.value):
            c.start()
        else:
            status.value = _status_html(c.status, False)

    go, halt, status, image = run_controls(c, on_train)
    c.on_update(c)  # draw the empty figure
    panel = w.VBox([w.HBox([family, D, d, depth]), w.HBox([T, hrange]), w.HBox([seeds, steps]),
                    w.HBox([device, save, out]), w.HBox([go, halt]), status, image])
    panel.controller = c
    return panel
