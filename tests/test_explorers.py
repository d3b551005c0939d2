"""The explorer panels of notebooks 01, 03 and 04: controllers, and the ipywidgets views driven directly."""
import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

import headcount as hc  # noqa: E402
from headcount.theory import lower_bound_exponent  # noqa: E402
from headcount.ui import plots  # noqa: E402
from headcount.ui.explorers import (  # noqa: E402
    EmbeddingTrainer,
    ExponentExplorer,
    embedding_panel,
    exponent_panel,
    task_explorer_panel,
)
from headcount.ui.run_control import show_figure  # noqa: E402


def _sliders(panel):
    """Every slider of a panel, by description."""
    found, todo = {}, [panel]
    while todo:
        w = todo.pop()
        todo += list(getattr(w, "children", ()))
        if type(w).__name__ == "IntSlider":
            found[w.description] = w
    return found


def test_exponent_explorer():
    c = ExponentExplorer()
    assert c.ok and c.k == pytest.approx(lower_bound_exponent(128, 1, 2, 2))
    assert c.update(T=8) and "says nothing" in c.status
    assert not c.update(s=2) and "s must be" in c.status and c.s == 1     # s < D
    assert not c.update(size=3)
    assert c.update(D=4, s=3, n=8, T=256) and c.k == pytest.approx(lower_bound_exponent(256, 3, 8, 4))
    fig = c.figure()
    assert fig.axes
    plots.close(fig)


def test_exponent_figure_keeps_the_silent_region_inside_the_plot():
    c = ExponentExplorer(T=128, s=7, n=32, D=8)      # k > 0 only from T = 985, beyond T_max = 512
    assert c.silent_up_to() == 984
    fig = c.figure()
    ax = fig.axes[0]
    assert ax.get_xlim() == (1, c.T_max)
    span = [p for p in ax.patches if p.get_label().startswith("k <= 0")][0]
    assert span.get_x() + span.get_width() <= c.T_max
    assert "from T = 985" in ax.get_title()
    plots.close(fig)
    c = ExponentExplorer()
    assert f"silent for T <= {c.silent_up_to()}" in c.figure().axes[0].get_title()


def test_exponent_panel_snaps_a_rejected_slider_back():
    panel = exponent_panel()
    c, sliders = panel.controller, _sliders(panel)
    image = panel.children[-1]
    before = image.value
    sliders["heads s"].value = 3                      # s >= D = 2: refused
    assert sliders["heads s"].value == c.s == 1 and not c.ok and "s must be" in c.status
    assert image.value == before                      # the figure still shows the kept state
    sliders["D"].value = 5
    sliders["heads s"].value = 3
    assert c.s == 3 and c.ok and image.value != before
    sliders["D"].value = 3                            # s = 3 >= D = 3: refused, D stays 5
    assert sliders["D"].value == c.D == 5


def test_task_explorer_panel_snaps_a_rejected_slider_back():
    panel = task_explorer_panel()
    c, sliders = panel.controller, _sliders(panel)
    sliders["D"].value = 5                            # max_min has D = 2
    assert sliders["D"].value == c.D == 2 and not c.ok and "D must be" in c.status
    family = panel.children[0].children[0]
    family.value = "synthetic"
    assert (c.family, c.D, c.d) == ("synthetic", 4, 4) and (sliders["D"].value, sliders["d"].value) == (4, 4)
    sliders["D"].value = 3
    assert c.ok and c.task.D == 3


def test_panel_images_are_crisp_and_not_stretched():
    import ipywidgets as w

    image = w.Image(format="png")
    fig = ExponentExplorer().figure()
    show_figure(image, fig)
    width_px = int.from_bytes(image.value[16:20], "big")
    assert image.layout.width == f"{width_px // 2}px" and image.layout.height == "auto"
    assert width_px >= 2 * 96 * 6                     # a 7-inch figure at twice the screen resolution


def test_embedding_trainer_validates_before_computing():
    with pytest.raises(ValueError, match="heads must be"):
        EmbeddingTrainer(heads=0)                      # no ZeroDivisionError from ceil(E / heads)
    with pytest.raises(ValueError, match="E must be"):
        EmbeddingTrainer(E=0)


def test_embedding_trainer_says_when_E_is_rounded_up():
    c = EmbeddingTrainer(E=30, heads=7, steps=10)
    assert (c.head_dim, c.trained_E) == (5, 35) and c.trainer.settings.head_dim == 5
    assert "E = n h = 35" in c.status and "(asked E = 30, not a multiple of h = 7" in c.status
    title = c.figure().axes[0].get_title()
    assert "E = n h = 35" in title and "\n(asked E = 30" in title
    assert c.configure(E=32, heads=4) and c.trained_E == 32 and "asked" not in c.status


def test_embedding_trainer_reuses_training_controller():
    hc.configure_threads(1)
    c = EmbeddingTrainer(E=16, T=4, heads=1, steps=20)
    assert c.trainer.settings.head_dim == 16 and c.trainer.settings.family == "synthetic"
    assert c.configure(E=16, heads=4) and c.trainer.settings.head_dim == 4
    assert not c.configure(E=0) and "E must be" in c.status and c.E == 16
    assert not c.configure(heads=0) and c.heads == 4
    assert not c.configure(colour=1)
    h = c.run()
    assert h is not None and len(h.train_loss) == 20 and c.ok
    plots.close(c.figure())


def test_embedding_panel_shows_a_figure_before_the_first_run():
    panel = embedding_panel(EmbeddingTrainer(steps=10))
    image = panel.children[-1]
    assert panel.controller.ok and image.value[:4] == b"\x89PNG"      # not an empty (broken) image
    assert "not trained yet" in [t.get_text() for t in panel.controller.figure().axes[0].texts][0]
    hc.configure_threads(1)
    panel.controller.trainer.on_update(panel.controller.trainer)       # what a training step does
    assert image.layout.width.endswith("px")
