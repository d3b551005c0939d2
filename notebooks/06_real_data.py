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
# # 06 · Real data, offline: looking for the transition on images and text
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/headcount-course/headcount/blob/main/notebooks/06_real_data.ipynb)
# [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/headcount-course/headcount/main?urlpath=lab/tree/notebooks/06_real_data.ipynb)
#
# The paper's last experiments (§6.2, App. B.2-B.3) leave the synthetic task behind: a text
# retrieval model on MS MARCO and a ViT on CIFAR-10, both trained with a growing number of heads
# $h$ at several sequence lengths $T$. Both show a *transition*: below some $h$ the training error
# grows with $T$, above it the curves flatten. The paper reads that $h$ as the task's
# "intrinsic dimension" ($h \approx 12$ for text, $h \approx 10$ for images); no theorem says a real
# task has one.
#
# MS MARCO and CIFAR-10 cannot be shipped with this course and nothing here downloads at run time,
# so this notebook (1) reads the paper's real-data tables and its two diagnostics critically, and (2) runs
# offline stand-ins on two small datasets committed in `data/`: **Fashion-MNIST** (Zalando, MIT licence)
# and **WordNet 3.0 noun definitions** (Princeton's WordNet licence).
#
# **Prerequisites.** Notebook 05 (the reversal score $R(h)$, minimum against mean over seeds); Theorem 2(2)'s
# exponent $k$ (notebook 03).
#
# **Learning objectives.** After this notebook you can
# 1. read the paper's real-data tables and its two diagnostics, the weighted reversal score $R(h)$ and
#    the error model $\mathrm{Err} \approx c\,T^\beta \exp(\alpha h / T^\delta)$, and say what Theorem 2(2)
#    actually implies for $\delta$;
# 2. build real-data tasks whose $D$ you *control* (mark $D$ images in a sequence; ask $D$ queries) and
#    say what their curves do and do not show;
# 3. explain why the paper reports **training** accuracy, and what validation accuracy says instead.

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Lecture path (about 50 minutes).** Sections marked *optional* are deep dives for self-study.
#
# | section | minutes |
# | --- | --- |
# | 1. What the paper measured; $R(h)$ and the error model against Theorem 2(2) | 15 |
# | 2. The data we ship | 3 |
# | 3. Experiment 1: marked images (controlled $D$) | 11 |
# | 4. Experiment 2: multi-query text retrieval (controlled $D$) | 9 |
# | 5. Training against validation accuracy | 5 |
# | 6. Live: retrain a slice | 5 |
# | Summary | 2 |
# | *7. The paper's image protocol: a small ViT on framed images (optional)* | *(10)* |
# | *Exercises 6.1-6.3 and discussion (self-study)* | *(35)* |

# %% tags=["setup", "nbval-ignore-output"] slideshow={"slide_type": "skip"}
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
import torch

import headcount as hc
from headcount import claims, theory
from headcount.experiments import realdata as rd
from headcount.experiments import realdata_analysis as ra
from headcount.experiments import realdata_tasks as rt
from headcount.experiments.datasets import load_fashion_mnist, load_wordnet_nouns
from headcount.ui import realdata_plots as rp
from headcount.ui import tables
from headcount.ui import lecture_tables as lt
from headcount.ui.realdata_slice import LiveSlice, live_panel

hc.configure_threads()
SEED = 0

# %% tags=["nbval-ignore-output"] slideshow={"slide_type": "skip"}
print(hc.device_report())

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. What the paper measured (§6.2, Tables 6-9)
#
# **Text (MS MARCO, App. B.2).** Each query comes with 1 relevant passage and $T - 1$ hard negatives
# (BM25 and FAISS mined); $T \in \{8, 16, 32, 64\}$ is the number of candidates. A two-layer
# encoder over frozen BERT embeddings, per-head dimension 32, $h$ from 1 to 16. Metric: training
# top-1 accuracy (is the positive ranked first).
#
# **Images (CIFAR-10, App. B.3).** Each $32 \times 32$ image is placed at a random position in a larger frame
# whose padding repeats the border colours, so the sequence of patches grows with the frame:
# $T \in \{65, \dots, 1025\}$ (App. B.3.1 says patch 8, which would give $T \le 257$; the tables' lengths
# need patch 4: the paper is inconsistent here). A four-layer ViT, per-head dimension 16, $h$ from 1 to 24.
# Metric: training accuracy.

# %% slideshow={"slide_type": "subslide"}
fig = rp.paper_tables_figure(
    rd.PAPER_TEXT_TRAIN, rd.PAPER_TEXT_T, rd.PAPER_IMAGE_TRAIN, rd.PAPER_IMAGE_T
)
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# Two ways the paper locates the transition. The first is **the weighted reversal score** (Figs. 2d-e,
# notebook 05): $R(h) = \frac{1}{w_h}\sum_{T_1 < T_2} \max(\mathrm{err}(T_1) - \mathrm{err}(T_2), 0)$, with
# $w_h$ the range of $\mathrm{err}$ over $T$. It is positive when a *longer* sequence was sometimes *easier*.
# The paper's reading: below $D$ this should not happen, because Theorem 2(2) makes the best error reachable
# at a fixed size grow with $T$ (a heuristic: the theorem bounds parameter counts, not one trained model).

# %% slideshow={"slide_type": "subslide"}
R_image = ra.table_reversal_scores(rd.PAPER_IMAGE_TRAIN, top=100)
R_text = ra.table_reversal_scores(rd.PAPER_TEXT_TRAIN, top=1)
display(tables.scores_markdown({"images (Table 8)": R_image}))
display(tables.scores_markdown({"text (Table 6)": R_text}))
claims.check("fig2d", R_image)
claims.check("table6", R_text)  # Table 6: R(h) = 0 at every h

# %% [markdown] slideshow={"slide_type": "fragment"}
# On images the score does what Fig. 2d says: on the *rounded* table means it is positive at
# $h = 10, 11, 13$ and from 16 on, and exactly 0 at $h = 12$ and 14 (ties such as 98.6, 98.6, 98.6 give no
# reversal; the paper computed it from unrounded numbers and reports "positive once $h \ge 10$").
# On text it does **nothing**: the error grows with $T$ at *every* head count of Table 6, $h = 12$ and 16
# included, so $R(h) = 0$ throughout. The reversal score does not locate the text transition; the paper's
# "near $h = 12$" is read off the curves (where the $T$-dependence becomes small), not off $R$. Read that way,
# Table 6 does support it: at $T = 64$ the error $1 - $ accuracy falls from 0.068 at $h = 8$ to 0.009 at
# $h = 12$. And $R = 0$ on three-decimal means is a reading at rounding level, not evidence against the
# paper. Since MS MARCO was not run, the ledger's verdict on Table 6 is **consistent with the paper's own
# numbers**, no more.

# %% [markdown] slideshow={"slide_type": "subslide"}
# **The error model** (Fig. 2b). The paper fits
# $$\log \mathrm{Err}(h, T) = \log c + \beta \log T + \alpha\, h / T^{\delta}$$
# to Table 6 ($\mathrm{Err} = 1 - $ accuracy) under absolute error, dropping $h = 1, 12, 14, 16$ as outliers,
# and reports $\delta = 0.25$, $\alpha = -1.40$, "highly consistent with the order in Theorem 2(2) under fixed
# parameter count". We refit on the table means (the paper used per-run values).
#
# **What the theorem implies.** Theorem 2(2): with $h = s < D$ heads of dimension $n$, an
# $\epsilon$-approximation needs $M \ge C\epsilon^{-k}$ parameters with
# $k = \frac{T/4 - s - D + 1}{(n+1)s + 1} - 1$, i.e. $k \approx \frac{T}{4((n+1)h+1)}$ for long $T$. At a fixed
# parameter count $M$ this gives $-\log\epsilon \le \frac{\log(M/C)}{k} \approx \frac{4((n+1)h+1)\log M}{T}$:
# $-\log \mathrm{Err}$ of order $h \log M / T$, which is the error model with **$\delta = 1$**, not 0.25.
# (`ra.bound_delta()` measures the slope of this bound numerically; Exercise 6.3 asks you to derive it.)

# %% slideshow={"slide_type": "subslide"}
H, Ts, E = ra.error_model_points(
    rd.PAPER_TEXT_TRAIN, rd.PAPER_TEXT_T, drop=ra.PAPER_TEXT_OUTLIERS
)
fits = {
    "free delta": rd.error_model_fit(H, Ts, E),
    "delta = 0.25 (paper)": rd.error_model_fit(H, Ts, E, deltas=[0.25]),
    "delta = 1 (Theorem 2(2))": rd.error_model_fit(H, Ts, E, deltas=[1.0]),
}
display(lt.fits_table(fits, "fit on Table 6"))
k_max = max(
    theory.lower_bound_exponent(T, s, 32, D)
    for T in rd.PAPER_TEXT_T
    for D in range(2, 17)
    for s in range(1, D)
)
print(
    f"delta implied by the bound: {ra.bound_delta():.2f}; "
    "largest exponent k at Table 6's lengths "
    f"(n = 32, any D <= 16, any s < D): {k_max:.2f}"
)
claims.check("fig2b", fits)
claims.check("fig2b-theory", fits, k_max)

# %% [markdown] slideshow={"slide_type": "fragment"}
# So "highly consistent" is **unsupported by the theorem** (the ledger: not settled), though not refuted: a
# worst-case one-layer lower bound cannot be falsified by a fit to two-layer training accuracy with an
# unknown $D$. The fitted $\delta$ (0.25 in the paper, 0.31 in our refit)
# is a factor 3-4 away from the bound's $\delta = 1$, and forcing $\delta = 1$ fits Table 6 more than 4x worse.
# Worse still, at Table 6's lengths ($T \le 64$, $n = 32$) the exponent $k$ is negative for every $s < D \le 16$:
# the theorem makes no statement at all about these runs. What the fit and the theorem share is only the
# *form* $h / T^{\delta}$ and the signs (more heads help, longer $T$ hurts), which any smooth surface
# rising in $T$ and falling in $h$ would share; a four-parameter model of a $5 \times 4$ table is not
# evidence for a particular exponent.
#
# What the real-data experiments **cannot** tell us is the true $D$ of MS MARCO or CIFAR-10: nobody knows
# it, so "the transition sits at $h \approx 10$-$12$" is read off curves. The stand-ins below are built so
# that we *know* $D$, and then ask what the curves show there.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. The data we ship
#
# Both files are derived by scripts in `data/scripts/` from Debian packages (`dataset-fashion-mnist`,
# `wordnet-base`), with their licences in `data/LICENSES/`; see `data/README.md`.

# %% slideshow={"slide_type": "subslide"}
fm_train = load_fashion_mnist("train")
wn = load_wordnet_nouns()
print(f"Fashion-MNIST: train {fm_train.images.shape}, classes {fm_train.class_names}")
print(
    f"WordNet 3.0 nouns: {len(wn)} synsets in "
    f"{len(set(wn.lexnames))} lexicographer classes"
)
i = wn.offsets.index("02084071")
print(f"  e.g. {wn.offsets[i]} {wn.lexnames[i]} {wn.lemmas[i]}: {wn.glosses[i]!r}")
fig = rp.class_examples_figure(fm_train.images, fm_train.labels, fm_train.class_names)
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Experiment 1: marked images (a controlled $D$)
#
# A sequence of $T = 8$ Fashion-MNIST images (pooled to $7 \times 7$). $D$ of them carry a mark
# "slot $i$" ($i = 1..D$); the model must output the class of each marked image: $D$ outputs of 10 logits,
# cross-entropy. The model is the paper's own eq. (4) (`headcount.model`): one layer, a class token
# as the only query, $h$ heads of dimension $n = 8$, MLP width 64, `out_dim = 10 D`.
#
# **What this task is, and is not.** It asks one query to **retrieve $D$ whole tokens** (a 49-pixel image
# each, with its mark) and to output a **vector** (10 class scores) per retrieved token. The paper's
# $D$-retrieval task retrieves $D$ **scalar** minima $\min_{t \in S_i} f_i(x_t)$ and combines them with a
# fixed $F_0$; Theorem 2 is proved for that task only. A head's softmax can concentrate on one marked image at
# a time, so $h \ge D$ heads is the natural guess, but each head also squeezes an image through $n = 8$
# dimensions, so more heads keep buying bandwidth beyond $D$. It is the nearest task with a known $D$ we can
# build on real images, not an instance of the theorem.
#
# (Targets such as "the sum of the marked labels mod 10" are not learned at all at this scale, whatever $h$,
# so they show nothing about heads.)

# %% slideshow={"slide_type": "subslide"}
demo = rt.MarkedImageTask(rt.pool_images(fm_train.images, 2), fm_train.labels, T=8, D=2)
Xd, yd = demo.sample(1, torch.Generator().manual_seed(SEED))
fig = rp.marked_sequence_figure(Xd, yd, fm_train.class_names)
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# The committed results (`data/results/realdata_marked.json`; 800 steps, 3 seeds; scale, device and command
# in each row and in `data/README.md`): training accuracy (sequences drawn from the training images),
# mean ± std over seeds. Per-seed numbers are this machine's; another CPU gives other per-seed values.

# %% slideshow={"slide_type": "subslide"}
marked_rows = hc.results("realdata_marked")
marked = rd.summarize_rows(marked_rows, ("D", "heads"))
marked_val = rd.summarize_rows(marked_rows, ("D", "heads"), metric="val_acc")
Ds = sorted({r["D"] for r in marked_rows})
Hs = sorted({r["heads"] for r in marked_rows})
print(f"{len(marked_rows)} runs, {min(s['n'] for s in marked.values())} seeds per cell")
display(tables.summary_markdown(marked, Ds, Hs, "D", "h"))
fig = rp.accuracy_vs_heads(
    marked, Ds, Hs, title="marked images: accuracy against h (dotted: h = D)"
)
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# What the data show, per doubling of $h$ (the head counts are 1, 2, 4, 8):

# %% slideshow={"slide_type": "subslide"}
curves, spread = ra.curves_and_spread(marked)  # mean accuracy by (D, h); seed std
display(lt.gains_table(curves, spread))
claims.check("realdata-marked", curves, spread)

# %% [markdown] slideshow={"slide_type": "fragment"}
# * **$D = 2$: a knee at $h = D$.** Going from one head to two gains 0.15; the next doubling 0.06, a
#   difference well outside the seed spread (std at most 0.035).
# * **$D = 4$: no knee.** The gains per doubling are 0.10, 0.14 and 0.11: the curve rises roughly linearly in
#   $\log h$ from 1 to 8 heads, and the step into $h = D$ beats the next one by 0.035, about one seed std.
#   More heads beyond $D$ keep helping (per-head bandwidth and total width $E = 8h$ grow with $h$; the paper's
#   main runs have the same confound).
# * **What does hold:** heads matter more the more tokens must be retrieved ($h = 1 \to 8$ gains 0.05 at
#   $D = 1$, 0.25 at $D = 2$, 0.35 at $D = 4$), and at every $h$ accuracy falls with $D$.
#
# So on this real-image task a controlled $D$ shows up as *how much* heads matter, and as a knee only at
# $D = 2$; it does not pin the transition at $h = D$ in general.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Experiment 2: multi-query retrieval on text (the MS MARCO stand-in)
#
# Passages are WordNet noun definitions; the $T$ candidates of a sequence all come from one
# lexicographer class (e.g. all `noun.animal`), a cheap stand-in for mined hard negatives. There
# are $D$ queries, each three content words of one candidate's definition, and each must find its
# own passage: $D$ outputs over $T$ positions, recall@1. Words are frozen random vectors (the
# stand-in for frozen BERT embeddings); a passage is the normalized sum of its word vectors; a
# candidate token holds its products with the $D$ query vectors, so one layer can score every
# query against every candidate. The model is eq. (4) with learned positions and per-head dimension
# 16 (tiny heads fail at the matching even for $D = 1$). Again $D$ pointer retrievals, not $D$ scalar minima.

# %% slideshow={"slide_type": "subslide"}
text_task = rt.MultiQueryRetrievalTask(T=8, D=2)
Xt, yt, cand, qrows, word_ids = text_task.sample(
    1, torch.Generator().manual_seed(SEED), return_rows=True
)
corpus = text_task.corpus
print(f"class of the candidates: {corpus['lexnames'][int(cand[0, 0])]}")
for t in range(8):
    mark = [f"<- query {i + 1}" for i in range(2) if int(yt[0, i]) == t]
    gloss = corpus["glosses"][int(corpus["synset"][int(cand[0, t])])]
    print(f"  {t}: {gloss[:80]!r} {' '.join(mark)}")

# %% slideshow={"slide_type": "subslide"}
text_rows = hc.results("realdata_text")
text = rd.summarize_rows(text_rows, ("T", "D", "heads"))
text_val = rd.summarize_rows(text_rows, ("T", "D", "heads"), metric="val_acc")
T_main, D_fit = 8, 2
tD = sorted({r["D"] for r in text_rows if r["T"] == T_main})
tH = sorted({r["heads"] for r in text_rows})
text_main = {(D, h): s for (T, D, h), s in text.items() if T == T_main}
T_fit = sorted({T for (T, D, h) in text if D == D_fit})
n_seeds = min(s["n"] for s in text_main.values())
print(f"T = {T_main}: recall@1 on training sequences, mean ± std over {n_seeds} seeds")
display(tables.summary_markdown(text_main, tD, tH, "D", "h"))
fig = rp.text_figure(text_main, tD, tH, T_main, text, T_fit, D_fit)
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# What holds on these runs: the number of heads needed to come close to the best accuracy grows with $D$,
# and for $D \ge 2$ accuracy at every $h \ge 2$ falls as $D$ grows. What does **not** hold at this scale is a knee
# at $h = D$: the curves saturate nearer $h = 2D$. With two seeds and 1,500 steps many runs still sit on the
# loss plateau that attention-based matching starts on (the loss stays near $\log T$ until a head locks onto
# the matching candidate; see the large standard deviations), and the time to escape it varies with $h$, $T$
# and the seed. That is an optimization effect, not an expressivity one: look at $D = 1$, where one head is
# enough in principle but a single head of dimension 16 escapes the plateau slowly.

# %% slideshow={"slide_type": "subslide"}
text_curves = {
    D: {h: text_main[(D, h)]["mean"] for h in tH if (D, h) in text_main} for D in tD
}
needed = {D: ra.heads_needed(text_curves[D], tol=0.03) for D in tD}
print("heads needed to come within 0.03 of the best, per D:", needed)
claims.check("realdata-text", text_curves)
print(
    "h at which each D comes within 0.03, against D:",
    {D: f"{needed[D]} (= {needed[D] / D:.1f} D)" for D in tD},
)

# %% [markdown] slideshow={"slide_type": "subslide"}
# And the paper's error model on our $D = 2$ runs across $T$ (a printed observation: any surface rising in $T$
# and falling in $h$ gives $\alpha < 0$):

# %% slideshow={"slide_type": "fragment"}
pts = [
    (h, T, 1 - text[(T, D_fit, h)]["mean"])
    for T in T_fit
    for h in tH
    if (T, D_fit, h) in text
]
fit_ours = rd.error_model_fit(*zip(*pts))
display(lt.fits_table({f"our D = {D_fit} runs": fit_ours}, "fit"))

# %% [markdown] slideshow={"slide_type": "fragment"}
# The fit has the paper's signs ($\alpha < 0$: heads help; $\beta > 0$: longer $T$ is harder), but its
# $\delta$ sits near 0 and its mean absolute log error is large: the plateau noise above dominates a
# three-$T$, two-seed grid. It says nothing about Theorem 2(2) either way.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. Training against validation accuracy
#
# The paper's headline numbers are **training** accuracies: the theorems are about what a model
# *can represent* (approximation), not about what it learns from finitely many examples. Its validation
# tables tell a different story. On MS MARCO (Table 7) more heads do **not** help and hurt at larger $h$:
# at $T = 16$ validation accuracy is 0.42 at $h = 2$ and 0.28 at $h = 16$, and at every $T$ the best
# validation accuracy comes from $h \le 2$. On CIFAR-10 (Table 9) validation peaks near $h = 8$-$12$ at
# 69.7% and falls to 48% at $h = 24$, $T = 1025$.

# %% slideshow={"slide_type": "subslide"}
best_text_h = ra.best_heads(rd.PAPER_TEXT_VAL, rd.PAPER_TEXT_T)
best_image_h = ra.best_heads(rd.PAPER_IMAGE_VAL, rd.PAPER_IMAGE_T)
print("Table 7 (text): best validation h per T:", best_text_h)
print("Table 9 (images): best validation h per T:", best_image_h)
claims.check("table7", rd.PAPER_TEXT_VAL)
claims.check("table9", rd.PAPER_IMAGE_VAL)

# %% [markdown] slideshow={"slide_type": "subslide"}
# In our stand-ins the sequences are drawn afresh each step from a pool of training images or definitions,
# so the model never sees the same sequence twice; the gap between the two columns is the gap between
# *images/definitions seen* and *unseen*:

# %% slideshow={"slide_type": "fragment"}
display(
    lt.train_val_table(
        {
            "marked images D = 4": (marked, marked_val, (4,)),
            f"text D = 4, T = {T_main}": (text, text_val, (T_main, 4)),
        },
        sorted(set(Hs) | set(tH)),
    )
)
gap_marked = max(abs(marked[k]["mean"] - marked_val[k]["mean"]) for k in marked)
gap_text = max(abs(text[k]["mean"] - text_val[k]["mean"]) for k in text)
print(
    f"largest train-validation gap: marked images {gap_marked:.3f}, text {gap_text:.3f}"
)
claims.check("realdata-marked/overfit", marked, marked_val)

# %% [markdown] slideshow={"slide_type": "fragment"}
# Our stand-ins hardly overfit (their curves are the same on validation data), so they cannot show the
# paper's validation picture; the ViT of the optional §7, trained for many passes over 2,000 fixed images,
# starts to. The paper's choice of training accuracy isolates expressivity; a practitioner choosing $h$
# needs the validation curve, and on MS MARCO that curve says: one or two heads.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6. Live: retrain a slice
#
# The panel retrains one experiment at one $D$ for a few head counts on the available device (a GPU if
# there is one), with the committed grid's settings (800 steps for marked images), so its seed-0 run can be
# compared with the committed rows. On one CPU thread each head count takes about 5-10 s. One seed is one
# draw from the lottery: whether *this* run shows the knee at $h = D = 2$ is not guaranteed; the committed
# three-seed means of §3 do.

# %% tags=["nbval-ignore-output"] slideshow={"slide_type": "subslide"}
slice_steps = hc.budget(full=800, fast=250)
slice_heads = hc.budget(full=(1, 2, 4), fast=(1, 2))
panel = live_panel(
    LiveSlice(experiment="marked", D=2, heads=slice_heads, steps=slice_steps)
)
panel

# %% [markdown] slideshow={"slide_type": "subslide"}
# *The panel's default state, retrained once, as a static figure (FAST mode trains 250 steps of two head
# counts, so its check is loose: every head count beats chance, 0.1, by half again; measured 0.22 or more):*

# %% tags=["nbval-ignore-output"] slideshow={"slide_type": "fragment"}
live = panel.controller
live.run()
print(live.status)
committed = {h: curves[2][h] for h in live.results}
print(
    "this run:",
    {h: round(r["train_acc"], 3) for h, r in live.results.items()},
    "| committed 3-seed means at 800 steps:",
    {h: round(v, 3) for h, v in committed.items()},
)
if len(live.results) > 2:
    this_run = {h: r["train_acc"] for h, r in live.results.items()}
    print(
        "gains per doubling, this run:",
        {h: round(g, 3) for h, g in ra.gains(this_run).items()},
    )
assert all(r["train_acc"] > 0.15 for r in live.results.values()), (
    "every head count beats chance (0.1) by half again"
)
fig = live.figure()
fig

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# * The paper's real-data tables show a transition in $h$ through **training** accuracy (text near 12,
#   images near 10). Its reversal score locates the image transition (Table 8) but is 0 at every $h$ of the
#   text table, so it does not locate the text one.
# * The error model $c\,T^\beta e^{\alpha h/T^\delta}$ refits to $\delta \approx 0.3$; Theorem 2(2) implies
#   $\delta = 1$ (which fits 4x worse) and is silent ($k \le 0$) at Table 6's lengths: "highly consistent"
#   is not supported beyond the signs.
# * With a **controlled $D$** on real images (retrieving $D$ whole marked tokens), heads matter more the larger
#   $D$ is; the curve has a knee at $h = D$ for $D = 2$ but not for $D = 4$. On real text (multi-query
#   retrieval over WordNet definitions) the heads needed grow with $D$, but at CPU scale the curves saturate
#   nearer $h = 2D$.
# * Training accuracy isolates expressivity; validation accuracy answers a different question, and on the
#   paper's MS MARCO it does not improve with $h$.
#
# The optional §7 runs the paper's image protocol itself; the exercises follow it.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 7. The paper's image protocol: a small ViT on framed images (optional deep dive)
#
# *About 10 minutes; not part of the 50-minute lecture.*
#
# Each $14 \times 14$ image sits at a random position in a frame of side 14, 21 or 28 whose padding
# repeats the border pixels (as in App. B.3); patches of $7 \times 7$ give $T = 4, 9, 16$ tokens
# (plus the class token). The model is a small ViT: linear patch embedding, learned positions, a
# class token, pre-LayerNorm blocks with residuals, per-head dimension 8. Here $D$ is *unknown*,
# as in the paper.

# %% slideshow={"slide_type": "subslide"}
framed = rt.FramedImages.build(
    fm_train.images[:3], fm_train.labels[:3], frame=28, patch=7, seed=1
)
fig = rp.framed_figure([framed.canvas(i) for i in range(3)], patch=7, T=framed.T)
plt.show()

# %% slideshow={"slide_type": "subslide"}
vit_rows = hc.results("realdata_vit")
vit = rd.summarize_rows(vit_rows, ("heads", "frame"))
vit_val = rd.summarize_rows(vit_rows, ("heads", "frame"), metric="val_acc")
frames = sorted({r["frame"] for r in vit_rows})
vit_T = {f: (f // 7) ** 2 for f in frames}
vit_H = sorted({r["heads"] for r in vit_rows})
print(
    f"{len(vit_rows)} runs; T = {list(vit_T.values())} patches; "
    "training accuracy, mean ± std:"
)
display(tables.summary_markdown(vit, vit_H, frames, "h", "frame"))
R_vit = {
    h: theory.reversal_score([1 - vit[(h, f)]["mean"] for f in frames]) for h in vit_H
}
fig = rp.vit_figure(vit, vit_H, frames, vit_T, R_vit)
plt.show()

# %% slideshow={"slide_type": "subslide"}
drop = {h: vit[(h, frames[0])]["mean"] - vit[(h, frames[-1])]["mean"] for h in vit_H}
print(
    "accuracy lost from the smallest to the largest frame:",
    {h: round(d, 3) for h, d in drop.items()},
)
print(
    f"frame {frames[-1]}: train / validation accuracy by h:",
    {
        h: f"{vit[(h, frames[-1])]['mean']:.3f} / "
        f"{vit_val[(h, frames[-1])]['mean']:.3f}"
        for h in vit_H
    },
)
claims.check("realdata-vit", R_vit, drop)

# %% [markdown] slideshow={"slide_type": "fragment"}
# What this shows at CPU scale: more heads fit the training set better at every frame size, the larger
# frames (longer $T$) are harder, and the $T$-dependence is smaller at $h = 8$ than at $h = 1$, which is the
# paper's picture *below* its transition. The error grows with $T$ for every $h \le 8$ ($R(h) = 0$
# throughout), so by the paper's own criterion the transition is not reached: the task's $D$, whatever it
# is, is larger than 8 here, or the short runs (400 steps on 2,000 images, one layer) cannot show it. The
# paper needed a 4-layer ViT trained to near 100% training accuracy to see its knee at $h \approx 10$.
# So Table 8 itself is **not tested** here (the ledger says so): one layer and $h \le 8$ cannot reach a
# transition the paper puts near $h = 10$ with four layers; what this stand-in shows is the course's own
# finding (`realdata-vit`).
# The train-validation gap grows with $h$ here (0.02 at $h = 1$, 0.13 at $h = 8$): repeated passes over
# fixed images start to overfit, the beginning of Table 9's picture.

# %% [markdown] slideshow={"slide_type": "slide"} tags=["exercise"]
# ## Exercises
#
# ### Exercise 6.1 (number) ★☆☆ ~5 min: the reversal score by hand
#
# Compute $R(h)$ for $h = 10$ of the paper's Table 8 by hand (errors $100 - $ accuracy:
# 1.9, 2.7, 3.3, 3.5, 3.3 at increasing $T$). Set `R10` (3 decimals).

# %% tags=["exercise"] slideshow={"slide_type": "fragment"}
from headcount.exercises import check

R10 = ...  # your answer here

check("nb06.R10", R10)

# %% [markdown] tags=["solution"] slideshow={"slide_type": "skip"}
# <details><summary>Solution (open after trying)</summary>
#
# ```python
# R10 = 0.2 / 1.6   # only (T=577, T=1025) reverses, by 3.5 - 3.3 = 0.2; the range is 3.5 - 1.9 = 1.6
# ```
#
# </details>

# %% [markdown] slideshow={"slide_type": "subslide"} tags=["exercise"]
# ### Exercise 6.2 (implement) ★★☆ ~15 min: a knee detector
#
# Write `largest_gain(curve)`: `curve` maps head counts $h$ to an accuracy (not necessarily in order);
# return the $h$ whose accuracy gains the most over the **next smaller** head count in the curve (ties: the
# smaller $h$). Then apply it to §3's `curves[D]` (marked images) and §4's `text_curves[D]` for each $D$:
# where does the knee detector land, and where would a detector need a margin (compare with the seed std)?

# %% tags=["exercise"] slideshow={"slide_type": "fragment"}
from headcount.exercises import check


def largest_gain(curve):
    """The h with the largest accuracy gain over the next smaller h in `curve`
    ({h: accuracy})."""
    raise NotImplementedError("your code here")


check("nb06.largest_gain", largest_gain)

# %% [markdown] tags=["solution"] slideshow={"slide_type": "skip"}
# <details><summary>Solution (open after trying)</summary>
#
# ```python
# def largest_gain(curve):
#     hs = sorted(curve)
#     gains = {h: curve[h] - curve[prev] for prev, h in zip(hs, hs[1:])}
#     return max(sorted(gains), key=lambda h: (gains[h], -h))
# ```
#
# On marked images it lands at $h = 2$ for $D = 2$ and $h = 4$ for $D = 4$, but for $D = 4$ the winning gain
# (0.14) beats the next (0.11) by about one seed std: a detector without a margin finds a knee that the data
# do not support. On text it lands at $h = 4$ for $D = 1$ (the single-head plateau), at $h = 2$ for $D = 2$,
# and beyond $D$ ($h = 6$ and 8) for $D = 4$ and 6.
#
# </details>

# %% [markdown] slideshow={"slide_type": "subslide"} tags=["exercise"]
# ### Exercise 6.3 (number) ★★★ ~15 min: what $\delta$ does Theorem 2(2) imply?
#
# Theorem 2(2): with $h < D$ heads of dimension $n$, $M \ge C\epsilon^{-k}$ with
# $k = \frac{T/4 - h - D + 1}{(n+1)h + 1} - 1$. Hold the parameter count $M$ fixed, solve for $-\log\epsilon$,
# and keep the leading behaviour in $T$ for long sequences. In the error model
# $-\log \mathrm{Err} \propto h / T^{\delta}$, which $\delta$ does the bound give? Set `delta_bound`.

# %% tags=["exercise"] slideshow={"slide_type": "fragment"}
from headcount.exercises import check

delta_bound = ...  # a number

check("nb06.delta_bound", delta_bound)

# %% [markdown] tags=["solution"] slideshow={"slide_type": "skip"}
# <details><summary>Solution (open after trying)</summary>
#
# ```python
# delta_bound = 1
# ```
#
# $\epsilon \ge (C/M)^{1/k}$, so $-\log\epsilon \le \log(M/C)/k$, and for long $T$,
# $k \approx T / (4((n+1)h+1))$: $-\log\epsilon \lesssim 4((n+1)h+1)\log M / T$, of order $h/T$, so
# $\delta = 1$. The paper's fitted 0.25 (our refit 0.31) is far from it, and at $T \le 64$ with $n = 32$,
# $k < 0$: the bound is silent there.
#
# </details>

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Discussion (a reviewer's questions)
#
# * **Does the bound say anything at $T = 64$?** For the paper's text model ($n = 32$) compute $k$ at
#   $T = 64$ for any $s < D$. What would $T$ have to be?
# * **Is "intrinsic dimension 12" a property of MS MARCO or of the model and budget?** What experiment
#   would tell them apart? (Hint: our marked-images $D = 4$ curve.)
# * **Training or validation?** The paper argues from training accuracy. Which of its claims would change
#   if it had to argue from Table 7?
# * **Marked images vs the theorem.** Our task retrieves whole tokens with vector outputs. Which step of
#   Theorem 2(2)'s proof (notebook 03) uses that the retrieved features are scalars?

# %% [markdown] slideshow={"slide_type": "slide"}
# ## References
#
# * P. Yu, Z. Bao, H. Jiang, R. Yu, Q. Li. *The Effect of Attention Head Count on Transformer
#   Approximation.* ICLR 2026. [arXiv 2510.06662](https://arxiv.org/abs/2510.06662): Theorem 2, §6.2,
#   App. B.2-B.3, Tables 6-9, Figs. 2a-2d.
# * H. Xiao, K. Rasul, R. Vollgraf. *Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine
#   Learning Algorithms.* arXiv 1708.07747 (2017). MIT licence.
# * G. A. Miller. *WordNet: A Lexical Database for English.* CACM 38(11), 1995; Princeton University,
#   *WordNet 3.0* (2006).
# * P. Bajaj et al. *MS MARCO.* arXiv 1611.09268 (2016); A. Krizhevsky, *CIFAR-10* (2009): the
#   datasets the paper used, not shipped here.
