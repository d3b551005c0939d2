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
# # Head Count: how many attention heads does a transformer need?
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/headcount-course/headcount/blob/main/notebooks/00_start_here.ipynb)
# [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/headcount-course/headcount/main?urlpath=lab/tree/notebooks/00_start_here.ipynb)
#
# This course works through one result, from the definitions to the experiments:
# Yu, Bao, Jiang, Yu and Li, *The Effect of Attention Head Count on Transformer Approximation*
# (ICLR 2026, [arXiv 2510.06662](https://arxiv.org/abs/2510.06662)).
#
# **The claim in one paragraph.** Take a target that must *retrieve* $D$ different features
# from a sequence of length $T$ and then combine them (the *generalized $D$-retrieval task*).
# A single-layer transformer with $h \ge D$ heads approximates it to accuracy $\epsilon$ with a
# number of parameters that does not depend on $T$. With $h < D$ heads the parameter count must
# grow like $(1/\epsilon)^{cT}$: exponential in the sequence length. A single head can escape only
# by making its embedding as large as the whole sequence ($\sim T d$) and memorizing it.
#
# **In this notebook you will**
# 1. see the path through the course and how to run it on Colab, Binder or your laptop;
# 2. check which device your copy runs on;
# 3. train a one-head and a two-head transformer on the simplest retrieval task there is,
#    $y = \max_t x_t + \min_t x_t$, and watch the second head make the difference.

# %% [markdown]
# ## The syllabus
#
# | notebook | what it teaches | paper |
# | --- | --- | --- |
# | **00_start_here** (this one) | the question, the set-up, a two-minute teaser | §1 |
# | **01_d_retrieval_task** | the generalized $D$-retrieval task, the intrinsic dimension $D$, density (Thm 1) | §4, Thm 1, Cor 1 |
# | **02_heads_suffice** | the $h$-head model of eq. (4); why $h \ge D$ heads suffice, by explicit construction | Thm 2(1) |
# | **03_too_few_heads** | the lower bound: with $h < D$ heads, parameters $\Omega(\epsilon^{-k})$ with $k \propto T$ | Thm 2(2) |
# | **04_single_head_memorization** | one head with embedding $\sim Td$ memorizes the sequence | Thm 2(3), Lemma 9 |
# | **05_synthetic_experiments** | the paper's synthetic experiments, reproduced and explorable | §6.1, Tables 2-3 |
# | **06_real_data** | the knee at $h = D$ on images and text, offline | §6.2 |
#
# ## How to run it
#
# * **Colab** (GPU available): click the badge; the first code cell, which runs only on Colab,
#   clones the course (the `headcount` library and the committed results in `data/`) and installs
#   the library; Colab already has torch, ipywidgets and matplotlib.
# * **Binder** (CPU, 1-2 GB of memory): click the badge; every default fits.
# * **Your laptop**: clone the repository and run `make lab` (it builds a local `.venv` the
#   first time, with a CPU build of torch). `make test` runs every check the course makes.
#
# Every notebook runs top to bottom in a few minutes on a 2-core CPU. Longer experiments are
# loaded from `data/results/`, together with the command that regenerates them.

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
import matplotlib.pyplot as plt

import headcount as hc

hc.configure_threads()
SEED = 0

# %%
# NBVAL_IGNORE_OUTPUT
print(hc.device_report())

# %% [markdown]
# The report says where this notebook runs. With `HEADCOUNT_FAST=1` (set by CI) every notebook
# trains less; the claims it asserts stay the same.
#
# ## A two-minute teaser: one head against two on max + min
#
# The toy task of the paper (eq. 7) draws $T$ numbers $x_t \in [0, 1]$ and asks for
# $$y = \max_t x_t + \min_t x_t .$$
# Two different features must be *retrieved* from the sequence, so its intrinsic dimension is
# $D = 2$. Here is one sample:

# %%
task = hc.max_min_task(T=16)
X, y = task.sample(1, SEED)
print("x =", [round(v, 3) for v in X[0, :, 0].tolist()])
print(f"max = {X.max():.3f}, min = {X.min():.3f}, y = {y[0]:.3f}")

# %% [markdown]
# The model is the paper's single-layer transformer (eq. 4): each token goes through a small
# encoder, a learned class token asks each of the $h$ heads to average the tokens with
# softmax weights, and a small feed-forward block reads the result. We give the one-head and the
# two-head model the same per-head size and the same feed-forward width.

# %%
configs = {h: hc.ModelConfig(d=1, T=16, heads=h, head_dim=8, width=32) for h in (1, 2)}
for h, cfg in configs.items():
    model = hc.build_model(cfg, seed=SEED)
    print(f"h = {h}: paper's M (encoder + FFN) = {hc.paper_param_count(model)}, "
          f"all parameters = {hc.total_param_count(model)}")

# %% [markdown]
# Both models see 4000 training sequences and are scored on 1000 held-out ones by the
# normalized mean squared error $\mathrm{NMSE} = \mathrm{MSE}/\mathrm{Var}(y)$: 1 is no better than
# predicting the mean, 0 is perfect.

# %%
# NBVAL_IGNORE_OUTPUT
split = task.split(n_train=4000, n_val=1000, seed=SEED)
recipe = hc.TrainConfig(steps=hc.budget(full=1500, fast=400), eval_every=50, seed=SEED)
histories = {h: hc.train(hc.build_model(cfg, seed=SEED), split, recipe) for h, cfg in configs.items()}
for h, hist in histories.items():
    print(f"h = {h}: validation NMSE {hist.final_val_nmse:.2e} after {len(hist.train_loss)} steps "
          f"({hist.wall_time:.1f} s on {hist.device})")

# %%
fig, ax = plt.subplots(figsize=(6.5, 3.8))
for h, hist in histories.items():
    ax.plot(hist.eval_steps, hist.val_nmse, marker="o", ms=3, label=f"h = {h} head{'s' if h > 1 else ''}")
ax.set(yscale="log", xlabel="training step", ylabel="validation NMSE",
       title="max + min (D = 2): one head against two")
ax.axhline(1.0, color="grey", lw=0.8, ls=":")
ax.legend()
plt.show()

# %% [markdown]
# The claim of this teaser, checked: two heads (one per retrieved feature) reach an error at
# least ten times smaller than one head with the same per-head size and the same feed-forward
# width.

# %%
gap = histories[1].final_val_nmse / histories[2].final_val_nmse
assert histories[2].final_val_nmse < 0.05, histories[2].final_val_nmse
assert gap > 10, f"h = 2 should beat h = 1 by 10x, got {gap:.1f}x"
print("h = 2 beats h = 1 by more than 10x: OK")

# %% [markdown]
# Why? One softmax head can only form *one* weighted average of the tokens. To find the maximum
# it must put its weight on the largest token; to find the minimum, on the smallest. It cannot do
# both, so the feed-forward block is left to untangle an average, and at longer $T$ this gets
# exponentially harder (notebook 03). Two heads split the work: one looks at the max, one at the
# min (notebook 02 builds exactly this by hand).
#
# ## Summary
# * The course is about a single number, the head count $h$, against the task's intrinsic
#   dimension $D$.
# * With $h \ge D$ each head can retrieve one feature and the cost does not grow with $T$; with
#   $h < D$ it does, exponentially.
# * You saw the effect on max + min ($D = 2$): one head stalls, two heads solve it.
#
# **Next:** [01_d_retrieval_task](01_d_retrieval_task.ipynb) defines the tasks precisely.
#
# ## References
# * P. Yu, Z. Bao, H. Jiang, R. Yu, Q. Li. *The Effect of Attention Head Count on Transformer
#   Approximation.* ICLR 2026. [arXiv:2510.06662](https://arxiv.org/abs/2510.06662).
# * A. Vaswani et al. *Attention Is All You Need.* NeurIPS 2017 (multi-head attention).
