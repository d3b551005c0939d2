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

# %% [markdown] slideshow={"slide_type": "slide"}
# # Head Count: how many attention heads does a transformer need?
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/headcount-course/headcount/blob/main/notebooks/00_start_here.ipynb)
# [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/headcount-course/headcount/main?urlpath=lab/tree/notebooks/00_start_here.ipynb)
#
# This course works through one result, from the definitions to the experiments:
# Yu, Bao, Jiang, Yu and Li, *The Effect of Attention Head Count on Transformer Approximation*
# (ICLR 2026, [arXiv 2510.06662](https://arxiv.org/abs/2510.06662)).
#
# **Prerequisites.** Python and PyTorch basics (tensors, `nn.Module`, a training loop); softmax
# attention with several heads, as in a standard transformer layer; reading a theorem that says
# "there exist weights such that ..." and a big-$O$/$\Omega$ statement. Nothing about the paper itself.
#
# **In this notebook you will**
# 1. read the paper's result in its exact form: what it proves, under which assumptions;
# 2. see the path through the course and how to run it on Colab, Binder or your laptop;
# 3. train one-head and two-head transformers on the simplest retrieval task there is,
#    $y = \max_t x_t + \min_t x_t$, and watch the second head make the difference.

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Lecture path (about 50 minutes).**
#
# | section | minutes |
# | --- | --- |
# | What the paper proves | 10 |
# | The syllabus; how to run the course | 5 |
# | A teaser: one head against two on max + min | 12 |
# | Why two heads | 5 |
# | Exercises 0.1-0.3 (or as homework) | 13 |
# | Discussion and summary | 5 |

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What the paper proves
#
# The *generalized $D$-retrieval task* (notebook 01) retrieves $D$ different features from a sequence of
# length $T$, each a minimum of a function over a subset of the positions, and combines them. The model
# is a single-layer transformer with $h$ heads of dimension $n$, queried by a class token (eq. 4,
# notebook 02). Its size is measured by **the paper's $M$**: the number of weights and biases of the
# token encoder $P_\phi$ and of the feed-forward block $\hat F$ (eq. 6). The attention matrices are not
# counted. Theorem 2 has three parts:
#
# 1. **Enough heads suffice (Theorem 2(1)).** With $h = D$ heads of dimension $n = 2$ there is a constant
#    $C_{d,D,T}$ such that every $M > C_{d,D,T}/\epsilon^{\gamma}$ allows an $\epsilon$-approximation.
#    The exponent $\gamma$ (Assumption 3: how hard the features and the outer function are for an MLP)
#    does not depend on $T$; the constant does.

# %% [markdown] slideshow={"slide_type": "fragment"}
# 2. **Too few heads cost parameters exponential in $T$ (Theorem 2(2)).** Under **Assumption 1**
#    (bounded embeddings, a two-layer feed-forward block with a 1-Lipschitz activation, all weights at
#    most 1 in size) and **Assumption 2** (a non-degenerate task, notebook 01), with $s < D$ heads of a
#    *fixed* dimension $n$, every $\epsilon$-approximation needs $M = \Omega(\epsilon^{-k})$ with
#    $k = \frac{T/4 - s - D + 1}{(n + 1)s + 1} - 1$. The exponent grows linearly in $T$, but it is
#    positive only for $T$ above a threshold (for $s = 3$, $n = 8$, $D = 4$: from $T = 137$); below it the
#    bound says nothing (notebook 03).

# %% [markdown] slideshow={"slide_type": "fragment"}
# 3. **One large head also suffices (Theorem 2(3)).** One head with embedding dimension $n \ge Td$ and a
#    five-layer ReLU feed-forward block $\epsilon$-approximates the task with $M > C_{d,D,T}/\epsilon^{1+\gamma}$:
#    the head passes the whole sequence on and the feed-forward block does the work (notebook 04). This is
#    a sufficiency result: the paper does not prove that one head can succeed *only* this way.
#
# Parts (1) and (3) use only Assumption 3; part (2) uses only Assumptions 1 and 2 (the paper's remark
# after Theorem 2).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The syllabus
#
# | notebook | what it teaches | paper |
# | --- | --- | --- |
# | **00_start_here** (this one) | the result in its exact form, the set-up, a teaser | §1, Theorem 2 |
# | **01_d_retrieval_task** | the generalized $D$-retrieval task, the intrinsic dimension $D$, Assumptions 1-2, density (Thm 1) | §4, Thm 1, Cor 1 |
# | **02_heads_suffice** | the $h$-head model of eq. (4); why $h \ge D$ heads suffice, by explicit construction | Thm 2(1), App. A.2.1 |
# | **03_too_few_heads** | the lower bound: with $h < D$ heads, $M = \Omega(\epsilon^{-k})$, $k$ linear in $T$ | Thm 2(2), App. A.2.2 |
# | **04_single_head_memorization** | one head with embedding $\sim Td$ stores the sequence | Thm 2(3), Lemma 9 |
# | **05_synthetic_experiments** | the paper's synthetic experiments, reproduced and explorable | §6.1, Tables 2-3 |
# | **06_real_data** | real data offline: does a controlled $D$ show on images and text? A knee at $h = D$ on marked images for $D = 2$, none beyond the seed spread for $D = 4$; text saturates nearer $h = 2D$ | §6.2, Tables 6-9 |
# | **07_depth_conjecture** | beyond one layer: Tables 4-5, Conjecture 1 ($L h \ge D$) against an $L \times h$ map, what the first layer gathers | Conj. 1, App. B.1 |

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## How to run it
#
# * **Colab** (GPU available): click the badge. The first code cell below (the *set-up cell*, the same in
#   every notebook) does something only on Colab: it clones the course into `/content/headcount` (the
#   `headcount` library and the committed results in `data/`), installs the library with a regular
#   `pip install` (not an editable one, which the running kernel could not import without a restart;
#   `--no-deps`, because Colab already has torch, numpy, matplotlib, ipywidgets and tqdm), and points
#   `HEADCOUNT_DATA` at the clone's `data/`. The first run takes about a minute; later runs skip the clone.
# * **Binder** (CPU, 1-2 GB of memory): click the badge; every default fits.
# * **Your laptop**: clone the repository and run `make lab` (it builds a local `.venv` the first time,
#   with a CPU build of torch). `make test` runs every check the course makes.
#
# **Threads.** `hc.configure_threads()` (in the imports cell of every notebook) sets PyTorch's thread
# count; the device report below prints the number in use. To choose it yourself, start Jupyter with
# `HEADCOUNT_THREADS=2 make lab` (on Colab: `os.environ["HEADCOUNT_THREADS"] = "2"` in a cell before the
# imports cell), or call `hc.configure_threads(2)` in any cell. On a two-core laptop that is busy with
# other programs one thread is often faster than two.
#
# Every notebook runs top to bottom in a few minutes on a 2-core CPU. Longer experiments are loaded from
# `data/results/`, together with the command that regenerates them.

# %% slideshow={"slide_type": "skip"} tags=["setup", "nbval-ignore-output"]
# Set-up: the same cell in every notebook. On Colab it fetches the course (library and
# committed data) and installs it with a regular (not editable) pip install, which the
# running kernel imports at once; elsewhere it does nothing (`make lab` installed it).
import os
import subprocess
import sys

COURSE_REPO = "https://github.com/headcount-course/headcount"
COURSE_DIR = "/content/headcount"
if "google.colab" in sys.modules:
    if not os.path.isdir(COURSE_DIR):
        subprocess.run(
            ["git", "clone", "-q", "--depth", "1", COURSE_REPO, COURSE_DIR], check=True
        )
        # --no-deps: Colab has torch, numpy, matplotlib, seaborn, ipywidgets, tqdm.
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "--no-deps", COURSE_DIR],
            check=True,
        )
    os.environ.setdefault("HEADCOUNT_DATA", os.path.join(COURSE_DIR, "data"))

# %% slideshow={"slide_type": "skip"}
import matplotlib.pyplot as plt

import headcount as hc
from headcount import claims
from headcount.experiments.contrast import train_head_grid, worst_vs_best_gap
from headcount.ui.intro_views import seed_curves, seed_rows

hc.configure_threads()
SEED = 0

# %% slideshow={"slide_type": "skip"} tags=["nbval-ignore-output"]
print(hc.device_report())

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A teaser: one head against two on max + min
#
# The toy task of the paper (eq. 7) draws $T$ numbers $x_t \in [0, 1]$ and asks for
# $$y = \max_t x_t + \min_t x_t .$$
# Two different features must be *retrieved* from the sequence, so its intrinsic dimension is
# $D = 2$. Here is one sample:

# %% slideshow={"slide_type": "fragment"}
task = hc.max_min_task(T=16)
X, y = task.sample(1, SEED)
print("x =", [round(v, 3) for v in X[0, :, 0].tolist()])
print(f"max = {X.max():.3f}, min = {X.min():.3f}, y = {y[0]:.3f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The model is the paper's single-layer transformer (eq. 4): each token goes through a small
# encoder $P_\phi$, a learned class token asks each of the $h$ heads to average the tokens with
# softmax weights, and a small feed-forward block $\hat F$ reads the result. We give the one-head and
# the two-head model the same per-head size ($n = 8$) and the same feed-forward width ($N = 32$), so
# the two-head model has a wider encoder output ($E = nh$) and a somewhat larger $M$:

# %% slideshow={"slide_type": "fragment"}
for h in (1, 2):
    model = hc.build_model(
        hc.ModelConfig(d=1, T=16, heads=h, head_dim=8, width=32), seed=SEED
    )
    print(
        f"h = {h}: paper's M (encoder + feed-forward) = {hc.paper_param_count(model)}, "
        f"all parameters = {hc.total_param_count(model)}"
    )

# %% [markdown] slideshow={"slide_type": "subslide"}
# Each model sees 4000 training sequences and is scored on 1000 held-out ones by the normalized mean
# squared error $\mathrm{NMSE} = \mathrm{MSE}/\mathrm{Var}(y)$: 1 is no better than predicting the mean,
# 0 is perfect. A single run depends on its seed and even on the CPU it runs on (rounding differs
# between processors), so we train **three seeds per head count** (all six models at once) and compare
# them as groups. The printed per-seed numbers are those of the machine that ran this copy.

# %% slideshow={"slide_type": "fragment"} tags=["nbval-ignore-output"]
grid = train_head_grid(
    "max_min", T=16, heads=(1, 2), seeds=(0, 1, 2), steps=hc.budget(full=1000, fast=400)
)
nmse = grid.nmse()
print(seed_rows(nmse, grid.seeds))
print(f"({grid.wall_time():.0f} s for all six models)")

# %% slideshow={"slide_type": "subslide"}
fig = seed_curves(
    grid.histories, title="max + min (D = 2), T = 16: one head against two"
)
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# The claim of this teaser, checked over all seeds: **every** two-head run reaches an error at least
# five times smaller than the **best** one-head run, with the same per-head size and the same
# feed-forward width. (We measured 20-45x on our machine, also when it imitates other CPUs and other seeds;
# the margin leaves room for yours.)

# %% slideshow={"slide_type": "fragment"} tags=["nbval-ignore-output"]
gap = worst_vs_best_gap(nmse, D=2, low=1)
print(f"best h = 1 run / worst h = 2 run: {gap:.0f}x")
claims.check("heads-specialize/teaser", nmse)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Why two heads
#
# One softmax head forms *one* weighted average of the tokens. To read the maximum it must put its
# weight on the largest token; to read the minimum, on the smallest. It cannot do both, so the
# feed-forward block is left to untangle an average. Two heads split the work: one looks at the max,
# one at the min (notebook 02 builds exactly this by hand, and Exercise 0.3 below lets you write it).
#
# How much does one head lose? A head that finds only the maximum leaves the minimum unexplained, and
# then the best it can do is NMSE $\approx 0.47$ at $T = 16$ (Exercise 0.2). A trained one-head model
# sometimes sits right there and sometimes finds a better compromise; it never comes close to two heads.
# Theorem 2(2) turns this into a statement about long sequences: for $T$ above its threshold, any
# one-head model (of fixed head dimension, under Assumption 1) needs a number of parameters that grows
# exponentially in $T$ (notebook 03). At $T = 16$ the theorem says nothing; the gap above is what
# training finds, not what the theorem proves.

# %% [markdown] slideshow={"slide_type": "slide"} tags=["exercise"]
# ### Exercise 0.1 (number) ★★☆ ~5 min: count the paper's $M$
#
# The encoder $P_\phi$ is a two-layer MLP $d \to N \to E$ and the feed-forward block $\hat F$ a two-layer
# MLP $E \to N \to 1$, each layer with weights and biases; $E = nh$. Count the paper's $M$ for
# `ModelConfig(d=1, T=16, heads=2, head_dim=8, width=32)` by hand (no calls to the library) and set `paper_M`.

# %% slideshow={"slide_type": "fragment"} tags=["exercise"]
from headcount.exercises import check

paper_M = ...  # your count here

_ = check("nb00.paper_M", paper_M)

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# <details><summary>Solution (open after trying)</summary>
#
# ```python
# d, N, E = 1, 32, 2 * 8
# encoder = (d * N + N) + (N * E + E)   # P_phi: d -> N -> E
# ffn = (E * N + N) + (N * 1 + 1)       # F: E -> N -> 1
# paper_M = encoder + ffn               # 1169; W_Q, W_K, W_V, W_O and the class token are not counted
# ```
#
# </details>

# %% [markdown] slideshow={"slide_type": "subslide"} tags=["exercise"]
# ### Exercise 0.2 (number) ★★☆ ~10 min: what does retrieving only the max give?
#
# A predictor that knows $\max_t x_t$ but not the minimum can do no better than
# $\hat y = \max_t x_t + c$ with the best constant $c$. Estimate its NMSE on max + min with $T = 16$
# from many sampled sequences (`hc.max_min_task(T=16).sample(n, seed)` returns `X` of shape `(n, T, 1)`
# and `y`), and set `one_feature_nmse`. Bonus: show that it equals $T / (2(T + 1))$ for uniform tokens.

# %% slideshow={"slide_type": "fragment"} tags=["exercise"]
from headcount.exercises import check

one_feature_nmse = ...  # your estimate here

_ = check("nb00.one_feature_nmse", one_feature_nmse)

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# <details><summary>Solution (open after trying)</summary>
#
# ```python
# import headcount as hc
#
# X, y = hc.max_min_task(T=16).sample(100_000, 0)
# residual = y - X[..., 0].max(dim=1).values         # = min_t x_t; the best c is its mean
# one_feature_nmse = float(residual.var() / y.var())  # about T / (2 (T + 1)) = 0.47
# ```
#
# </details>

# %% [markdown] slideshow={"slide_type": "subslide"} tags=["exercise"]
# ### Exercise 0.3 (implement) ★★☆ ~15 min: two softmax heads estimate max + min
#
# Write `two_head_readout(X, beta)` for sequences `X` of shape `(B, T, 1)` with values in $[0, 1]$:
# head 1 averages $f_1(x) = x$ with weights $\mathrm{softmax}_t(-\beta\, x_t)$, head 2 averages
# $f_2(x) = 1 - x$ with weights $\mathrm{softmax}_t(-\beta\,(1 - x_t))$, and the output is
# $\tilde z_1 + 1 - \tilde z_2$. Return shape `(B,)`. For large $\beta$ head 1 reads the minimum and head 2
# one minus the maximum, so the output tends to $\max + \min$: two heads, one feature each.

# %% slideshow={"slide_type": "fragment"} tags=["exercise"]
import torch

from headcount.exercises import check


def two_head_readout(X: torch.Tensor, beta: float) -> torch.Tensor:
    raise NotImplementedError("your code here")


_ = check("nb00.two_head_readout", two_head_readout)

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# <details><summary>Solution (open after trying)</summary>
#
# ```python
# import torch
#
#
# def two_head_readout(X, beta):
#     x = X[..., 0].double()                          # (B, T)
#     w1 = torch.softmax(-beta * x, dim=1)            # head 1: logits -f_1(x) = -x
#     w2 = torch.softmax(-beta * (1 - x), dim=1)      # head 2: logits -f_2(x) = -(1 - x)
#     z1 = (w1 * x).sum(dim=1)                        # about min_t x_t
#     z2 = (w2 * (1 - x)).sum(dim=1)                  # about 1 - max_t x_t
#     return z1 + 1 - z2                              # F0(z) = z1 + 1 - z2
# ```
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ### Discussion (questions a referee asked, or could have)
#
# * The gap above is at $T = 16$, where Theorem 2(2)'s exponent is negative. Is it evidence for the lower
#   bound, for an optimization difficulty, or for neither?
# * The two-head model has a larger $M$ (a wider encoder output). Does total width explain the gap?
#   (Notebook 05 repeats the paper's Table 3, which fixes $E = nh$.)
# * Why would a one-head model land near NMSE 0.47 in some runs and near 0.1 in others?
# * The paper's experiments use $D = 4$ only. What would you need to see to believe the threshold moves
#   with $D$? (Notebook 05 has a $D = 3$ run.)
#
# ## Summary
# * The course is about one number, the head count $h$, against the task's intrinsic dimension $D$.
# * Theorem 2: $h = D$ heads suffice with $M \lesssim C_{d,D,T}\,\epsilon^{-\gamma}$ ($\gamma$ free of $T$);
#   under Assumptions 1-2, $s < D$ heads of fixed dimension need $M = \Omega(\epsilon^{-k})$ with $k$
#   linear in $T$ and positive above a threshold length; one head with embedding $\ge Td$ also suffices.
# * On max + min ($D = 2$) every two-head run beat every one-head run by a wide margin.
#
# **Next:** [01_d_retrieval_task](01_d_retrieval_task.ipynb) defines the tasks precisely.
#
# ## References
# * P. Yu, Z. Bao, H. Jiang, R. Yu, Q. Li. *The Effect of Attention Head Count on Transformer
#   Approximation.* ICLR 2026. [arXiv:2510.06662](https://arxiv.org/abs/2510.06662): §1, §3 (eqs. 4-6,
#   Assumption 1), §4 (eq. 7), §5 (Theorem 2 and the remarks after it).
# * A. Vaswani et al. *Attention Is All You Need.* NeurIPS 2017 (multi-head attention).
