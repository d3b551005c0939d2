"""The run control every training panel shares: its controller's skeleton and its view's buttons.

Only ipywidgets core widgets are used (``Button``, ``HTML``, ``Image``), so the panels work with
ipywidgets 7.x (Colab) and 8.x. Bad input never raises out of a callback: it is shown in the panel's
status line.

* :class:`RunControl`: what every training panel's controller shares: ``start()`` trains in a
  background thread (the kernel stays free for the stop button; a second start while one runs is
  refused), ``stop()`` ends the run at the next step, and Kernel > Interrupt (SIGINT) stops every
  background run too. :func:`run_controls` is its view: train / stop buttons, a status line that
  says so when the kernel behind the panel is gone (restarted, or a notebook reopened from its saved
  widget state), and the figure, drawn from the start.
* Shared widget helpers: :func:`show_figure` (a Figure into an ``Image``, crisp at any DPI),
  ``_status_html`` (the status line), ``_parse_ints`` (a typed list of whole numbers) and
  :data:`DEVICE_CHOICES`.

Each panel (:mod:`.training_panel`, :mod:`.head_sweep`, :mod:`.realdata_slice`, :mod:`.depth_slice`,
the trainer in :mod:`.explorers`) supplies its training step and its view.
"""
from __future__ import annotations

import html
import io
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any

from matplotlib.figure import Figure

from headcount.env import pick_device

DEVICE_CHOICES = ("auto", "cpu", "cuda")


#: Shown instead of the status when the panel's widgets lose their kernel (ipywidgets marks every view
#: ``jupyter-widgets-disconnected`` on a kernel restart or shutdown, and when a notebook is reopened
#: from saved widget state): the panel is a picture of its last state until its cell runs again.
_STATUS_CSS = ("<style>.hc-dead{display:none}.jupyter-widgets-disconnected .hc-live{display:none}"
               ".jupyter-widgets-disconnected .hc-dead{display:inline}</style>")
DISCONNECTED = ("not connected to a running kernel (restarted, shut down, or the notebook was reopened): "
                "this panel shows its last state; run its cell again for a live one")


def _status_html(text: str, ok: bool) -> str:
    """The status line: ``text`` escaped, green when ``ok`` else red; the disconnected note when the kernel is gone."""
    color = "#1a7f37" if ok else "#b42318"
    return (f'{_STATUS_CSS}<span class="hc-live" style="color:{color}">{html.escape(text)}</span>'
            f'<span class="hc-dead" style="color:#b42318">{DISCONNECTED}</span>')


# Panel figures: rendered at twice the pixels they are shown at, so text stays crisp (HiDPI too).
DISPLAY_DPI = 100
RENDER_DPI = 2 * DISPLAY_DPI


def _figure_png(fig: Figure) -> bytes:
    """``fig`` as PNG bytes at :data:`RENDER_DPI` (show it with :func:`show_figure`)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=RENDER_DPI)
    return buf.getvalue()


def show_figure(image: Any, fig: Figure) -> None:
    """Put ``fig`` into an ``ipywidgets.Image`` at its natural size (:data:`DISPLAY_DPI`), never wider than the cell."""
    image.value = _figure_png(fig)
    image.layout.width = f"{round(fig.get_figwidth() * DISPLAY_DPI)}px"
    image.layout.max_width, image.layout.height = "100%", "auto"


# --------------------------------------------------------------------------- background runs


_RUNNING: dict[int, Any] = {}  # id -> controller training in a background thread now


def _stop_all_runs() -> None:
    for controller in list(_RUNNING.values()):
        controller.stop_reason = "interrupted (Kernel > Interrupt)"
        controller.stop()


def _chain_sigint(previous: object) -> Callable[[int, object], None]:
    """A SIGINT handler that stops every background run, then does what ``previous`` did."""
    if getattr(previous, "stops_headcount_runs", False):
        return previous  # type: ignore[return-value]

    def handler(signum: int, frame: object) -> None:
        _stop_all_runs()
        if callable(previous):
            previous(signum, frame)
        elif previous != signal.SIG_IGN:
            raise KeyboardInterrupt

    handler.stops_headcount_runs = True  # type: ignore[attr-defined]
    return handler


def _watch_interrupts() -> None:
    """Make SIGINT (Kernel > Interrupt, Ctrl-C) stop background runs; a no-op outside the main thread.

    An idle IPython kernel ignores SIGINT: ipykernel sets the handler it restores after each message
    in ``kernel.saved_sigint_handler`` (the button callbacks run inside such a message), so the chain
    goes there too.
    """
    if threading.current_thread() is not threading.main_thread():
        return
    try:
        from IPython import get_ipython

        kernel = getattr(get_ipython(), "kernel", None)
    except ImportError:
        kernel = None
    if kernel is not None and hasattr(kernel, "saved_sigint_handler"):
        kernel.saved_sigint_handler = _chain_sigint(kernel.saved_sigint_handler)
    signal.signal(signal.SIGINT, _chain_sigint(signal.getsignal(signal.SIGINT)))


@dataclass(kw_only=True)
class RunControl:
    """What every training panel's controller shares: its state, the settings check and the run skeleton.

    State (keyword-only fields): ``status`` (the panel's status line), ``ok`` (green or red), ``running``,
    ``on_update(controller)`` (the view's redraw hook) and ``redraw_every`` (seconds between redraws while
    training). A controller whose settings are a dataclass with ``validate()`` (``settings``) changes
    them with :meth:`configure`, which also resolves their ``device`` once (``self._device``, a
    ``torch.device`` passed down to training). Its ``run()`` trains in the calling thread inside
    :meth:`_guarded` (Kernel > Interrupt and errors end in a status, never a dead kernel), checks
    :meth:`stopping` at every step and reports through :meth:`_notify`; ``start()`` runs it in a
    background thread, ``stop()`` ends it at the next step. Each panel supplies only its training step
    and its view.
    """

    status: str = "ready: press train"
    ok: bool = True
    running: bool = False
    redraw_every: float = 0.5
    on_update: Callable[[Any], object] | None = None

    def _init_run_control(self) -> None:
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.stop_reason = "stopped"
        self._last_draw = self._draw_cost = 0.0

    def configure(self, **changes: object) -> bool:
        """Change ``settings`` (a dataclass with ``validate()``); on bad input keep the old ones, set ``status``
        and return False."""
        if self.running:
            self.ok, self.status = False, "still training: press stop first"
            return False
        unknown = set(changes) - {f.name for f in fields(self.settings)}
        try:
            if unknown:
                raise ValueError(f"unknown setting(s) {sorted(unknown)}")
            new = replace(self.settings, **changes)
            new.validate()
            device = pick_device(new.device) if hasattr(new, "device") else None  # e.g. 'cuda' without a GPU
        except (TypeError, ValueError) as err:
            self.ok, self.status = False, f"not applied: {err}"
            return False
        self.settings, self.ok, self.status = new, True, "ready: press train"
        self._device = device
        return True

    def start(self) -> bool:
        """Train in a background thread; False (status says why) if a run is already going."""
        if self.running or (self._thread is not None and self._thread.is_alive()):
            self.ok, self.status = False, "already training: press stop first"
            return False
        self.running = True  # until run() takes over, so a double click cannot start two runs
        _watch_interrupts()
        self._thread = threading.Thread(target=self._run_thread, daemon=True)
        _RUNNING[id(self)] = self
        self._thread.start()
        return True

    def _run_thread(self) -> None:
        try:
            self.running = False
            self.run()  # type: ignore[attr-defined]
        finally:
            _RUNNING.pop(id(self), None)

    def stop(self) -> None:
        """Ask the current run to end after its current step."""
        self._stop.set()

    def stopping(self) -> bool:
        """True once :meth:`stop` was called during this run."""
        return self._stop.is_set()

    def _begin(self) -> None:
        """Reset the stop flag at the start of ``run()``."""
        self._stop.clear()
        self.stop_reason = "stopped"

    def join(self, timeout: float | None = None) -> None:
        """Wait for a background run."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _notify(self) -> None:
        """Call ``on_update`` now."""
        self._redraw()

    def _guarded(self, train: Callable[[], Any], interrupted: Callable[[], str]) -> tuple[bool, Any]:
        """The run skeleton: ``running`` while ``train()`` runs; returns ``(True, train())``. Kernel > Interrupt
        while it trains in the kernel's own thread sets the status ``interrupted()`` and re-raises; any
        other error ends in ``'training failed: ...'`` in the panel and ``(False, None)``."""
        self.running, self.ok = True, True
        try:
            value = train()
        except KeyboardInterrupt:
            self.running = False
            self.ok, self.status = True, interrupted()
            self._redraw()
            raise
        except Exception as err:  # noqa: BLE001 - shown in the panel, never a dead kernel
            self.running = False
            self.ok, self.status = False, f"training failed: {type(err).__name__}: {err}"
            self._redraw()  # else the panel keeps showing the last 'training ...' status
            return False, None
        finally:
            self.running = False
        return True, value

    def _redraw(self) -> None:
        """Call ``on_update``; remember when, and how long it took (a redraw renders a figure)."""
        if self.on_update is not None:
            t0 = time.perf_counter()
            try:
                self.on_update(self)
            except Exception as err:  # noqa: BLE001 - a drawing error must not kill training
                self.status += f" (redraw failed: {type(err).__name__}: {err})"
            now = time.perf_counter()
            self._last_draw, self._draw_cost = now, now - t0

    def _notify_due(self, every: float) -> None:
        """Call ``on_update`` if ``every`` seconds and 4x the last redraw's cost have passed since the last
        one: redraws take at most a fifth of a busy machine's time, training the rest."""
        if time.perf_counter() - self._last_draw >= max(every, 4 * self._draw_cost):
            self._redraw()


def _parse_ints(text: str, name: str = "T") -> tuple[int, ...]:
    """Whole numbers separated by commas, semicolons or spaces (``ValueError`` naming ``name`` otherwise)."""
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
    try:
        return tuple(int(p) for p in parts)
    except ValueError:
        raise ValueError(f"{name} must be whole numbers separated by commas, e.g. '8, 16', got {text!r}") from None


def run_controls(controller: RunControl, on_train: Callable[[object], None]):  # noqa: ANN201 - ipywidgets is optional
    """The train / stop buttons, status line and figure image that every training panel shows.

    ``controller`` needs ``status``, ``ok``, ``figure()``, ``stop()`` and an ``on_update`` hook, which
    is set here to redraw the status and the figure; the figure is drawn at once (no empty image
    before the first run). Returns ``(go, halt, status, image)``.
    """
    import ipywidgets as w

    go = w.Button(description="train", button_style="success", icon="play")
    halt = w.Button(description="stop", button_style="danger", icon="stop")
    status = w.HTML()
    image = w.Image(format="png")

    def refresh(ctrl: Any) -> None:
        status.value = _status_html(ctrl.status, ctrl.ok)
        show_figure(image, ctrl.figure())

    controller.on_update = refresh
    go.on_click(on_train)
    halt.on_click(lambda _: controller.stop())
    refresh(controller)
    return go, halt, status, image

