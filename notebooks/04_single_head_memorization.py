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
# # 04 · One head, a large embedding: single-head memorization
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/headcount-course/headcount/blob/main/notebooks/04_single_head_memorization.ipynb)
# [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/headcount-course/headcount/main?urlpath=lab/tree/notebooks/04_single_head_memorization.ipynb)
#
# Notebook 03 showed that $s < D$ heads of a *fixed* dimension $n$ cost $\epsilon^{-k}$ parameters with
# $k \propto T$. The bound has $n$ in it: what if one head is simply made large? **Theorem 2(3)** answers:
# one head with per-head dimension $n \ge Td$ approximates any $D$-retrieval task with
# $M = O(\epsilon^{-(1+\gamma)})$ parameters, with no $T$ in the exponent. The head does no retrieval at
# all: it copies the whole sequence into the class token, and the feed-forward block does the rest
# (Yu et al., ICLR 2026, §5 and App. A.3).
#
# **Learning objectives.** After this notebook you can
# 1. build the Theorem 2(3) transformer (block embedding $e_t \otimes x$, $\hat c_0 = 0$, uniform attention,
#    a three-stage feed-forward block) and check each stage;
# 2. write Lemma 9's ReLU network for $\max$ by hand, prove its error bound, and see its width grow like
#    $T/\epsilon$;
# 3. compare the parameter counts of the two routes ($\epsilon^{-\gamma}$ with $D$ heads against
#    $\epsilon^{-(1+\gamma)}$ with one big head) and the embedding cost $E = Td$;
# 4. read an experiment that trades heads for embedding dimension.

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
import numpy as np
import torch

import headcount as hc
from headcount.experiments import memorization as mem
from headcount.ui import plots
from headcount.experiments.datasets import data_dir
from headcount.ui.explorers import EmbeddingTrainer, embedding_panel
from headcount.experiments.scaling import fit_loglog
from headcount.training.sweep import load_results, run_sweep, summarize

hc.configure_threads()
SEED = 0
RESULTS = data_dir() / "results"   # the committed results (data/README.md says how each was made)

# %%
# NBVAL_IGNORE_OUTPUT
print(hc.device_report())

# %% [markdown]
# ## 1. The construction of Theorem 2(3)
#
# > **Theorem 2(3).** For $h = 1$ and per-head dimension $n \ge Td$, if the feed-forward block is a
# > 5-layer ReLU network, there is $C_{d,D,T}$ such that for all $M > C_{d,D,T}/\epsilon^{1+\gamma}$ the class
# > $\epsilon$-approximates every $D$-retrieval task.
#
# The proof (App. A.3, NOTES §4.5) is a construction:
#
# * **embedding** $P_\phi(x^{(t)}, t) = e_t \otimes x^{(t)} \in \mathbb R^{Td}$: token $t$ is written into
#   block $t$, zeros elsewhere;
# * **trivial attention**: $\hat c_0 = 0$, so every logit is 0 and the weights are uniform; with
#   $W_V = W_O = I$ the head outputs $\frac1T(x^{(1)}, \dots, x^{(T)})$: the whole sequence, losslessly;
# * **feed-forward block** $F_3 \circ F_2 \circ F_1$: $F_1$ computes $u(t)_i = f_i(x^{(t)})$ for every block
#   and feature; $F_2$ takes $\min_{t \in S_i}$ with Lemma 9's ReLU network; $F_3$ applies $F_0$.
#
# `headcount.experiments.memorization.theorem2_memorize` builds it. Like notebook 02's construction, $F_1$ and $F_3$
# are exact here (the paper uses networks with error $\delta$, Assumption 3), so the only error is Lemma 9's.
# First the embedding, for $T = 3$, $d = 2$:

# %%
tiny = hc.smooth_task(3, D=2, d=2)
X_tiny, _ = tiny.sample(1, SEED)
model_tiny = mem.theorem2_memorize(tiny, eps=0.1)
tokens = model_tiny.embed(X_tiny)[0]
print("tokens x_t (rows):\n", X_tiny[0].numpy().round(3))
print("P_phi(x_t, t) = e_t (x) x_t (rows, E = T d = 6):\n", tokens.numpy().round(3))
head, weights = model_tiny.attend(X_tiny)
print("attention weights:", weights[0].numpy().round(4))
print("T * head output   :", (3 * head[0]).numpy().round(3))
assert torch.allclose(3 * head[0], X_tiny[0].double().flatten()), "the head output stores the sequence"

# %% [markdown]
# Now the whole pipeline on the toy task $\max + \min$ and on a smooth task meeting Assumption 2, at
# several accuracies $\epsilon$ (Lemma 9 with $n = \lceil 1/\epsilon \rceil$). The output error is at most
# $\sup|\nabla F_0|_1 / n$ (both tasks have $\sup|\nabla F_0|_1 = 2$):

# %%
print(f"{'task':<9} {'T':>3} {'eps':>6} {'n':>4} {'attn dev':>9} {'readout':>8} {'feature err':>12} "
      f"{'<= 1/n':>8} {'output err':>11} {'<= L/n':>8}")
for task in (hc.max_min_task(16), hc.smooth_task(16, D=3, d=2)):
    for eps in (0.2, 0.05, 0.01):
        r = mem.memorization_error(task, eps, samples=500, seed=SEED)
        print(f"{task.name:<9} {r.T:>3} {eps:>6.2f} {r.n:>4} {r.attention_max_dev:>9.1e} {r.readout:>8.1e} "
              f"{r.feature:>12.5f} {r.feature_bound:>8.4f} {r.output:>11.5f} {r.output_bound:>8.4f}")
        assert r.attention_max_dev == 0 and r.readout < 1e-12, "uniform attention carries the whole sequence"
        assert r.within_bound, "Theorem 2(3)'s construction stays within Lemma 9's bound"

# %% [markdown]
# ## 2. Lemma 9 by hand: a maximum from ReLUs
#
# > **Lemma 9.** For $f(x) = \max_t x_t$ on $[0,1]^T$ and $n = \lceil 1/\epsilon\rceil$,
# > $$h_1(t, j) = \mathrm{ReLU}\big(x_t - \tfrac jn\big), \qquad
# > h_2(j) = \mathrm{ReLU}\Big(\sum_t h_1(t,j)\Big) - \mathrm{ReLU}\Big(\sum_t h_1(t,j) - \tfrac1n\Big), \qquad
# > \hat f = \sum_{j=0}^{n-1} h_2(j)$$
# > satisfies $|\hat f - \max_t x_t| \le 1/n \le \epsilon$, with hidden widths $Tn$ and $2n$.
#
# **Why.** $h_2(j) = \mathrm{clip}(s_j, 0, 1/n)$ with $s_j = \sum_t h_1(t,j)$. If some $x_t \ge (j+1)/n$, then
# $s_j \ge 1/n$ and $h_2(j) = 1/n$; if all $x_t \le j/n$, $h_2(j) = 0$. Only the one level $j = c - 1$ with
# $c = \lceil n \max_t x_t\rceil$ is in between, so $\hat f \in [(c-1)/n, c/n]$, the same interval as the max.
#
# **Sharper (our observation).** On that level $s_{c-1}$ is at least $\delta = \max_t x_t - (c-1)/n$ (the max
# itself) and at most $T\delta$ (all $T$ entries), so $0 \le \hat f - \max \le \min(T\delta, 1/n) - \delta$,
# largest at $\delta = 1/(nT)$: the worst error is exactly $(1 - 1/T)/n$, attained when all entries sit just
# above a grid level. The paper's $1/n$ is tight up to that factor, and $\hat f$ never undershoots.
#
# `lemma9_error` evaluates the network exactly as written (three `nn.Linear` layers) on random inputs, half
# of them near that worst case:

# %%
print(f"{'T':>4} {'eps':>6} {'n':>4} {'width1 = Tn':>11} {'width2 = 2n':>11} {'max error':>10} "
      f"{'(1-1/T)/n':>10} {'1/n':>8}")
for T in (1, 4, 16, 64):
    for eps in (0.1, 0.02):
        w = mem.lemma9_widths(T, eps)
        err = mem.lemma9_error(T, eps, samples=4000, seed=SEED)
        sharp = mem.lemma9_sharp_bound(T, w["n"])
        print(f"{T:>4} {eps:>6.2f} {w['n']:>4} {w['width1']:>11} {w['width2']:>11} {err:>10.5f} {sharp:>10.5f} "
              f"{1 / w['n']:>8.4f}")
        assert err <= sharp + 1e-12 <= 1 / w["n"] + 1e-12 <= eps + 1e-12, "Lemma 9's bound"
        assert T == 1 or err > 0.9 * sharp, "the sharp bound is (nearly) reached"

# %%
fig, axes = plt.subplots(1, 2, figsize=(9, 3.4))
Ts = [2, 4, 8, 16, 32, 64, 128]
for eps in (0.1, 0.01):
    axes[0].plot(Ts, [mem.lemma9_widths(T, eps)["nonzero_params"] for T in Ts], "o-", label=f"eps = {eps}")
inv = [5, 10, 20, 50, 100, 200]
for T in (4, 32):
    axes[1].plot(inv, [mem.lemma9_widths(T, 1 / k)["nonzero_params"] for k in inv], "o-", label=f"T = {T}")
for ax, xl in zip(axes, ("T", "1 / eps")):
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(xl)
    ax.legend()
axes[0].set_ylabel("nonzero parameters of Lemma 9's net")
fig.suptitle("Lemma 9: size ~ 4 T / eps")
fig.tight_layout()
plt.show()
slope_T = fit_loglog(Ts, [mem.lemma9_widths(T, 0.01)["nonzero_params"] for T in Ts]).slope
slope_eps = fit_loglog(inv, [mem.lemma9_widths(32, 1 / k)["nonzero_params"] for k in inv]).slope
print(f"log-log slopes: {slope_T:.3f} in T, {slope_eps:.3f} in 1/eps")
assert abs(slope_T - 1) < 0.1 and abs(slope_eps - 1) < 0.1, "Lemma 9's size is about linear in T and in 1/eps (4 T n - T + 3 n)"

# %% [markdown]
# ## 3. Parameter accounting: $\epsilon^{-\gamma}$ against $\epsilon^{-(1+\gamma)}$
#
# Assumption 3 gives networks of width $C/\delta^\gamma$ for each $f_i$ and for $F_0$. The two routes:
#
# * **$D$ heads** (Theorem 2(1), notebook 02): $E = 2D$; the encoder holds $D$ feature nets, the FFN one
#   net for $F_0$: $M \sim \epsilon^{-\gamma}$, independent of $T$.
# * **one head** (Theorem 2(3)): $E = Td$; the FFN applies the $D$ feature nets to all $T$ blocks, then $D$
#   Lemma 9 networks ($\sim T/\epsilon$ each), then $F_0$. Adding the nets' own weights gives
#   $\sim T\epsilon^{-\max(1,\gamma)}$; but the FFN is *one* 5-layer network (Lemma 8), and a dense layer
#   joining $F_1$'s hidden width ($\sim TD\epsilon^{-\gamma}$) to $F_2$'s ($\sim TD/\epsilon$) alone has
#   $\sim T^2D^2\epsilon^{-(1+\gamma)}$ entries: that product is where the paper's $1 + \gamma$ comes from.
#
# (`memorization_accounting`, with $C = 1$ and $\gamma = 2$; constants are illustrative, exponents are not.)

# %%
T_ACC, d_ACC, D_ACC, GAMMA = 16, 4, 4, 2.0
epss = [0.1, 0.05, 0.02, 0.01]
acc = {eps: mem.memorization_accounting(T_ACC, d_ACC, D_ACC, eps, gamma=GAMMA) for eps in epss}
print(f"T = {T_ACC}, d = {d_ACC}, D = {D_ACC}, gamma = {GAMMA:g}")
print(f"{'eps':>6} {'E (D heads)':>11} {'M (D heads)':>12} {'E (1 head)':>10} {'M (1 head, sum)':>16} "
      f"{'M (1 head, dense)':>18}")
for eps, a in acc.items():
    print(f"{eps:>6.2f} {a['heads']['E']:>11} {a['heads']['M']:>12,} {a['memorize']['E']:>10} "
          f"{a['memorize']['M']:>16,} {a['memorize']['M_dense']:>18,}")
inv_eps = [1 / e for e in epss]
exp_heads = fit_loglog(inv_eps, [acc[e]["heads"]["M"] for e in epss]).slope
exp_dense = fit_loglog(inv_eps, [acc[e]["memorize"]["M_dense"] for e in epss]).slope
print(f"fitted exponents of 1/eps: D heads {exp_heads:.2f} (gamma = {GAMMA:g}), "
      f"one head dense {exp_dense:.2f} (1 + gamma = {1 + GAMMA:g})")
assert abs(exp_heads - GAMMA) < 0.1 and abs(exp_dense - (1 + GAMMA)) < 0.15

# %% [markdown]
# And the embedding: the one-head route needs $E = Td$, growing with the sequence, while $D$ heads need
# $E = 2D$ whatever $T$ is. At $\epsilon = 0.01$:

# %%
print(f"{'T':>5} {'E (D heads)':>11} {'E (1 head)':>10} {'M (D heads)':>12} {'M (1 head, dense)':>18}")
for T in (8, 32, 128, 512):
    a = mem.memorization_accounting(T, d_ACC, D_ACC, 0.01, gamma=GAMMA)
    print(f"{T:>5} {a['heads']['E']:>11} {a['memorize']['E']:>10} {a['heads']['M']:>12,} {a['memorize']['M_dense']:>18,}")
    assert a["memorize"]["E"] == T * d_ACC and a["heads"]["M"] == acc[0.01]["heads"]["M"]

# %% [markdown]
# ## 4. Experiment: one head with a growing embedding, against $D$ heads
#
# The construction needs a position-blocked embedding and a 5-layer FFN. What does *training* the paper's
# synthetic model ($D = d = 4$, no positional encoding, two-layer MLPs of width $N$) do when one head gets a
# larger and larger $E$? We compare one head at $E = n$ with $D = 4$ heads sharing the same total $E$
# (`--embed`, per-head dimension $E/4$). The sweep is loaded from `data/results/memorization_embed.csv`:

# %%
# NBVAL_IGNORE_OUTPUT
mrows = load_results(RESULTS / "memorization_embed.csv")
assert mrows, "data/results/memorization_embed.csv is missing: run the command in data/results/README.md"
print("made by:", mrows[0]["command"])
print("device :", mrows[0]["device"], "| rows:", len(mrows))
M_T = sorted({r["T"] for r in mrows})
M_E = sorted({r["embed_dim"] for r in mrows})
D_SYN, d_SYN = mrows[0]["D"], mrows[0]["d"]
mtable = {(s["heads"], s["T"], s["embed_dim"]): s["min"] for s in summarize(mrows, by=("heads", "T", "embed_dim"))}
print(f"T {M_T}, E {M_E}, heads {sorted({r['heads'] for r in mrows})}, MLP width {sorted({r['width'] for r in mrows})}")


# %%
fig = plots.embedding_sweep_figure(mtable, M_T, D=D_SYN, d=d_SYN,
                                   title="one head vs D heads, by total embedding E (loaded results)")
plt.show()

# %%
# NBVAL_IGNORE_OUTPUT
for T in M_T:
    print(f"T = {T} (T d = {T * d_SYN})   " + "".join(f"{'E=' + str(e):>10}" for e in M_E))
    for h in (1, D_SYN):
        print(f"  h = {h}: min NMSE " + "".join(f"{mtable.get((h, T, e), float('nan')):>10.2e}" for e in M_E))

# %% [markdown]
# What the loaded results show, asserted:
#
# * one head gets better as $E$ grows: its best NMSE with $E \ge Td$ is below its NMSE at the smallest $E$;
# * $D$ heads beat one head at every $E$, and $D$ heads at a small $E$ (the smallest with $E \ge 2D$) beat
#   one head at *any* $E$: the attention route is far cheaper in embedding than memorization.
#
# What the data do **not** show is a step at $E = Td$ that unlocks $D$-head quality. The one-head error
# falls with $E$ and then levels off, near $2.5 \cdot 10^{-2}$, from $E = 16$ on at both lengths: at
# $T = 4$ that is exactly $E = Td$, at $T = 8$ it is already below $Td = 32$ (the task is symmetric in
# the positions, so a one-head model need not store every token separately). Past the plateau the
# bottleneck is the feed-forward block, not the embedding: Theorem 2(3)'s route asks the FFN to do the
# max extraction itself, and Lemma 9 prices that at width $\sim T/\epsilon$, far above the 256 used here;
# the attention route ($h = D$) stays 100x lower at every $E$.

# %%
for T in M_T:
    one = {e: mtable[1, T, e] for e in M_E if (1, T, e) in mtable}
    beyond = min(v for e, v in one.items() if e >= T * d_SYN)
    assert beyond < one[M_E[0]], f"T={T}: one head gets better as E grows to T d and beyond"
    assert all(mtable[D_SYN, T, e] < one[e] for e in one if (D_SYN, T, e) in mtable), f"T={T}: D heads beat one"
    e_small = min(e for e in M_E if e >= 2 * D_SYN and (D_SYN, T, e) in mtable)
    assert mtable[D_SYN, T, e_small] < min(one.values()), f"T={T}: D heads at small E beat one head at any E"

# %% [markdown]
# Why does the trained one-head model not reach the $D$-head error even with $E \gg Td$? The theorem is an
# existence statement about a 5-layer ReLU FFN and a position-blocked embedding; our model has two-layer MLPs
# of fixed width $N$ and no positions (the task is permutation invariant, as in the paper), and gradient
# descent must *find* the memorizing solution. So $E = Td$ is where memorization becomes *possible*, not
# where training switches to it.
#
# ### A live slice
#
# One head at a small and at a large $E$, and four heads at a small $E$, retrained here with the batched
# trainer (scratch file). FAST mode trains briefly; its check is the robust one: $D$ heads beat one head
# at the small $E$.

# %%
# NBVAL_IGNORE_OUTPUT
scratch = Path(".cache") / "nb04_slice.csv"
scratch.parent.mkdir(exist_ok=True)
scratch.unlink(missing_ok=True)
T_LIVE = 4
common = {"task": "synthetic", "T": [T_LIVE], "width": 64, "steps": hc.budget(full=800, fast=300),
          "n_train": hc.budget(full=2000, fast=1000), "n_val": 500, "batch_size": 128, "warmup": 25, "seed": [0]}
live = run_sweep({**common, "heads": [1], "embed": [8, 4 * T_LIVE * d_SYN], "head_dim": None}, scratch,
                 progress=False, command="notebook 04 live slice")
live = run_sweep({**common, "heads": [D_SYN], "embed": [8], "head_dim": None}, scratch, progress=False,
                 command="notebook 04 live slice")
live_table = {(r["heads"], r["embed_dim"]): r["val_nmse"] for r in live}
for (h, E), v in sorted(live_table.items()):
    print(f"h = {h}, E = {E:>3}, T = {T_LIVE}: validation NMSE {v:.3e}")
assert live_table[D_SYN, 8] < live_table[1, 8], "live slice: D heads beat one head at the same small E"

# %% [markdown]
# ## 5. Explore: $E$, $T$ and heads
#
# Choose the total embedding $E$ (per-head dimension $\lceil E/h \rceil$), the length $T$ and the number of
# heads, and train on the synthetic task ($d = 4$, so the memorization threshold is $E = 4T$). Training
# runs in the background; Stop ends it at the next step. A few hundred steps take seconds on a CPU.

# %%
# NBVAL_IGNORE_OUTPUT
panel = embedding_panel()
panel

# %% [markdown]
# *The panel's default state (one head, $E = 32$, $T = 4$), trained once, as a static figure:*

# %%
# NBVAL_IGNORE_OUTPUT
default = EmbeddingTrainer(steps=hc.budget(full=400, fast=100))
history = default.run()
print(default.status)
fig = default.figure()
plt.show()
assert history is not None and default.ok

# %% [markdown]
# ## 6. Exercises
#
# ### Exercise 1: size a Lemma 9 network
#
# For $T = 32$ inputs and accuracy $\epsilon = 0.01$, give Lemma 9's $n$, its two hidden widths, and the
# embedding dimension $E$ Theorem 2(3) needs for $d = 4$.

# %%
n_ex, width1_ex, width2_ex, E_ex = None, None, None, None  # your answers

# %% tags=["solution", "hide-input"] jupyter={"source_hidden": true}
# Solution: n = ceil(1/eps) = 100; widths T n = 3200 and 2 n = 200; E = T d = 128.
n_ex, width1_ex, width2_ex, E_ex = 100, 32 * 100, 2 * 100, 32 * 4

# %%
# Check
w_ex = mem.lemma9_widths(32, 0.01)
assert None not in (n_ex, width1_ex, width2_ex, E_ex), "fill in all four"
assert (n_ex, width1_ex, width2_ex) == (w_ex["n"], w_ex["width1"], w_ex["width2"]), "n = ceil(1/eps); widths T n, 2 n"
assert E_ex == mem.memorization_accounting(32, 4, 2, 0.01)["memorize"]["E"], "E = T d"
print("correct:", w_ex)

# %% [markdown]
# ### Exercise 2: Lemma 9 with numpy
#
# Implement $\hat f$ for one input vector with numpy, following the three formulas literally, and evaluate
# it on `x_ex` with $n = 10$. Then find an input in $[0,1]^4$ on which the error exceeds $0.07$ (hint: the
# sharp bound).

# %%
x_ex = np.array([0.12, 0.47, 0.455, 0.3])


def lemma9_numpy(x, n):
    raise NotImplementedError  # your code


f_ex = None        # lemma9_numpy(x_ex, 10)
x_worst = None     # an input of length 4 with error > 0.07

# %% tags=["solution", "hide-input"] jupyter={"source_hidden": true}
# Solution
def lemma9_numpy(x, n):
    j = np.arange(n)
    h1 = np.maximum(x[:, None] - j[None, :] / n, 0)          # (T, n)
    s = h1.sum(axis=0)
    h2 = np.maximum(s, 0) - np.maximum(s - 1 / n, 0)
    return h2.sum()


f_ex = lemma9_numpy(x_ex, 10)
# all entries at (c - 1 + 1/T)/n: error (1 - 1/T)/n = 0.075 for T = 4, n = 10
x_worst = np.full(4, (4 + 1 / 4) / 10)

# %%
# Check against the library's network
net10 = mem.MaxNet(4, 10)
assert f_ex is not None and x_worst is not None, "fill in f_ex and x_worst"
assert abs(f_ex - float(net10(torch.tensor(x_ex)))) < 1e-12, "lemma9_numpy differs from the network"
err_worst = abs(lemma9_numpy(np.asarray(x_worst, dtype=float), 10) - np.max(x_worst))
assert np.all((0 <= np.asarray(x_worst)) & (np.asarray(x_worst) <= 1)) and err_worst > 0.07, "find a worse input"
print(f"correct: f^(x_ex) = {f_ex:.4f} (max {x_ex.max():.3f}); worst-case error {err_worst:.4f} <= 1/n = 0.1")

# %% [markdown]
# ## Summary
#
# * **Theorem 2(3):** one head with $n \ge Td$ suffices. Block embedding $e_t \otimes x$, $\hat c_0 = 0$ and
#   uniform attention put the whole sequence in front of the FFN; the FFN computes the features, the subset
#   minima (Lemma 9) and $F_0$. We built it and checked each stage within Lemma 9's bound.
# * **Lemma 9:** $\max$ of $T$ inputs to accuracy $1/n$ with hidden widths $Tn$ and $2n$; in fact
#   $0 \le \hat f - \max \le (1-1/T)/n$, and the bound is reached.
# * **Accounting:** $D$ heads cost $E = 2D$ and $M \sim \epsilon^{-\gamma}$; one head costs $E = Td$ and a
#   5-layer FFN with $M \sim \epsilon^{-(1+\gamma)}$ (the product of two widths in one dense layer).
# * **Experiment:** trained one-head models improve with $E$ and level off from about $E = Td$ (or earlier),
#   limited by the feed-forward block; $D$ heads with a small $E$ do better than one head with any $E$.
#
# Next, notebook 05 runs the paper's synthetic experiments (Tables 2 and 3, Fig. 1) at scale.
#
# ## References
#
# * P. Yu, Z. Bao, H. Jiang, R. Yu, Q. Li. *The Effect of Attention Head Count on Transformer
#   Approximation.* ICLR 2026. [arXiv 2510.06662](https://arxiv.org/abs/2510.06662): Theorem 2(3) (§5) and
#   its proof with Lemmas 8 and 9 (App. A.3); the remark on $\gamma$ versus $1 + \gamma$ after Theorem 2.
# * S. Mahdavi et al. (2023), on memorization capacity of attention: a different sense of "memorization"
#   than the one here (the paper's remark in App. A.3).
