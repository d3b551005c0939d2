"""Result views of the synthetic experiments and the live head-count sweep (headcount.experiments.synthetic, headcount.ui.head_sweep)."""
import math

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
import torch  # noqa: E402

import headcount as hc  # noqa: E402
from headcount.experiments import synthetic as ex  # noqa: E402
from headcount.ui import head_sweep, plots, run_control, tables  # noqa: E402
from headcount.diagnostics import head_feature_attention  # noqa: E402
from headcount.training.sweep import load_results  # noqa: E402
from headcount.theory import reversal_score  # noqa: E402


def _rows(values):
    """Rows as run_sweep writes them: values[(h, T)] = [per-seed NMSE]."""
    return [{"key": f"{h}-{T}-{s}", "heads": h, "T": T, "seed": s, "val_nmse": v}
            for (h, T), vals in values.items() for s, v in enumerate(vals)]


ROWS = _rows({(1, 8): [0.2, 0.1, 0.3], (1, 16): [0.4, 0.2, 0.5], (2, 8): [0.01, 0.04, 0.02],
              (2, 16): [0.002, 0.03, 0.03]})


def test_nmse_grid_statistics_over_seeds():
    assert ex.nmse_grid(ROWS) == {1: {8: 0.1, 16: 0.2}, 2: {8: 0.01, 16: 0.002}}
    assert ex.nmse_grid(ROWS, "median") == {1: {8: 0.2, 16: 0.4}, 2: {8: 0.02, 16: 0.03}}
    assert ex.nmse_grid(ROWS, "max")[2][16] == 0.03
    assert math.isclose(ex.nmse_grid(ROWS, "mean")[1][8], 0.2)
    with pytest.raises(ValueError, match="stat must be one of"):
        ex.nmse_grid(ROWS, "mode")
    with pytest.raises(ValueError, match="heads"):
        ex.nmse_grid([{"T": 8, "val_nmse": 0.1}])
    with pytest.raises(ValueError, match="finite"):
        ex.nmse_grid([{"heads": 1, "T": 8, "val_nmse": float("nan")}])


def test_transition_reversal_and_short_T():
    g = ex.nmse_grid(ROWS)
    r = ex.transition_ratios(g, D=2)
    assert r == pytest.approx({8: 10.0, 16: 100.0})
    with pytest.raises(ValueError, match="h = D"):
        ex.transition_ratios(g, D=4)
    scores = ex.reversal_scores(g)
    assert scores[1] == 0.0 and scores[2] == pytest.approx(reversal_score([0.01, 0.002])) and scores[2] > 0
    assert ex.first_positive(scores) == 2 and ex.first_positive({1: 1.0, 2: 0.0}) is None
    assert ex.first_positive({1: 0.5, 2: 0.0, 3: 2.0, 4: 1.0}) == 3
    rise = ex.short_T_rise(g)
    assert rise[2]["best_T"] == 16 and rise[2]["short_over_best"] == pytest.approx(5.0)
    assert rise[1]["best_T"] == 8 and rise[1]["long_over_best"] == pytest.approx(2.0)


def test_reversal_scores_on_the_papers_tables():
    # Fig. 2e: on the paper's Table 3, R(h) is zero below D = 4 and positive from h = 4 on
    t3 = ex.reversal_scores(ex.paper_grid("table3"))
    assert [h for h, v in t3.items() if v > 0] == [4, 5]
    # on Table 2's means h = 3 has one small reversal (6.94e-4 > 6.40e-4)
    t2 = ex.reversal_scores(ex.paper_grid("table2"))
    assert 0 < t2[3] < 0.1 and t2[4] > 1 and t2[5] > 1 and t2[1] == t2[2] == 0
    assert ex.paper_grid("table2")[4][128] == 5.23e-6


def test_seed_lottery_and_markdown():
    lot = {(r["heads"], r["T"]): r for r in ex.seed_lottery(ROWS, factor=3)}
    assert lot[2, 16]["lucky"] == 1 and lot[2, 16]["median_over_min"] == pytest.approx(15.0)
    assert lot[1, 8]["lucky"] == 3 and lot[1, 8]["n"] == 3
    md = str(tables.grid_table(ex.nmse_grid(ROWS), ex.paper_grid("table2")))
    assert md.splitlines()[0] == "| h \\ T | 8 | 16 |"
    assert "| 1 | 1.00e-01 / 7.01e-02 | 2.00e-01 / 1.09e-01 |" in md
    with pytest.raises(ValueError, match="non-empty"):
        tables.grid_table({})


def test_load_table_fails_loudly(tmp_path):
    with pytest.raises(ex.ResultsMissing, match="python -m headcount reproduce table3"):
        ex.load_table("table3", tmp_path)
    (tmp_path / "table3_synthetic.csv").write_text("")
    with pytest.raises(ex.ResultsMissing, match="empty"):
        ex.load_table("table3", tmp_path)
    (tmp_path / "table3_synthetic.csv").write_text("key,heads,T,seed,val_nmse\nabc,1,8,0,0.1\n")
    with pytest.raises(ex.ResultsMissing, match=r"incomplete: .*\(1, 16\).*reproduce table3"):
        ex.load_table("table3", tmp_path)
    assert len(ex.load_table("table3", tmp_path, complete=False)) == 1
    with pytest.raises(ValueError, match="table must be one of"):
        ex.load_table("table9", tmp_path)


def test_figure_draws_ours_paper_and_points():
    fig = plots.nmse_vs_heads(ex.nmse_grid(ROWS), ex.paper_grid("table2"), D=2,
                           points={1: {8: [0.2, 0.1]}})
    ax = fig.axes[0]
    assert ax.get_yscale() == "log" and len(ax.lines) >= 4
    matplotlib.pyplot.close(fig)
    fig = plots.reversal_bars({"ours": {1: 0.0, 2: 1.5}, "paper": {1: 0.0, 2: 2.0}}, D=2)
    assert len(fig.axes[0].patches) == 4
    matplotlib.pyplot.close(fig)
    with pytest.raises(ValueError, match="at least one"):
        plots.reversal_bars({})


def test_seed_values_in_seed_order():
    rows = [{"heads": 1, "T": 8, "seed": 2, "val_nmse": 0.3}, {"heads": 1, "T": 8, "seed": 0, "val_nmse": 0.1}]
    assert ex.seed_values(rows) == {1: {8: [0.1, 0.3]}}


def test_live_settings_validation():
    c = head_sweep.LiveSweep()
    assert not c.configure(h_min=4, h_max=2) and "h range is empty" in c.status
    assert not c.configure(family="max_min", D=3) and "D must be" in c.status
    assert c.settings.family == "synthetic"  # old settings kept
    assert not c.configure(T=()) and "T must hold" in c.status
    assert not c.configure(steps=0) and "steps must be" in c.status
    assert not c.configure(device="tpu") and "device must be one of" in c.status
    if not torch.cuda.is_available():
        assert not c.configure(device="cuda") and "CUDA is not available" in c.status
    assert c.configure(depth=2, save=True) and c.settings.spec(8)["depth"] == 2   # saved through run_sweep
    assert c.configure(depth=1, save=False)
    assert not c.configure(save=True, out="x.txt") and ".csv or .json" in c.status
    assert c.configure(family="smooth", D=3, d=2)
    assert c.settings.resolved_positional() == "learned" and not c.settings.batched
    assert c.configure(family="max_min", D=2, d=1, T=(16, 8)) and c.settings.Ts == (8, 16) and c.settings.batched
    with pytest.raises(ValueError, match="invalid LiveSettings"):
        head_sweep.LiveSweep(head_sweep.LiveSettings(h_min=3, h_max=1))
    assert run_control._parse_ints("8, 16;32") == (8, 16, 32)
    with pytest.raises(ValueError, match="whole numbers"):
        run_control._parse_ints("8, x")


SMALL = dict(family="max_min", D=2, d=1, T=8, h_min=1, h_max=2, seeds=1, steps=30, n_train=256, n_val=128, evals=3)


def test_live_sweep_batched_redraws_and_matches_run_sweep(tmp_path):
    hc.configure_threads(1)
    seen = []
    c = head_sweep.LiveSweep(head_sweep.LiveSettings(**SMALL), redraw_every=0.0, on_update=lambda ctrl: seen.append(dict(ctrl.values)))
    assert c.run() and c.ok and c.status.startswith("done")
    assert sorted(c.final) == [(8, 1, 0), (8, 2, 0)]
    assert sum(1 for v in seen if v) >= 3  # redrawn as each evaluation arrived
    assert set(c.grid()) == {1, 2} and c.transition()  # D - 1 and D in range
    report = head_feature_attention(c.member(8, 2, 0), c.task(8), n=64)
    assert report.mass.shape == (2, 2)
    with pytest.raises(ValueError, match="no trained model"):
        c.member(8, 5, 0)
    fig = c.figure()
    assert fig.axes and fig.axes[0].get_yscale() == "log"
    # the saved route trains the same configurations through run_sweep (resumable, provenance)
    out = tmp_path / "live.csv"
    assert c.configure(save=True, out=str(out))
    assert c.run() and out.exists()
    rows = load_results(out)
    assert len(rows) == 2 and all(r["command"].startswith("LiveSweep(") and r["git_commit"] for r in rows)
    for (T, h, s), v in c.final.items():
        assert v == pytest.approx(next(r["val_nmse"] for r in rows if r["heads"] == h), rel=1e-3)
    mtime = out.stat().st_mtime_ns
    assert c.run() and out.stat().st_mtime_ns == mtime and len(c.final) == 2  # resumed: nothing retrained


def test_live_sweep_single_trainer_fallback_stop_and_thread():
    hc.configure_threads(1)
    assert head_sweep.LiveSweep(head_sweep.LiveSettings(**{**SMALL, "depth": 2})).settings.batched  # any depth batches
    c = head_sweep.LiveSweep(head_sweep.LiveSettings(**{**SMALL, "depth": 2, "h_max": 1, "positional": "learned"}),
                       redraw_every=0.0)
    assert not c.settings.batched
    assert c.run() and list(c.final) == [(8, 1, 0)]
    assert c.member(8, 1, 0).config.depth == 2
    # Stop from the update hook ends the run early, and the status says so
    c2 = head_sweep.LiveSweep(head_sweep.LiveSettings(**{**SMALL, "steps": 2000, "evals": 100}), redraw_every=0.0,
                      on_update=lambda ctrl: ctrl.stop() if ctrl.values else None)
    assert not c2.run() and c2.status.startswith("stopped") and not c2.final
    c3 = head_sweep.LiveSweep(head_sweep.LiveSettings(**SMALL))
    assert c3.start() and not c3.start()
    c3.join(60)
    assert not c3.running and len(c3.final) == 2
    c3.configure(steps=10)


def _widgets(box):
    for child in getattr(box, "children", ()):
        yield child
        yield from _widgets(child)


def test_live_panel_builds_reports_bad_input_and_trains():
    hc.configure_threads(1)
    panel = head_sweep.live_sweep_panel()
    c = panel.controller
    assert c.settings == head_sweep.LiveSettings() and panel.children
    ws = {getattr(w, "description", ""): w for w in _widgets(panel)}
    status = next(w for w in _widgets(panel) if type(w).__name__ == "HTML")
    ws["T (list)"].value = "16, x"
    ws["train"].click()
    assert not c.ok and "whole numbers" in status.value and not c.running
    ws["T (list)"].value = "8"
    ws["task"].value, ws["D"].value = "max_min", 3
    ws["train"].click()
    assert "D must be" in status.value and not c.running
    ws["D"].value, ws["d"].value, ws["steps"].value, ws["seeds"].value = 2, 1, 50, 1
    ws["heads h"].value = (1, 2)
    ws["train"].click()
    c.join(60)
    assert c.ok and c.status.startswith("done") and sorted(c.final) == [(8, 1, 0), (8, 2, 0)]


def test_live_sweep_save_path_checked_before_training_and_absolute_by_default(tmp_path):
    s = head_sweep.LiveSettings()
    assert s.out.endswith("results/live_sweep.csv") and s.out.startswith("/")  # not relative to the kernel's folder
    blocker = tmp_path / "file"
    blocker.write_text("x")
    c = head_sweep.LiveSweep(head_sweep.LiveSettings(**SMALL))
    assert not c.configure(save=True, out=str(blocker / "live.csv")) and "is a file, not a folder" in c.status
    assert not c.settings.save and not c.values  # nothing trained
    assert c.configure(save=True, out=str(tmp_path / "new" / "live.csv")) and (tmp_path / "new").is_dir()


def test_live_sweep_stop_keeps_what_finished_and_reports_progress(tmp_path):
    hc.configure_threads(1)
    statuses = []

    def hook(ctrl):
        statuses.append(ctrl.status)
        if len(ctrl.final) == 1:
            ctrl.stop()

    settings = {**SMALL, "T": (8, 12), "h_max": 1, "steps": 40}  # T = 8 finishes first, then T = 12 starts
    c = head_sweep.LiveSweep(head_sweep.LiveSettings(**settings), redraw_every=0.0, on_update=hook)
    assert not c.run() and len(c.final) == 1
    assert c.status.startswith("stopped") and "1 of 2 configuration(s) finished" in c.status
    assert any("step" in s and "0/2 configuration(s) finished" in s for s in statuses)
    fig = c.figure()
    assert fig.axes[0].get_yscale() == "log"  # the finished configuration is plotted
    # saved route: the finished configuration is in the file, the cut one is not
    out = tmp_path / "live.csv"
    c2 = head_sweep.LiveSweep(head_sweep.LiveSettings(**settings, save=True, out=str(out)), redraw_every=0.0, on_update=hook)
    assert not c2.run() and len(c2.final) == 1 and len(load_results(out)) == 1
    assert "1 of 2 configuration(s) finished; saved to" in c2.status


def test_an_interrupt_during_a_foreground_run_leaves_no_training_status(monkeypatch):
    """Kernel > Interrupt while run() trains in the kernel's thread: the status says so, KeyboardInterrupt goes on."""
    c = head_sweep.LiveSweep(head_sweep.LiveSettings(**SMALL))

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(head_sweep, "train_configs", interrupted)
    with pytest.raises(KeyboardInterrupt):
        c.run()
    assert not c.running and c.status.startswith("interrupted")
