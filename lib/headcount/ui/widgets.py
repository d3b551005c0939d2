"""Interactive panels: thin ipywidgets views over controller classes that tests drive directly.

Only ipywidgets core widgets are used (``IntSlider``, ``Dropdown``, ``Button``, ``HTML``, ``Image``,
``HBox``/``VBox``), so the panels work with ipywidgets 7.x (Colab) and 8.x. Bad input never raises
out of a callback: it is shown in the panel's status line.

* :class:`TaskExplorer` / :func:`task_explorer_panel`: task family, T, D, d, resample; the
  sample figure of :func:`headcount.ui.plots.task_sample_figure` updates.
* :class:`TrainingController` / :func:`training_panel`: heads, T, steps, seed, device; trains with
  :func:`headcount.training.train.train` in a background thread, drawing the loss curve live; Stop ends
  the run at the next step.
"""
from __future__ import annotations

import html
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import torch
from matplotlib.figure import Figure

from headcount._checks import check_choice, check_int
from headcount.env import pick_device
from headcount.model import ModelConfig, build_model
from headcount.tasks import FAMILIES, RetrievalTask, Split, make_task
from headcount.training.train import History, TrainConfig, train
from headcount.ui import plots

FAMILY_DEFAULTS = {"max_min": {"D": 2, "d": 1}, "synthetic": {"D": 4, "d": 4}, "smooth": {"D": 3, "d": 2}}
DEVICE_CHOICES = ("auto", "cpu", "cuda")


def _status_html(text: str, ok: bool) -> str:
    color = "#1a7f37" if ok else "#b42318"
    return f'<span style="color:{color}">{html.escape(text)}</span>'


# --------------------------------------------------------------------------- task explorer (notebook 01)


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
        check_choice("family", self.family, FAMILIES)
        check_int("T", self.T, 1, 4096)
        check_int("heads", self.heads, 1, 64)
        check_int("steps", self.steps, 1, 1_000_000)
        check_int("seed", self.seed, 0)
        check_choice("device", self.device, DEVICE_CHOICES)


@dataclass
class TrainingController:
    """Train one configuration, keep its loss curve, stop on request.

    ``run()`` trains in the calling thread; ``start()`` in a background thread (so the kernel
    stays free for the Stop button), ``stop()`` asks it to end after the current step, ``join()``
    waits. ``on_update(controller)`` is called every ``redraw_every`` seconds while training.
    """

    settings: TrainingSettings = field(default_factory=TrainingSettings)
    redraw_every: float = 0.5
    on_update: Callable[[TrainingController], object] | None = None
    status: str = "ready"
    ok: bool = True
    running: bool = False
    history: History | None = None
    model: torch.nn.Module | None = None
    task: RetrievalTask | None = None
    losses: list[float] = field(default_factory=list)
    eval_steps: list[int] = field(default_factory=list)
    val_nmse: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._splits: dict[tuple, tuple[RetrievalTask, Split]] = {}

    def configure(self, **changes: object) -> bool:
        """Change settings; on bad input keep the old ones, set ``status`` and return False."""
        if self.running:
            self.ok, self.status = False, "still training: press Stop first"
            return False
        try:
            new = replace(self.settings, **changes)
            new.validate()
        except (TypeError, ValueError) as err:
            self.ok, self.status = False, f"not applied: {err}"
            return False
        self.settings, self.ok, self.status = new, True, "ready"
        return True

    def _data(self) -> tuple[RetrievalTask, Split]:
        s = self.settings
        key = (s.family, s.T, s.n_train, s.n_val, s.data_seed)
        if key not in self._splits:
            task = make_task(s.family, s.T)
            self._splits = {key: (task, task.split(s.n_train, s.n_val, seed=s.data_seed))}
        return self._splits[key]

    def _callback(self, event: dict) -> bool:
        self.losses.append(event["loss"])
        if "val_nmse" in event:
            self.eval_steps.append(event["step"])
            self.val_nmse.append(event["val_nmse"])
        now = time.perf_counter()
        if self.on_update is not None and now - self._last_draw >= self.redraw_every:
            self._last_draw = now
            self.status = f"training: step {event['step']}/{self.settings.steps}, loss {event['loss']:.3e}"
            self.on_update(self)
        return self._stop.is_set()

    def run(self) -> History | None:
        """Train with the current settings in this thread; returns the history (``None`` on error)."""
        s = self.settings
        self._stop.clear()
        self.losses, self.eval_steps, self.val_nmse = [], [], []
        self.history = None
        try:
            device = pick_device(s.device)
            task, split = self._data()
            self.task = task
            self.model = build_model(ModelConfig(d=task.d, T=s.T, heads=s.heads, head_dim=s.head_dim,
                                                 width=s.width), seed=s.seed)
            config = TrainConfig(steps=s.steps, batch_size=s.batch_size, lr=s.lr, seed=s.seed,
                                 eval_every=max(1, s.steps // 10), warmup=min(100, s.steps // 10))
        except ValueError as err:
            self.ok, self.status = False, f"cannot train: {err}"
            self._notify()
            return None
        self.running, self.ok = True, True
        self.status = f"training {s.heads} head(s) on {s.family}, T={s.T}, on {device.type} ..."
        self._last_draw = time.perf_counter()
        self._notify()
        try:
            self.history = train(self.model, split, config, device=device, callbacks=[self._callback])
        except Exception as err:  # noqa: BLE001 - shown in the panel, never a dead kernel
            self.ok, self.status = False, f"training failed: {type(err).__name__}: {err}"
            self.running = False
            self._notify()  # else the panel keeps showing the last 'training ...' status
            return None
        finally:
            self.running = False
        h = self.history
        verb = "stopped" if h.interrupted else "done"
        self.status = (f"{verb}: {len(h.train_loss)} steps in {h.wall_time:.1f} s on {h.device}; "
                       f"validation NMSE {h.final_val_nmse:.3e}")
        self._notify()
        return h

    def _notify(self) -> None:
        if self.on_update is not None:
            self.on_update(self)

    def start(self) -> bool:
        """Train in a background thread; False if a run is already going."""
        if self.running or (self._thread is not None and self._thread.is_alive()):
            self.ok, self.status = False, "already training"
            return False
        self.running = True  # until run() takes over, so a double click cannot start two runs
        self._thread = threading.Thread(target=self._run_thread, daemon=True)
        self._thread.start()
        return True

    def _run_thread(self) -> None:
        self.running = False
        self.run()

    def stop(self) -> None:
        """Ask the current run to end after its current step."""
        self._stop.set()

    def join(self, timeout: float | None = None) -> None:
        """Wait for a background run."""
        if self._thread is not None:
            self._thread.join(timeout)

    def curves(self) -> dict[str, dict]:
        """The current run's curves in the form :func:`headcount.ui.plots.loss_curves` takes."""
        s = self.settings
        return {f"h={s.heads}, T={s.T}": {"train_loss": list(self.losses), "eval_steps": list(self.eval_steps),
                                          "val_nmse": list(self.val_nmse)}}

    def figure(self) -> Figure:
        """The loss curve so far (a pyplot-free Figure, safe to draw from the training thread)."""
        fig = Figure(figsize=(7, 3.6))
        ax = fig.subplots()
        s = self.settings
        plots.loss_curves(self.curves(), ax=ax, title=f"{s.family}: h={s.heads}, T={s.T}, seed={s.seed}")
        fig.tight_layout()
        return fig


def _figure_png(fig: Figure) -> bytes:
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80)
    return buf.getvalue()


def run_controls(controller: object, on_train: Callable[[object], None]):  # noqa: ANN201 - ipywidgets is optional
    """The train / stop buttons, status line and figure image that every training panel shows.

    ``controller`` needs ``status``, ``ok``, ``figure()``, ``stop()`` and an ``on_update`` hook, which
    is set here to redraw the status and the figure. Returns ``(go, halt, status, image)``.
    """
    import ipywidgets as w

    go = w.Button(description="train", button_style="success", icon="play")
    halt = w.Button(description="stop", button_style="danger", icon="stop")
    status = w.HTML(value=_status_html(controller.status, controller.ok))  # type: ignore[attr-defined]
    image = w.Image(format="png")

    def refresh(ctrl: object) -> None:
        status.value = _status_html(ctrl.status, ctrl.ok)  # type: ignore[attr-defined]
        image.value = _figure_png(ctrl.figure())  # type: ignore[attr-defined]

    controller.on_update = refresh  # type: ignore[attr-defined]
    go.on_click(on_train)
    halt.on_click(lambda _: controller.stop())  # type: ignore[attr-defined]
    return go, halt, status, image


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
                       device=device.value):
            c.start()
        else:
            status.value = _status_html(c.status, False)

    go, halt, status, image = run_controls(c, on_train)
    panel = w.VBox([w.HBox([family, device]), w.HBox([heads, T]), w.HBox([steps, seed]), w.HBox([go, halt]),
                    status, image])
    panel.controller = c
    return panel
