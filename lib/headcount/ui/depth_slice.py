"""The live L x h slice of notebook 07 (Conjecture 1): train a few depths and head counts, watch the transition.

:class:`LiveDepthSlice` (controller; tests call it directly) trains every ``(L, h, seed)`` of the slice
(``L = L_min..L_max``, ``h = h_min..h_max`` x seeds at one ``T``) through the course's one training entry
point, :func:`headcount.training.fit.train_configs` (every depth in one batched model), and keeps
validation NMSE per ``(L, h, seed)``;
:func:`depth_slice_panel` is its ipywidgets view, beside it. Its figure shows the ``L x h`` heatmap with the curve
``L h = D`` and NMSE against ``h``, one line per ``L``.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace

from matplotlib.colors import LogNorm
from matplotlib.figure import Figure

from headcount._checks import check_choice, check_int
from headcount.env import pick_device
from headcount.experiments.synthetic import over_seeds
from headcount.training.fit import Trained, train_configs
from headcount.training.sweep import expand_grid
from headcount.ui.depth_plots import COLORS, draw_lxh
from headcount.ui.head_sweep import LiveSettings
from headcount.ui.run_control import DEVICE_CHOICES, RunControl, _status_html, run_controls

__all__ = ["DepthSliceSettings", "LiveDepthSlice", "depth_slice_panel"]


@dataclass
class DepthSliceSettings:
    """What :class:`LiveDepthSlice` trains: the synthetic task (or another family) with ``D``, ``d`` at one
    ``T``, depths ``L_min..L_max``, heads ``h_min..h_max``, ``seeds`` seeds of ``steps`` steps. The default
    (``D = d = 2``, ``T = 16``, ``L = 1, 2``, ``h = 1, 2``, 2 seeds, 400 steps, 2000/500 examples) takes about
    30 s on one CPU thread and shows the staircase: only ``(L, h) = (1, 1)`` misses the task."""

    family: str = "synthetic"
    D: int = 2
    d: int = 2
    T: int = 16
    L_min: int = 1
    L_max: int = 2
    h_min: int = 1
    h_max: int = 2
    seeds: int = 2
    steps: int = 400
    n_train: int = 2000
    n_val: int = 500
    device: str = "auto"

    @property
    def depths(self) -> tuple[int, ...]:
        return tuple(range(self.L_min, self.L_max + 1))

    def sweep(self, L: int) -> LiveSettings:
        """The :class:`LiveSettings` of depth ``L`` (fixed ``E = 8 h``: per-head dimension 8, as in Table 2)."""
        return LiveSettings(family=self.family, D=self.D, d=self.d, T=self.T, h_min=self.h_min, h_max=self.h_max,
                            seeds=self.seeds, steps=self.steps, device=self.device, depth=L, n_train=self.n_train,
                            n_val=self.n_val, evals=4)

    def validate(self) -> None:
        """Raise ``ValueError`` naming the first bad setting."""
        check_choice("device", self.device, DEVICE_CHOICES)
        check_int("D", self.D, 1, 8)
        check_int("d", self.d, 1, 8)
        check_int("T", self.T, 4, 128)
        check_int("L_min", self.L_min, 1, 4)
        check_int("L_max", self.L_max, 1, 4)
        if self.L_min > self.L_max:
            raise ValueError(f"the L range is empty: L_min = {self.L_min} > L_max = {self.L_max}")
        self.sweep(self.L_min).validate()


@dataclass
class LiveDepthSlice(RunControl):
    """Train the ``L x h`` slice of :class:`DepthSliceSettings`, depth by depth, and keep the results.

    ``run()`` trains in this thread, ``start()`` in a background one, ``stop()`` ends the run at the next
    step, ``join()`` waits. ``final[(L, h, seed)]``: validation NMSE of finished configurations;
    :meth:`grid` summarizes over seeds; :meth:`member` returns a trained model (e.g. for the probes).
    """

    settings: DepthSliceSettings = field(default_factory=DepthSliceSettings)
    status: str = field(default="ready", kw_only=True)
    redraw_every: float = field(default=1.0, kw_only=True)
    wall_time: float = 0.0
    values: dict[tuple[int, int, int], float] = field(default_factory=dict)
    final: dict[tuple[int, int, int], float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._init_run_control()
        self._trained: Trained | None = None
        try:
            self.settings.validate()
            self._device = pick_device(self.settings.device)  # resolved here, once per setting, passed down
        except ValueError as err:
            raise ValueError(f"invalid DepthSliceSettings: {err}") from None

    def grid(self, stat: str = "min", final_only: bool = True) -> dict[int, dict[int, float]]:
        """``{L: {h: stat over seeds}}`` (``'min'`` or ``'median'``) of the finished (or latest) values."""
        stat = check_choice("stat", stat, ("min", "median"))
        src = self.final if final_only else {**self.values, **self.final}
        cells: dict[tuple[int, int], list[float]] = {}
        for (L, h, _), v in src.items():
            if math.isfinite(v):
                cells.setdefault((L, h), []).append(v)
        grid: dict[int, dict[int, float]] = {}
        for (L, h), values in sorted(cells.items()):
            grid.setdefault(L, {})[h] = over_seeds(values, stat)
        return grid

    def member(self, L: int, h: int, seed: int = 0):  # noqa: ANN201 - HeadCountTransformer
        """The trained model of one configuration (a CPU copy)."""
        if self._trained is None or (L, h, seed) not in self.final:
            raise ValueError(f"no trained model for (L, h, seed) = {(L, h, seed)}; have {sorted(self.final)}")
        return self._trained.model(self._trained.index(depth=L, heads=h, seed=seed))

    def run(self) -> bool:
        """Train the whole slice in this thread (one call of the training entry point); True if every
        configuration finished."""
        s = self.settings
        self._begin()
        self.values, self.final, self._trained = {}, {}, None
        start = time.perf_counter()
        configs = expand_grid({**s.sweep(s.L_min).spec(), "depth": list(s.depths)})

        def callback(event: dict) -> bool:
            keys = [(c["depth"], c["heads"], c["seed"]) for c in event["configs"]]
            if "val_nmse" in event:
                self.values.update(zip(keys, event["val_nmse"]))
            depths = sorted({k[0] for k in keys})
            self.ok, self.status = True, (f"training {len(keys)} configuration(s) (L = {depths}): "
                                          f"step {event['step']}/{s.steps}")
            self._notify_due(self.redraw_every)
            return self.stopping()

        ok, trained = self._guarded(
            lambda: train_configs(configs, self._device, callbacks=[callback], eval_every=max(1, s.steps // 4)),
            lambda: "interrupted (Kernel > Interrupt): nothing of this run is kept")
        self.wall_time = time.perf_counter() - start
        if not ok:
            return False
        self._trained = trained
        for c, h in zip(trained.configs, trained.histories):
            if not h.interrupted:
                self.final[(c["depth"], c["heads"], c["seed"])] = h.final_val_nmse
        done = not trained.interrupted
        verb = "done" if done else self.stop_reason
        self.status = f"{verb}: {len(self.final)} configuration(s) in {self.wall_time:.1f} s on {self._device.type}"
        self._notify()
        return done

    def figure(self) -> Figure:
        """Left: min NMSE over seeds on the ``L x h`` grid with ``L h = D``; right: NMSE against ``h`` per ``L``."""
        s = self.settings
        fig = Figure(figsize=(9.5, 3.6))
        left, right = fig.subplots(1, 2, width_ratios=[1, 1.2])
        grid = self.grid("min", final_only=False)
        if not grid:
            for ax in (left, right):
                ax.text(0.5, 0.5, "no results yet: press train", ha="center", va="center", transform=ax.transAxes)
                ax.set_axis_off()
            return fig
        full = {L: {h: grid.get(L, {}).get(h, math.nan) for h in range(s.h_min, s.h_max + 1)} for L in s.depths}
        values = [v for row in grid.values() for v in row.values() if v > 0]
        im = draw_lxh(left, s.D, full, LogNorm(vmin=min(values), vmax=max(max(values), min(values) * 1.01)))
        fig.colorbar(im, ax=left, shrink=0.85, label="min validation NMSE")
        left.legend(loc="upper right", fontsize=7, framealpha=0.8)
        for k, L in enumerate(s.depths):
            hs = sorted(grid.get(L, {}))
            right.plot(hs, [grid[L][h] for h in hs], "o-", color=COLORS[k % 10], label=f"L = {L}")
            for (LL, h, _), v in {**self.values, **self.final}.items():
                if LL == L:
                    right.plot([h], [v], ".", color=COLORS[k % 10], alpha=0.35)
            right.axvline(math.ceil(s.D / L) - 0.02 * k, color=COLORS[k % 10], ls=":", lw=1)
        right.set_yscale("log")
        right.set_xticks(range(s.h_min, s.h_max + 1))
        right.set(xlabel="heads h", ylabel="validation NMSE", title="dotted: h = ceil(D / L)")
        right.grid(True, which="both", alpha=0.3)
        right.legend(fontsize=8)
        fig.suptitle(f"{s.family}, D = {s.D}, T = {s.T}, {s.steps} steps: " + self.status.split(":")[0], fontsize=10)
        fig.tight_layout()
        return fig


def depth_slice_panel(controller: LiveDepthSlice | None = None):  # noqa: ANN201 - ipywidgets is optional
    """The live ``L x h`` slice widget (a ``VBox``); ``panel.controller`` is its :class:`LiveDepthSlice`."""
    import ipywidgets as w

    c = controller or LiveDepthSlice()
    s = c.settings
    # plain IntText, not BoundedIntText (which silently clamps): a value out of range is refused by the
    # settings check, and the status line says which and why (D 1-8, d 1-8, T 4-128)
    D = w.IntText(value=s.D, description="D", layout=w.Layout(width="130px"))
    d = w.IntText(value=s.d, description="d", layout=w.Layout(width="130px"))
    T = w.IntText(value=s.T, description="T", layout=w.Layout(width="130px"))
    Lrange = w.IntRangeSlider(value=(s.L_min, s.L_max), min=1, max=4, description="layers L", continuous_update=False)
    hrange = w.IntRangeSlider(value=(s.h_min, s.h_max), min=1, max=8, description="heads h", continuous_update=False)
    seeds = w.IntSlider(value=s.seeds, min=1, max=4, description="seeds", continuous_update=False)
    steps = w.IntSlider(value=s.steps, min=50, max=3000, step=50, description="steps", continuous_update=False)
    device = w.Dropdown(options=list(DEVICE_CHOICES), value=s.device, description="device")

    def on_train(_: object) -> None:
        new = replace(c.settings, D=D.value, d=d.value, T=T.value, L_min=Lrange.value[0], L_max=Lrange.value[1],
                      h_min=hrange.value[0], h_max=hrange.value[1], seeds=seeds.value, steps=steps.value,
                      device=device.value)
        if c.configure(**{k: getattr(new, k) for k in ("D", "d", "T", "L_min", "L_max", "h_min", "h_max", "seeds",
                                                       "steps", "device")}):
            c.start()
        else:
            status.value = _status_html(c.status, False)

    go, halt, status, image = run_controls(c, on_train)
    c.on_update(c)  # draw the empty figure
    panel = w.VBox([w.HBox([D, d, T, device]), w.HBox([Lrange, hrange]), w.HBox([seeds, steps]), w.HBox([go, halt]),
                    status, image])
    panel.controller = c
    return panel
