"""Tables and one figure for notebooks 00-02, so the notebooks show results, not formatting code.

The ``*_rows`` functions return a string for ``print``: tasks (eqs. 8-9), parameter counts (eq. 6), the
Theorem 2(1) construction's errors and softmax scales (App. A.2.1), Corollary 1's lengths (App. A.4),
and the seeds of a live head-count grid with their head-collapse diagnostics. :func:`seed_curves` draws
the validation NMSE of every seed of such a grid, one colour per head count.
"""
from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import torch
from matplotlib.figure import Figure

from headcount.constructions import BetaRow, ConstructionError
from headcount.diagnostics import HeadFeatureReport
from headcount.tasks import RetrievalTask
from headcount.theory import corollary1_applies, corollary1_margin

__all__ = ["beta_rows", "construction_rows", "corollary1_rows", "coverage_rows", "feature_rows", "param_count_rows",
           "parameter_rows", "seed_curves", "seed_rows", "task_rows"]


def task_rows(tasks: Mapping[str, RetrievalTask]) -> str:
    """One line per task: ``d``, ``T``, ``D``, the sizes ``|S_i|``, Assumption 2, the description."""
    lines = [f"{'family':<10} {'d':>2} {'T':>3} {'D':>2}  {'|S_i|':<17} {'Assumption 2':<13} description"]
    for name, task in tasks.items():
        sizes = str(task.subsets.sum(dim=1).tolist())
        lines.append(f"{name:<10} {task.d:>2} {task.T:>3} {task.D:>2}  {sizes:<17} "
                     f"{task.meets_assumption2!s:<13} {task.description}")
    return "\n".join(lines)


def feature_rows(task: RetrievalTask, X: torch.Tensor) -> str:
    """Per position of the first sequence in ``X``: ``x_t`` (``d = 1``), every ``f_i(x_t)`` and whether ``t in S_i``."""
    f = task.feature_values(X)[0]
    head = " t   x_t   " + "".join(f"  f_{i + 1}   " for i in range(task.D)) + \
           "".join(f" in S_{i + 1}" for i in range(task.D))
    lines = [head]
    for t in range(task.T):
        vals = "".join(f"  {float(f[t, i]):.4f}" for i in range(task.D))
        marks = "".join(f"  {'yes' if bool(task.subsets[i, t]) else ' - ':<5}" for i in range(task.D))
        lines.append(f"{t + 1:>2}  {float(X[0, t, 0]):.3f} {vals}  {marks}")
    return "\n".join(lines)


def corollary1_rows(max_D: int = 5, limit: int = 100_000) -> str:
    """The smallest ``T`` at which Corollary 1 applies, for ``1 <= D1 < D2 <= max_D``, and the proof's margin
    ``k - max(D1, D2)`` there (:func:`headcount.theory.corollary1_margin`)."""
    lines = [f"{'D1':>3} {'D2':>3} {'smallest T':>11} {'k - max(D1, D2) there':>22}"]
    for D1 in range(1, max_D + 1):
        for D2 in range(D1 + 1, max_D + 1):
            T = next(T for T in range(1, limit) if corollary1_applies(D1, D2, T))
            lines.append(f"{D1:>3} {D2:>3} {T:>11} {corollary1_margin(D1, D2, T):>22.1f}")
    return "\n".join(lines)


def parameter_rows(model: torch.nn.Module) -> str:
    """Each parameter's name and shape."""
    return "\n".join([f"{'parameter':<16} shape"] + [f"{n:<16} {tuple(p.shape)}" for n, p in model.named_parameters()])


def param_count_rows(counts: Mapping[str, Mapping[int, Mapping[int, int]]]) -> str:
    """``counts[label][h][T] = M``, one row per ``(label, h)`` and one column per ``T``."""
    Ts = sorted({T for by_h in counts.values() for by_T in by_h.values() for T in by_T})
    lines = [f"{'encoder':<22} {'h':>2} " + "".join(f"{f'M at T={T}':>12}" for T in Ts)]
    for label, by_h in counts.items():
        for h, by_T in by_h.items():
            lines.append(f"{label:<22} {h:>2} " + "".join(f"{by_T[T]:>12}" for T in Ts))
    return "\n".join(lines)


def construction_rows(rows: Sequence[ConstructionError]) -> str:
    """The Theorem 2(1) construction's worst errors per ``(T, beta)`` beside the paper's and our bounds."""
    lines = [(f"{'T':>4} {'beta':>6} {'worst above':>12} {'worst below':>12} {'paper bound':>12} {'log(T)/beta':>12}"
              f" {'output err':>11}")]
    for r in rows:
        below = r.below if r.below > 1e-12 else 0.0  # rounding noise (and -0.0) printed as 0
        lines.append(f"{r.T:>4} {r.beta:>6g} {r.above:>12.3e} {below:>12.3e} {r.bound:>12.3e}"
                     f" {r.entropy_bound:>12.3e} {r.output:>11.3e}")
    return "\n".join(lines)


def beta_rows(rows: Sequence[BetaRow], eps: float) -> str:
    """What the construction needs at each ``T`` for feature error ``eps`` (:func:`headcount.constructions.beta_table`)."""
    lines = [f"target feature error eps = {eps:g}",
             (f"{'T':>5} {'beta (paper)':>13} {'beta (log T)':>13} {'near-worst error at beta (log T)':>33}"
              f" {'attention entries':>18} {'gate entries':>13}")]
    for r in rows:
        lines.append(f"{r.T:>5} {r.beta_paper:>13.1f} {r.beta_log:>13.1f} {r.near_worst:>33.2e}"
                     f" {r.attention_entries:>18} {r.gate_entries:>13}")
    return "\n".join(lines)


def seed_rows(nmse: Mapping[int, Sequence[float]], seeds: Sequence[int], label: str = "") -> str:
    """Validation NMSE of every seed per head count, with min, median and max over seeds."""
    lines = [f"{label}{'h':>3}  " + "".join(f"{f'seed {s}':>10}" for s in seeds)
             + f"  {'min':>9} {'median':>9} {'max':>9}"]
    for h, vals in nmse.items():
        lines.append(f"{' ' * len(label)}{h:>3}  " + "".join(f"{v:>10.2e}" for v in vals)
                     + f"  {min(vals):>9.2e} {statistics.median(vals):>9.2e} {max(vals):>9.2e}")
    return "\n".join(lines)


def coverage_rows(nmse: Mapping[int, float], reports: Mapping[int, HeadFeatureReport]) -> str:
    """One line per seed, best first: NMSE, the feature each head covers, the uncovered features."""
    names = lambda idx: ", ".join(f"f{i + 1}" for i in idx) or "none"
    lines = []
    for s in sorted(nmse, key=nmse.get):
        r = reports[s]
        heads = " ".join("-" if a is None else f"f{a + 1}" for a in r.assignment)
        lines.append(f"seed {s}: NMSE {nmse[s]:.2e} | head -> feature: {heads} | uncovered: {names(r.uncovered)}")
    return "\n".join(lines)


def seed_curves(histories: Mapping[tuple[int, int], object], title: str = "") -> Figure:
    """Validation NMSE against the step for every ``(h, seed)`` run (one colour per ``h``, one line per seed),
    log scale; ``histories[(h, seed)]`` has ``eval_steps`` and ``val_nmse``
    (:class:`~headcount.training.train.History`)."""
    fig, ax = plt.subplots(figsize=(6.5, 3.8))
    heads = sorted({h for h, _ in histories})
    colors = {h: f"C{k}" for k, h in enumerate(heads)}
    for (h, seed), hist in histories.items():
        first = seed == min(s for hh, s in histories if hh == h)
        ax.plot(hist.eval_steps, hist.val_nmse, marker="o", ms=2.5, lw=1.2, color=colors[h], alpha=0.85,  # type: ignore
                label=f"h = {h} (each line one seed)" if first else None)
    ax.set(yscale="log", xlabel="training step", ylabel="validation NMSE", title=title or "validation NMSE per seed")
    ax.axhline(1.0, color="grey", lw=0.8, ls=":")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
