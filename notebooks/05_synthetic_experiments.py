# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 05 · The synthetic experiments, reproduced and explorable
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/headcount-course/headcount/blob/main/notebooks/05_synthetic_experiments.ipynb)
# [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/headcount-course/headcount/main?urlpath=lab/tree/notebooks/05_synthetic_experiments.ipynb)
#
# Notebooks 02-04 proved the three parts of Theorem 2 and trained small models to illustrate each. Here we
# reproduce the paper's own evidence, the synthetic experiment of §6.1 and App. B.1: the task
# $y = \sum_{i=1}^{4} \max_t a_i^\top x^{(t)}$ with Gaussian tokens ($D = d = 4$), single-layer transformers
# with $h = 1..5$ heads, $T \in \{8, 16, 32, 64, 128\}$, 8000 training and 2000 validation sequences
# (Yu et al., ICLR 2026). The full-scale sweeps are loaded from `data/results/`; the live parts retrain small
# versions in seconds (the same sizes in FAST mode: what they assert depends on their budgets).
#
# **Learning objectives.** After this notebook you can
# 1. read Fig. 1a and Tables 2-3: NMSE against $h$ for each $T$, the jump at $h = D$, and how our
#    reproduction compares with the paper's numbers;
# 2. explain the *seed lottery* (min against median over seeds), diagnose a stuck seed with the head-collapse
#    diagnostic, and say what the paper's "minimum over seeds" does and does not measure;
# 3. compute the weighted reversal score $R(h)$ of Fig. 2e and read Remark B.1.1 (the short-$T$ rise) on
#    real numbers, including where our results do not show it;
# 4. run your own head-count sweep (any $D$, task family and depth) and predict where the transition goes.

# %% tags=["setup", "nbval-ignore-output"]
# Set-up: the same cell in every notebook. On Colab it fetches the course (library and committed data)
# and installs it with a regular (not editable) pip install, which the running kernel imports at once;
# elsewhere it does nothing (`make lab` has installed the library).
import os
import subprocess
import sys

COURSE_REPO = "https://github.com/headcount-course/headcount"
COURSE_DIR = "/content/headcount"
if "google.colab" in sys.modules:
    if not os.path.isdir(COURSE_DIR):
        subprocess.run(["git", "clone", "-q", "--depth", "1", COURSE_REPO, COURSE_DIR], check=True)
        # --no-deps: Colab already has torch, numpy, matplotlib, seaborn, ipywidgets and tqdm.
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", COURSE_DIR], check=True)
    os.environ.setdefault("HEADCOUNT_DATA", os.path.join(COURSE_DIR, "data"))

# %%
from pathlib import Path

import matplotlib.pyplot as plt

import headcount as hc
from headcount.experiments import synthetic as ex
from headcount.ui import plots
from headcount.experiments.datasets import data_dir
from headcount.diagnostics import head_feature_attention
from headcount.ui.live import LiveSettings, LiveSweep
from headcount.ui.live_panels import live_sweep_panel
from headcount.training.sweep import load_results
from headcount.experiments.paper_tables import PAPER_TABLE2_MEAN, PAPER_TABLE2_STD
from headcount.theory import reversal_score

hc.configure_threads()
SEED = 0
D = 4  # the intrinsic dimension of the paper's synthetic task

# %%
# NBVAL_IGNORE_OUTPUT
print(hc.device_report())

# %% [markdown]
# ## 1. The experiment and our results files
#
# The paper fixes the task, the model and the grid (NOTES §5.1): each token goes through a two-layer ReLU MLP
# of width $N = 32$ to $\mathbb R^{8h}$ (per-head dimension $n = 8$), a class token attends with $h$ heads, no
# positional encoding, no LayerNorm, and a two-layer GELU MLP of width $N$ reads the class token out. It
# reports the **minimum validation NMSE over seeds** (Fig. 1a) and mean $\pm$ std (Table 2); Table 3 fixes
# the total width $E = 32$ instead ($n = \lceil 32/h \rceil$).
#
# The paper gives no optimizer, learning rate, steps or number of seeds (NOTES §7). We use the library's
# recipe (`headcount.training.train.TrainConfig`: AdamW, peak learning rate $10^{-2}$, warmup then cosine decay,
# batch 128, 2000 steps, softmax scale $\beta = 1$) and 3 seeds. The sweeps were made with
# `python -m headcount reproduce table2` and `... table3` (resumable, one row per configuration with its
# provenance). If a file is missing, the next cell says which command makes it.

# %%
RESULTS = data_dir() / "results"   # the committed results (data/results/README.md says how each was made)
rows2 = ex.load_table("table2", RESULTS)
rows3 = ex.load_table("table3", RESULTS)

# %%
# NBVAL_IGNORE_OUTPUT
for name, rows in (("table2", rows2), ("table3", rows3)):
    own = [r for r in rows if not r.get("reused_from")]
    r0 = own[0] if own else rows[0]
    print(f"{name}: {len(rows)} rows ({len(rows) - len(own)} reused from an identical configuration of the other "
          f"table) | made by: {r0['command']} | {r0['device']} | torch {r0['torch']} | commit {str(r0['git_commit'])[:8]}")
    print(f"        steps {r0['steps']}, batch {r0['batch_size']}, lr {r0['lr']}, beta {r0['beta']}, "
          f"{r0['n_train']}/{r0['n_val']} examples, seeds {sorted({r['seed'] for r in rows})}, "
          f"total wall time {sum(float(r['wall_time']) for r in rows) / 60:.1f} min")

# %% [markdown]
# ## 2. Fig. 1a and Table 2: NMSE against $h$
#
# Our minimum over seeds, cell by cell, and (second table) our mean over seeds next to the paper's mean
# (the paper's Table 2 gives mean $\pm$ std; its minima appear only as the points of Fig. 1a):

# %%
T2 = sorted({r["T"] for r in rows2})
ours2 = ex.nmse_grid(rows2, "min")
mean2 = ex.nmse_grid(rows2, "mean")
paper2 = ex.paper_grid("table2")
print("Table 2 (n = 8, E = 8h): our min validation NMSE over seeds")
print(ex.grid_markdown(ours2))
print("Table 2: our mean over seeds / the paper's mean")
print(ex.grid_markdown(mean2, paper2))

# %%
fig = plots.nmse_vs_heads(ours2, paper2, D=D, points=ex.seed_values(rows2),
                       title="Fig. 1a: ours (min over seeds, solid; dots = each seed) and the paper (Table 2 mean, dashed)")
plt.show()

# %% [markdown]
# The shape is the paper's: NMSE falls with $h$ and drops by more than an order of magnitude from $h = 3$
# to $h = D = 4$, then moves much less at $h = 5$. The level is not: our errors at $h \ge D$ lie between
# $3 \times 10^{-4}$ and $2 \times 10^{-3}$ and grow with $T$, one to two orders of magnitude above the paper's
# ($10^{-5}$-$10^{-6}$). With 2000 steps our $h \ge D$ models are limited by optimization, not by what the
# architecture can express; the paper trained longer (how long, it does not say).
#
# The claims, asserted on the loaded results: at every $T$ the minimum over seeds at $h = D$ is at least
# **10x** below $h = D - 1$ (so is the median), and one more head beyond $D$ gains far less than the step to
# $D$ did; and the *worst* $h = D$ cell (longest $T$) is still more than 5x below the *best* $h = D - 1$ cell
# (shortest $T$): the number of heads matters more than the length. The mean is another matter (§4).

# %%
ratio2 = ex.transition_ratios(ours2, D)
ratio2_median = ex.transition_ratios(ex.nmse_grid(rows2, "median"), D)
ratio2_mean = ex.transition_ratios(mean2, D)
ratio2_paper = ex.transition_ratios(paper2, D)
print(f"{'T':>4} {'ours: min':>10} {'ours: median':>13} {'ours: mean':>11} {'paper: mean':>12}   NMSE(h=3) / NMSE(h=4)")
for T in T2:
    print(f"{T:>4} {ratio2[T]:>9.1f}x {ratio2_median[T]:>12.1f}x {ratio2_mean[T]:>10.1f}x {ratio2_paper[T]:>11.1f}x")
assert max(ours2[D].values()) * 5 < min(ours2[D - 1].values()), "worst h = D cell is 5x below the best h = D - 1"
for T in T2:
    assert ratio2[T] >= 10, f"T={T}: h = D must be at least 10x below h = D - 1 (min over seeds)"
    assert ratio2_median[T] >= 10, f"T={T}: the median over seeds shows the jump too"
    assert ours2[D][T] / ours2[D + 1][T] < ratio2[T] / 3, f"T={T}: beyond D, one more head gains far less"
    assert all(ours2[h][T] > ours2[D][T] for h in range(1, D)), f"T={T}: every h < D is worse than h = D"

# %% [markdown]
# ## 3. Table 3: the same at a fixed total width $E = 32$
#
# A reviewer's objection: with $n = 8$ fixed, more heads also means a wider attention ($E = 8h$). Table 3
# answers it by holding $E = nh = 32$ fixed ($n = \lceil 32/h\rceil$, so $E = 33$ at $h = 3$ and $35$ at
# $h = 5$). The paper does not say whether Table 3 shows minima or means; we show our minima next to it.

# %%
T3 = sorted({r["T"] for r in rows3})
ours3 = ex.nmse_grid(rows3, "min")
paper3 = ex.paper_grid("table3")
print("Table 3 (E = 32): our min validation NMSE over seeds / the paper's value")
print(ex.grid_markdown(ours3, paper3))
ratio3 = ex.transition_ratios(ours3, D)
ratio3_paper = ex.transition_ratios(paper3, D)
print("NMSE(h=3) / NMSE(h=4):  ours " + ", ".join(f"{ratio3[T]:.0f}x" for T in T3)
      + " | paper " + ", ".join(f"{ratio3_paper[T]:.0f}x" for T in T3))

# %%
fig = plots.nmse_vs_heads(ours3, paper3, D=D, title="Table 3 (E = 32): ours (min over seeds, solid), paper (dashed)")
plt.show()
for T in T3:
    assert ratio3[T] >= 10, f"Table 3, T={T}: at fixed width E, h = D is still at least 10x below h = D - 1"

# %% [markdown]
# At a fixed width the jump stays: it comes from the number of heads, not from the extra width.
#
# ## 4. The seed lottery, honestly
#
# Fig. 1a plots the **minimum** over seeds. How far is a typical seed from the lucky one? Per cell of our
# Table 2: the minimum, the median, and how many seeds land within 3x of the best.

# %%
lottery = ex.seed_lottery(rows2, factor=3)
print(f"{'h':>2} {'T':>4} {'min':>9} {'median':>9} {'median/min':>10} {'seeds within 3x of min':>24}")
for c in lottery:
    print(f"{c['heads']:>2} {c['T']:>4} {c['min']:>9.2e} {c['median']:>9.2e} {c['median_over_min']:>10.2f} "
          f"{c['lucky']:>20}/{c['n']}")

# %% [markdown]
# With our recipe (tuned so that $h = D$ escapes the plateau; see `TrainConfig`'s docstring) every $h = 4$
# seed lands near the best one up to $T = 64$, and the lottery shows up mostly at $h < D$. At $T = 128$ one
# of the three $h = 4$ seeds is **stuck**: its NMSE ($6 \times 10^{-2}$) is worse than the best $h = 3$ seed.
# That one seed pulls the mean at $h = 4$, $T = 128$ up by an order of magnitude and shrinks the *mean*
# transition ratio to a few x (§2's table), while the median and the minimum barely notice it.
# The **paper's** Table 2 shows the same signature at $h = 4$: its standard deviation over seeds is
# *larger than the mean* at every $T$ (2.5-6x the mean for $T \le 64$). For non-negative numbers that means
# a heavy tail: most seeds are near the minimum and one or a few are far above it (stuck seeds), which also
# drags the mean up.

# %%
print(f"{'T':>4}  paper Table 2 at h = 4: mean, std, std/mean")
for i, T in enumerate((8, 16, 32, 64, 128)):
    m, s = PAPER_TABLE2_MEAN[4][i], PAPER_TABLE2_STD[4][i]
    print(f"{T:>4}  {m:.2e}  {s:.2e}  {s / m:.1f}")
assert all(PAPER_TABLE2_STD[4][i] > PAPER_TABLE2_MEAN[4][i] for i in range(5)), "paper: std > mean at h = 4"
for c in lottery:
    if c["heads"] == D:
        assert c["median_over_min"] < 3, f"T={c['T']}: at h = D the median seed is close to the best one"
        vals = ex.seed_values(rows2)[D][c["T"]]
        if max(vals) > 10 * c["min"]:
            print(f"ours, h = D, T = {c['T']}: a stuck seed ({max(vals):.1e}); mean {sum(vals) / len(vals):.1e}, "
                  f"median {c['median']:.1e}, min {c['min']:.1e}")
            assert sum(vals) / len(vals) > 3 * c["median"], "a stuck seed dominates the mean, not the median"

# %% [markdown]
# ### A stuck seed, diagnosed
#
# A shorter budget brings the lottery back at $h = D$. We train six seeds of $h = 4$ at $T = 16$ for 600
# steps (the live sweep of §7, about 20 s), then ask notebook 02's head-collapse diagnostic which feature
# each head attends to. Same budget in FAST mode: whether a seed gets stuck depends on it.

# %%
# NBVAL_IGNORE_OUTPUT
stuck_run = LiveSweep(LiveSettings(family="synthetic", D=D, d=4, T=16, h_min=D, h_max=D, seeds=6, steps=600))
assert stuck_run.run(), stuck_run.status
print(stuck_run.status)
finals = {seed: v for (T, h, seed), v in stuck_run.final.items()}
diag = {s: head_feature_attention(stuck_run.member(16, D, s), stuck_run.task(16)) for s in finals}
for s, v in sorted(finals.items(), key=lambda kv: kv[1]):
    r = diag[s]
    print(f"seed {s}: NMSE {v:.2e} | head -> feature {['-' if a is None else f'f{a + 1}' for a in r.assignment]} "
          f"| uncovered {['f%d' % (i + 1) for i in r.uncovered] or 'none'}")

# %%
# NBVAL_IGNORE_OUTPUT
best_seed, worst_seed = min(finals, key=finals.get), max(finals, key=finals.get)
for s in (best_seed, worst_seed):
    fig = plots.head_feature_figure(diag[s], title=f"h = 4, T = 16, seed {s}: NMSE {finals[s]:.1e}")
    plt.show()
assert diag[best_seed].one_feature_per_head, "the best seed gives each head its own feature"
stuck = [s for s, v in finals.items() if v > 5 * finals[best_seed]]
print(f"stuck seeds (NMSE > 5x the best): {stuck}; median/min over the six seeds: "
      f"{sorted(finals.values())[2] / finals[best_seed]:.1f}x (lower median)")
for s in stuck:
    assert diag[s].uncovered, f"seed {s}: a stuck h = D seed leaves a feature uncovered"

# %% [markdown]
# A stuck seed has the heads it needs, but some never specialized (uniform attention), split their attention
# between two features, or landed on a feature another head already covers; so a feature is **uncovered**
# and the model behaves like one with fewer heads.
#
# **What this means for "min over seeds".** The minimum measures what the architecture *can* reach when
# optimization succeeds: the right quantity for an approximation theorem, which is a statement about the
# best weights. It says little about what one training run gives you; the median does. Two consequences for
# reading the paper: (1) the jump at $h = D$ in Fig. 1a is a statement about expressivity, helped by
# picking the best of several seeds; the number of seeds is not reported, and more seeds can only lower a
# minimum; (2) at $h \ge D$ a mean over seeds is dominated by the stuck seeds (ours at $T = 128$; the paper's
# std > mean), so a mean and a min can differ by orders of magnitude. Our asserted transition holds for the
# median too (§2): it is not an artefact of picking the best seed.
#
# ## 5. The weighted reversal score $R(h)$ (Fig. 2e)
#
# To tell "$h < D$" from "$h \ge D$" without knowing $D$, the paper asks whether a *longer* sequence was ever
# *easier* (NOTES §5.4):
# $$R(h) = \frac{1}{w_h}\sum_{T_1 < T_2} \max\big(\mathrm{err}(T_1) - \mathrm{err}(T_2),\ 0\big),
# \qquad w_h = \max_T \mathrm{err}(T) - \min_T \mathrm{err}(T).$$
# Below $D$ the error grows with $T$ (Theorem 2(2)), so no pair reverses and $R(h) = 0$; at and above $D$
# the error is flat in $T$ and noise (or Remark B.1.1's effect) makes reversals, so $R(h) > 0$. The paper
# reports that on the synthetic task $R(h)$ "becomes positive exactly at $h = 4$".
# `ex.reversal_scores` applies `theory.reversal_score` to each row of a grid:

# %%
R_sets = {
    "paper Table 3": ex.reversal_scores(paper3),
    "paper Table 2 (mean)": ex.reversal_scores(paper2),
    "ours Table 2 (min)": ex.reversal_scores(ours2),
    "ours Table 2 (median)": ex.reversal_scores(ex.nmse_grid(rows2, "median")),
    "ours Table 3 (min)": ex.reversal_scores(ours3),
}
print(f"{'':<23}" + "".join(f"{'h=' + str(h):>8}" for h in range(1, 6)) + "   first h from which R > 0")
for label, sc in R_sets.items():
    print(f"{label:<23}" + "".join(f"{sc[h]:>8.3f}" for h in range(1, 6)) + f"   {ex.first_positive(sc)}")
fig = plots.reversal_bars(R_sets, D=D)
plt.show()

# %% [markdown]
# What the numbers say:
#
# * On the **paper's Table 3**, $R(h)$ is zero for $h < 4$ and positive from $h = 4$: the paper's claim,
#   exactly. On its **Table 2 means**, $h = 3$ already has one small reversal ($6.94 \cdot 10^{-4}$ at $T = 8$
#   against $6.40 \cdot 10^{-4}$ at $T = 16$, $R = 0.06$) before the large scores at $h \ge 4$; so the
#   "exactly at $h = 4$" of Fig. 2e is not what Table 2's means give, and presumably comes from the
#   per-seed minima that the paper does not tabulate.
# * On **our** results the claim does **not** hold. At $h \ge D$ our NMSE rises steadily with $T$ (2.5-3.5x
#   from $T = 8$ to $T = 128$), so $R(D) = 0$ and $R(5)$ is tiny; meanwhile $h = 2$ gets the largest score,
#   because its minimum at $T = 128$ happens to come from a lucky seed ($4.6 \times 10^{-2}$ against
#   $7$-$8 \times 10^{-2}$ at $T = 32, 64$). $R$ counts every reversal, whatever caused it, so with three
#   seeds the lottery alone creates reversals below $D$ (and the medians move them to $h = 3$). Our $h \ge D$
#   models are optimization-limited (§2): a longer sequence costs more steps to fit, and that
#   $T$-dependence removes the reversals the paper sees at its much lower error level. $R(h)$ separates the
#   regimes only once the $h \ge D$ curves are flat to within their noise, and the $h < D$ noise is small
#   next to their growth with $T$.
#
# Asserted: the paper's Table 3 gives exactly $\{4, 5\}$, its Table 2 means a small $R(3)$; on ours,
# $R(D)$ stays below 0.5 at this budget (a rerun of these files at a larger budget must fail this assert
# on purpose, and the section be rewritten). What a larger budget does is shown right after.

# %%
assert [h for h, v in R_sets["paper Table 3"].items() if v > 0] == [4, 5], "Fig. 2e on the paper's Table 3"
assert 0 < R_sets["paper Table 2 (mean)"][3] < 0.1 < R_sets["paper Table 2 (mean)"][4]
assert R_sets["ours Table 2 (min)"][D] < 0.5, "ours: no clear reversal at h = D (see the text)"
assert R_sets["ours Table 3 (min)"][D] < 0.5, "ours, Table 3: no clear reversal at h = D (see the text)"

# %% [markdown]
# ### Twice the training, on a GPU
#
# Is it the budget? `data/results/table2_steps4000_cuda.csv` is Table 2 again with 4000 steps instead of
# 2000, run on a GPU in two minutes (the command is in `data/results/README.md`; about 45 minutes on a
# 2-core CPU). Same recipe otherwise.

# %%
rows2_long = load_results(RESULTS / "table2_steps4000_cuda.csv")
long_min, long_median = ex.nmse_grid(rows2_long, "min"), ex.nmse_grid(rows2_long, "median")
print("made by:", rows2_long[0]["command"].split(" --out")[0], "| steps:", rows2_long[0]["steps"])
print("NMSE(h=3)/NMSE(h=4), min over seeds:", {T: round(v) for T, v in ex.transition_ratios(long_min, D).items()})
long_Ts = sorted({r["T"] for r in rows2_long})
runs_per_T = {T: [r["val_nmse"] for r in rows2_long if r["heads"] >= D and r["T"] == T] for T in long_Ts}
seeds_ok = {T: f"{sum(v <= 1e-3 for v in vals)}/{len(vals)}" for T, vals in runs_per_T.items()}
print("runs with h >= D at NMSE <= 1e-3, per T:", seeds_ok)
R_long = {"4000 steps (min)": ex.reversal_scores(long_min), "4000 steps (median)": ex.reversal_scores(long_median)}
for label, sc in R_long.items():
    print(f"R(h), {label:<20}" + "".join(f"{sc[h]:>8.3f}" for h in sorted(sc)))
print("h = 5: best T and NMSE(T=8)/best:", {k: round(v, 2) if isinstance(v, float) else v
                                          for k, v in ex.short_T_rise(long_min)[D + 1].items()})

# %% [markdown]
# With twice the steps every $h \ge D$ run reaches NMSE $\le 10^{-3}$ at every $T$, the jump at $h = D$
# grows to 40-80x, and **on the median over seeds** the reversal score behaves as the paper says: about
# zero below $D$ and clearly positive at $h = 4$ and $5$. The minimum over seeds still gives $R(4) = 0$
# (its $T = 128$ cell is the worst), and at $h = 5$ the shortest $T$ is no longer the best one: the first
# hint of Remark B.1.1. So the missing signatures above are a matter of budget, not of the theory:
# $R(h)$ needs the $h \ge D$ curves to be flat in $T$ to within their noise.

# %%
assert all(v >= 10 for v in ex.transition_ratios(long_min, D).values()), "4000 steps: the jump at h = D"
assert all(vals and max(vals) <= 1e-3 for vals in runs_per_T.values()), "4000 steps: every h >= D run <= 1e-3"
below = max(R_long["4000 steps (median)"][h] for h in range(1, D))
assert R_long["4000 steps (median)"][D] > below and R_long["4000 steps (median)"][D + 1] > below, \
    "4000 steps, median over seeds: R(h) is larger at h >= D than at any h < D"

# %% [markdown]
# ## 6. Remark B.1.1: the short-$T$ rise at $h \ge D$
#
# The paper's zoom (Fig. 3) shows that for $h \ge D$ the validation NMSE first *falls* as $T$ grows and then
# rises slowly. Its explanation: at short $T$ the model can either retrieve with attention (Theorem 2(1)) or
# memorize the whole short sequence in the FFN (Theorem 2(3), notebook 04), and the memorizing route
# generalizes worse; at long $T$ memorizing is impossible and attention wins. The paper does not prove this
# trade-off. `ex.short_T_rise` reports, per $h$, where along $T$ the NMSE is lowest and how much higher
# it is at the shortest and at the longest $T$:

# %%
print(f"{'':<16}{'h':>3} {'best T':>7} {'NMSE(T_min)/best':>17} {'NMSE(T_max)/best':>17}")
for label, grid in (("paper Table 2", paper2), ("paper Table 3", paper3), ("ours Table 2", ours2),
                    ("ours Table 3", ours3)):
    for h, r in ex.short_T_rise(grid).items():
        if h >= D:
            print(f"{label:<16}{h:>3} {r['best_T']:>7} {r['short_over_best']:>17.2f} {r['long_over_best']:>17.2f}")

# %% [markdown]
# In the paper the effect is large: at $h \ge D$ the shortest sequences ($T = 8$) are 4-12x *worse* than the
# best $T$ (Table 2 at $h = 5$: $3.35 \cdot 10^{-5}$ at $T = 8$, $3.99 \cdot 10^{-6}$ at $T = 128$; Table 3
# at $h = 4$: lowest at $T = 32$). In **our** results it is absent: at $h \ge D$ the best $T$ is the
# shortest one in both tables, i.e. our errors only grow with $T$. That fits the explanation above: the
# rise is a few $\times 10^{-5}$ in the paper, far below our optimization floor of about $5 \times 10^{-4}$,
# so at our budget it cannot show. Reproducing Remark B.1.1 needs the paper's error level (more steps;
# the GPU route of `python -m headcount reproduce table2 --device cuda`).

# %%
for grid, h in ((paper2, 5), (paper3, 4)):
    assert ex.short_T_rise(grid)[h]["short_over_best"] > 2, "the paper: short T is worse at h >= D"
for grid in (ours2, ours3):
    for h in (D, D + 1):
        assert ex.short_T_rise(grid)[h]["short_over_best"] < 1.5, "ours: no clear short-T rise at h >= D"

# %% [markdown]
# ## 7. Run it yourself: the live head-count sweep
#
# The panel trains a whole head-count sweep with the batched trainer (`headcount.training.batched`: all heads and
# seeds of one $T$ as one zero-padded model) and redraws NMSE against $h$ at every evaluation, so you watch
# the jump form. Choose the task family, its $D$ and $d$, the depth $L$, one or several $T$ (e.g. `8, 32`),
# the range of $h$, seeds, steps and the device. Ticking **save** trains through `headcount.training.sweep.run_sweep`
# instead, into the file you name (default `data/results/live_sweep.csv`): resumable, one row per
# configuration with its provenance. Depth $L > 1$, or the smooth family (whose position subsets $S_i$ need a
# positional encoding), falls back to the single trainer, one configuration at a time; saving needs depth 1
# and no positional encoding (the sweep grid has no key for them). Bad input (an empty $h$ range, a $D$ the
# family does not allow, `cuda` without a GPU) is reported in the status line.
#
# The default (synthetic task with $D = d = 2$, $T = 16$, $h = 1..3$, 2 seeds, 400 steps) shows the jump
# at $h = 2$ in about 10 s on one CPU thread (8-12 s measured on a shared 2-core machine), and in a few
# seconds on a GPU.

# %%
# NBVAL_IGNORE_OUTPUT
panel = live_sweep_panel()
panel

# %% [markdown]
# *The panel's default state, trained once, as a static figure:*

# %%
# NBVAL_IGNORE_OUTPUT
default = LiveSweep()
assert default.run(), default.status
print(default.status)
print(f"default live sweep: {default.wall_time:.1f} s wall time")
fig = default.figure()
fig

# %%
assert default.transition()[16] >= 10, "the default live sweep shows the jump at h = D = 2"

# %% [markdown]
# **Other $D$, family and depth from the command line.** The sweep CLI takes any family and $D$, e.g. the
# toy task $\max + \min$ ($D = 2$, $d = 1$) or the smooth task of notebook 01:
#
# ```
# python -m headcount sweep --task max_min --D 2 --d 1 --heads 1 2 3 --T 16 64 --seeds 2 --out data/results/live_maxmin.csv
# python -m headcount sweep --task synthetic --D 6 --d 6 --heads 4 5 6 7 --T 16 --seeds 2 --out data/results/live_D6.csv
# ```
#
# (Depth and positional encodings are panel/`LiveSweep` settings only: the sweep grid has no key for them
# yet.) In Python, `LiveSweep(LiveSettings(family="synthetic", D=3, d=3, depth=2, h_min=1, h_max=3))` runs
# the multi-layer variant of Conjecture 1 ($L \cdot h \ge D$).
#
# ## 8. Exercises
#
# ### Exercise 1: move the transition
#
# Take the synthetic task with $D = d = 3$ at $T = 16$. Predict the smallest $h$ after which one more head
# no longer helps much, store it in `predicted_h`, then run the sweep over $h = 2, 3, 4$ (2 seeds, 600
# steps, about 20 s; saved to a scratch file through `run_sweep`, so a rerun resumes instantly). The check
# finds where the largest jump between consecutive $h$ is.

# %%
predicted_h = None  # your prediction

# %% tags=["solution", "hide-input"] jupyter={"source_hidden": true}
# Solution: the transition sits at h = D = 3 (Theorem 2(1) and 2(2)): h = 2 must squeeze three features
# through two heads, h = 3 has one head per feature, h = 4 adds nothing the task needs.
predicted_h = 3

# %%
# NBVAL_IGNORE_OUTPUT
scratch = Path(".cache") / "nb05_exercise_D3.csv"
scratch.parent.mkdir(exist_ok=True)
scratch.unlink(missing_ok=True)
ex1 = LiveSweep(LiveSettings(family="synthetic", D=3, d=3, T=16, h_min=2, h_max=4, seeds=2, steps=600,
                             save=True, out=str(scratch)))
assert ex1.run(), ex1.status
print(ex1.status)
again = LiveSweep(ex1.settings)
assert again.run() and again.final == ex1.final, "rerunning resumes from the file: nothing is retrained"
print(f"rerun: {again.wall_time:.2f} s (resumed); saved rows carry provenance, e.g. "
      f"{ {k: load_results(scratch)[0][k] for k in ('command', 'device', 'steps_done')} }")

# %%
# NBVAL_IGNORE_OUTPUT
# Check
assert predicted_h is not None, "set predicted_h"
g1 = ex1.grid("min")
jumps = {h: g1[h - 1][16] / g1[h][16] for h in (3, 4)}
print("NMSE(h-1)/NMSE(h) at T = 16: " + ", ".join(f"h={h}: {v:.1f}x" for h, v in jumps.items()))
assert max(jumps, key=jumps.get) == predicted_h == 3, "the largest jump is at h = D = 3"
assert jumps[3] >= 5, "and it is a large one"

# %% [markdown]
# ### Exercise 2: $R(h)$ by hand
#
# A head count with errors $\mathrm{err}(T) = 0.40, 0.30, 0.35, 0.20$ at $T = 8, 16, 32, 64$. Compute $w_h$,
# the sum of the positive drops over all pairs $T_1 < T_2$, and $R(h)$ with plain Python (no library), then
# say whether this row looks like $h < D$ or $h \ge D$ by the paper's rule.

# %%
err_ex = [0.40, 0.30, 0.35, 0.20]
w_ex, drops_ex, R_ex = None, None, None   # your numbers
looks_like = None                          # "h < D" or "h >= D"

# %% tags=["solution", "hide-input"] jupyter={"source_hidden": true}
# Solution: w = 0.40 - 0.20 = 0.20. Pairs (T1 < T2) with err(T1) > err(T2):
# (8,16) 0.10, (8,32) 0.05, (8,64) 0.20, (16,64) 0.10, (32,64) 0.15; (16,32) rises, counts 0.
# Sum 0.60, R = 0.60 / 0.20 = 3.0 > 0: a longer sequence was easier, the h >= D signature.
w_ex = max(err_ex) - min(err_ex)
drops_ex = sum(max(err_ex[i] - err_ex[j], 0) for i in range(4) for j in range(i + 1, 4))
R_ex = drops_ex / w_ex
looks_like = "h >= D"

# %%
# Check
assert None not in (w_ex, drops_ex, R_ex, looks_like), "fill in all four"
assert abs(w_ex - 0.2) < 1e-9 and abs(drops_ex - 0.6) < 1e-9, "w = max - min; add every positive drop"
assert abs(R_ex - reversal_score(err_ex)) < 1e-9 and looks_like == "h >= D"
print(f"correct: w = {w_ex:.2f}, sum of drops = {drops_ex:.2f}, R = {R_ex:.2f}")

# %% [markdown]
# ## Summary
#
# * **Fig. 1a / Table 2 reproduced in shape:** on our CPU sweep (3 seeds, 2000 steps) the minimum NMSE
#   over seeds drops by more than 10x from $h = 3$ to $h = D = 4$ at every $T$ (the median too), and $h = 5$
#   adds much less. Our $h \ge D$ errors ($3 \times 10^{-4}$ to $2 \times 10^{-3}$, growing with $T$) are 1-2
#   orders of magnitude above the paper's: our runs are optimization-limited.
# * **Table 3 (fixed $E = 32$):** the jump at $h = D$ survives holding the total width fixed.
# * **Seed lottery:** the minimum over seeds measures expressivity; a typical run is the median. A stuck
#   $h = D$ seed leaves a feature uncovered (a head that never specialized or splits its attention). One of our $h = 4$ seeds at $T = 128$ is
#   stuck; the paper's Table 2 has std > mean at $h = 4$, the mark of such a lottery.
# * **$R(h)$:** on the paper's Table 3 it turns positive exactly at $h = 4$; on our 2000-step results it does
#   not, because our $h \ge D$ errors still grow with $T$ while seed noise makes reversals below $D$. With
#   4000 steps (GPU) the median-over-seeds $R(h)$ is about zero below $D$ and positive at $h = 4, 5$, and
#   $h = 5$ shows the first hint of **Remark B.1.1**; at 2000 steps that short-$T$ rise is absent.
# * **Live:** the panel's default sweep (synthetic, $D = 2$, $T = 16$, $h = 1..3$, 2 seeds, 400 steps)
#   shows the jump at $h = 2$ in about 10 s (8-12 s measured in §7) on one thread of a shared 2-core CPU.
#
# Next, notebook 06 looks for the same transition on real data (images and text).
#
# ## References
#
# * P. Yu, Z. Bao, H. Jiang, R. Yu, Q. Li. *The Effect of Attention Head Count on Transformer
#   Approximation.* ICLR 2026. [arXiv 2510.06662](https://arxiv.org/abs/2510.06662): §6.1 (Fig. 1),
#   App. B.1 (Tables 2 and 3, Remark B.1.1, Fig. 3), Fig. 2e (weighted reversal score).
# * OpenReview reviews of the paper (id `RJXwuAMUiI`): the questions on "minimum over seeds" and on
#   width growing with $h$ that Table 3 answers.
