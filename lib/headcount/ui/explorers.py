"""The explorer panels of notebooks 01, 03 and 04: a controller each, and a thin ipywidgets view.

Only ipywidgets core widgets (``IntSlider``, ``Button``, ``HTML``, ``Image``, ``HBox``/``VBox``), so they
work on ipywidgets 7.x (Colab) and 8.x. Bad input is shown in the status line, never raised.

* :class:`TaskExplorer` / :func:`task_explorer_panel`: draw samples of a task family (eqs. 8-9) as
  ``T``, ``D`` and ``d`` change.
* :class:`ExponentExplorer` / :func:`exponent_panel`: Theorem 2(2)'s exponent ``k(T, s, n, D)``
  against ``T`` for every ``s < D``, with the ``h = D`` rate (``gamma``, flat in ``T``) for contrast.
* :class:`EmbeddingTrainer` / :func:`embedding_panel`: total embedding ``E``, ``T`` and heads; trains
  live through :class:`headcount.ui.training_panel.TrainingController` (per-head dim ``ceil(E / h)``).
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import torch
from matplotlib.figure import Figure

from headcount._checks import check_choice, check_int, check_positive
from headcount.experiments.bottleneck import informative_T
from headcount.tasks import FAMILIES, RetrievalTask, make_task
from headcount.theory import lower_bound_exponent
from headcount.ui import plots
from headcount.ui.run_control import _status_html, run_controls, show_figure
from headcount.ui.training_panel import TrainingController, TrainingSettings

__all__ = ["TaskExplorer", "task_explorer_panel", "ExponentExplorer", "exponent_panel", "EmbeddingTrainer",
           "embedding_panel"]

#: The task explorer's starting ``D`` and ``d`` for each family.
FAMILY_DEFAULTS = {"max_min": {"D": 2, "d": 1}, "synthetic": {"D": 4, "d": 4}, "smooth": {"D": 3, "d": 2}}


def _status_and_image(c: object):  # noqa: ANN202 - ipywidgets is optional
    """An explorer panel's status line and figure, and ``redraw(ok)`` that refreshes both from ``c``."""
    import ipywidgets as w

    status, image = w.HTML(), w.Image(format="png")

    def redraw(ok: bool) -> None:
        status.value = _status_html(c.status, ok)  # type: ignore[attr-defined]
        if ok:
            show_figure(image, c.figure())  # type: ignore[attr-defined]

    return status, image, redraw


def _bind_sliders(controller: object, sliders: dict[str, object], redraw: Callable[[bool], None],
                  busy: list[bool]) -> None:
    """Each slider applies its value with ``controller.update(name=value)``. A rejected value snaps the
    slider back to the controller's (unchanged) value, so the controls, the status line and the figure
    always show one state; the status says what was rejected and why. While ``busy`` is non-empty the
    handlers ignore changes (the panel is moving its own controls)."""

    def handler(name: str, slider: object) -> Callable[[dict], None]:
        def on_change(change: dict) -> None:
            if busy or getattr(controller, name) == change["new"]:
                return
            ok = controller.update(**{name: change["new"]})  # type: ignore[attr-defined]
            if not ok:
                busy.append(True)
                try:
                    slider.value = getattr(controller, name)  # type: ignore[attr-defined]
                finally:
                    busy.clear()
            redraw(ok)
        return on_change

    for name, slider in sliders.items():
        slider.observe(handler(name, slider), names="value")  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- notebook 01: task samples


class TaskExplorer:
    """State of the task-explorer panel. ``update`` returns False (and sets ``status``) on bad input."""

    def __init__(self, family: str = "max_min", T: int = 16, D: int | None = None, d: int | None = None,
                 seed: int = 0) -> None:
        self.family, self.T = family, T
        self.D = FAMILY_DEFAULTS.get(family, {}).get("D") if D is None else D
        self.d = FAMILY_DEFAULTS.get(family, {}).get("d") if d is None else d
        self.seed = seed
        self.ok, self.status = True, ""
        self.task: RetrievalTask | None = None
        self.X: torch.Tensor | None = None
        self.y: torch.Tensor | None = None
        if not self.update():
            raise ValueError(self.status)

    def update(self, **changes: object) -> bool:
        """Apply ``changes`` (``family``, ``T``, ``D``, ``d``, ``seed``) and redraw the sample."""
        unknown = set(changes) - {"family", "T", "D", "d", "seed"}
        if unknown:
            self.ok, self.status = False, f"unknown setting(s) {sorted(unknown)}"
            return False
        old = (self.family, self.T, self.D, self.d, self.seed)
        for k, v in changes.items():
            setattr(self, k, v)
        try:
            check_choice("family", self.family, FAMILIES)
            check_int("seed", self.seed, 0)
            self.task = make_task(self.family, self.T, D=self.D, d=self.d)
            self.X, self.y = self.task.sample(1, self.seed)
        except ValueError as err:
            self.family, self.T, self.D, self.d, self.seed = old
            self.ok, self.status = False, f"not applied: {err}"
            return False
        z, pos = self.task.retrieve(self.X)
        self.ok = True
        self.status = (f"{self.task.description} | retrieved positions {[int(p) + 1 for p in pos[0]]} | "
                       f"y = {float(self.y[0]):.4f}")
        return True

    def resample(self) -> bool:
        """Draw a new sequence (next seed)."""
        return self.update(seed=self.seed + 1)

    def figure(self) -> Figure:
        """The sample figure of the current state."""
        assert self.task is not None and self.X is not None
        return plots.task_sample_figure(self.task, self.X)


def task_explorer_panel(controller: TaskExplorer | None = None):  # noqa: ANN201 - ipywidgets is optional
    """The task-explorer widget (a ``VBox``); ``panel.controller`` is its :class:`TaskExplorer`."""
    import ipywidgets as w

    c = controller or TaskExplorer()
    family = w.Dropdown(options=list(FAMILIES), value=c.family, description="family")
    T = w.IntSlider(value=c.T, min=4, max=64, step=4, description="T", continuous_update=False)
    D = w.IntSlider(value=c.D or 2, min=1, max=8, description="D", continuous_update=False)
    d = w.IntSlider(value=c.d or 1, min=1, max=8, description="d", continuous_update=False)
    resample = w.Button(description="resample", icon="refresh")
    status, image, redraw = _status_and_image(c)

    busy: list[bool] = []  # set while the panel moves its own controls

    def on_family(change: dict) -> None:
        if busy:
            return
        defaults = FAMILY_DEFAULTS[change["new"]]
        ok = c.update(family=change["new"], D=defaults["D"], d=defaults["d"])
        busy.append(True)
        try:  # the controls show the controller's state, whether the change was applied or not
            family.value, D.value, d.value = c.family, c.D, c.d
        finally:
            busy.clear()
        redraw(ok)

    family.observe(on_family, names="value")
    _bind_sliders(c, {"T": T, "D": D, "d": d}, redraw, busy)
    resample.on_click(lambda _: redraw(c.resample()))
    redraw(c.ok)
    panel = w.VBox([w.HBox([family, resample]), w.HBox([T, D, d]), status, image])
    panel.controller = c
    return panel


# --------------------------------------------------------------------------- notebook 03: the exponent k


@dataclass
class ExponentExplorer:
    """State of the exponent panel: ``T``, heads ``s``, per-head dim ``n``, intrinsic dimension ``D``,
    and the ``h = D`` exponent ``gamma`` (Assumption 3) drawn for contrast."""

    T: int = 128
    s: int = 1
    n: int = 2
    D: int = 2
    gamma: float = 2.0
    T_max: int = 512
    ok: bool = True
    status: str = ""

    def __post_init__(self) -> None:
        if not self.update():
            raise ValueError(self.status)

    def _validate(self) -> None:
        check_int("D", self.D, 2, 64)
        check_int("s", self.s, 1, self.D - 1)
        check_int("n", self.n, 1, 1024)
        check_int("T", self.T, 1, self.T_max)
        check_positive("gamma", self.gamma)

    def update(self, **changes: object) -> bool:
        """Apply ``changes`` (``T``, ``s``, ``n``, ``D``, ``gamma``); on bad input keep the old state."""
        allowed = {"T", "s", "n", "D", "gamma"}
        unknown = set(changes) - allowed
        if unknown:
            self.ok, self.status = False, f"unknown setting(s) {sorted(unknown)}; allowed: {sorted(allowed)}"
            return False
        old = {k: getattr(self, k) for k in allowed}
        for k, v in changes.items():
            setattr(self, k, v)
        try:
            self._validate()
        except ValueError as err:
            for k, v in old.items():
                setattr(self, k, v)
            self.ok, self.status = False, f"not applied: {err}"
            return False
        k = self.k
        T0 = informative_T(self.s, self.n, self.D)
        verdict = (f"k = {k:.3f} > 0: with {self.s} head(s) M grows at least like eps^-{k:.2f}" if k > 0 else
                   f"k = {k:.3f} <= 0: the bound says nothing here (it needs T >= {T0})")
        self.ok, self.status = True, f"T={self.T}, s={self.s}, n={self.n}, D={self.D}: {verdict}; h=D needs eps^-{self.gamma:g}"
        return True

    @property
    def k(self) -> float:
        """``k(T, s, n, D)`` of Theorem 2(2)."""
        return lower_bound_exponent(self.T, self.s, self.n, self.D)

    def curves(self) -> dict[int, list[float]]:
        """``{s: [k(T) for T = 1..T_max]}`` for every ``s < D``."""
        return {s: [lower_bound_exponent(T, s, self.n, self.D) for T in range(1, self.T_max + 1)]
                for s in range(1, self.D)}

    def silent_up_to(self) -> int:
        """The last ``T`` at which the bound says nothing for the current ``s`` (``k <= 0``), which may lie
        beyond the plotted range ``T_max``."""
        return informative_T(self.s, self.n, self.D) - 1

    def figure(self) -> Figure:
        """``k`` against ``T`` per ``s``, the ``k <= 0`` region of the current ``s`` (clipped to the plotted
        range, the title says where it really ends), the current point, and ``gamma`` at ``h = D``."""
        fig = Figure(figsize=(7, 3.8))
        ax = fig.subplots()
        Ts = list(range(1, self.T_max + 1))
        for s, ks in self.curves().items():
            ax.plot(Ts, ks, lw=2 if s == self.s else 1, alpha=1 if s == self.s else 0.6, label=f"h = s = {s}")
        ax.axhline(self.gamma, color="k", ls="--", lw=1, label=f"h = D = {self.D}: exponent gamma = {self.gamma:g} (any T)")
        ax.axhline(0, color="grey", lw=0.8)
        silent = self.silent_up_to()
        ax.axvspan(1, min(silent, self.T_max), color="grey", alpha=0.12, lw=0,
                   label=f"k <= 0 for s = {self.s}: the bound is silent")
        ax.plot([self.T], [self.k], "o", color="crimson", ms=7, zorder=5, label=f"T = {self.T}: k = {self.k:.2f}")
        ax.set_xlim(1, self.T_max)
        ax.set_xlabel("sequence length T")
        ax.set_ylabel("exponent k  (M = Omega(eps^-k))")
        where = (f"silent for T <= {silent}" if silent <= self.T_max
                 else f"silent on the whole plot: k > 0 only from T = {silent + 1}")
        ax.set_title(f"Theorem 2(2): n = {self.n}, D = {self.D}; s = {self.s} is {where}", fontsize=10)
        ax.legend(fontsize=8, loc="upper left")
        fig.tight_layout()
        return fig


def exponent_panel(controller: ExponentExplorer | None = None):  # noqa: ANN201 - ipywidgets is optional
    """The exponent widget (a ``VBox``); ``panel.controller`` is its :class:`ExponentExplorer`.
    A rejected value (``s >= D``) snaps its slider back; the status line says why."""
    import ipywidgets as w

    c = controller or ExponentExplorer()
    T = w.IntSlider(value=c.T, min=4, max=c.T_max, step=4, description="T", continuous_update=False)
    s = w.IntSlider(value=c.s, min=1, max=7, description="heads s", continuous_update=False)
    n = w.IntSlider(value=c.n, min=1, max=32, description="head dim n", continuous_update=False)
    D = w.IntSlider(value=c.D, min=2, max=8, description="D", continuous_update=False)
    status, image, redraw = _status_and_image(c)

    _bind_sliders(c, {"T": T, "s": s, "n": n, "D": D}, redraw, [])
    redraw(c.ok)
    panel = w.VBox([w.HBox([T, s]), w.HBox([n, D]), status, image])
    panel.controller = c
    return panel


# --------------------------------------------------------------------------- notebook 04: E, T, heads


@dataclass
class EmbeddingTrainer:
    """Live training at a chosen total embedding ``E`` on the synthetic task (``d = 4``). The model has
    ``heads`` heads of dimension ``n = ceil(E / heads)``, so it trains ``E' = n heads``, which is ``E``
    rounded up to a multiple of ``heads``; status and figure title say so when ``E' != E``. A thin layer
    over :class:`headcount.ui.training_panel.TrainingController`, which does the training."""

    E: int = 32
    T: int = 4
    heads: int = 1
    steps: int = 400
    seed: int = 0
    width: int = 64
    trainer: TrainingController = field(default_factory=TrainingController)

    def __post_init__(self) -> None:
        self.trainer.settings = TrainingSettings(family="synthetic", width=self.width, n_train=2000, n_val=500)
        if not self.configure(E=self.E, T=self.T, heads=self.heads, steps=self.steps, seed=self.seed):
            raise ValueError(self.status)

    @property
    def status(self) -> str:
        """The trainer's status line."""
        return self.trainer.status

    @property
    def ok(self) -> bool:
        """False after bad input or a failed run."""
        return self.trainer.ok

    @property
    def head_dim(self) -> int:
        """Per-head dimension ``n = ceil(E / heads)``."""
        return math.ceil(self.E / self.heads)

    @property
    def trained_E(self) -> int:
        """The total embedding the model really has, ``n heads`` (``E`` rounded up to a multiple of ``heads``)."""
        return self.head_dim * self.heads

    def describe(self, sep: str = " ") -> str:
        """``h, n, E`` as trained, with the rounding spelled out (after ``sep``) when ``E`` is not a multiple of ``h``."""
        rounded = "" if self.trained_E == self.E else (
            f"{sep}(asked E = {self.E}, not a multiple of h = {self.heads}: n = ceil(E/h) = {self.head_dim})")
        return f"h={self.heads}, n={self.head_dim}, E = n h = {self.trained_E}, T={self.T} (T d = {4 * self.T}){rounded}"

    def configure(self, **changes: object) -> bool:
        """Apply ``changes`` (``E``, ``T``, ``heads``, ``steps``, ``seed``), checked before anything is computed
        from them; bad input keeps the old state and puts the message in ``status``."""
        allowed = {"E", "T", "heads", "steps", "seed"}
        unknown = set(changes) - allowed
        if unknown:
            self.trainer.ok, self.trainer.status = False, f"unknown setting(s) {sorted(unknown)}; allowed: {sorted(allowed)}"
            return False
        new = {k: changes.get(k, getattr(self, k)) for k in allowed}
        try:
            E = check_int("E", new["E"], 1, 4096)
            heads = check_int("heads", new["heads"], 1, 64)
        except ValueError as err:
            self.trainer.ok, self.trainer.status = False, f"not applied: {err}"
            return False
        if not self.trainer.configure(T=new["T"], heads=heads, steps=new["steps"], seed=new["seed"],
                                      head_dim=math.ceil(E / heads)):
            return False
        for k, v in new.items():
            setattr(self, k, v)
        self.trainer.status = f"ready: {self.describe()}, MLP width {self.trainer.settings.width}"
        return True

    def run(self):  # noqa: ANN201 - History | None
        """Train in this thread (see :meth:`headcount.ui.training_panel.TrainingController.run`)."""
        return self.trainer.run()

    def figure(self) -> Figure:
        """The current loss curve, titled with what is trained; before the first step, an empty frame
        that says so (never a blank image)."""
        if self.trainer.losses:
            fig = self.trainer.figure()
            ax = fig.axes[0]
        else:
            fig = Figure(figsize=(7, 3.6))
            ax = fig.subplots()
            ax.set_xlabel("step")
            ax.set_ylabel("NMSE")
            ax.set_xticks([])
            ax.set_yticks([])
            ax.text(0.5, 0.5, "not trained yet: press train", ha="center", va="center", transform=ax.transAxes,
                    color="grey")
        ax.set_title(f"synthetic: {self.describe(sep=chr(10))}", fontsize=9)
        fig.tight_layout()
        return fig


def embedding_panel(controller: EmbeddingTrainer | None = None):  # noqa: ANN201 - ipywidgets is optional
    """The E / T / heads training widget (a ``VBox``); ``panel.controller`` is its :class:`EmbeddingTrainer`.
    The figure shows the configuration from the start (no empty image before the first run)."""
    import ipywidgets as w

    c = controller or EmbeddingTrainer()
    E = w.IntSlider(value=c.E, min=4, max=256, step=4, description="E = n h", continuous_update=False)
    T = w.IntSlider(value=c.T, min=2, max=64, step=2, description="T", continuous_update=False)
    heads = w.IntSlider(value=c.heads, min=1, max=8, description="heads h", continuous_update=False)
    steps = w.IntSlider(value=c.steps, min=50, max=5000, step=50, description="steps", continuous_update=False)

    def on_train(_: object) -> None:
        if c.configure(E=E.value, T=T.value, heads=heads.value, steps=steps.value):
            show_figure(image, c.figure())
            c.trainer.start()
        else:
            status.value = _status_html(c.status, False)

    go, halt, status, image = run_controls(c.trainer, on_train)

    def refresh(trainer: TrainingController) -> None:  # this panel's figure (titled with E as trained)
        status.value = _status_html(trainer.status, trainer.ok)
        show_figure(image, c.figure())

    c.trainer.on_update = refresh
    show_figure(image, c.figure())
    panel = w.VBox([w.HBox([E, T]), w.HBox([heads, steps]), w.HBox([go, halt]), status, image])
    panel.controller = c
    return panel
