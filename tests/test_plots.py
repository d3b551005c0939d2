"""The experiment figures of notebooks 03 and 04 draw what they are given."""
import matplotlib

matplotlib.use("Agg")

import torch  # noqa: E402

import headcount as hc  # noqa: E402
from headcount.ui import plots  # noqa: E402
from headcount.experiments.bottleneck import Collision  # noqa: E402
from headcount.experiments.scaling import fit_loglog  # noqa: E402


def test_width_scaling_figure_has_a_panel_per_head_and_a_line_per_T():
    widths, Ts = [8, 16, 32], [8, 32]
    table = {(h, T, w): 0.1 * T / (h * w) for h in (2, 4) for T in Ts for w in widths}
    fits = {(h, T): fit_loglog(widths, [table[h, T, w] for w in widths]) for h in (2, 4) for T in Ts}
    fig = plots.width_scaling_figure(table, fits, [2, 4], Ts, widths, D=4, title="t")
    axes = fig.axes
    assert [ax.get_title() for ax in axes] == ["h = 2 (< D)", "h = 4 (= D)"]
    assert [t.get_text() for t in axes[0].get_legend().get_texts()] == ["T=8: slope -1.00", "T=32: slope -1.00"]
    plots.close(fig)


def test_embedding_sweep_figure_marks_the_memorization_threshold():
    table = {(h, T, e): 1.0 / (h * e) for h in (1, 4) for T in (4, 8) for e in (4, 16, 64)}
    fig = plots.embedding_sweep_figure(table, [4, 8], D=4, d=4)
    labels = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert labels == ["h = 1", "h = 4 (= D)", "E = T d = 32"]
    plots.close(fig)


def test_collision_figure_shows_both_sequences_and_their_attention():
    model = hc.build_model(hc.ModelConfig(d=1, T=6, heads=1), seed=0)
    X1, X2 = torch.rand(6, 1), torch.rand(6, 1)
    pair = Collision(X1, X2, 0.5, 0.9, 0.6, 0.6, 1e-4, 0.4, 10.0, "test")
    fig = plots.collision_figure(pair, model, "one head")
    top, bottom = fig.axes
    assert len(top.lines) == 2 and len(bottom.patches) == 12
    assert "|y1 - y2| = 0.400" in top.get_title()
    plots.close(fig)
