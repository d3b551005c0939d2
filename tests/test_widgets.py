"""Widget controllers (no browser) and the figures they draw."""
import matplotlib

matplotlib.use("Agg")

from pathlib import Path  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

import headcount as hc  # noqa: E402
from headcount import constructions as C  # noqa: E402
from headcount.ui import plots  # noqa: E402
from headcount.diagnostics import head_feature_attention  # noqa: E402
from headcount.ui.explorers import TaskExplorer, task_explorer_panel  # noqa: E402
from headcount.ui.training_panel import TrainingController, TrainingSettings, training_panel  # noqa: E402


def test_task_explorer_updates_and_reports_bad_input():
    c = TaskExplorer()
    assert c.ok and c.task.D == 2
    assert c.update(family="synthetic", D=4, d=4) and c.task.name == "synthetic"
    before = c.X.clone()
    assert c.resample() and not torch.equal(before, c.X)
    assert not c.update(family="max_min", D=3)            # max_min has D = 2
    assert "D must be" in c.status and c.task.name == "synthetic"   # old state kept
    assert not c.update(T=0) and "T must be" in c.status
    assert not c.update(colour="red")
    fig = c.figure()
    assert len(fig.axes) == 2
    plots.close(fig)


def test_task_explorer_panel_builds():
    panel = task_explorer_panel()
    assert panel.controller.ok and panel.children


def test_training_controller_runs_stops_and_reports():
    hc.configure_threads(1)
    updates = []
    c = TrainingController(TrainingSettings(T=8, steps=40, n_train=300, n_val=100), redraw_every=0.0,
                           on_update=lambda ctrl: updates.append(ctrl.status))
    h = c.run()
    assert h is not None and len(h.train_loss) == 40 and c.ok and c.status.startswith("done")
    assert len(c.losses) == 40 and updates
    fig = c.figure()
    assert fig.axes
    # stop from the callback side
    c.on_update = lambda ctrl: ctrl.stop()
    assert c.configure(steps=500)
    h = c.run()
    assert h.interrupted and len(h.train_loss) < 500 and c.status.startswith("stopped")


def test_training_controller_thread_and_errors():
    hc.configure_threads(1)
    c = TrainingController(TrainingSettings(T=8, steps=30, n_train=300, n_val=100))
    assert c.start()
    c.join(60)
    assert c.history is not None and not c.running
    assert not c.configure(heads=0) and "heads must be" in c.status
    assert not c.configure(device="tpu") and "device must be one of" in c.status
    if not torch.cuda.is_available():  # refused when set, before any run
        assert not c.configure(device="cuda") and "CUDA is not available" in c.status and not c.ok
        c.settings.device = "cuda"  # set behind configure's back: the run says so
        assert c.run() is None and "CUDA is not available" in c.status and not c.ok


def test_training_panel_builds():
    panel = training_panel()
    assert panel.controller.settings.steps == TrainingSettings().steps


def test_plots_return_figures():
    task = hc.smooth_task(12)
    X, _ = task.sample(4, 0)
    m = C.theorem2_heads(task, 30.0)
    figs = [
        plots.task_sample_figure(task, X),
        plots.model_diagram(4, 8, T=16),
        plots.construction_error_figure(C.construction_sweep("max_min", [8, 16], [1.0, 10.0], n=50)),
        plots.attention_heatmaps(m.attention(X), task.retrieve(X)[1]),
        plots.head_feature_figure(head_feature_attention(m, task, n=50)),
        plots.loss_curves({"a": {"train_loss": [1.0, 0.5, 0.2], "eval_steps": [3], "val_nmse": [0.3]}}),
    ]
    for fig in figs:
        assert isinstance(fig, matplotlib.figure.Figure)
        assert plots.to_png(fig)[:4] == b"\x89PNG"
    with pytest.raises(ValueError, match="index"):
        plots.task_sample_figure(task, X, index=9)


def test_training_failure_is_shown_not_hung(monkeypatch):
    """A crash inside training ends in a 'training failed' status that the panel is told about."""
    from headcount.ui import training_panel as panel_module

    def broken_train(*args, **kwargs):
        raise RuntimeError("simulated failure inside train()")

    monkeypatch.setattr(panel_module, "train_configs", broken_train)
    seen = []
    c = TrainingController(TrainingSettings(T=8, steps=5, n_train=64, n_val=32),
                           on_update=lambda ctl: seen.append(ctl.status))
    assert c.run() is None and not c.ok and not c.running
    assert seen and seen[-1] == c.status and c.status.startswith("training failed: RuntimeError")


def test_configure_validates_every_setting():
    c = TrainingController()
    for bad, msg in (({"lr": float("nan")}, "lr must be"), ({"batch_size": 0}, "batch_size must be"),
                     ({"width": -1}, "width must be"), ({"colour": "red"}, "unknown setting")):
        assert not c.configure(**bad) and msg in c.status and not c.ok
    assert c.settings == TrainingSettings()  # old settings kept
    import numpy as np
    assert c.configure(heads=np.int64(3)) and type(c.settings.heads) is int


def _children(box):
    for child in getattr(box, "children", ()):
        yield child
        yield from _children(child)


def test_status_line_is_escaped_and_says_when_the_kernel_is_gone():
    from headcount.ui.run_control import DISCONNECTED, _status_html

    line = _status_html("<b>h=1</b>", True)
    assert "&lt;b&gt;h=1&lt;/b&gt;" in line and "<b>" not in line
    assert DISCONNECTED in line and ".jupyter-widgets-disconnected .hc-dead{display:inline}" in line


def test_panel_shows_a_crisp_figure_before_the_first_run():
    from headcount.ui.run_control import DISPLAY_DPI, RENDER_DPI

    panel = training_panel()
    image = next(w for w in _children(panel) if type(w).__name__ == "Image")
    assert image.value[:4] == b"\x89PNG"  # no broken-image icon before the first run
    assert image.layout.width == f"{7 * DISPLAY_DPI}px" and RENDER_DPI >= 2 * DISPLAY_DPI
    assert "press train" in next(w for w in _children(panel) if type(w).__name__ == "HTML").value


def test_the_last_redraw_shows_the_whole_run():
    hc.configure_threads(1)
    seen = []
    c = TrainingController(TrainingSettings(T=8, steps=60, n_train=300, n_val=100), redraw_every=10.0,
                           on_update=lambda ctrl: seen.append((ctrl.status, len(ctrl.losses))))
    c.run()
    assert seen[-1] == (c.status, 60) and c.status.startswith("done")


def test_loss_curve_shows_from_the_first_steps():
    c = TrainingController()
    c.losses = [1.0, 0.9, 0.8, 0.7, 0.6]
    fig = c.figure()
    assert max(len(line.get_xdata()) for line in fig.axes[0].lines) == 5


def test_a_rejected_click_during_a_run_does_not_colour_the_run_red():
    hc.configure_threads(1)
    seen = []
    c = TrainingController(TrainingSettings(T=8, steps=3000, n_train=300, n_val=100), redraw_every=0.0)
    c.on_update = lambda ctrl: seen.append((ctrl.status, ctrl.ok))
    assert c.start()
    while not c.losses:
        c.join(0.05)
    assert not c.start() and "already training" in c.status and not c.ok
    assert not c.configure(heads=3) and "still training" in c.status
    n = len(seen)
    while len(seen) <= n + 1:
        c.join(0.05)
    c.stop()
    c.join(60)
    assert seen[-1][1] and c.ok and c.status.startswith("stopped")
    assert all(ok for status, ok in seen[n:])  # progress after the rejected click is green again


def test_kernel_interrupt_stops_background_runs():
    """SIGINT (Kernel > Interrupt) stops a background run, which says so; then acts as before (KeyboardInterrupt)."""
    import os
    import signal

    hc.configure_threads(1)
    before = signal.getsignal(signal.SIGINT)
    # Python's own handler, as in a terminal or a kernel; a process started in the background by a
    # non-interactive shell (some CI runners) inherits SIGINT ignored, where nothing would be raised.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    c = TrainingController(TrainingSettings(T=8, steps=5000, n_train=300, n_val=100))
    try:
        assert c.start()
        while not c.losses:
            c.join(0.05)
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
            for _ in range(100):  # the handler runs in the main thread at the next bytecode
                c.join(0.01)
        c.join(60)
        assert not c.running and c.history.interrupted
        assert c.status.startswith("interrupted (Kernel > Interrupt)") and c.ok
    finally:
        signal.signal(signal.SIGINT, before)


def test_the_live_sweep_refuses_a_save_path_where_no_file_can_be_made(tmp_path):
    """Notebook 05's panel with save on: a folder where the lock file cannot be created (``/proc``, where
    ``os.access`` says yes to root; a folder in the lock file's place) is refused when set, before training."""
    from headcount.env import results_dir
    from headcount.ui.head_sweep import LiveSettings, LiveSweep

    refused = "invalid LiveSettings: out '/proc/live.csv': the folder '/proc' is not writable"
    with pytest.raises(ValueError, match=refused):
        LiveSweep(LiveSettings(save=True, out="/proc/live.csv"))
    c = LiveSweep(LiveSettings(steps=5, n_train=64, n_val=32))
    assert Path(c.settings.out).parent == results_dir() and "data" not in Path(c.settings.out).parts[-3:]
    (tmp_path / ".live.csv.lock").mkdir()
    for out in ("/proc/live.csv", str(tmp_path / "live.csv")):
        assert not c.configure(save=True, out=out) and not c.ok
        assert c.status.startswith(f"not applied: out {out!r}") and "is not writable" in c.status
        assert not c.settings.save
    assert sorted(p.name for p in tmp_path.iterdir()) == [".live.csv.lock"]


def test_a_panel_resolves_its_device_once_and_passes_it_down(tmp_path, monkeypatch):
    """Notebook 05's sweep with save on: ``pick_device`` runs when the settings are set, never again while
    training and saving (run_sweep, the engine, the executor and the single trainer get the torch.device)."""
    from headcount import env
    from headcount.ui import head_sweep, run_control

    calls = []
    real = env.pick_device

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    for module in (env, head_sweep, run_control):
        monkeypatch.setattr(module, "pick_device", counting)
    c = head_sweep.LiveSweep(head_sweep.LiveSettings(T=4, h_max=1, seeds=1, steps=3, n_train=64, n_val=32,
                                                     positional="learned", save=True, out=str(tmp_path / "s.csv")))
    assert calls == [("auto",)]
    assert c.run() and len(c.rows) == 1
    assert c.configure(device="cpu") and c.run() and calls == [("auto",), ("cpu",)]


def test_the_depth_slice_panel_shows_why_a_bad_value_is_refused():
    """Notebook 07's panel: a value out of range (D = 0, T = 500) is refused by the settings check before any
    training, and the status line names the setting and its limits; a good value then trains."""
    import html

    from headcount.ui.depth_slice import DepthSliceSettings, LiveDepthSlice, depth_slice_panel

    panel = depth_slice_panel(LiveDepthSlice(DepthSliceSettings(T=4, steps=2, n_train=64, n_val=32)))
    c = panel.controller
    fields = {getattr(x, "description", ""): x for box in panel.children for x in getattr(box, "children", ())}
    status = next(x for x in panel.children if type(x).__name__ == "HTML")
    for name, bad, said in (("D", 0, "D must be an integer >= 1 and <= 8, got 0"),
                            ("T", 500, "T must be an integer >= 4 and <= 128, got 500")):
        fields[name].value = bad
        fields["train"].click()
        assert not c.ok and not c.running and html.escape(said) in status.value and "#b42318" in status.value
        fields[name].value = getattr(c.settings, name)
    assert c.settings.D == 2 and c.settings.T == 4  # the refused values were never applied
    fields["train"].click()
    c.join(60)
    assert c.ok and c.status.startswith("done") and len(c.final) == 8
