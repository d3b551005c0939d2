"""Notebook 06's figures and the Markdown tables of notebooks 05-06 draw and print what they are given."""
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from headcount.experiments import realdata as rd  # noqa: E402
from headcount.ui import plots, tables  # noqa: E402
from headcount.ui import realdata_plots as rp  # noqa: E402


def _summary(groups, hs, key=lambda g, h: (g, h)):
    return {key(g, h): {"mean": 0.1 * h / g, "std": 0.01} for g in groups for h in hs}


def test_heads_axis_shows_integer_head_counts_without_minor_labels():
    fig = rp.accuracy_vs_heads(_summary([1, 2], [1, 2, 4, 8]), [1, 2], [1, 2, 4, 8], log=True)
    ax = fig.axes[0]
    fig.canvas.draw()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2", "4", "8"]
    assert ax.get_xticklabels(minor=True) == [] or all(not t.get_text() for t in ax.get_xticklabels(minor=True))
    assert ax.get_xscale() == "log"
    plots.close(fig)


def test_vit_figure_says_so_when_every_reversal_score_is_zero():
    hs, frames = [1, 2, 4], [14, 28]
    summary = _summary(frames, hs, key=lambda f, h: (h, f))
    fig = rp.vit_figure(summary, hs, frames, {14: 4, 28: 16}, {h: 0.0 for h in hs})
    assert any("R(h) = 0 for every h" in t.get_text() for t in fig.axes[1].texts)
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["frame 14 (T=4)", "frame 28 (T=16)"]
    plots.close(fig)
    fig = rp.vit_figure(summary, hs, frames, {14: 4, 28: 16}, {1: 0.0, 2: 0.5, 4: 1.0})
    assert not fig.axes[1].texts
    plots.close(fig)


def test_paper_tables_and_text_figures_draw_one_line_per_T():
    fig = rp.paper_tables_figure(rd.PAPER_TEXT_TRAIN, rd.PAPER_TEXT_T, rd.PAPER_IMAGE_TRAIN, rd.PAPER_IMAGE_T)
    assert len(fig.axes[0].lines) == len(rd.PAPER_TEXT_T) and len(fig.axes[1].lines) == len(rd.PAPER_IMAGE_T)
    assert "2.5" not in [t.get_text() for t in fig.axes[0].get_xticklabels()]
    plots.close(fig)
    main = _summary([1, 2], [1, 2, 4])
    by_T = {(T, 2, h): {"mean": 0.5, "std": 0.0} for T in (4, 8) for h in (1, 2, 4)}
    fig = rp.text_figure(main, [1, 2], [1, 2, 4], 8, by_T, [4, 8], 2)
    assert [t.get_text() for t in fig.axes[1].get_legend().get_texts()] == ["T=4", "T=8"]
    plots.close(fig)


def test_image_figures_draw_each_image():
    images, labels = np.random.default_rng(0).random((20, 7, 7)), np.arange(20) % 10
    fig = rp.class_examples_figure(images, labels, [str(c) for c in range(10)])
    assert len(fig.axes) == 10
    plots.close(fig)
    X = np.zeros((1, 3, 49 + 2))
    X[0, 1, 49 + 1] = 1
    fig = rp.marked_sequence_figure(X, np.array([[3, 5]]), [str(c) for c in range(10)])
    assert [ax.get_title() for ax in fig.axes] == ["", "slot 2", ""]
    assert "slot 1 = 3, slot 2 = 5" in fig._suptitle.get_text()
    plots.close(fig)
    fig = rp.framed_figure([np.zeros((14, 14))] * 2, patch=7, T=4)
    assert len(fig.axes) == 2
    plots.close(fig)


def test_markdown_tables():
    assert str(tables.markdown_table(["a", "b"], [[1, 2]])) == "| a | b |\n|---|---|\n| 1 | 2 |\n"
    out = str(tables.ratios_markdown({"ours": {8: 10.0, 16: 20.0}, "paper": {8: 5.0}}))
    assert "| 16 | 20.0x | - |" in out and out.startswith("NMSE(h=D-1) / NMSE(h=D)\n| T | ours | paper |")
    out = str(tables.scores_markdown({"x": {1: 0.0, 2: 0.5, 3: 1.0}}))
    assert out.splitlines()[-1] == "| x | 0.000 | 0.500 | 1.000 | 2 |"
    out = str(tables.summary_markdown({(1, 2): {"mean": 0.5, "std": 0.1}}, [1], [2, 4], "D", "h"))
    assert out.splitlines()[-1] == "| 1 | 0.500 ± 0.100 | - |"
    cells = [{"heads": 4, "T": 8, "min": 1e-3, "median": 2e-3, "median_over_min": 2.0, "lucky": 2, "n": 3}]
    assert "| 4 | 8 | 1.00e-03 | 2.00e-03 | 2.00 | 2/3 |" in str(tables.lottery_markdown(cells))


def test_tables_display_as_tables():
    """A table ending a cell renders as HTML (JupyterLab, Colab, the book, the slides); print gives Markdown."""
    from IPython.core.formatters import DisplayFormatter

    t = tables.ratios_markdown({"ours": {8: 10.0}, "a<b": {8: 5.0}}, what="ratio & more")
    data, _ = DisplayFormatter().format(t)
    assert data["text/html"] == ('<table class="hc-table"><caption>ratio &amp; more</caption><thead><tr><th>T</th>'
                                 '<th>ours</th><th>a&lt;b</th></tr></thead><tbody><tr><td style="text-align: right">'
                                 '8</td><td style="text-align: right">10.0x</td><td style="text-align: right">5.0x'
                                 '</td></tr></tbody></table>')
    assert data["text/markdown"] == "ratio & more\n\n| T | ours | a<b |\n|---|---|---|\n| 8 | 10.0x | 5.0x |\n"
    assert data["text/plain"] == str(t).rstrip("\n")
    grid = tables.grid_table({1: {8: 0.1, 16: 0.2}, 2: {8: 0.01}}, {1: {8: 0.07}})
    assert str(grid) == ("| h \\ T | 8 | 16 |\n|---|---|---|\n| 1 | 1.00e-01 / 7.00e-02 | 2.00e-01 / - |\n"
                         "| 2 | 1.00e-02 / - | - / - |\n")
    assert '<td style="text-align: right"><span style="white-space: nowrap">1.00e-01</span> / <span style="white-space: ' \
           'nowrap">7.00e-02</span></td>' in grid._repr_html_()  # a cell wraps at " / ", never inside 1.00e-01
    with pytest.raises(ValueError, match="non-empty"):
        tables.grid_table({})
    with pytest.raises(ValueError, match="do not have 2 cells"):
        tables.markdown_table(["a", "b"], [[1]])
