"""The views of the two live experiments: ipywidgets panels (core widgets only) over their controllers.

* :func:`live_sweep_panel` over :class:`headcount.ui.live.LiveSweep` (notebook 05, Fig. 1a live);
* :func:`live_panel` over :class:`headcount.ui.live_slice.LiveSlice` (notebook 06, section 6.2).
"""
from __future__ import annotations

from headcount.tasks import FAMILIES
from headcount.ui.live import LiveSweep
from headcount.ui.live_slice import LiveSlice
from headcount.ui.widgets import DEVICE_CHOICES, _status_html, run_controls

__all__ = ["live_panel", "live_sweep_panel"]


def _parse_ints(text: str, name: str = "T") -> tuple[int, ...]:
    """Whole numbers separated by commas, semicolons or spaces (``ValueError`` naming ``name`` otherwise)."""
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
    try:
        return tuple(int(p) for p in parts)
    except ValueError:
        raise ValueError(f"{name} must be whole numbers separated by commas, e.g. '8, 16', got {text!r}") from None


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


def live_panel(controller: LiveSlice | None = None):  # noqa: ANN201 - ipywidgets is optional
    """An ipywidgets ``VBox`` (core widgets only) over a :class:`LiveSlice`; ``panel.controller``.

    The same run controls as every training panel (:func:`headcount.ui.widgets.run_controls`): it trains
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
