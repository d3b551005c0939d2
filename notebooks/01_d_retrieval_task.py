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
# # 01 · The generalized $D$-retrieval task
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/headcount-course/headcount/blob/main/notebooks/01_d_retrieval_task.ipynb)
# [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/headcount-course/headcount/main?urlpath=lab/tree/notebooks/01_d_retrieval_task.ipynb)
#
# The paper's theorems are about one family of targets: a sequence goes in, $D$ features are
# *retrieved* from it (each the minimum of some function over some positions), and a smooth
# function combines them. This notebook builds that family, the *generalized $D$-retrieval task*
# (Yu et al., ICLR 2026, §4), and its *intrinsic dimension* $D$.
#
# **Prerequisites:** notebook 00 (the result in one page).
#
# **Learning objectives.** After this notebook you can
# 1. state the definition (features $f_i$, position subsets $S_i$ with $|S_i| \ge T/4$, outer
#    function $F_0$) and write the toy max + min task and the paper's synthetic task in it;
# 2. read off $D$ for a task, and say what Assumptions 1 and 2 ask of the model and of the task;
# 3. explain the key step of the density theorem (Theorem 1): order statistics are maxima of
#    subset minima (Lemma 2), and check it against sorting;
# 4. state Corollary 1 (uniqueness of $D$) with its condition $D_1^2 + D_2^2 \le T/50$.

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Lecture path (about 50 minutes).** The exercises (about 50 minutes more) are for after the lecture.
#
# | section | minutes |
# | --- | --- |
# | 1. The definition, three families | 10 |
# | 1. Examples: max + min, the synthetic task, what a sample looks like | 8 |
# | 2. Assumptions 1 and 2 | 10 |
# | 3. Theorem 1 and Lemma 2 | 10 |
# | 4. Corollary 1 | 5 |
# | 5. Explore; summary | 7 |

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
import math

import matplotlib.pyplot as plt
import torch

import headcount as hc
from headcount import claims, theory
from headcount.diagnostics import assumption2_report
from headcount.exercises.nb01 import hand_example
from headcount.tasks import degenerate_task, synthetic_directions
from headcount.ui.explorers import TaskExplorer, task_explorer_panel
from headcount.ui.intro_views import corollary1_rows, feature_rows, task_rows
from headcount.ui.lecture_tables import assumption2_table, subset_count_table
from headcount.ui.plots import task_sample_figure

hc.configure_threads()
SEED = 0

# %% slideshow={"slide_type": "skip"} tags=["nbval-ignore-output"]
print(hc.device_report())

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. The definition (§4, eqs. 8-9)
#
# A sequence $X_T = (x^{(1)}, \dots, x^{(T)})$ of tokens $x^{(t)} \in [0,1]^d$. For $i = 1, \dots, D$
# take a smooth *feature* $f_i : [0,1]^d \to [0,1]$ and a *position subset* $S_i \subseteq [T]$ with
# $|S_i| \ge T/4$. The task retrieves
# $$\bar z_i(X_T) = \min_{t \in S_i} f_i\big(x^{(t)}\big), \qquad i = 1, \dots, D,$$
# and outputs $H(X_T) = F_0(\bar z_1, \dots, \bar z_D)$ with a $C^1$ outer function $F_0 : [0,1]^D \to \mathbb R$.
#
# * What is retrieved is the **value** of a minimum, not its position.
# * A maximum fits too: $\max_t g = -\min_t (-g)$ (and $\max_t x_t = 1 - \min_t (1 - x_t)$ keeps values in $[0, 1]$).
# * $D$ is the **intrinsic dimension**: how many different things must be pulled out of the sequence.

# %% [markdown] slideshow={"slide_type": "subslide"}
# `headcount.tasks` holds this as data. Three families ship:

# %% slideshow={"slide_type": "fragment"}
tasks = {
    "max_min": hc.max_min_task(T=16),
    "synthetic": hc.synthetic_task(T=16),
    "smooth": hc.smooth_task(T=16),
}
print(task_rows(tasks))

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The toy example: $\max + \min$ (eq. 7)
#
# With $d = 1$, $y = \max_t x_t + \min_t x_t$ is a 2-retrieval task:
# $f_1(x) = x$ (its min over $[T]$ is $\min_t x_t$), $f_2(x) = 1 - x$ (its min is $1 - \max_t x_t$),
# $S_1 = S_2 = [T]$, and $F_0(z_1, z_2) = z_1 + 1 - z_2$. The library's target must agree with the
# direct formula on every sequence:

# %% slideshow={"slide_type": "fragment"}
toy = tasks["max_min"]
X, y = toy.sample(1000, SEED)
claims.check("task-def/max-min", X, y)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The paper's synthetic task (§6.1)
#
# Tokens $x^{(t)} \sim \mathcal N(0, I_4)$ and $y = \sum_{i=1}^{4} \max_t a_i^\top x^{(t)}$ with fixed
# directions $a_i$: here $f_i(x) = -a_i^\top x$, $S_i = [T]$, $F_0(z) = -\sum_i z_i$, so $D = 4$.
# (The paper does not say how it chose the $a_i$; we draw them from a seed and normalize them.
# The features are linear and the tokens Gaussian, so this task mirrors the structure of the
# definition rather than its exact assumptions: the paper does the same.)

# %% slideshow={"slide_type": "fragment"}
syn = tasks["synthetic"]
a = synthetic_directions(D=4, d=4)
X, y = syn.sample(1000, SEED)
print("directions a_i (rows):\n", a.numpy().round(3))
claims.check("task-def/synthetic", X, y, a)  # y = sum_i max_t a_i . x_t

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### What a sample looks like
#
# Top: the tokens. Bottom: each feature $f_i(x_t)$ per position; hollow dots are positions
# outside $S_i$; the circle marks the position feature $i$ retrieves (its minimum over $S_i$),
# also drawn as a dotted line in the top panel. The title gives $\bar z$ and the target.

# %% slideshow={"slide_type": "fragment"}
fig = task_sample_figure(toy, toy.sample(1, SEED)[0])
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# In the smooth task the subsets $S_i$ are random halves of the positions, so a feature can
# retrieve a position that is not its global minimum in the sequence:

# %% slideshow={"slide_type": "fragment"}
smooth = tasks["smooth"]
Xs, ys = smooth.sample(1, SEED)
z, positions = smooth.retrieve(Xs)
print("retrieved z_i      :", z[0].double().round(decimals=4).tolist())
print("retrieved position :", (positions[0] + 1).tolist())
print(f"target y = F0(z)   : {float(ys[0]):.4f}")
claims.check("task-def/subsets", smooth, positions)
fig = task_sample_figure(smooth, Xs)
plt.show()

# %% slideshow={"slide_type": "subslide"}
fig = task_sample_figure(syn, syn.sample(1, SEED)[0])
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Assumption 2: which tasks the lower bound is about
#
# The lower bound (Theorem 2(2), notebook 03) needs two assumptions, one on the model and one on the
# task. The upper bounds (Theorem 2(1) and 2(3)) need neither (the paper's remark after Theorem 2).
#
# ### Assumption 1: which models the lower bound counts
#
# * (1.1) the embeddings are bounded: $\|P_\phi(x^{(t)}, t)\|_2 \le 1$;
# * (1.2) the feed-forward block $\hat F$ has **two layers** and a **1-Lipschitz** activation;
# * (1.3) every weight of $\hat F$ and every entry of $W_{Q,i}, W_{K,i}, W_{V,i}, W_O$ is at most 1 in size.
#
# So the lower bound is about models whose size is measured fairly: without (1.3) a few huge weights
# could do the work of many parameters.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Assumption 2: which tasks
#
# The task must be non-degenerate:
#
# * (2.1) each $f_i$ has a **unique** global minimizer $x^{(i)}$;
# * (2.2) the minimizers $x^{(1)}, \dots, x^{(D)}$ are **pairwise distinct**;
# * (2.3) the Hessian $\nabla^2 f_i(x^{(i)})$ is **positive definite**;
# * (2.4) every partial derivative of $F_0$ at $(z_1, \dots, z_D)$, the vector of minimum values, is **nonzero**.
#
# The paper's examples of what this excludes: a constant $f_i$ (it ignores the input), duplicated
# features $f_1 = f_2$ (then one retrieval serves both, so $D$ overstates the task), and a flat
# $F_0$ (the output does not depend on a retrieved value). `assumption2_report` checks the four
# conditions numerically on a grid of $[0,1]^d$:

# %% slideshow={"slide_type": "fragment"}
candidates = {
    "smooth (D=3, d=2)": hc.smooth_task(16),
    "max_min": hc.max_min_task(16),
    "synthetic (D=2, d=2)": hc.synthetic_task(16, D=2, d=2),
    "constant feature": degenerate_task("constant_feature", 16),
    "duplicated features": degenerate_task("duplicate_features", 16),
    "flat F0": degenerate_task("flat_outer", 16),
}
reports = {name: assumption2_report(task) for name, task in candidates.items()}
display(assumption2_table(reports))

claims.check("asm2", reports)

# %% [markdown] slideshow={"slide_type": "subslide"}
# Note the second and third rows: **max + min and the synthetic task fail
# (2.3)**, because a linear feature takes its minimum on the boundary of the cube with a zero
# Hessian. The theorems' *upper* bounds (Theorem 2(1), 2(3)) do not need Assumption 2, and the
# experiments behave as predicted anyway; the lower-bound proof needs the curvature. The
# `smooth` family exists so that every theorem applies literally.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Theorem 1: the family is dense
#
# > **Theorem 1.** For fixed $d, T$, the union over $D$ of the $D$-retrieval classes is dense in
# > $C(\mathcal X_T)$: every continuous function of the sequence is, to any accuracy $\epsilon$,
# > a $D$-retrieval task for some $D$.
#
# So the definition is not a narrow special case. The key idea of the proof is that retrieving
# minima over **subsets** of positions is enough to recover the whole sorted sequence:
#
# > **Lemma 2.** Let $4 \mid T$ and $m = T/4$. For one coordinate $j$ write $v_m$ for the $m$-th
# > largest value and $w_m$ for the $m$-th smallest. Then
# >
# > $$\max_{|B| = m} \min_{u \in B} x^{(u)}_j = v_m, \qquad
# > \max_{|A| = m,\ t \in A} \min_{u \in A} x^{(u)}_j = \min\{x^{(t)}_j, v_m\}.$$

# %% [markdown] slideshow={"slide_type": "subslide"}
# Why: any $m$-subset's minimum is at most its own $m$-th largest element, which is at most $v_m$;
# the subset of the $m$ largest values reaches it. Each "$\min_{u \in B}$" is one retrieval
# feature with $S = B$, and the outer max is part of $F_0$. Let us check both identities by
# enumerating every subset, against sorting:

# %% slideshow={"slide_type": "fragment"}
gen = torch.Generator().manual_seed(SEED)
x = torch.rand(
    500, 12, generator=gen, dtype=torch.float64
)  # 500 random sequences, T = 12
m = 12 // 4
U = theory.max_of_subset_minima(x, m)
v_m = theory.kth_largest(x, m)
print(f"T = 12, m = {m}: {math.comb(12, m)} subsets per sequence")
print(
    "first sequence, sorted (descending):",
    x[0].sort(descending=True).values.numpy().round(3),
)
print(
    f"max over subsets of the subset minimum: {float(U[0]):.3f}   "
    f"m-th largest: {float(v_m[0]):.3f}"
)
claims.check("lem2", x, m, U)  # U = v_m, every Y_t = min(x_t, v_m), and w_m from 1 - x
print("Lemma 2 holds on all 500 sequences, for U, every Y_t, and w_m")

# %% [markdown] slideshow={"slide_type": "subslide"}
# From $v_m$, $w_m$ and the $Y_t$ a smooth selector (Lemma 3) recovers each $x^{(t)}$, and a
# polynomial in the recovered values approximates any continuous $F$ (Stone-Weierstrass).
#
# **The catch.** The $D$ this produces is enormous: one feature per subset and coordinate, of order
# $2d\binom{T}{T/4}$. Density says nothing about how $D$ depends on $F$ (the first reviewer's main
# criticism). The interesting tasks are those with a **small** $D$.

# %% slideshow={"slide_type": "fragment"}
display(subset_count_table((8, 16, 32, 64)))
claims.check("thm1-size", 64)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Corollary 1: $D$ is well defined
#
# A task may have several representations $(\{f_i, S_i\}, F_0)$. Is its $D$ then ambiguous?
#
# > **Corollary 1.** If a task has two representations with $D_1$ and $D_2$ features, both meeting
# > Assumptions 1 and 2, and $D_1^2 + D_2^2 \le T/50$, then $D_1 = D_2$.
#
# The proof (App. A.4) plays the two halves of Theorem 2 against each other: with $D_1 < D_2$ heads,
# Theorem 2(1) gives a rate $\epsilon^{-\gamma}$ from the first representation, while Theorem 2(2)
# applied to the second (with $s = D_1$ heads of dimension $n = 2$) forces $\epsilon^{-k}$ with
# $k = (T/4 - D_1 - D_2 + 1)/(3D_1 + 1) - 1$. Since $\gamma \le \max(D_1, D_2)$, the argument needs
# $k > \max(D_1, D_2)$. The table gives the smallest $T$ where the corollary applies and, there, how much
# room the proof has:

# %% slideshow={"slide_type": "fragment"}
print(corollary1_rows(max_D=5))
claims.check("cor1", 5)  # k > max(D1, D2) at T = 50 (D1^2 + D2^2), for D1 < D2 <= 5

# %% [markdown] slideshow={"slide_type": "subslide"}
# The condition leaves plenty of room ($k$ exceeds $\max(D_1, D_2)$ by 12 or more), so the paper could
# have asked for less. But it is a statement about long sequences: for the synthetic task's $D = 4$
# against a hypothetical 3-feature representation it needs $T \ge 1250$, ten times the longest sequence
# the paper trains on (observation):

# %% slideshow={"slide_type": "fragment"}
applies = any(theory.corollary1_applies(3, 4, T) for T in range(1, 129))
print("Corollary 1 applies to D1 = 3, D2 = 4 at some T <= 128:", applies)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. Explore: tasks, lengths and dimensions
#
# Pick a family, $T$, $D$ and $d$, and resample. Invalid combinations (max + min has $D = 2$,
# $d = 1$) are reported in the status line and leave the figure as it was.

# %% slideshow={"slide_type": "fragment"} tags=["nbval-ignore-output"]
panel = task_explorer_panel()
panel

# %% [markdown] slideshow={"slide_type": "skip"}
# *The panel's default state, as a static figure (for readers without a live kernel):*

# %% slideshow={"slide_type": "skip"}
explorer = TaskExplorer()
print(explorer.status)
fig = explorer.figure()
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"} tags=["exercise"]
# ## 6. Exercises
#
# ### Exercise 1.1 (implement) ★★☆ ~15 min: build a task and state its $D$
#
# Build a `RetrievalTask` with $T = 8$, $d = 1$, uniform tokens, for
# $$y = \max_{t \le 4} x_t \;-\; 2 \min_{t > 4} x_t .$$
# Write each retrieved quantity as a minimum of a feature with values in $[0, 1]$ over a subset.
# `RetrievalTask(name, d, T, D, features, subsets, outer, inputs)`: `features` maps `(n, T, d)` to
# `(n, T, D)`, `subsets` is a boolean `(D, T)` tensor, `outer` maps `(n, D)` to `(n,)`, and
# `inputs(n, T, d, generator)` draws tokens, e.g. `lambda n, T, d, g: torch.rand(n, T, d, generator=g)`.

# %% slideshow={"slide_type": "fragment"} tags=["exercise"]
import torch

from headcount.exercises import check
from headcount.tasks import RetrievalTask  # noqa: F401 (for your answer)

my_task = ...  # your RetrievalTask here

_ = check("nb01.my_task", my_task)

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# <details><summary>Solution (open after trying)</summary>
#
# ```python
# import torch
#
# from headcount.tasks import RetrievalTask
#
# # max_{t<=4} x_t = 1 - min_{t<=4} (1 - x_t): two features, two subsets, so D = 2.
# first_half = torch.tensor([True] * 4 + [False] * 4)
# my_task = RetrievalTask(
#     name="exercise", d=1, T=8, D=2,
#     features=lambda X: torch.cat([1 - X, X], dim=-1),    # f_1 = 1 - x, f_2 = x
#     subsets=torch.stack([first_half, ~first_half]),       # S_1 = {1..4}, S_2 = {5..8}
#     outer=lambda z: (1 - z[..., 0]) - 2 * z[..., 1],      # F0(z) = 1 - z_1 - 2 z_2
#     inputs=lambda n, T, d, g: torch.rand(n, T, d, generator=g),
# )
# ```
#
# </details>

# %% [markdown] slideshow={"slide_type": "subslide"} tags=["exercise"]
# ### Exercise 1.2 (number) ★☆☆ ~10 min: a target by hand
#
# For the smooth task below ($T = 8$, $d = 1$, $D = 2$), the table lists each position's feature
# values and whether it is in $S_1$, $S_2$. Its outer function is $F_0(z) = m + m^2/2$ with
# $m = (z_1 + z_2)/2$. Compute $\bar z_1$, $\bar z_2$ and $y$ by hand (to 3 decimals) and set
# `hand_answer = (z1, z2, y)`.

# %% slideshow={"slide_type": "fragment"}
hand_task, X_hand = hand_example()
print(feature_rows(hand_task, X_hand))

# %% slideshow={"slide_type": "fragment"} tags=["exercise"]
from headcount.exercises import check

hand_answer = ...  # (z1, z2, y)

_ = check("nb01.hand_z", hand_answer)

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# <details><summary>Solution (open after trying)</summary>
#
# ```python
# from headcount.exercises.nb01 import hand_example
#
# # z_i is the smallest f_i among the rows marked "yes" in S_i; then m = (z_1 + z_2)/2, y = m + m^2/2.
# task, X = hand_example()
# f = task.feature_values(X)[0]
# z1 = min(float(f[t, 0]) for t in range(8) if task.subsets[0, t])
# z2 = min(float(f[t, 1]) for t in range(8) if task.subsets[1, t])
# m = (z1 + z2) / 2
# hand_answer = (z1, z2, m + m**2 / 2)
# ```
#
# </details>

# %% [markdown] slideshow={"slide_type": "subslide"} tags=["exercise"]
# ### Exercise 1.3 (implement) ★★★ ~20 min: Lemma 2 by enumeration
#
# Write `max_of_subset_minima(x, m)` for a batch of sequences `x` of shape `(n, T)`: for each sequence,
# the maximum over all subsets $B$ of $m$ positions of $\min_{u \in B} x_u$. Return shape `(n,)`.
# (`itertools.combinations(range(T), m)` enumerates the subsets.) Then convince yourself that the result is
# the $m$-th largest value, as Lemma 2 says.

# %% slideshow={"slide_type": "fragment"} tags=["exercise"]
import torch

from headcount.exercises import check


def max_of_subset_minima(x: torch.Tensor, m: int) -> torch.Tensor:
    raise NotImplementedError("your code here")


_ = check("nb01.subset_minima", max_of_subset_minima)

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# <details><summary>Solution (open after trying)</summary>
#
# ```python
# import itertools
#
# import torch
#
#
# def max_of_subset_minima(x, m):
#     best = torch.full((x.shape[0],), -float("inf"), dtype=x.dtype)
#     for B in itertools.combinations(range(x.shape[1]), m):
#         best = torch.maximum(best, x[:, list(B)].min(dim=1).values)
#     return best
# ```
#
# </details>

# %% [markdown] slideshow={"slide_type": "subslide"} tags=["exercise"]
# ### Exercise 1.4 (predict) ★★☆ ~5 min: what is $D$?
#
# Tokens are numbers $x_t \in [0, 1]$ ($d = 1$), $S_i = [T]$. Give the **smallest** $D$ with which each
# target can be written as a $D$-retrieval task: $\max_t x_t - \min_t x_t$;
# $\max_t x_t + \max_t x_t^2$; $\max_t x_t + \max_t (1 - x_t)$.

# %% slideshow={"slide_type": "fragment"} tags=["exercise"]
from headcount.exercises import check

smallest_D = (
    ...
)  # a dict: {"max - min": ..., "max x + max x^2": ..., "max x + max (1 - x)": ...}

_ = check("nb01.smallest_D", smallest_D)

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# <details><summary>Solution (open after trying)</summary>
#
# ```python
# # max - min: two positions, two retrievals. On [0, 1], x^2 is increasing, so max x^2 = (max x)^2: one
# # retrieval, F0(z) = (1 - z) + (1 - z)^2 with z = min (1 - x). max (1 - x) = 1 - min x: max - min + 1.
# smallest_D = {"max - min": 2, "max x + max x^2": 1, "max x + max (1 - x)": 2}
# ```
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ### Discussion (questions a referee asked, or could have)
#
# * Why must every $|S_i|$ be at least $T/4$? Which proof uses it, and what would break with $|S_i| = 1$?
#   (The second reviewer asked.)
# * Theorem 1's $D$ grows like $\binom{T}{T/4}$. Does density tell us anything about tasks with small $D$?
#   (The first reviewer's main criticism.)
# * The paper's synthetic task fails (2.3). Which of the paper's claims still apply to it literally?
# * Is "the" $D$ of max + min well defined at $T = 16$, where Corollary 1 does not apply?
#
# ## Summary
#
# * A **generalized $D$-retrieval task** retrieves $D$ values $\bar z_i = \min_{t \in S_i} f_i(x_t)$
#   over position subsets with $|S_i| \ge T/4$, and combines them with a smooth $F_0$. Max + min has
#   $D = 2$; the paper's synthetic task has $D = 4$.
# * **Assumption 1** (bounded embeddings and weights, a two-layer 1-Lipschitz feed-forward block) and
#   **Assumption 2** (unique, distinct, curved minima; $F_0$ sensitive to every $z_i$) are what the lower
#   bound needs; the constructions need neither.
# * **Theorem 1**: these tasks are dense, because order statistics are maxima of subset minima
#   (Lemma 2, checked above); the $D$ this gives is of order $\binom{T}{T/4}$, so density is not the
#   interesting part: small $D$ is.
# * **Corollary 1**: for $D_1^2 + D_2^2 \le T/50$, $D$ does not depend on the representation.
#
# Next, notebook 02: a transformer with $h = D$ heads solves such a task, by an explicit construction you
# can run, with a parameter count whose exponent in $1/\epsilon$ does not depend on $T$.
#
# ## References
#
# * P. Yu, Z. Bao, H. Jiang, R. Yu, Q. Li. *The Effect of Attention Head Count on Transformer
#   Approximation.* ICLR 2026. [arXiv 2510.06662](https://arxiv.org/abs/2510.06662): §3 (Assumption 1),
#   §4 (definition, Assumption 2), Theorem 1 and Lemmas 1-3 (App. A.1), Corollary 1 (App. A.4).
# * A. Mousavi-Hosseini et al. (2025), $q$-sparse token regression: a sequence-to-sequence relative
#   of this task (cited in §4 of the paper).
