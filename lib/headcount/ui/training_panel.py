"""Notebook 02's training panel: train one configuration live and watch its loss curve.

:class:`TrainingSettings` / :class:`TrainingController` (the controller; tests call it directly) and
:func:`training_panel` (its ipywidgets view): task family, heads, T, steps, seed, device; trains with
:func:`headcount.training.fit.train_configs` (the course's one entry point), drawing the loss curve
live, with the run controls every panel shares (:class:`headcount.ui.run_control.RunControl`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import torch
from matplotlib.figure import Figure

from headcount._checks import check_choice, check_int, check_positive
from headcount.env import pick_device
from headcount.tasks import FAMILIES, RetrievalTask, make_task
from headcount.training.fit import train_configs
from headcount.training.sweep import resolve_config
from headcount.training.train import History
from headcount.ui import plots
from headcount.ui.run_control import DEVICE_CHOICES, RunControl, _status_html, run_controls

__all__ = ["TrainingController", "TrainingSettings", "training_panel"]


@dataclass
class TrainingSettings:
    """What the training panel trains. The default finishes in a few seconds on one CPU thread."""

    family: str = "max_min"
    T: int = 16
    heads: int = 2
    steps: int = 500
    seed: int = 0
    device: str = "auto"
    width: int = 32
    head_dim: int = 8
    batch_size: int = 128
    lr: float = 3e-3
    n_train: int = 2000
    n_val: int = 500
    data_seed: int = 0

    def validate(self) -> None:
        """Raise ``ValueError`` naming the first bad setting; integer-like values become ``int``."""
        check_choice("family", self.family, FAMILIES)
        check_choice("device", self.device, DEVICE_CHOICES)
        limits = {"T": (1, 4096), "heads": (1, 64), "steps": (1, 1_000_000), "seed": (0, None), "width": (1, 4096),
                  "head_dim": (1, 4096), "batch_size": (1, 1_000_000), "n_train": (1, 10_000_000),
                  "n_val": (1, 10_000_000), "data_seed": (0, None)}
        for name, (lo, hi) in limits.items():
            setattr(self, name, check_int(name, getattr(self, name), lo, hi))
        self.lr = check_positive("lr", self.lr)


@dataclass
class TrainingController(RunControl):
    """Train one configuration, keep its loss curve, stop on request.

    ``run()`` trains in the calling thread; ``start()`` in a background thread (so the kernel
    stays free for the Stop button), ``stop()`` asks it to end after the current step, ``join()``
    waits (see :class:`RunControl`). ``on_update(controller)`` is called every ``redraw_every``
    seconds while training.
    """

    settings: TrainingSettings = field(default_factory=TrainingSettings)
    history: History | None = None
    model: torch.nn.Module | None = None
    task: RetrievalTask | None = None
    losses: list[float] = field(default_factory=list)
    eval_steps: list[int] = field(default_factory=list)
    val_nmse: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._init_run_control()

    def config(self) -> dict[str, Any]:
        """The configuration the settings describe (:func:`headcount.training.sweep.resolve_config`'s keys;
        ``beta = 1/sqrt(n)``, the model's default; warm-up a tenth of the steps, at most 100)."""
        s = self.settings
        return {"task": s.family, "T": s.T, "heads": s.heads, "head_dim": s.head_dim, "width": s.width, "beta": None,
                "n_train": s.n_train, "n_val": s.n_val, "data_seed": s.data_seed, "seed": s.seed, "steps": s.steps,
                "batch_size": s.batch_size, "lr": s.lr, "warmup": min(100, s.steps // 10)}

    def _callback(self, event: dict) -> bool:
        (loss,) = event["loss"]
        self.losses.append(loss)
        if "val_nmse" in event:
            self.eval_steps.append(event["step"])
            self.val_nmse.append(event["val_nmse"][0])
        self.ok = True  # a rejected click during the run turned it red; the run itself is fine
        self.status = f"training: step {event['step']}/{self.settings.steps}, loss {loss:.3e}"
        self._notify_due(self.redraw_every)
        return self.stopping()

    def run(self) -> History | None:
        """Train with the current settings in this thread; returns the history (``None`` on error)."""
        s = self.settings
        self._begin()
        self.losses, self.eval_steps, self.val_nmse = [], [], []
        self.history = None
        try:
            s.validate()
            device = pick_device(s.device)
            config = resolve_config(self.config())
            self.task = make_task(s.family, s.T)
        except ValueError as err:
            self.ok, self.status = False, f"cannot train: {err}"
            self._notify()
            return None
        self.status = f"training {s.heads} head(s) on {s.family}, T={s.T}, on {device.type} ..."
        self._notify()
        ok, trained = self._guarded(
            lambda: train_configs([config], device, callbacks=[self._callback], eval_every=max(1, s.steps // 10)),
            lambda: f"interrupted (Kernel > Interrupt) at step {len(self.losses)}/{s.steps}")
        if not ok:
            return None
        self.history, self.model = trained.histories[0], trained.model(0)
        h = self.history
        verb = self.stop_reason if h.interrupted else "done"
        self.ok = True
        self.status = (f"{verb}: {len(h.train_loss)} steps in {h.wall_time:.1f} s on {h.device}; "
                       f"validation NMSE {h.final_val_nmse:.3e}")
        self._notify()
        return h

    def curves(self) -> dict[str, dict]:
        """The current run's curves in the form :func:`headcount.ui.plots.loss_curves` takes."""
        s = self.settings
        return {f"h={s.heads}, T={s.T}": {"train_loss": list(self.losses), "eval_steps": list(self.eval_steps),
                                          "val_nmse": list(self.val_nmse)}}

    def figure(self) -> Figure:
        """The loss curve so far (a pyplot-free Figure, safe to draw from the training thread).

        The moving average grows with the run (at most 20 steps, a tenth of the steps so far), so
        the curve shows from the first steps on; before any run the axes say to press train.
        """
        fig = Figure(figsize=(7, 3.6))
        ax = fig.subplots()
        s = self.settings
        title = f"{s.family}: h={s.heads}, T={s.T}, seed={s.seed}"
        if self.losses:
            smooth = max(1, min(20, len(self.losses) // 10))
            plots.loss_curves(self.curves(), ax=ax, title=title, smooth=smooth)
            ax.set_xlim(0, s.steps)
        else:
            ax.set(xlim=(0, s.steps), xlabel="step", ylabel="NMSE", title=title)
            ax.text(0.5, 0.5, "no run yet: press train", ha="center", va="center", transform=ax.transAxes)
        fig.tight_layout()
        return fig



def training_panel(controller: TrainingController | None = None):  # noqa: ANN201 - ipywidgets is optional
    """The live-training widget (a ``VBox``); ``panel.controller`` is its :class:`TrainingController`."""
    import ipywidgets as w

    c = controller or TrainingController()
    s = c.settings
    family = w.Dropdown(options=list(FAMILIES), value=s.family, description="task")
    heads = w.IntSlider(value=s.heads, min=1, max=8, description="heads h", continuous_update=False)
    T = w.IntSlider(value=s.T, min=4, max=128, step=4, description="T", continuous_update=False)
    steps = w.IntSlider(value=s.steps, min=50, max=5000, step=50, description="steps", continuous_update=False)
    seed = w.IntSlider(value=s.seed, min=0, max=20, description="seed", continuous_update=False)
    device = w.Dropdown(options=list(DEVICE_CHOICES), value=s.device, description="device")

    def on_train(_: object) -> None:
        if c.configure(family=family.value, heads=heads.value, T=T.value, steps=steps.value, seed=seed.value,
                       device=device.value) and c.start():
            return
        status.value = _status_html(c.status, False)

    go, halt, status, image = run_controls(c, on_train)
    panel = w.VBox([w.HBox([family, device]), w.HBox([heads, T]), w.HBox([steps, seed]), w.HBox([go, halt]),
                    status, image])
    panel.controller = c
    return panel
