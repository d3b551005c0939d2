"""The live head-count sweep of notebook 05 (paper section 6.1, Fig. 1a): a controller and its panel.

:class:`LiveSweep` (controller; tests call it directly) trains a head-count sweep ``h = h_min..h_max``
for one or several ``T`` through the course's one training entry point
(:func:`headcount.training.fit.train_configs`: batched at any depth, one at a time with a positional
encoding), reporting validation NMSE against ``h`` at every evaluation; with ``save=True`` it trains
through :func:`headcount.training.sweep.run_sweep` instead (one call per ``T``: resumable, with
provenance, into :func:`default_out` outside the committed data, still redrawn at every evaluation).
:func:`live_sweep_panel` is its ipywidgets view, beside it.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

import torch
from matplotlib.figure import Figure

from headcount._checks import check_choice, check_int, check_positive
from headcount.env import pick_device, results_dir
from headcount.experiments.synthetic import STATS, Grid, over_seeds, transition_ratios
from headcount.model import POSITIONAL, HeadCountTransformer
from headcount.tasks import FAMILIES, RetrievalTask, make_task
from headcount.training.fit import train_configs
from headcount.training.results_file import check_out
from headcount.training.sweep import batchable, expand_grid, run_sweep
from headcount.training.train import RECIPE_BETA
from headcount.ui.plots import nmse_vs_heads
from headcount.ui.run_control import DEVICE_CHOICES, RunControl, _parse_ints, _status_html, run_controls

__all__ = ["LiveSettings", "LiveSweep", "live_sweep_panel"]


POSITIONAL_CHOICES = ("auto", *POSITIONAL)


def default_out() -> str:
    """Where the live sweep saves by default: ``live_sweep.csv`` in the course's results folder
    (:func:`headcount.env.results_dir`, outside the committed ``data/``; an absolute path)."""
    return str(results_dir() / "live_sweep.csv")


@dataclass
class LiveSettings:
    """What :class:`LiveSweep` trains. The default (synthetic task with ``D = d = 2``, ``T = 16``,
    ``h = 1..3``, 2 seeds, 400 steps, 2000/500 examples) shows the jump at ``h = D`` in about 10 s on
    one CPU thread. ``T`` is one length or a tuple; ``positional='auto'`` means ``'none'`` when every
    ``S_i = [T]`` (synthetic, max_min) and ``'learned'`` otherwise (smooth); ``save=True`` trains
    through :func:`headcount.training.sweep.run_sweep` into ``out`` (any depth and positional encoding;
    default :func:`default_out`; checked, and a missing folder created, before anything trains).
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
    out: str = field(default_factory=default_out)

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
        check_choice("device", self.device, DEVICE_CHOICES)  # resolved by the controller (LiveSweep)
        check_int("depth", self.depth, 1, 8)
        check_choice("positional", self.positional, POSITIONAL_CHOICES)
        for k in ("head_dim", "width", "n_train", "n_val", "batch_size", "evals"):
            check_int(k, getattr(self, k))
        check_int("data_seed", self.data_seed, 0)
        check_positive("lr", self.lr)
        for T in self.Ts:  # D and d against what the family allows (e.g. max_min has D = 2, d = 1)
            make_task(self.family, T, D=self.D, d=self.d)
        if self.save:  # found now, not after training: the folder must be writable
            check_out(self.out, make_folder=True)

    def resolved_positional(self) -> str:
        """``positional`` with ``'auto'`` resolved from the task's subsets."""
        if self.positional != "auto":
            return self.positional
        task = make_task(self.family, self.Ts[0], D=self.D, d=self.d)
        return "none" if bool(task.subsets.all()) else "learned"

    @property
    def batched(self) -> bool:
        """Whether the batched trainer takes this sweep (any depth, no positional encoding; the decision is
        :func:`headcount.training.fit.train_configs`'s, through :func:`headcount.training.sweep.batchable`)."""
        return batchable({"positional": self.resolved_positional()})

    def spec(self, T: int | None = None) -> dict[str, Any]:
        """The :func:`headcount.training.sweep.expand_grid` spec of this sweep (one ``T`` or all)."""

        return {"task": self.family, "D": self.D, "d": self.d, "T": [T] if T is not None else list(self.Ts),
                "heads": list(self.heads), "head_dim": self.head_dim, "width": self.width, "beta": RECIPE_BETA,
                "n_train": self.n_train, "n_val": self.n_val, "data_seed": self.data_seed,
                "seed": list(range(self.seeds)), "steps": self.steps, "batch_size": self.batch_size, "lr": self.lr,
                "warmup": min(100, max(1, self.steps // 10)), "depth": self.depth,
                "positional": self.resolved_positional()}


@dataclass
class LiveSweep(RunControl):
    """Train ``h = h_min..h_max`` x seeds for each ``T`` and keep validation NMSE as it arrives.

    ``run()`` trains in the calling thread, ``start()`` in a background thread; ``stop()`` ends the
    run at the next step (with ``save=True``, finished configurations are saved and the ones cut
    short are not); ``join()`` waits.
    ``on_update(controller)`` is called at most every ``redraw_every`` seconds while results arrive,
    and at the end. ``values[(T, h, seed)]`` holds the latest validation NMSE (final ones in
    ``final``); :meth:`grid` summarizes over seeds; :meth:`member` returns a trained model.
    """

    settings: LiveSettings = field(default_factory=LiveSettings)
    status: str = field(default="ready", kw_only=True)
    redraw_every: float = field(default=1.0, kw_only=True)
    step: int = 0
    wall_time: float = 0.0
    values: dict[tuple[int, int, int], float] = field(default_factory=dict)
    final: dict[tuple[int, int, int], float] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._init_run_control()
        self._models: dict[tuple[int, int, int], Any] = {}
        self._tasks: dict[int, RetrievalTask] = {}
        try:
            self.settings.validate()
            self._device = pick_device(self.settings.device)  # resolved here, once per setting, passed down
        except ValueError as err:
            raise ValueError(f"invalid LiveSettings: {err}") from None

    # ---- settings
    def configure(self, **changes: object) -> bool:
        """Change settings; on bad input keep the old ones, set ``status`` and return False."""
        if not super().configure(**changes):
            return False
        s = self.settings
        route = (f"batched trainer, depth {s.depth}" if s.batched
                 else f"single trainer (positional {s.resolved_positional()!r})")
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
            grid.setdefault(h, {})[T] = over_seeds(cells[h, T], stat)
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
        trained, i = self._models[key]
        return trained.model(i)

    def task(self, T: int) -> RetrievalTask:
        """The task trained at length ``T``."""
        if T not in self._tasks:
            s = self.settings
            self._tasks[T] = make_task(s.family, T, D=s.D, d=s.d)
        return self._tasks[T]

    # ---- running
    def _notify(self, force: bool = False) -> None:
        if force:
            self._redraw()
        else:
            self._notify_due(self.redraw_every)

    def _progress(self, T: int, what: str) -> None:
        """Status while training ``T``: configurations finished so far, what trains now, the step."""
        s = self.settings
        total = len(s.Ts) * len(s.heads) * s.seeds
        self.ok = True  # a rejected click during the run turned it red; the run itself is fine
        self.status = (f"training T={T}: {what}, step {self.step}/{s.steps}; "
                       f"{len(self.final)}/{total} configuration(s) finished")
        self._notify()

    def run(self) -> bool:
        """Train with the current settings in this thread; True if every configuration finished.

        A stop keeps what finished: ``final`` (and, with ``save=True``, the results file) holds every
        configuration that trained to the end, ``values`` the last evaluation of the ones cut short.
        """
        s = self.settings
        self._begin()
        self.values, self.final, self.rows, self._models, self._tasks = {}, {}, [], {}, {}
        self.step, self.wall_time = 0, 0.0
        device = self._device
        try:
            s.validate()
        except ValueError as err:
            self.ok, self.status = False, f"cannot train: {err}"
            self._notify(force=True)
            return False
        start = time.perf_counter()
        route = "run_sweep" if s.save else ("batched trainer" if s.batched else "single trainer")
        stopped_at: list[str] = []

        def train() -> bool:
            for T in s.Ts:
                if self.stopping():
                    return False
                self.step = 0
                self.status = f"training T={T} ({route}, {device.type}) ..."
                self._notify(force=True)
                if not (self._run_saved(T, device) if s.save else self._run_live(T, device)):
                    stopped_at.append(f" at step {self.step}/{s.steps} of T={T}")
                    return False
            return True

        ok, done = self._guarded(train, lambda: (f"interrupted (Kernel > Interrupt): {len(self.final)} "
                                                 "configuration(s) finished"
                                                 + ("; they are saved" if s.save and self.final else "")))
        self.wall_time = time.perf_counter() - start
        if not ok:
            return False
        where_stopped = "".join(stopped_at)
        total = len(s.Ts) * len(s.heads) * s.seeds
        saved = f"; saved to {s.out}" if s.save else ""
        self.ok = True
        if done:
            self.status = f"done: {total} configuration(s) in {self.wall_time:.1f} s on {device.type}{saved}"
        else:
            cut = total - len(self.final)
            self.status = (f"{self.stop_reason}{where_stopped} after {self.wall_time:.1f} s: {len(self.final)} of "
                           f"{total} configuration(s) finished{saved if self.final else ''}; {cut} cut short"
                           + (" (their last evaluation is plotted, nothing of them saved)" if self.values else ""))
        try:
            if done and s.h_min <= s.D - 1 and s.D <= s.h_max:
                r = self.transition()
                self.status += "; NMSE(h=D-1)/NMSE(h=D) = " + ", ".join(f"{v:.0f}x (T={T})" for T, v in r.items())
        except ValueError:
            pass
        self._notify(force=True)
        return done

    def _run_live(self, T: int, device: torch.device) -> bool:
        """Train every configuration of ``T`` through :func:`headcount.training.fit.train_configs` (batched at
        any depth; one at a time with a positional encoding), keeping each model; False if stopped."""
        s = self.settings

        def callback(event: dict) -> bool:
            self.step = event["step"]
            group = [(T, c["heads"], c["seed"]) for c in event["configs"]]
            if "val_nmse" in event:
                for k, v in zip(group, event["val_nmse"]):
                    self.values[k] = v
            what = (f"{len(group)} configurations at once (batched)" if len(group) > 1 else
                    f"h={group[0][1]}, seed {group[0][2]}" + ("" if s.batched else " (single trainer)"))
            self._progress(T, what)
            return self.stopping()

        trained = train_configs(expand_grid(s.spec(T)), device, callbacks=[callback],
                                eval_every=max(1, s.steps // s.evals))
        for i, (c, h) in enumerate(zip(trained.configs, trained.histories)):
            if not h.interrupted:
                key = (T, c["heads"], c["seed"])
                self.final[key] = h.final_val_nmse
                self._models[key] = (trained, i)
        self._notify(force=True)
        return not trained.interrupted

    def _run_saved(self, T: int, device: torch.device) -> bool:
        s = self.settings
        configs = expand_grid(s.spec(T))
        wanted = {c["key"] for c in configs}
        command = (f"LiveSweep(family={s.family!r}, D={s.D}, d={s.d}, T={T}, heads={s.h_min}..{s.h_max}, "
                   f"seeds={s.seeds}, steps={s.steps})")

        current: list[tuple[int, int, int]] = []

        def callback(event: dict) -> bool:
            self.step = event["step"]
            group = [(T, c["heads"], c["seed"]) for c in event["configs"]]
            if group != current:  # a new group: the one before finished (its saved rows replace these below)
                self.final.update((k, self.values.get(k, math.nan)) for k in current)
                current[:] = group
            if "val_nmse" in event:
                for k, v in zip(group, event["val_nmse"]):
                    self.values[k] = v
            self._progress(T, f"{len(group)} configuration(s) " + ", ".join(f"h={h}/s{sd}" for _, h, sd in group)
                           + " (run_sweep)")
            return self.stopping()

        rows = run_sweep(configs, s.out, device=device, progress=False, command=command, callbacks=[callback],
                         eval_every=max(1, s.steps // s.evals))
        for k in [k for k in self.final if k[0] == T]:
            del self.final[k]  # the saved rows are the record
        for r in rows:
            if r["key"] in wanted:
                self.final[(T, int(r["heads"]), int(r["seed"]))] = float(r["val_nmse"])
                self.rows.append(r)
        self._notify(force=True)
        return wanted <= {r["key"] for r in rows}  # False when a stop cut this T short (nothing half-done is saved)

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
            first = max(1, s.steps // s.evals)
            text = (f"training: step {self.step}/{s.steps}\nthe first evaluation (step {first}) draws the first points"
                    if self.running else "no results yet: press train")
            ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
        fig.tight_layout()
        return fig


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
    out = w.Text(value=s.out, description="to", layout=w.Layout(width="560px"))

    def on_train(_: object) -> None:
        try:
            Ts = _parse_ints(T.value)
        except ValueError as err:
            c.ok, c.status = False, f"not applied: {err}"
            status.value = _status_html(c.status, False)
            return
        if c.configure(family=family.value, D=D.value, d=d.value, depth=depth.value, T=Ts, h_min=hrange.value[0],
                       h_max=hrange.value[1], seeds=seeds.value, steps=steps.value, device=device.value,
                       save=save.value, out=out.value) and c.start():
            return
        status.value = _status_html(c.status, False)

    go, halt, status, image = run_controls(c, on_train)
    panel = w.VBox([w.HBox([family, D, d, depth]), w.HBox([T, hrange]), w.HBox([seeds, steps]),
                    w.HBox([device, save, out]), w.HBox([go, halt]), status, image])
    panel.controller = c
    return panel
