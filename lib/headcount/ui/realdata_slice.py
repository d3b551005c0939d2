"""The live real-data slice of notebook 06 (paper section 6.2): retrain a few head counts in seconds.

:class:`LiveSlice` is the controller (tests call it directly); :func:`live_panel` its view, beside it,
with the same run controls as every training panel (:class:`headcount.ui.run_control.RunControl`: background
thread, stop button, Kernel > Interrupt stops it, no second run while one goes).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from matplotlib.figure import Figure

from headcount._checks import check_choice, check_int
from headcount.env import pick_device
from headcount.experiments.realdata import resolve, run_config
from headcount.ui.run_control import RunControl, _parse_ints, _status_html, run_controls

__all__ = ["LiveSlice", "live_panel"]


@dataclass
class LiveSlice(RunControl):
    """Retrain a small slice (several ``h`` at one ``D``) of an experiment; the panel's controller.

    ``run()`` trains each head count in turn in this thread and fills ``results`` with
    ``{h: {'train_acc', 'val_acc', 'wall_time'}}`` (a stop keeps the head counts that finished);
    ``start()`` runs it in a background thread. ``configure`` validates changes and keeps the old
    settings on bad input. ``on_update(controller)`` is called at most every ``redraw_every`` seconds.
    """

    experiment: str = "marked"
    D: int = 2
    heads: tuple[int, ...] = (1, 2, 4)
    steps: int = 300
    seed: int = 0
    device: str = "auto"
    results: dict[int, dict[str, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._init_run_control()
        self._device = pick_device(self.device)  # resolved once per setting, passed down as a torch.device

    def configure(self, **changes: Any) -> bool:
        """Apply ``changes`` (experiment, D, heads, steps, seed, device) or set ``status`` and return False."""
        if self.running:
            self.ok, self.status = False, "still training: press stop first"
            return False
        try:
            unknown = set(changes) - {"experiment", "D", "heads", "steps", "seed", "device"}
            if unknown:
                raise ValueError(f"unknown setting(s) {sorted(unknown)}")
            exp = check_choice("experiment", changes.get("experiment", self.experiment), ("marked", "text"))
            D = check_int("D", changes.get("D", self.D), 1, 6)
            heads = tuple(sorted({check_int("heads", h, 1, 16) for h in changes.get("heads", self.heads)}))
            if not heads:
                raise ValueError("heads must hold at least one head count, e.g. '1, 2, 4'")
            steps = check_int("steps", changes.get("steps", self.steps), 10, 20000)
            seed = check_int("seed", changes.get("seed", self.seed), 0)
            device = changes.get("device", self.device)
            resolved = pick_device(device)
        except ValueError as err:
            self.ok, self.status = False, f"not applied: {err}"
            return False
        self.experiment, self.D, self.heads, self.steps, self.seed, self.device = exp, D, heads, steps, seed, device
        self._device = resolved
        self.ok, self.status = True, "ready: press train"
        return True

    def configs(self) -> list[dict[str, Any]]:
        extra = {"T": 8} if self.experiment == "text" else {}
        return [resolve(self.experiment, {"D": self.D, "heads": h, "steps": self.steps, "seed": self.seed,
                                           "n_eval": 500, **extra}) for h in self.heads]

    def _notify_throttled(self, force: bool = False) -> None:
        if force:
            self._notify()
        else:
            self._notify_due(self.redraw_every)

    def run(self, on_update: Callable[[LiveSlice], object] | None = None) -> dict[int, dict[str, float]]:
        """Train every head count in this thread; returns ``{h: {'train_acc', 'val_acc', 'wall_time'}}``."""
        if on_update is not None:
            self.on_update = on_update
        self._begin()
        self.results = {}
        n = len(self.heads)

        def train() -> None:
            for i, c in enumerate(self.configs()):
                h = c["heads"]

                def progress(event: dict, h: int = h, i: int = i) -> bool:
                    self.ok = True
                    self.status = (f"training h={h} ({i + 1}/{n}; {self.experiment}, D={self.D}): "
                                   f"step {event['step']}/{self.steps}, loss {event['loss']:.3f}")
                    self._notify_throttled()
                    return self.stopping()

                self.status = f"training h={h} ({i + 1}/{n}; {self.experiment}, D={self.D}, {self.steps} steps) ..."
                self._notify_throttled(force=True)
                r = run_config(c, self._device, callbacks=[progress])
                if self.stopping():
                    return
                self.results[h] = {k: r[k] for k in ("train_acc", "val_acc", "wall_time")}
                self._notify_throttled(force=True)

        ok, _ = self._guarded(train, lambda: f"interrupted (Kernel > Interrupt): {len(self.results)} of {n} "
                                             "head count(s) finished")
        if not ok:
            return self.results
        total = sum(r["wall_time"] for r in self.results.values())
        accs = ", ".join(f"h={h}: {r['train_acc']:.3f}" for h, r in self.results.items())
        self.ok = True
        if self.stopping():
            self.status = f"{self.stop_reason}: {len(self.results)} of {n} head count(s) finished" + (
                f" ({accs})" if accs else "")
        else:
            self.status = f"done in {total:.1f} s: train accuracy {accs}"
        self._notify_throttled(force=True)
        return self.results

    def figure(self) -> Figure:
        """Train and validation accuracy against ``h`` (whole-number ticks), the ``h = D`` line."""
        fig = Figure(figsize=(5.5, 3.2))
        ax = fig.subplots()
        if self.results:
            hs = list(self.results)
            ax.plot(hs, [self.results[h]["train_acc"] for h in hs], "o-", label="train")
            ax.plot(hs, [self.results[h]["val_acc"] for h in hs], "s--", label="validation")
            ax.legend()
        else:
            ax.text(0.5, 0.5, "training ..." if self.running else "no run yet: press train", ha="center",
                    va="center", transform=ax.transAxes)
        ax.axvline(self.D, color="grey", ls=":")
        ticks = sorted({*self.heads, self.D})
        ax.set_xticks(ticks)
        ax.set_xlim(min(ticks) - 0.5, max(ticks) + 0.5)
        ax.set(xlabel="heads h", ylabel="accuracy", title=f"{self.experiment}: D = {self.D}, {self.steps} steps")
        fig.tight_layout()
        return fig


def live_panel(controller: LiveSlice | None = None):  # noqa: ANN201 - ipywidgets is optional
    """An ipywidgets ``VBox`` (core widgets only) over a :class:`LiveSlice`; ``panel.controller``.

    The same run controls as every training panel (:func:`headcount.ui.run_control.run_controls`): it trains
    in the background, stop ends the run, the status line is escaped text.
    """
    import ipywidgets as w

    c = controller or LiveSlice()
    exp = w.Dropdown(options=["marked", "text"], value=c.experiment, description="experiment")
    D = w.IntSlider(value=c.D, min=1, max=6, description="D", continuous_update=False)
    steps = w.IntSlider(value=c.steps, min=50, max=3000, step=50, description="steps", continuous_update=False)
    heads = w.Text(value=", ".join(map(str, c.heads)), description="heads")

    def on_train(_: object) -> None:
        try:
            hs = _parse_ints(heads.value, "heads")
        except ValueError as err:
            c.ok, c.status = False, f"not applied: {err}"
        else:
            if c.configure(experiment=exp.value, D=D.value, steps=steps.value, heads=hs) and c.start():
                return
        status.value = _status_html(c.status, False)

    go, halt, status, image = run_controls(c, on_train)
    panel = w.VBox([w.HBox([exp, D]), w.HBox([steps, heads]), w.HBox([go, halt]), status, image])
    panel.controller = c
    return panel
