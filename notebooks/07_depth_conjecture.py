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
# # 07 · Beyond one layer: is it heads, or heads times layers?
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/headcount-course/headcount/blob/main/notebooks/07_depth_conjecture.ipynb)
# [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/headcount-course/headcount/main?urlpath=lab/tree/notebooks/07_depth_conjecture.ipynb)
#
# Everything the paper proves is about **one** attention layer: with $h \ge D$ heads the approximation is
# efficient (Theorem 2(1)), with fewer it is not (Theorem 2(2)). Real transformers have many layers. The
# paper's last word is a conjecture (Conjecture 1, §5; see also §7): an $L$-layer transformer approximates a
# $D$-retrieval task efficiently **only if $L \cdot h \ge D$**, so depth could stand in for heads. Its
# evidence is two small tables (App. B.1): Table 4 (one layer, $D = 3$: the jump moves to $h = 3$) and
# Table 5 (two layers, $D = 4$: the jump is already at $h = 2$). This notebook reproduces both, then goes
# where the paper does not: a whole map over depth and heads, and a look inside the trained layers.
#
# **Prerequisites.** Notebooks 01-03 and 05 (the task, eq. (4), Theorem 2, Fig. 1a, the seed lottery).
#
# **Learning objectives.** After this notebook you can
# 1. show that the one-layer transition follows $D$, not a fixed number (Table 4), and read the paper's
#    two-layer evidence for Conjecture 1 (Table 5), including what the paper leaves unspecified;
# 2. read an $L \times h$ map of validation NMSE against the curve $L h = D$, and tell a transition that
#    follows the conjecture from one that follows another rule, or from an optimization failure;
# 3. open a multi-layer model with per-layer attention maps and linear probes, and say where the retrieved
#    features are gathered, layer by layer;
# 4. state what the conjecture's bound predicts for the cost against $T$, and what our measurement shows.

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Lecture path (about 50 minutes).** Sections marked *optional* are deep dives for self-study.
#
# | section | minutes |
# | --- | --- |
# | 1. Table 4: one layer, $D = 3$ | 5 |
# | 2. Table 5: two layers, $D = 4$ | 7 |
# | *2b. Tables 4 and 5 by budget (optional)* | *(4)* |
# | 3. The $L \times h$ map | 12 |
# | 4. The mechanism: what the first layer gathers (live, about half a minute of training) | 9 |
# | 4b. A surprise, opened: one head per layer (live, about 30 s) | 5 |
# | 5. Cost against $T$ at $L = 2$, and 5b. Conjecture 1's cells against $T$ | 8 |
# | 6. Run it yourself: the live $L \times h$ slice | 4 |
# | Summary | 3 |
# | *Exercises 7.1-7.3 and discussion (self-study)* | *(45)* |

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
import statistics

import matplotlib.pyplot as plt
import torch

import headcount as hc
from headcount import claims
from headcount.diagnostics import layer_feature_attention, layer_probe
from headcount.experiments import budget
from headcount.experiments import conjecture as cj
from headcount.experiments import cost_vs_T as cvt
from headcount.experiments import depth
from headcount.experiments import synthetic as ex
from headcount.experiments.scaling import fit_by_group
from headcount.model import SelfAttentionBlock
from headcount.ui import depth_plots, evidence, plots, tables
from headcount.ui import lecture_tables as lt
from headcount.ui.depth_slice import LiveDepthSlice, depth_slice_panel

hc.configure_threads()

# %% slideshow={"slide_type": "skip"} tags=["nbval-ignore-output"]
print(hc.device_report())

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. Table 4: one layer, $D = 3$
#
# Fig. 1a's jump sits at $h = 4$ for the $D = 4$ task. Is that "$h = D$" or "$h = 4$"? Table 4 reruns the
# single-layer experiment on a $D = 3$ task at a fixed total width $E = nh = 32$. The paper does not spell out
# the task; we take Table 2's Gaussian tokens ($d = 4$) and its first three directions,
# $y = \sum_{i=1}^{3} \max_t a_i^\top x^{(t)}$, and the library's recipe (2000 steps, 3 seeds). Made with
# `python -m headcount reproduce table4`.

# %% slideshow={"slide_type": "skip"}
rows4 = hc.results("table4")
rows3 = hc.results("table3")  # one layer, D = 4, E = 32: the baseline of section 2

# %% slideshow={"slide_type": "skip"} tags=["nbval-ignore-output"]
print(tables.provenance("table4", rows4))

# %% slideshow={"slide_type": "subslide"}
ours4, median4, paper4 = (
    ex.nmse_grid(rows4, "min"),
    ex.nmse_grid(rows4, "median"),
    ex.paper_grid("table4"),
)
print(
    "Table 4 (D = 3, one layer, E = 32): "
    "our min validation NMSE over seeds / the paper's value"
)
display(tables.grid_table(ours4, paper4))
display(
    tables.ratios_markdown(
        {
            "ours: min": ex.transition_ratios(ours4, 3),
            "ours: median": ex.transition_ratios(median4, 3),
            "paper": ex.transition_ratios(paper4, 3),
        },
        what="NMSE(h=2) / NMSE(h=3)",
    )
)

# %% slideshow={"slide_type": "subslide"}
fig = plots.nmse_vs_heads(
    ours4,
    paper4,
    D=3,
    points=ex.seed_values(rows4),
    ylabel="validation NMSE: ours min over seeds, paper Table 4",
    title="Table 4 (D = 3): ours (min over seeds, solid; dots = seeds), paper (dashed)",
)
plt.show()
claims.check("table4", ours4, median4, 3)  # D = 3: the 10x jump at h = 3

# %% [markdown] slideshow={"slide_type": "fragment"}
# The jump moves with the task: at $D = 3$ it sits between $h = 2$ and $h = 3$, at every $T$, for the
# minimum and the median over seeds. Our errors at $h \ge D$ are far above the paper's ($10^{-7}$): as in
# notebook 05, 2000 steps on a CPU leave the solvable configurations optimization-limited. The location is
# reproduced, the size is not.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Table 5: two layers, $D = 4$
#
# Table 5 adds a second layer to the $D = 4$ experiment (fixed $E = 32$, no positional encoding, no
# LayerNorm) and finds the jump at $h = 2$: $L \cdot h = 2 \cdot 2 = 4 = D$. **The paper does not describe its
# first layer** (is it full self-attention over tokens and class token? which MLP? min or mean over seeds?).
# Ours, in `headcount.model`: the first $L - 1$ layers are `SelfAttentionBlock`s, **full self-attention** of
# every token and the class token over all $T + 1$ positions with the same $h$ heads, a **residual**, a
# **token-wise GELU MLP** of width $N$ and its residual, **no LayerNorm**; the last layer is eq. (4) (only the
# class token queries). The cell below checks that on a model.

# %% slideshow={"slide_type": "subslide"}
two = hc.build_model(hc.ModelConfig(d=4, T=8, heads=2, head_dim=16, width=32, depth=2))
block = two.blocks[0]
print(block)
attn = two.trace(torch.randn(3, 8, 4)).attention
print(
    "layer 1 attention:",
    tuple(attn[0].shape),
    "(batch, heads, T+1 queries, T+1 keys); layer 2:",
    tuple(attn[1].shape),
    "(batch, heads, T keys: the class token queries)",
)
assert isinstance(block, SelfAttentionBlock) and len(two.blocks) == 1
assert not any(isinstance(m, torch.nn.LayerNorm) for m in two.modules()), (
    "no LayerNorm anywhere"
)
assert attn[0].shape[-2:] == (9, 9) and attn[1].shape[-1] == 8

# %% [markdown] slideshow={"slide_type": "subslide"}
# Our Table 5 uses the paper's scale and Table 3's recipe (2000 steps, 8000/2000 sequences, 3 seeds) for
# $T \in \{8, 16, 32\}$, the part a CPU runs in under an hour; `python -m headcount reproduce table5` resumes it
# and adds $T = 64, 128$.

# %% slideshow={"slide_type": "skip"}
rows5 = hc.results("table5")

# %% slideshow={"slide_type": "skip"} tags=["nbval-ignore-output"]
print(tables.provenance("table5", rows5))

# %% slideshow={"slide_type": "subslide"}
ours5, median5, paper5 = (
    ex.nmse_grid(rows5, "min"),
    ex.nmse_grid(rows5, "median"),
    ex.paper_grid("table5"),
)
ours3 = ex.nmse_grid(rows3, "min")
print(
    "Table 5 (D = 4, two layers, E = 32): "
    "our min validation NMSE over seeds / the paper's value"
)
display(tables.grid_table(ours5, paper5))
display(
    tables.ratios_markdown(
        {
            "ours: min": ex.transition_ratios(ours5, 2),
            "ours: median": ex.transition_ratios(median5, 2),
            "paper": ex.transition_ratios(paper5, 2),
        },
        what="NMSE(h=1) / NMSE(h=2)",
    )
)
print(
    "the second layer at h = 2: "
    "NMSE(one layer, Table 3) / NMSE(two layers, Table 5), min over seeds: "
    + ", ".join(f"T={T}: {ours3[2][T] / ours5[2][T]:.0f}x" for T in sorted(ours5[2]))
)

# %% slideshow={"slide_type": "subslide"}
fig = plots.nmse_vs_heads(
    ours5,
    paper5,
    points=ex.seed_values(rows5),
    ylabel="validation NMSE: ours min over seeds, paper Table 5",
    title=(
        "Table 5 (two layers, D = 4): "
        "ours (min over seeds, solid; dots = seeds), paper (dashed)"
    ),
)
fig.axes[0].axvline(2, color="grey", ls=":", lw=1.2)
fig.axes[0].text(
    2.05, max(paper5[1].values()), "h = D / L = 2", color="grey", fontsize=8
)
plt.show()
claims.check("table5", ours5, median5, 2)  # two layers, D = 4: the 10x jump at h = 2
claims.check("conj1/second-layer", ours3, ours5, 2)  # at h = 2 the second layer: 10x

# %% [markdown] slideshow={"slide_type": "fragment"}
# Reproduced in location: with two layers the large jump (20x+ at every $T$, the ratios above) is between
# $h = 1$ and $h = 2$, where $L h$ reaches $D$, and the same two heads in one layer (Table 3, same recipe and
# width) are 60x+ worse (the last line above). Our errors from $h = 2$ on are 50x+ above the paper's, as for
# Tables 2-4: not in size, at this budget (2000 steps). That is what the paper offers for
# Conjecture 1: one point ($D = 4$, $L = 2$) on a two-dimensional question. Section 3 fills in the map.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### 2b. Tables 4 and 5 by budget ($T = 16$)
#
# Is "not in size" the architecture or the budget? As for Tables 2-3 in notebook 05 (§3b), the transition's
# cells at $T = 16$ were trained for 2,000, 5,000 and 20,000 steps (Table 4 also 50,000), the recipe unchanged
# and its cosine schedule stretched (Table 4: $h = 2, 3, 4$; Table 5: $h = 1, 2$, the jump at $L h = D$; 3 seeds;
# `data/results/budget_table4_T16.csv`, `budget_table5_T16.csv`, whose 2,000-step points are Table 5's own
# rows). Dashed: the paper's values at $T = 16$.

# %% slideshow={"slide_type": "subslide"}
budget_rows = {t: budget.load_budget(t) for t in ("table4", "table5")}
fig = evidence.budget_figure(budget_rows)
plt.show()
for t, rows in budget_rows.items():
    display(evidence.budget_table(t, rows))
curves = {t: budget.budget_curves(rows) for t, rows in budget_rows.items()}
claims.check("table4/budget", curves["table4"])
claims.check("table5/budget", curves["table5"])

# %% [markdown] slideshow={"slide_type": "fragment"}
# More steps lower both tables' cells at the transition, and the jump holds (Table 5, within seed noise) or
# grows (Table 4), as for Table 2 in notebook 05. Table 4 comes closest: with 25x the steps its $h = D$ mean
# approaches the paper's value (the table's ratio column) and its best seed passes it. Table 5's $h = 2$ stays
# far above the paper's ($2 \times 10^{-6}$ to $8 \times 10^{-6}$), and its $h = 1$ cell improves as fast, so
# the jump does not grow. The steps the slope predicts (last column) come from two points and assume the rate
# holds. The verdicts stay "in location, not in size" for the tables as a whole (one $T$ ran at these
# budgets), now with the budgets stated.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. The $L \times h$ map
#
# Conjecture 1 draws a line in the $(L, h)$ plane: the curve $L h = D$. Efficient to its right, not to its
# left. Other rules draw other lines: "depth does not help" ($h \ge D$), "one more layer solves everything"
# ($L \ge 2$ or $h \ge D$), "each layer adds one head" ($h \ge D - L + 1$). (Note that
# $h \ge \lceil D / L \rceil$ is the *same* rule as $L h \ge D$ for whole $h$: the staircase in the figures.)
# The map measures validation NMSE at $D \in \{2, 3, 4, 6\}$, $L \in \{1, \dots, 4\}$, $h \in \{1, \dots, 6\}$,
# at a teaching scale: $T = 16$, fixed $E = 32$ ($n = \lceil 32/h \rceil$), $N = 32$, 1000 steps of batch 64,
# 4000/1000 sequences, 3 seeds (`headcount.experiments.depth.MAP_RECIPE`; the commands are printed below).

# %% slideshow={"slide_type": "skip"}
map_rows = hc.results("depth_map")

# %% slideshow={"slide_type": "skip"} tags=["nbval-ignore-output"]
print(tables.provenance("depth_map", map_rows))

# %% slideshow={"slide_type": "subslide"}
maps_min = {D: depth.depth_grid(map_rows, D, "min") for D in depth.MAP_D}
maps_median = {D: depth.depth_grid(map_rows, D, "median") for D in depth.MAP_D}
lo = min(v for m in maps_min.values() for row in m.values() for v in row.values())
hi = max(v for m in maps_median.values() for row in m.values() for v in row.values())
fig = depth_plots.lxh_heatmaps(
    maps_min, vmin=lo, vmax=hi, title="min validation NMSE over seeds"
)
fig

# %% slideshow={"slide_type": "subslide"}
fig = depth_plots.lxh_heatmaps(
    maps_median, vmin=lo, vmax=hi, title="median validation NMSE over seeds"
)
fig

# %% slideshow={"slide_type": "skip"}
for D in depth.MAP_D:
    print(f"D = {D}: min / median validation NMSE over seeds")
    display(lt.map_table(maps_min[D], maps_median[D]))

# %% [markdown] slideshow={"slide_type": "subslide"}
# Which rule do the data follow? First, what counts as **solved**. A threshold relative to the best cell of
# a map (its **floor**) cannot be read apart from that floor: at this budget every floor (printed below) lies
# *above* the paper's own failing cells (Table 5, $h = 1$: about $2 \cdot 10^{-4}$), so "solved" here
# means "as good as this budget gets", never "as good as the paper's". Two candidates for the factor:
#
# * **the seed spread** (our choice): a cell is solved when its minimum over seeds is within the 90th
#   percentile of the seed spread (max / min over seeds, over all 96 cells) of the floor. Closer than that,
#   two cells differ by less than the seeds of one cell usually do, so calling one solved and the other not
#   would read seed noise as a difference;
# * **the paper's jumps**: 10x, just below the paper's smallest jump at a transition (Table 2; Table 5's
#   $h = 1$ against $h = 2$ is larger still). It is loose: at $D = 6$ it calls one layer with five heads
#   solved, a cell whose seeds all sit well above the floor and that this section reads as training-limited.
#
# Both are computed below; every "solved" comes with its map's floor. For each rule: how many cells it
# classifies as the data do, and the cells it gets wrong (`+` the rule says efficient, `-` it says not).

# %% slideshow={"slide_type": "subslide"}
SOLVED = cj.spread_factor(map_rows)  # the seed-spread threshold (our choice)
LOOSE = 10.0  # just below the paper's smallest jump
LOWS = {"table2": 3, "table3": 3, "table4": 2, "table5": 1}
jumps_paper = {t: cj.paper_jump(t, low) for t, low in LOWS.items()}
print(f"seed spread (max / min over seeds), 90th percentile of cells: {SOLVED:.2f}x")
print(
    "the paper's jumps at its transitions: "
    + ", ".join(f"{t} {a:.0f}-{b:.0f}x" for t, (a, b) in jumps_paper.items())
)
floors = {D: min(min(row.values()) for row in g.values()) for D, g in maps_min.items()}
reports = {D: cj.rule_report(grid, D, SOLVED) for D, grid in maps_min.items()}
for factor in (SOLVED, LOOSE):
    print(f"\nsolved = within {factor:.2f}x of the floor; cells each rule gets right")
    display(
        tables.markdown_table(
            ["rule"] + [f"D = {D} (floor {floors[D]:.1e})" for D in maps_min],
            [
                [name]
                + [
                    f"{r[name]['agree']}/{r[name]['total']} "
                    + " ".join(
                        f"({L},{h}){'+' if p else '-'}" for L, h, p in r[name]["wrong"]
                    )
                    for r in (
                        cj.rule_report(grid, D, factor) for D, grid in maps_min.items()
                    )
                ]
                for name in cj.RULES
            ],
        )
    )
for D, grid in maps_min.items():
    jumps = depth.product_jumps(grid, D)
    print(
        f"D = {D} (floor {floors[D]:.1e}): solved with L h < D at {SOLVED:.2f}x: "
        f"{cj.surprises(grid, D, SOLVED) or 'none'}, "
        f"at {LOOSE:g}x: {cj.surprises(grid, D, LOOSE) or 'none'}; "
        "jump at h = ceil(D/L) per L: "
        + ", ".join(f"L={L}: {v:.0f}x" for L, v in sorted(jumps.items()))
    )

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Where do the one-head deep models land?** $h = 1$ with $L = D$ layers has exactly $L h = D$, the
# conjecture's boundary. And how wide is the seed spread (max / min over seeds) per cell? A cell with a large
# spread is a seed lottery: some seeds solve it, so the architecture can; the others are an optimization
# failure, not a limit of expressivity.

# %% slideshow={"slide_type": "subslide"}
for D, grid in maps_min.items():
    best = min(v for row in grid.values() for v in row.values())
    line = [
        f"L={L}: {grid[L][1]:.1e} ({grid[L][1] / best:.0f}x best)"
        for L in sorted(grid)
        if 1 in grid[L]
    ]
    print(f"D = {D}, h = 1: " + "; ".join(line))
spread = {D: cj.seed_spread(map_rows, D) for D in maps_min}
display(
    tables.markdown_table(
        ["D", "cells with a seed spread (max / min) above 10x"],
        [
            [
                D,
                ", ".join(
                    f"({L},{h}): {v:.0f}x"
                    for L, row in sp.items()
                    for h, v in row.items()
                    if v > 10
                )
                or "none",
            ]
            for D, sp in spread.items()
        ],
    )
)

# %% [markdown] slideshow={"slide_type": "subslide"}
# The cells the text below talks about, each sentence printed from the file (seeds, ratio to the floor,
# the floor cell's seeds, and the verdict at the seed-spread threshold):

# %% slideshow={"slide_type": "subslide"}
CELLS = (
    (3, 2, 1),
    (4, 3, 1),
    (4, 2, 1),
    (4, 1, 4),
    (6, 2, 2),
    (6, 3, 1),
    (6, 4, 1),
    (6, 2, 1),
    (6, 1, 5),
    (6, 1, 6),
)
for D, L, h in CELLS:
    print(cj.cell_sentence(map_rows, D, L, h, SOLVED))

# %% [markdown] slideshow={"slide_type": "subslide"}
# **What the map shows** (T = 16, teaching budget, our intermediate layer; "solved" always means within the
# seed spread of that map's floor, printed above, never the paper's error level):
#
# * **One layer follows $h = D$** for $D = 2, 3, 4$: the jump at $h = D$ is 10x+ (min over seeds; the `L=1`
#   jumps above). At $D = 6$ the single layer has no jump at this budget: the error falls gradually with $h$,
#   and $h = 6$ stays above the threshold although it satisfies every rule ($h = 5$ would count as solved at
#   the loose 10x, a cell the section calls short). Their seeds agree (small spread): a shortfall of the
#   training budget (six heads of dimension
#   $\lceil 32/6 \rceil = 6$, 1000 steps), read here the same way as the successes (see *the budget* below).
# * **Depth does more than $L h$ says, at this budget.** Two layers with one head at $D = 3$ and three layers
#   with one head at $D = 4$ are solved with $L h < D$, and so is four layers with one head at $D = 6$. Two
#   layers with two heads and three layers with one head at $D = 6$ come close but are *not* solved: every
#   seed of $(2, 2)$ lies above every seed of the floor cell. Two layers with one head stay clearly behind at
#   $D = 4$ and $D = 6$, so "one more layer solves everything" is wrong too.
# * **One head, $L = D$ layers** ($L h = D$ exactly, the conjecture's boundary) is solved at $D = 2, 3, 4$.
# * Seed spread is small almost everywhere; the exceptions (the table above) are one layer with $h = D = 4$
#   (some seeds get stuck, the head-collapse of notebook 05, section 4 below) and one deep, wide cell at
#   $D = 2$: seed lotteries, so the minimum over seeds is what the architecture reached.
#
# **Was the best rule chosen after seeing the data?** Yes: $(2L - 1) h \ge D$ came out of five candidate rules
# scored on the same 96 cells, and on all of them it beats $L h \ge D$ by one cell at $D = 3$ and $D = 4$. A
# fair score uses cells the choice did not see: choose on $D \le 4$ and score on $D = 6$, then the reverse, at
# both thresholds.

# %% slideshow={"slide_type": "subslide"}
short = {name: name.split(" (")[0] for name in cj.RULES}
held = {}
for factor in (SOLVED, LOOSE):
    for chosen_on, test_on in (((2, 3, 4), (6,)), ((6,), (2, 3, 4))):
        ho = held[factor, chosen_on] = cj.held_out(maps_min, chosen_on, test_on, factor)
        print(
            f"at {factor:.2f}x, chosen on D in {chosen_on}: "
            + " = ".join(short[n] for n in ho["chosen"])
            + f"\n    scored on D in {test_on}: "
            + ", ".join(f"{short[n]} {a}/{t}" for n, (a, t) in ho["test"].items())
        )

# %% [markdown] slideshow={"slide_type": "fragment"}
# Held out, $(2L - 1) h \ge D$ is chosen on either part at both thresholds (alone or tied) and no rule beats it on
# the cells it was not chosen on; but its lead over Conjecture 1's $L h \ge D$ there is a few cells at most, and
# at the seed-spread threshold on $D = 6$ none. It is the better description of this map, not a law; section 4b
# shows the mechanism that motivates it.
#
# **The budget, read both ways** (discussion question 3). Section 4 reads a failure as optimization (one layer
# with $h = D = 4$, seeds stuck at 600 steps), while the map reads successes at a floor of about $10^{-3}$ as
# expressivity. Both readings rest on one budget. The data:

# %% slideshow={"slide_type": "subslide"}
paper_fail = min(ex.paper_grid("table5")[1].values())
print(
    f"the paper's failing cells (Table 5, L = 2, h = 1): {paper_fail:.1e} and up; "
    "our floors: " + ", ".join(f"D = {D}: {v:.1e}" for D, v in floors.items())
)
for D in maps_min:
    miss = cj.unsolved(map_rows, D, SOLVED)
    short_all = [k for k, v in miss.items() if v <= SOLVED]
    lottery = [k for k, v in miss.items() if v > LOOSE]
    print(
        f"D = {D}: {len(miss)} cells not solved; every seed short (spread <= "
        f"{SOLVED:.2f}x): {len(short_all)}; "
        f"a seed lottery (spread > {LOOSE:g}x): {lottery}"
    )
t2 = {
    steps: ex.nmse_grid(hc.results(name), "min")
    for steps, name in ((2000, "table2"), (4000, "table2_steps4000_cuda"))
}
gain = {h: min(t2[2000][h].values()) / min(t2[4000][h].values()) for h in (3, 4, 5)}
print(
    "Table 2 at 2000 and 4000 steps, best cell per h: "
    + ", ".join(f"h = {h}: {gain[h]:.1f}x lower with 4000 steps" for h in gain)
)
assert all(paper_fail < f for f in floors.values()), "a floor below the paper's failure"
assert min(gain[4], gain[5]) > 2 * gain[3], "the longer budget helps h >= D much more"

# %% [markdown] slideshow={"slide_type": "fragment"}
# So neither reading is licensed by one budget. Every floor of the map lies above the paper's own failing
# level: a cell "solved" here might be one the paper would call failing. Most unsolved cells fall short on
# every seed, which at one budget looks the same as slow optimization. The one place the course has two
# budgets, Table 2, shows what a second budget settles: twice the steps lowered the $h \ge D$ errors much more
# than the $h = 3$ errors, so there the failure is not optimization. The map needs the same (a second budget
# several times longer) before its successes count as expressivity or its failures as limits. Section 5b gives
# the $D = 4$ cells that second budget, at four lengths: the verdict stays **not settled**, with evidence on
# both sides.
#
# What this does and does not say: the conjecture is about how the cost grows with $T$ (efficient
# approximation), and the map has one $T$. It shows that at $T = 16$, at this budget, our architecture does
# not need $L h \ge D$; it cannot show that a solved $L h < D$ cell keeps a $T$-independent cost. Checked on
# the committed map:

# %% slideshow={"slide_type": "subslide"}
claims.check("lxh-map/one-layer", maps_min)  # the jump at h = D (D <= 4); D = 6 short
claims.check("conj1", maps_min, maps_median, SOLVED)  # L h < D solved at D = 3, 4
claims.check("lxh-map/held-out", held, list(cj.RULES)[-1])  # (2L - 1) h >= D, held out
claims.check("lxh-map/one-head", maps_min)  # L = 2, h = 1: 10x+ behind at D = 4, 6
claims.check("lxh-map/rules", reports)  # (2L - 1) h >= D: as many cells as L h >= D

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. The mechanism: what does the first layer gather?
#
# Two heads cannot retrieve four features in one layer (Theorem 2(2)). With two layers they can: how? The
# model exposes every layer (`model.trace(X)`: each layer's input states and attention weights), and two
# diagnostics read them (`headcount.diagnostics`):
#
# * `layer_feature_attention`: per layer, how much attention each head **of the class token** puts on the
#   position each feature $f_i$ retrieves (notebook 05's head-collapse diagnostic, layer by layer);
# * `layer_probe`: per layer, a **linear probe** from the class token (or from the tokens, one probe shared by
#   all positions) to each retrieved value $z_i = \max_t a_i^\top x^{(t)}$, fitted on half of 2048 fresh
#   sequences and scored ($R^2$) on the other half. $R^2 \approx 1$: that place carries $z_i$; near 0: it
#   does not.
#
# We train three seeds of the two-layer, two-head model on the $D = 4$ task ($T = 16$, $E = 32$, 600 steps,
# 2000 sequences) and, for contrast, three seeds each of one layer with $h = 2$ and with $h = 4$ heads. All
# nine go through `hc.train_configs`, the library's one way to train: a list of configurations in (dicts
# of the sweep's keys), their histories and trained models out, as one batched model where it can. About
# half a minute on one CPU thread (the same in FAST mode: the checks below depend on this budget).


# %% slideshow={"slide_type": "subslide"} tags=["nbval-ignore-output"]
def train_probes(D, cells, seeds=3):
    """Train every (L, h) of `cells` and seed on the D-retrieval task (T = 16, E = 32,
    600 steps, 2000 sequences) in one batched run; probe class token and tokens."""
    recipe = {
        "D": D,
        "d": 4,
        "T": 16,
        "steps": 600,
        "warmup": 60,
        "n_train": 2000,
        "n_val": 500,
    }
    trained = hc.train_configs(
        [
            {**recipe, "depth": L, "heads": h, "head_dim": 32 // h, "seed": s}
            for L, h in cells
            for s in range(seeds)
        ]
    )
    task = hc.make_task("synthetic", 16, D=D, d=4)
    out = {cell: {} for cell in cells}
    for i, c in enumerate(trained.configs):
        L, h, s, model = c["depth"], c["heads"], c["seed"], trained.model(i)
        r = out[(L, h)][s] = {
            "model": model,
            "class": layer_probe(model, task),
            "nmse": trained.histories[i].final_val_nmse,
            "tokens": layer_probe(model, task, site="tokens"),
        }
        print(
            f"D = {D}, L = {L}, h = {h}, seed {s}: NMSE {r['nmse']:.1e}; values the "
            "class token carries (R^2 >= 0.9) entering each layer, then at the FFN: "
            f"{r['class'].carried()}"
        )
    return task, out


task4, mech = train_probes(4, [(2, 2), (1, 2), (1, 4)])

# %% [markdown] slideshow={"slide_type": "subslide"}
# The picture of one two-layer model (the seed whose class token carries the most features after layer 1):
# top, where each head of the class token looks in each layer; bottom, which retrieved values the class
# token (filled bars) and the tokens (hatched) hold after that layer.


# %% slideshow={"slide_type": "subslide"} tags=["nbval-ignore-output"]
def most_gathered(runs):
    """The seed whose class token carries the most retrieved values after layer 1
    (ties: the larger R^2 sum)."""
    return max(
        runs,
        key=lambda s: (
            runs[s]["class"].carried()[1],
            float(runs[s]["class"].r2[1].clip(0, 1).sum()),
        ),
    )


shown = most_gathered(mech[(2, 2)])
m22 = mech[(2, 2)][shown]
fig = depth_plots.mechanism_figure(
    layer_feature_attention(m22["model"], task4),
    m22["class"],
    m22["tokens"],
    title=f"two layers, two heads, D = 4 (seed {shown}, NMSE {m22['nmse']:.1e})",
)
fig

# %% slideshow={"slide_type": "subslide"} tags=["nbval-ignore-output"]
X, _ = task4.sample(6, 99)
fig = depth_plots.layer_attention_maps(m22["model"].trace(X), task4.retrieve(X)[1])
fig

# %% slideshow={"slide_type": "subslide"} tags=["nbval-ignore-output"]
print(m22["class"].summary())
print(m22["tokens"].summary())
print("one layer, two heads (seed 0), for contrast:")
print(mech[(1, 2)][0]["class"].summary())

# %% [markdown] slideshow={"slide_type": "subslide"}
# **What to look for** (the seeds and numbers above are this machine's run; another machine's seeds may split
# the work differently). In layer 1 the two heads of the class token lock onto two features' positions, so after
# layer 1 the class token already holds two retrieved values with $R^2 \approx 1$: *here layer 1 gathered two
# features into one place*. Layer 2's heads
# fetch the two still missing, and the FFN reads all four: two layers of two heads, four retrievals, exactly
# Conjecture 1's count. The tokens are not idle: after layer 1 they carry part of some retrieved values
# (hatched bars), fetched by the **tokens' own queries** through the same heads; section 4b shows where that
# matters. With one layer and two heads, no value is carried cleanly: each head blends two features' positions,
# and the FFN receives a mixture it must untangle (Theorem 2(2)'s near-collisions).
#
# What holds over seeds (checked): with two layers every retrieved value can be read linearly at the FFN input
# (median seed); the unexplained variance $1 - R^2$ there, averaged over the four values, is at least 3x larger
# for one layer with two heads than for two layers with two heads (median over seeds); and the class token
# after layer 1 already carries more than one value's worth ($\sum_i R^2 > 1$, median seed).


# %% slideshow={"slide_type": "subslide"}
def unexplained(p):
    """1 - R^2 at the FFN input, averaged over the retrieved values."""
    return float(1 - p.r2[-1].clip(max=1).mean())


u = {
    k: statistics.median(unexplained(r["class"]) for r in runs.values())
    for k, runs in mech.items()
}
print(
    "median over seeds of the unexplained variance at the FFN input: "
    + ", ".join(f"L={L}, h={h}: {v:.3f}" for (L, h), v in u.items())
)
after1 = statistics.median(
    float(r["class"].r2[1].clip(0, 1).sum()) for r in mech[(2, 2)].values()
)
print(
    "two layers, two heads: sum over the four z_i of R^2 in the class token "
    f"after layer 1, median seed: {after1:.2f}"
)
claims.check("lxh-map/mechanism", u, mech)  # two layers gather all four values

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Training or expressivity?** One layer with $h = D = 4$ heads can express the task (Theorem 2(1)), yet at
# this short budget some of its seeds get stuck. The head-collapse diagnostic (notebook 05) shows how: a stuck
# seed leaves a feature uncovered, and the probe finds fewer than four values at the FFN input. Such a cell is
# limited by training, not by what the architecture can express; the minimum over seeds (and more seeds, or
# more steps) is what separates the two. Per seed, on the machine that ran this notebook:

# %% slideshow={"slide_type": "subslide"} tags=["nbval-ignore-output"]
for s, r in mech[(1, 4)].items():
    rep = layer_feature_attention(r["model"], task4)[-1]
    print(
        f"one layer, h = 4, seed {s}: NMSE {r['nmse']:.1e} | head -> feature "
        f"{['-' if a is None else f'f{a + 1}' for a in rep.assignment]} | uncovered "
        f"{[f'f{i + 1}' for i in rep.uncovered] or 'none'} "
        f"| values at the FFN input: {r['class'].carried()[-1]}"
    )

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### 4b. A surprise, opened: one head per layer, $D = 3$
#
# The map of section 3 has cells that Conjecture 1 calls inefficient but the data call solved, e.g. two
# layers with **one** head at $D = 3$ ($L h = 2 < 3$). How? Three seeds of it (about 30 s):

# %% slideshow={"slide_type": "subslide"} tags=["nbval-ignore-output"]
task3, probes3 = train_probes(3, [(2, 1)])
one = probes3[(2, 1)]
s1 = most_gathered(one)
fig = depth_plots.mechanism_figure(
    layer_feature_attention(one[s1]["model"], task3),
    one[s1]["class"],
    one[s1]["tokens"],
    title=f"two layers, ONE head, D = 3 (seed {s1}, NMSE {one[s1]['nmse']:.1e})",
)
fig

# %% [markdown] slideshow={"slide_type": "subslide"}
# In layer 1 the single head serves two kinds of queries: the class token's, which fetches one feature, and
# the tokens', which fetch **another** (every token ends up carrying it). In layer 2 the class token's head
# attends to a third feature's position, and the token it lands on brings the tokens' feature along. One head,
# two layers, three retrieved values. So in a layer where every position queries, a head can retrieve twice:
# $L h$ undercounts; $(2L - 1) h$ counts the class-token queries of all layers plus the token queries of the
# intermediate ones. Checked over seeds: after layer 1, the class token and the tokens together carry two
# distinct retrieved values ($R^2 \ge 0.75$, median seed), and the FFN input carries all three.


# %% slideshow={"slide_type": "subslide"}
def distinct_after_layer1(r, threshold=0.75):
    """Retrieved values readable (R^2 >= threshold) after layer 1 from the class token
    or from the tokens."""
    best = torch.maximum(r["class"].r2[1], r["tokens"].r2[1])
    return int((best >= threshold).sum())


print(
    "distinct values after layer 1 (class token or tokens), per seed:",
    [distinct_after_layer1(r) for r in one.values()],
    "| at the FFN input (R^2 >= 0.9):",
    [r["class"].carried()[-1] for r in one.values()],
)
claims.check("lxh-map/one-head-gathers", one, distinct_after_layer1, 3)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. Cost against $T$ at $L = 2$
#
# Conjecture 1 also states a bound: when heads are insufficient across layers ($L h < D$),
# $\log(\text{ParamCount}) = \Omega\big(|\log \epsilon| \cdot a_L T^{b_L} / (n h)\big)$, so the parameters
# an error $\epsilon$ needs grow with $T$, as in Theorem 2(2) for one layer (the bound's form was reconstructed
# from a garbled source; $a_L$ and $b_L$ are unknown). Notebook 03 measured the one-layer version (Fig. 1b:
# NMSE against the MLP width $N$, whose parameter count is linear in $N$, per $T$). Here the same one layer
# deeper: $D = 4$, $L = 2$, $h = 1$ ($L h = 2 < D$) against $h = 2$ ($L h = D$), $N \in \{8, 16, 32, 64\}$,
# $T \in \{8, 16, 32\}$, 3 seeds, the map's recipe.

# %% slideshow={"slide_type": "skip"}
wrows = hc.results("depth_width")

# %% slideshow={"slide_type": "skip"} tags=["nbval-ignore-output"]
print(tables.provenance("depth_width", wrows))

# %% slideshow={"slide_type": "subslide"}
W_T, W_N = sorted({r["T"] for r in wrows}), sorted({r["width"] for r in wrows})
wmin = {
    (h, T, N): min(
        r["val_nmse"] for r in wrows if (r["heads"], r["T"], r["width"]) == (h, T, N)
    )
    for h in (1, 2)
    for T in W_T
    for N in W_N
}
wfits = fit_by_group(wrows, x="width", by=("heads", "T"))
print("min validation NMSE over seeds, two layers, D = 4")
display(lt.width_table(wmin, wfits, (1, 2), W_T, W_N))
fig = plots.width_scaling_figure(
    wmin,
    wfits,
    heads=[1, 2],
    T_list=W_T,
    widths=W_N,
    D=2,
    title="two layers, D = 4: NMSE against MLP width (h = 1: L h < D; h = 2: L h = D)",
)
plt.show()

# %% slideshow={"slide_type": "subslide"}
TARGET = 1e-2
need = cj.width_needed_by_T(wrows, TARGET)
best = {h: {T: min(wmin[(h, T, N)] for N in W_N) for T in W_T} for h in (1, 2)}
display(lt.width_needed_table(need, best, TARGET, D=4))
claims.check("conj1/width", need, best, W_N)  # no width makes h = 1 reach the target

# %% [markdown] slideshow={"slide_type": "subslide"}
# At this budget the width of the MLP buys nothing: every slope is close to zero, for $h = 1$ and for $h = 2$.
# So the sweep cannot measure how fast the *needed* parameter count grows with $T$ (the bound's statement):
# with $h = 1$ no width from 8 to 64 reaches NMSE $10^{-2}$ at any $T$, with $h = 2$ the smallest one does at
# every $T$. What it does show is the bound's direction. Where $L h < D$, the best error over all widths grows
# with $T$ (about 2.5x from $T = 8$ to $T = 32$); where $L h = D$ it stays flat, as one layer with $h = D$
# heads does in Fig. 1a. Measuring the rate itself would need the regime where width helps (longer training,
# wider MLPs, a GPU): an open item, like Fig. 1b's slopes in notebook 03.

# %% [markdown] slideshow={"slide_type": "slide"}
# ### 5b. Conjecture 1's cells against $T$
#
# The conjecture is about how the cost grows with $T$, so one $T$ (the map's 16) cannot settle it. The cells
# that separate the candidate rules at $D = 4$, trained at $T = 8, 16, 32, 64$ with the map's recipe
# (1000 steps of batch 64, 3 seeds; `data/results/conj1_T_steps1000.csv`, with the map's own $T = 16$ rows)
# and again at four times the steps (`conj1_T_steps4000.csv`):
#
# * $(3, 1)$: $L h = 3 < D$, but $(2L - 1) h = 5 \ge D$: the two rules disagree here;
# * $(2, 2)$ and $(4, 1)$: $L h = D$, the references; $(3, 2)$: $L h > D$;
# * $(2, 1)$: both rules say unsolved.
#
# If Conjecture 1's product rule is the threshold, $(3, 1)$ should fall behind the references as $T$ grows.

# %% slideshow={"slide_type": "subslide"}
errors_T = {S: cvt.errors_by_T(cvt.load_cost_vs_T(S)) for S in cvt.BUDGETS}
fig = evidence.cost_vs_T_figure(errors_T)
plt.show()
for S, errors in errors_T.items():
    display(
        evidence.cost_vs_T_table(
            errors, (2, 2), caption=f"D = 4, {S} steps of batch 64"
        )
    )
    ref = [statistics.median(v) for v in errors[(2, 2)].values()]
    print(f"{S} steps: the reference (2, 2) reaches {min(ref):.1e} to {max(ref):.1e}")
claims.check("conj1/against-T", errors_T[1000])
claims.check("conj1/gap-with-budget", errors_T)

# %% [markdown] slideshow={"slide_type": "fragment"}
# At the map's budget (1000 steps) the cell $(3, 1)$ stays level with the $L h = D$ references at every $T$ up
# to 64 (within 2x, the map's seed spread; the first check), while $(2, 1)$, which both rules call unsolved,
# stays 10x+ behind with a gap that widens with $T$. But read each budget with its floor (the printed lines): at
# 1000 steps the references sit near $2 \times 10^{-3}$, above the paper's own failing cells (Table 5, $h = 1$:
# about $2 \times 10^{-4}$). At four times the steps they come down to about that level, and there $(3, 1)$
# is still level at $T \le 32$ but falls behind both references at $T = 64$, further than at 1000 steps (the
# second check): the gap the product rule predicts opens where the budget lets it show. Conjecture 1 is
# therefore "not settled", with evidence on both sides: at our floors and $T \le 32$ the rule
# $(2L - 1) h \ge D$ fits better, and at $T = 64$ a cost of $L h < D$ appears. Whether that gap keeps growing
# with $T$ and with the budget, as the conjecture says, needs $T = 128$ and longer runs (the next item of
# `data/results/README.md`).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6. Run it yourself: the live $L \times h$ slice
#
# The panel trains a small slice of the map, every depth and head count at once (one batched run of the
# library's training entry point, `train_configs`), and redraws the heatmap with the curve
# $L h = D$ and NMSE against $h$ per $L$. The default: $D = d = 2$, $T = 16$, $L \in \{1, 2\}$,
# $h \in \{1, 2\}$, 2 seeds, 400 steps, about 15 s on one CPU thread. Try $D = 3$ with $h$ up to 3, or
# $D = 4$ with $L$ up to 3 (minutes).

# %% slideshow={"slide_type": "subslide"} tags=["nbval-ignore-output"]
panel = depth_slice_panel()
panel

# %% [markdown] slideshow={"slide_type": "fragment"}
# *The panel's default state, trained once, as a static figure:*

# %% slideshow={"slide_type": "subslide"} tags=["nbval-ignore-output"]
default = LiveDepthSlice(panel.controller.settings)
assert default.run(), default.status
print(default.status)
fig = default.figure()
fig

# %% slideshow={"slide_type": "skip"}
g = default.grid("min")
others = [v for L, row in g.items() for h, v in row.items() if (L, h) != (1, 1)]
assert len(others) == 3 and all(g[1][1] > 10 * v for v in others), (
    "D = 2: only (L, h) = (1, 1) misses the task; "
    "one more layer or one more head solves it (min over 2 seeds, 10x)"
)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# * **Table 4 reproduced in location, not in size:** with $D = 3$ the one-layer jump sits at $h = 3$ (10x+,
#   min and median over seeds, every $T$): the transition follows $D$. Our errors are far above the paper's at
#   our budget (2000 steps), as in notebook 05.
# * **Table 5 reproduced in location, not in size:** with two layers the jump sits at $h = 2$ ($L h = D$, 20x+
#   for $T = 8, 16, 32$), and two heads do 60x+ better in two layers than in one. Our intermediate layer is full
#   self-attention over tokens and class token, residual, token-wise MLP, no LayerNorm; the paper does not say
#   what its was.
# * **The $L \times h$ map** ($D = 2, 3, 4, 6$; $T = 16$; one budget, floors from $3 \cdot 10^{-4}$ to
#   under $2 \cdot 10^{-3}$, above the paper's own failing cells) is counter-evidence to $L h \ge D$ as a
#   *necessary* condition in our architecture, not a refutation: $(L, h) = (2, 1)$ at $D = 3$, $(3, 1)$ at
#   $D = 4$ and $(4, 1)$ at $D = 6$ are solved (within the seed spread of their floor); $(2, 2)$ and $(3, 1)$
#   at $D = 6$ come close but are not. $(2L - 1) h \ge D$ fits almost every cell and is not beaten on held-out
#   cells, but leads $L h \ge D$ there by a few cells at most; "one more layer solves everything" does not
#   hold ($L = 2$, $h = 1$ fails at $D = 4, 6$). One layer follows $h = D$ for $D \le 4$ and falls short at
#   $D = 6$ at this budget.
# * **Conjecture 1's cells against $T$** ($D = 4$, $T = 8$ to $64$, two budgets 4x apart): at the map's budget
#   $(3, 1)$ stays level with the $L h = D$ cells at every $T$; at four times the steps, with a floor near the
#   paper's failing level, it falls 2x behind them at $T = 64$. The ledger: Conjecture 1 **not settled**,
#   evidence on both sides.
# * **Budgets:** at $T = 16$, 10-25x the steps lower Tables 4 and 5 at the transition and keep their jumps;
#   Table 4 approaches the paper's values, Table 5 stays far above them.
# * **Mechanism:** per-layer probes show layer 1 gathering retrieved values into the class token (two heads: two
#   values) and the tokens' own queries retrieving too; one head in layer 1 can serve both, which is how
#   $L h < D$ succeeds.
# * **Cost against $T$** at $L = 2$, $D = 4$: where $L h < D$ the best error grows with $T$, where $L h = D$ it
#   does not; width does not help either at this budget, so the rate itself is not measured.
# * **Live:** the slice panel's default ($D = 2$, $L, h \in \{1, 2\}$) shows the staircase in about 15 s.
#
# The paper's theory stops at one layer, and so does what it proves. The map and the cells against $T$ are
# evidence at our budgets and one architecture, not a proof either way; a theory of the intermediate layer's token queries would be the next
# step.

# %% [markdown] slideshow={"slide_type": "slide"} tags=["exercise"]
# ## Exercises
#
# ### Exercise 7.1 (predict) ★☆☆ ~5 min: Conjecture 1's threshold
#
# For each pair $(D, L)$ below, the fewest heads $h$ that Conjecture 1 allows. Decide on paper first.

# %% slideshow={"slide_type": "fragment"} tags=["exercise"]
from headcount.exercises import check

min_heads = ...  # a dict {(D, L): h} for (4, 1), (4, 2), (3, 2), (6, 4), (6, 3), (5, 2)

_ = check("nb07.min_heads", min_heads)

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# <details><summary>Solution (open after trying)</summary>
#
# ```python
# min_heads = {(4, 1): 4, (4, 2): 2, (3, 2): 2, (6, 4): 2, (6, 3): 2, (5, 2): 3}
# ```
#
# The smallest $h$ with $L h \ge D$ is $\lceil D / L \rceil$: round up, since $L \lfloor D / L \rfloor < D$
# whenever $L$ does not divide $D$ (e.g. $(D, L) = (3, 2)$: one head per layer gives $L h = 2 < 3$).
#
# </details>

# %% [markdown] slideshow={"slide_type": "subslide"} tags=["exercise"]
# ### Exercise 7.2 (implement) ★★☆ ~15 min: a linear probe
#
# Section 4's diagnostic in your own hands. Write `probe_r2(train_x, train_y, test_x, test_y)`: fit
# $y \approx a + x W$ by least squares on the training rows (`train_x (n, k)`, `train_y (n, m)`), predict the
# test rows and return, for each of the $m$ target columns, $R^2 = 1 - \mathrm{SSE} / \mathrm{SST}$ on the
# **test** rows ($\mathrm{SST}$ around the test mean). The check compares with
# `headcount.diagnostics.linear_probe_r2` (without ridge) on random data.

# %% slideshow={"slide_type": "fragment"} tags=["exercise"]
import torch

from headcount.exercises import check


def probe_r2(train_x, train_y, test_x, test_y):
    """Held-out R^2 of a least-squares linear probe with intercept,
    one value per column of the targets."""
    raise NotImplementedError("your code here")


_ = check("nb07.probe_r2", probe_r2)

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# <details><summary>Solution (open after trying)</summary>
#
# ```python
# import torch
#
#
# def probe_r2(train_x, train_y, test_x, test_y):
#     ones = lambda x: torch.cat([torch.ones(len(x), 1, dtype=x.dtype), x], dim=1)
#     W = torch.linalg.lstsq(ones(train_x), train_y).solution
#     resid = test_y - ones(test_x) @ W
#     return 1 - (resid ** 2).sum(0) / ((test_y - test_y.mean(0)) ** 2).sum(0)
# ```
#
# Scoring on held-out rows matters: with $E = 32$ inputs and a few hundred rows, a probe fitted and scored on
# the same rows finds some $R^2$ even in noise.
#
# </details>

# %% [markdown] slideshow={"slide_type": "subslide"} tags=["exercise"]
# ### Exercise 7.3 (implement) ★★★ ~20 min: where does the map contradict the conjecture?
#
# Write `surprises(grid, D, factor)`: `grid[L][h]` is the validation NMSE of $L$ layers with $h$ heads (the
# form of `depth.depth_grid`). Return, sorted, the cells $(L, h)$ that Conjecture 1 calls inefficient
# ($L h < D$) but whose NMSE is within `factor` of the best cell of the whole map. Then run it on section 3's
# maps and compare with the surprises listed there.

# %% slideshow={"slide_type": "fragment"} tags=["exercise"]
from headcount.exercises import check


def surprises(grid, D, factor=10.0):
    """Cells (L, h) with L * h < D whose NMSE grid[L][h] <= factor * the smallest NMSE
    in the grid, sorted."""
    raise NotImplementedError("your code here")


_ = check("nb07.surprises", surprises)

# %% [markdown] slideshow={"slide_type": "skip"} tags=["solution"]
# <details><summary>Solution (open after trying)</summary>
#
# ```python
# def surprises(grid, D, factor=10.0):
#     best = min(v for row in grid.values() for v in row.values())
#     return sorted((L, h) for L, row in grid.items() for h, v in row.items() if L * h < D and v <= factor * best)
# ```
#
# On the committed maps (`maps_min[D]` in section 3) it returns the cells listed there as surprises.
#
# </details>

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Discussion
#
# * **What is a head in a deep model?** In eq. (4) only the class token queries. In our intermediate layers
#   every token queries too, with the same $h$ heads. Does "$L h$" count the right thing? How many
#   (query, head) pairs does a two-layer, one-head model have at $T = 16$?
# * **The paper's first layer is unspecified.** Which choices could move Table 5's transition (class token
#   excluded from layer 1, no MLP between layers, a LayerNorm)? Which would you test first?
# * **Expressivity or training?** A cell that some seeds solve and others do not: what does it say about the
#   conjecture, which is about the *best* weights? What would more steps, or more seeds, change in the map?
#   (Section 3's *the budget, read both ways* answers from the committed data: one budget licenses neither
#   reading; Table 2 at two budgets shows what a second budget would settle.)
# * **One $T$ is not a rate.** The conjecture's bound is about growth with $T$. What would the map need (a
#   second $T$, a width sweep) before it could refute the conjecture rather than merely disagree with it?

# %% [markdown] slideshow={"slide_type": "slide"}
# ## References
#
# * P. Yu, Z. Bao, H. Jiang, R. Yu, Q. Li. *The Effect of Attention Head Count on Transformer
#   Approximation.* ICLR 2026. [arXiv 2510.06662](https://arxiv.org/abs/2510.06662): §5 (Conjecture 1), §7 (Conclusion and
#   limitations), App. B.1 (Tables 4 and 5), §6.1 (Fig. 1), Theorem 2 (§5).
# * OpenReview reviews of the paper (id `RJXwuAMUiI`): reviewers 1 and 3 on the missing depth-versus-heads
#   study and the unexplained depths of the real-data models.
