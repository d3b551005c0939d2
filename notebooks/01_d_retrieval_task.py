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
# **Learning objectives.** After this notebook you can
# 1. state the definition (features $f_i$, position subsets $S_i$ with $|S_i| \ge T/4$, outer
#    function $F_0$) and write the toy max + min task and the paper's synthetic task in it;
# 2. read off $D$ for a task, and say which tasks Assumption 2 excludes and why;
# 3. explain the key step of the density theorem (Theorem 1): order statistics are maxima of
#    subset minima (Lemma 2), and check it against sorting;
# 4. state Corollary 1 (uniqueness of $D$) with its condition $D_1^2 + D_2^2 \le T/50$.

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
import math

import matplotlib.pyplot as plt
import torch

import headcount as hc
from headcount import theory
from headcount.diagnostics import assumption2_report
from headcount.ui.plots import task_sample_figure
from headcount.tasks import RetrievalTask, degenerate_task, synthetic_directions
from headcount.ui.explorers import TaskExplorer, task_explorer_panel

hc.configure_threads()
SEED = 0

# %%
# NBVAL_IGNORE_OUTPUT
print(hc.device_report())

# %% [markdown]
# ## 1. The definition (§4, eqs. 8-9)
#
# A sequence $X_T = (x^{(1)}, \dots, x^{(T)})$ of tokens $x^{(t)} \in [0,1]^d$. For $i = 1, \dots, D$
# take a smooth *feature* $f_i : [0,1]^d \to [0,1]$ and a *position subset* $S_i \subseteq [T]$ with
# $|S_i| \ge T/4$. The task retrieves
# $$\bar z_i(X_T) = \min_{t \in S_i} f_i\big(x^{(t)}\big), \qquad i = 1, \dots, D,$$
# and outputs $H(X_T) = F_0(\bar z_1, \dots, \bar z_D)$ with a $C^1$ outer function $F_0 : [0,1]^D \to \mathbb R$.
#
# * What is retrieved is the **value** of a minimum, not its position.
# * A maximum fits too: $\max_t g = -\min_t (-g)$.
# * $D$ is the **intrinsic dimension**: how many different things must be pulled out of the sequence.
#
# `headcount.tasks` holds this as data. Three families ship:

# %%
tasks = {
    "max_min": hc.max_min_task(T=16),
    "synthetic": hc.synthetic_task(T=16),
    "smooth": hc.smooth_task(T=16),
}
print(f"{'family':<10} {'d':>2} {'T':>3} {'D':>2}  {'|S_i|':<14} {'Assumption 2':<13} description")
for name, task in tasks.items():
    sizes = task.subsets.sum(dim=1).tolist()
    print(f"{name:<10} {task.d:>2} {task.T:>3} {task.D:>2}  {str(sizes):<14} {str(task.meets_assumption2):<13} "
          f"{task.description}")

# %% [markdown]
# ### The toy example: $\max + \min$ (eq. 7)
#
# With $d = 1$, $y = \max_t x_t + \min_t x_t$ is a 2-retrieval task:
# $f_1(x) = x$ (its min over $[T]$ is $\min_t x_t$), $f_2(x) = 1 - x$ (its min is $1 - \max_t x_t$),
# $S_1 = S_2 = [T]$, and $F_0(z_1, z_2) = z_1 + 1 - z_2$. The library's target must agree with the
# direct formula on every sequence:

# %%
toy = tasks["max_min"]
X, y = toy.sample(1000, SEED)
direct = X[..., 0].max(dim=1).values + X[..., 0].min(dim=1).values
print(f"max |library - direct| over 1000 sequences: {float((y - direct).abs().max()):.1e}")
assert torch.allclose(y, direct), "the max + min task must equal max_t x_t + min_t x_t"

# %% [markdown]
# ### The paper's synthetic task (§6.1)
#
# Tokens $x^{(t)} \sim \mathcal N(0, I_4)$ and $y = \sum_{i=1}^{4} \max_t a_i^\top x^{(t)}$ with fixed
# directions $a_i$: here $f_i(x) = -a_i^\top x$, $S_i = [T]$, $F_0(z) = -\sum_i z_i$, so $D = 4$.
# (The paper does not say how it chose the $a_i$; we draw them from a seed and normalize them.
# The features are linear and the tokens Gaussian, so this task mirrors the structure of the
# definition rather than its exact assumptions: the paper does the same.)

# %%
syn = tasks["synthetic"]
a = synthetic_directions(D=4, d=4)
X, y = syn.sample(1000, SEED)
direct = (X @ a.T).max(dim=1).values.sum(dim=1)
print("directions a_i (rows):\n", a.numpy().round(3))
print(f"max |library - direct| over 1000 sequences: {float((y - direct).abs().max()):.1e}")
assert torch.allclose(y, direct, atol=1e-5), "the synthetic task must equal sum_i max_t a_i . x_t"

# %% [markdown]
# ### What a sample looks like
#
# Top: the tokens. Bottom: each feature $f_i(x_t)$ per position; hollow dots are positions
# outside $S_i$; the circle marks the position feature $i$ retrieves (its minimum over $S_i$),
# also drawn as a dotted line in the top panel. The title gives $\bar z$ and the target.

# %%
fig = task_sample_figure(toy, toy.sample(1, SEED)[0])
plt.show()

# %% [markdown]
# In the smooth task the subsets $S_i$ are random halves of the positions, so a feature can
# retrieve a position that is not its global minimum in the sequence:

# %%
smooth = tasks["smooth"]
Xs, ys = smooth.sample(1, SEED)
z, positions = smooth.retrieve(Xs)
print("retrieved z_i      :", [f"{v:.4f}" for v in z[0].tolist()])
print("retrieved position :", [p + 1 for p in positions[0].tolist()])
print(f"target y = F0(z)   : {float(ys[0]):.4f}")
for i in range(smooth.D):
    assert bool(smooth.subsets[i, positions[0, i]]), "each feature retrieves a position inside its S_i"
fig = task_sample_figure(smooth, Xs)
plt.show()

# %%
fig = task_sample_figure(syn, syn.sample(1, SEED)[0])
plt.show()

# %% [markdown]
# ## 2. Assumption 2: which tasks the lower bound is about
#
# The lower bound (Theorem 2(2), notebook 03) needs the task to be non-degenerate:
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

# %%
candidates = {
    "smooth (D=3, d=2)": hc.smooth_task(16),
    "max_min": hc.max_min_task(16),
    "synthetic (D=2, d=2)": hc.synthetic_task(16, D=2, d=2),
    "constant feature": degenerate_task("constant_feature", 16),
    "duplicated features": degenerate_task("duplicate_features", 16),
    "flat F0": degenerate_task("flat_outer", 16),
}
reports = {}
for name, task in candidates.items():
    reports[name] = r = assumption2_report(task)
    print(f"{name:<22} holds: {str(r.holds):<5}  " + ("; ".join(r.failures()) or "all four conditions"))

assert reports["smooth (D=3, d=2)"].holds, "the smooth task is built to meet Assumption 2"
assert not reports["constant feature"].unique_min[1], "a constant feature has no unique minimizer (2.1)"
assert not reports["duplicated features"].distinct, "duplicated features share their minimizer (2.2)"
assert not reports["flat F0"].gradient_nonzero, "a flat F0 has zero partial derivatives (2.4)"
assert not all(reports["max_min"].hessian_pd), "f(x) = x has its minimum on the boundary, Hessian 0 (2.3)"

# %% [markdown]
# Note the second and third rows: **max + min and the synthetic task fail
# (2.3)**, because a linear feature takes its minimum on the boundary of the cube with a zero
# Hessian. The theorems' *upper* bounds (Theorem 2(1), 2(3)) do not need Assumption 2, and the
# experiments behave as predicted anyway; the lower-bound proof needs the curvature. The
# `smooth` family exists so that every theorem applies literally.

# %% [markdown]
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
# > $$\max_{|B| = m} \min_{u \in B} x^{(u)}_j = v_m, \qquad
# > \max_{|A| = m,\ t \in A} \min_{u \in A} x^{(u)}_j = \min\{x^{(t)}_j, v_m\}.$$
#
# Why: any $m$-subset's minimum is at most its own $m$-th largest element, which is at most $v_m$;
# the subset of the $m$ largest values reaches it. Each "$\min_{u \in B}$" is one retrieval
# feature with $S = B$, and the outer max is part of $F_0$. Let us check both identities by
# enumerating every subset, against sorting:

# %%
gen = torch.Generator().manual_seed(SEED)
x = torch.rand(500, 12, generator=gen, dtype=torch.float64)   # 500 random sequences, T = 12
m = 12 // 4
U = theory.max_of_subset_minima(x, m)
v_m = theory.kth_largest(x, m)
print(f"T = 12, m = {m}: {math.comb(12, m)} subsets per sequence")
print("first sequence, sorted (descending):", x[0].sort(descending=True).values.numpy().round(3))
print(f"max over subsets of the subset minimum: {float(U[0]):.3f}   m-th largest: {float(v_m[0]):.3f}")
assert torch.equal(U, v_m), "Lemma 2: max of subset minima = m-th largest, on every sequence"
for t in range(12):
    Y_t = theory.max_of_subset_minima_containing(x, m, t)
    assert torch.equal(Y_t, torch.minimum(x[:, t], v_m)), "Lemma 2: Y_t = min(x_t, v_m)"
# the same with 1 - x gives the m-th smallest value w_m
w_m = 1 - theory.max_of_subset_minima(1 - x, m)
assert torch.allclose(w_m, theory.kth_largest(x, 12 - m + 1)), "1 - max of subset minima of (1 - x) = w_m"
print("Lemma 2 holds on all 500 sequences, for U, every Y_t, and w_m")

# %% [markdown]
# From $v_m$, $w_m$ and the $Y_t$ a smooth selector (Lemma 3) recovers each $x^{(t)}$, and a
# polynomial in the recovered values approximates any continuous $F$ (Stone-Weierstrass).
#
# **The catch.** The $D$ this produces is enormous: one feature per subset and coordinate, of order
# $2d\binom{T}{T/4}$. Density says nothing about how $D$ depends on $F$ (reviewer 1's main criticism).
# The interesting tasks are those with a **small** $D$.

# %%
print(f"{'T':>4}  {'2 d C(T, T/4) with d = 1':>26}")
for T in (8, 16, 32, 64):
    print(f"{T:>4}  {theory.subset_minima_count(T, d=1):>26,}")
assert theory.subset_minima_count(64) > 10**14, "the density proof's D explodes with T"

# %% [markdown]
# ## 4. Corollary 1: $D$ is well defined
#
# A task may have several representations $(\{f_i, S_i\}, F_0)$. Is its $D$ then ambiguous?
#
# > **Corollary 1.** If a task has two representations with $D_1$ and $D_2$ features, both meeting
# > Assumptions 1 and 2, and $D_1^2 + D_2^2 \le T/50$, then $D_1 = D_2$.
#
# The proof plays the two halves of Theorem 2 against each other: with $D_1 < D_2$ heads,
# Theorem 2(1) gives a $T$-independent rate $\epsilon^{-\gamma}$ from the first representation,
# while Theorem 2(2) applied to the second forces $\epsilon^{-k}$ with
# $k = (T/4 - D_1 - D_2 + 1)/(3D_1 + 1) - 1 > \gamma$: a contradiction. The condition needs long
# sequences: the smallest $T$ for which it applies,

# %%
print("smallest T where Corollary 1 applies")
print("D1\\D2 " + "".join(f"{D2:>6}" for D2 in range(1, 6)))
for D1 in range(1, 6):
    row = [next(T for T in range(1, 10_000) if theory.corollary1_applies(D1, D2, T)) for D2 in range(1, 6)]
    assert all(T == 50 * (D1 * D1 + D2 * D2) for T, D2 in zip(row, range(1, 6)))
    print(f"{D1:>5} " + "".join(f"{T:>6}" for T in row))

# %% [markdown]
# For the synthetic task's $D = 4$ against a hypothetical 3-feature representation, the condition
# needs $T \ge 50 \cdot 25 = 1250$: the corollary is a statement about long sequences.
#
# ## 5. Explore: tasks, lengths and dimensions
#
# Pick a family, $T$, $D$ and $d$, and resample. Invalid combinations (max + min has $D = 2$,
# $d = 1$) are reported in the status line and leave the figure as it was.

# %%
# NBVAL_IGNORE_OUTPUT
panel = task_explorer_panel()
panel

# %% [markdown]
# *The panel's default state, as a static figure (for readers without a live kernel):*

# %%
explorer = TaskExplorer()
print(explorer.status)
fig = explorer.figure()
plt.show()

# %% [markdown]
# ## 6. Exercises
#
# ### Exercise 1: build a task and state its $D$
#
# Build a `RetrievalTask` with $T = 8$, $d = 1$, uniform tokens, for
# $$y = \max_{t \le 4} x_t \;-\; 2 \min_{t > 4} x_t ,$$
# and set `my_D` to its intrinsic dimension. (Hint: write each retrieved quantity as a minimum of a
# feature over a subset; `subsets` is a boolean `(D, T)` tensor; `inputs(n, T, d, generator)` draws
# tokens, e.g. `lambda n, T, d, g: torch.rand(n, T, d, generator=g)`.)

# %%
my_task = None  # your RetrievalTask here
my_D = None     # your answer here

# %% tags=["solution", "hide-input"] jupyter={"source_hidden": true}
# Solution: max_{t<=4} x = -min_{t<=4}(-x) is not in [0, 1]; use 1 - x instead:
# max_{t<=4} x_t = 1 - min_{t<=4} (1 - x_t). Two features, two subsets, so D = 2.
first_half = torch.tensor([True] * 4 + [False] * 4)
my_task = RetrievalTask(
    name="exercise", d=1, T=8, D=2,
    features=lambda X: torch.cat([1 - X, X], dim=-1),                 # f_1 = 1 - x, f_2 = x
    subsets=torch.stack([first_half, ~first_half]),                    # S_1 = {1..4}, S_2 = {5..8}
    outer=lambda z: (1 - z[..., 0]) - 2 * z[..., 1],                   # F0(z) = 1 - z_1 - 2 z_2
    inputs=lambda n, T, d, g: torch.rand(n, T, d, generator=g),
)
my_D = 2

# %%
# Check
X_ex = torch.rand(200, 8, 1, generator=torch.Generator().manual_seed(1))
expected = X_ex[:, :4, 0].max(dim=1).values - 2 * X_ex[:, 4:, 0].min(dim=1).values
assert isinstance(my_task, RetrievalTask), "my_task must be a RetrievalTask"
assert torch.allclose(my_task.target(X_ex), expected, atol=1e-6), "my_task's target is not max_{t<=4} x - 2 min_{t>4} x"
assert my_D == my_task.D == 2, "two different quantities are retrieved, so D = 2"
print("correct: D = 2")

# %% [markdown]
# ### Exercise 2: a target by hand
#
# For the smooth task below ($T = 8$, $d = 1$, $D = 2$), the table lists each position's feature
# values and whether it is in $S_1$, $S_2$. Its outer function is $F_0(z) = m + m^2/2$ with
# $m = (z_1 + z_2)/2$. Compute $\bar z_1$, $\bar z_2$ and $y$ by hand (to 3 decimals).

# %%
hand_task = hc.smooth_task(8, D=2, d=1)
X_hand, _ = hand_task.sample(1, 7)
f_hand = hand_task.feature_values(X_hand)[0]
print(" t   x_t     f_1     f_2    in S_1  in S_2")
for t in range(8):
    print(f"{t + 1:>2}  {float(X_hand[0, t, 0]):.3f}  {float(f_hand[t, 0]):.4f}  {float(f_hand[t, 1]):.4f}"
          f"    {str(bool(hand_task.subsets[0, t])):<6}  {bool(hand_task.subsets[1, t])}")

# %%
z1_hand, z2_hand, y_hand = None, None, None  # your answers here

# %% tags=["solution", "hide-input"] jupyter={"source_hidden": true}
# Solution: z_i = smallest f_i among the rows marked in S_i; then m = (z_1 + z_2)/2, y = m + m^2/2.
z1_hand = min(float(f_hand[t, 0]) for t in range(8) if hand_task.subsets[0, t])
z2_hand = min(float(f_hand[t, 1]) for t in range(8) if hand_task.subsets[1, t])
m_hand = (z1_hand + z2_hand) / 2
y_hand = m_hand + m_hand**2 / 2

# %%
# Check against the library
z_lib, _ = hand_task.retrieve(X_hand)
y_lib = float(hand_task.target(X_hand)[0])
assert None not in (z1_hand, z2_hand, y_hand), "fill in z1_hand, z2_hand and y_hand"
assert abs(z1_hand - float(z_lib[0, 0])) < 1e-3 and abs(z2_hand - float(z_lib[0, 1])) < 1e-3, "check the subsets"
assert abs(y_hand - y_lib) < 1e-3, "z is right but y is not: F0(z) = m + m^2/2 with m the mean of z"
print(f"correct: z = ({float(z_lib[0, 0]):.4f}, {float(z_lib[0, 1]):.4f}), y = {y_lib:.4f}")

# %% [markdown]
# ## Summary
#
# * A **generalized $D$-retrieval task** retrieves $D$ values $\bar z_i = \min_{t \in S_i} f_i(x_t)$
#   over position subsets with $|S_i| \ge T/4$, and combines them with a smooth $F_0$. Max + min has
#   $D = 2$; the paper's synthetic task has $D = 4$.
# * **Assumption 2** (unique, distinct, curved minima; $F_0$ sensitive to every $z_i$) excludes
#   degenerate representations; the lower bound needs it, the constructions do not.
# * **Theorem 1**: these tasks are dense, because order statistics are maxima of subset minima
#   (Lemma 2, checked above); the $D$ this gives is of order $\binom{T}{T/4}$, so density is not the
#   interesting part: small $D$ is.
# * **Corollary 1**: for $D_1^2 + D_2^2 \le T/50$, $D$ does not depend on the representation.
#
# Next, notebook 02: a transformer with $h = D$ heads solves such a task with a parameter count that
# does not grow with $T$, by an explicit construction you can run.
#
# ## References
#
# * P. Yu, Z. Bao, H. Jiang, R. Yu, Q. Li. *The Effect of Attention Head Count on Transformer
#   Approximation.* ICLR 2026. [arXiv 2510.06662](https://arxiv.org/abs/2510.06662): §4 (definition,
#   Assumption 2), Theorem 1 and Lemmas 1-3 (App. A.1), Corollary 1 (App. A.4).
# * A. Mousavi-Hosseini et al. (2025), $q$-sparse token regression: a sequence-to-sequence relative
#   of this task (cited in §4 of the paper).
