"""The reproduction ledger's numbers, derived from the committed results (``data/results``) and the paper's tables.

:func:`derive` returns, for a claim id of :mod:`headcount.claims`, one line of numbers computed from the files
its verdict rests on, or ``None`` when the claim has no results file behind it (a construction: its numbers are
in the registry's ``evidence``). Rendering the ledger (:mod:`headcount.ui.ledger`) calls it, so the ledger
cannot drift from the data: a newly committed results file changes the rendered page, and
``tests/test_claims.py`` fails until it is regenerated. Inside a git checkout only what is committed counts
(a sweep still writing its file does not move the ledger). A missing file gives one line naming it, never an
error.
"""
from __future__ import annotations

import atexit
import functools
import itertools
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from headcount.claims import Budget
from headcount.experiments import realdata as rd
from headcount.experiments import synthetic as ex
from headcount.env import data_dir
from headcount.experiments.paper_tables import paper_value
from headcount.theory import reversal_score
from headcount.training.sweep import load_results, summarize

__all__ = ["DERIVATIONS", "budget_problems", "derive"]

D4 = 4  # the intrinsic dimension of the paper's synthetic task (§6.1)


def _span(values: Iterable[float], fmt: str = ".0f", unit: str = "") -> str:
    v = sorted(values)
    lo, hi = format(v[0], fmt), format(v[-1], fmt)
    return f"{lo}{unit}" if lo == hi else f"{lo}{' to ' if 'e' in fmt else '-'}{hi}{unit}"


def _git(folder: Path, *args: str) -> bytes | None:
    try:
        return subprocess.run(["git", *args], cwd=folder, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None


@functools.lru_cache(maxsize=4)
def _snapshot(folder: Path, head: bytes) -> Path:
    """A temporary copy of the files of ``folder`` as committed at ``head`` (a sweep still writing a file, or
    a file not committed yet, does not count)."""
    out = Path(tempfile.mkdtemp(prefix="headcount-ledger-"))
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    for name in (_git(folder, "ls-files", "--", ".") or b"").decode().splitlines():
        if "/" not in name:
            blob = _git(folder, "show", f"{head.decode().strip()}:./{name}")
            if blob is not None:
                (out / name).write_bytes(blob)
    return out


def committed(folder: Path) -> Path:
    """``folder`` as committed (a temporary snapshot) inside a git checkout, else ``folder`` itself."""
    head = _git(folder, "rev-parse", "HEAD") if folder.is_dir() else None
    return _snapshot(folder.resolve(), head) if head else folder


def _path(folder: Path, name: str) -> Path:
    path = folder / name
    if not path.exists():
        raise FileNotFoundError(f"{name} not committed yet")
    return path


def _csv(folder: Path, name: str) -> list[dict]:
    return load_results(_path(folder, name))


def _synthetic(folder: Path, table: str) -> list[dict]:
    _path(folder, f"{table}_synthetic.csv")
    return ex.load_table(table, folder, complete=True)


def _h_ge_D(grid: Mapping[int, Mapping[int, float]]) -> list[float]:
    """The h >= 4 cells of a Table 2 or 3 grid."""
    return [grid[h][T] for h in (4, 5) for T in grid[h]]


def fig1a(folder: Path) -> str:
    rows = _synthetic(folder, "table2")
    mn, med = ex.nmse_grid(rows, "min"), ex.nmse_grid(rows, "median")
    worst_D, best_below = max(mn[D4].values()), min(mn[D4 - 1].values())
    long = ex.nmse_grid(_csv(folder, "table2_steps4000_cuda.csv"), "min")
    return (f"NMSE(h=3)/NMSE(h=4), min over seeds: {_span(ex.transition_ratios(mn, D4).values(), '.0f', 'x')} at "
            f"T = 8..128 (median over seeds {_span(ex.transition_ratios(med, D4).values(), '.0f', 'x')}); the worst "
            f"h = 4 cell is {best_below / worst_D:.0f}x below the best h = 3 cell; with 4000 steps "
            f"{_span(ex.transition_ratios(long, D4).values(), '.0f', 'x')}. The paper's Table 2 means give "
            f"{_span(ex.transition_ratios(ex.paper_grid('table2'), D4).values(), '.0f', 'x')}.")


def table2(folder: Path) -> str:
    rows = _synthetic(folder, "table2")
    mn, paper = ex.nmse_grid(rows, "min"), ex.paper_grid("table2")
    ours = _h_ge_D(mn)
    above = [mn[h][T] / paper[h][T] for h in (4, 5) for T in mn[h]]
    long_rows = _csv(folder, "table2_steps4000_cuda.csv")
    long = ex.nmse_grid(long_rows, "min")
    ok = sum(r["val_nmse"] <= 1e-3 for r in long_rows if r["heads"] >= D4)
    n = sum(r["heads"] >= D4 for r in long_rows)
    return (f"h >= 4, min over seeds: {_span(ours, '.1e')} at 2000 steps, {_span(_h_ge_D(long), '.1e')} at 4000 "
            f"steps ({ok}/{n} runs <= 1e-3); the paper's means {_span((paper[h][T] for h in (4, 5) for T in paper[h]), '.1e')}"
            f" (our 2000-step minima are {_span(above, '.0f', 'x')} the paper's means); h = 3: ours "
            f"{_span(mn[3].values(), '.1e')}, the paper's {_span(paper[3].values(), '.1e')}."
            + _budget_curve(folder, "table2"))


def table3(folder: Path) -> str:
    mn, paper = ex.nmse_grid(_synthetic(folder, "table3"), "min"), ex.paper_grid("table3")
    return (f"NMSE(h=3)/NMSE(h=4) at E = 32, min over seeds: {_span(ex.transition_ratios(mn, D4).values(), '.0f', 'x')} "
            f"(the paper: {_span(ex.transition_ratios(paper, D4).values(), '.0f', 'x')}); h >= 4: ours "
            f"{_span(_h_ge_D(mn), '.1e')}, the paper's {_span(_h_ge_D(paper), '.1e')}." + _budget_curve(folder, "table3"))


def _depth_table(folder: Path, table: str, low: int) -> str:
    """The jump from ``h = low`` to ``low + 1`` in Table 4 (D = 3, low = 2) or Table 5 (L = 2, low = 1), at the
    lengths committed so far."""
    _path(folder, f"{table}_synthetic.csv")
    rows = ex.load_table(table, folder, complete=False)
    mn, med, paper = ex.nmse_grid(rows, "min"), ex.nmse_grid(rows, "median"), ex.paper_grid(table)
    Ts = sorted(mn[low])
    level = [v for h in mn if h > low for v in mn[h].values()]
    return (f"NMSE(h={low})/NMSE(h={low + 1}), min over seeds: {_span(ex.transition_ratios(mn, low + 1).values(), '.0f', 'x')}"
            f" at T = {', '.join(map(str, Ts))} (median over seeds "
            f"{_span(ex.transition_ratios(med, low + 1).values(), '.0f', 'x')}; the paper: "
            f"{_span(ex.transition_ratios(paper, low + 1).values(), '.0f', 'x')}); h > {low}: ours {_span(level, '.1e')}, "
            f"the paper's {_span((v for h in paper if h > low for v in paper[h].values()), '.1e')}.")


def table4(folder: Path) -> str:
    return _depth_table(folder, "table4", 2) + _budget_curve(folder, "table4")


def table5(folder: Path) -> str:
    return _depth_table(folder, "table5", 1) + _budget_curve(folder, "table5")


def _budget_curve(folder: Path, table: str) -> str:
    """The budget curve at T = 16 (:mod:`headcount.experiments.budget`): the transition's ``h`` against the
    paper by budget, the jump by budget, and the steps the last two budgets' slope predicts."""
    from headcount.experiments import budget

    _path(folder, f"budget_{table}_T16.csv")
    curves = budget.budget_curves(budget.load_budget(table, folder))
    below, at = budget.TRANSITION[table]
    paper = {h: paper_value(table, h, budget.BUDGET_T)[0] for h in (below, at)}
    need = budget.steps_to_reach(curves[at], paper[at]) if len(curves[at]) > 1 else None
    return (f" Budget curve at T = 16 (mean over seeds), h = {at}: "
            + ", ".join(f"{s} steps {v:.1e} ({v / paper[at]:.3g}x the paper's)" for s, v in curves[at].items())
            + f"; jump h = {below} -> {at}: " + ", ".join(f"{j:.0f}x" for j in budget.transition_jumps(curves, table).values())
            + f" (the paper's {paper[below] / paper[at]:.0f}x); "
            + ("the paper's value reached" if need is not None and need <= max(curves[at]) else
               f"the last two budgets' slope predicts {need:,.0f} steps for the paper's value" if need else
               "the curve is not falling") + ".")


def _short(name: str) -> str:
    return name.split(" (")[0]


def lxh_map(folder: Path) -> str:
    from headcount.experiments import conjecture as cj
    from headcount.experiments import depth

    _path(folder, "depth_map.csv")
    rows = depth.load_depth("depth_map", folder, complete=False)
    Ds = sorted({int(r["D"]) for r in rows})
    grids = {D: depth.depth_grid(rows, D, "min") for D in Ds}
    spread = cj.spread_factor(rows)
    parts = []
    for D in Ds:
        floor = min(v for row in grids[D].values() for v in row.values())
        agree = ", ".join(f"{_short(n)}: {r['agree']}/{r['total']}" for n, r in cj.rule_report(grids[D], D, spread).items())
        parts.append(f"D = {D} (floor {floor:.1e}): {agree}; solved although L h < D: "
                     + (", ".join(f"(L={L}, h={h})" for L, h in cj.surprises(grids[D], D, spread)) or "none"))
    text = (f"Solved = within {spread:.2f}x of the floor of its map (min over seeds; the factor is the 90th "
            "percentile of the seed spread max/min over all cells); cells each rule classifies as the data do: "
            + "; ".join(parts) + ".")
    low, high = [D for D in Ds if D <= 4], [D for D in Ds if D > 4]
    if low and high:
        for factor in (spread, 10.0):
            for a, b in ((low, high), (high, low)):
                h = cj.held_out(grids, a, b, factor)
                text += (f" Held out at {factor:.2f}x: chosen on D in {a}: {' = '.join(map(_short, h['chosen']))}; "
                         f"on D in {b} " + ", ".join(f"{_short(n)} {h['test'][n][0]}/{h['test'][n][1]}"
                                                    for n in h["chosen"]) + f" (Conjecture 1: "
                         f"{h['test'][list(cj.RULES)[0]][0]}/{h['test'][list(cj.RULES)[0]][1]}).")
    return text


def conj1(folder: Path) -> str:
    from headcount.experiments import depth

    text = lxh_map(folder)
    try:
        _path(folder, "depth_width.csv")
        rows = depth.load_depth("depth_width", folder, complete=False)
    except FileNotFoundError:
        return text
    Ts = sorted({r["T"] for r in rows})
    best = {(h, T): min(r["val_nmse"] for r in rows if (r["heads"], r["T"]) == (h, T)) for h in (1, 2) for T in Ts}
    return text + (" Cost against T at L = 2, D = 4 (best NMSE over MLP widths, min over seeds, T = "
                   f"{Ts[0]} -> {Ts[-1]}): " + "; ".join(f"h = {h}: {best[h, Ts[0]]:.1e} -> {best[h, Ts[-1]]:.1e}"
                                                       for h in (1, 2)) + ".") + _against_T(folder)


def _against_T(folder: Path) -> str:
    """Conjecture 1's D = 4 cells against T (:mod:`headcount.experiments.cost_vs_T`), per budget: the ratio of
    medians over seeds to (2, 2) at each T."""
    from headcount.experiments import cost_vs_T as cvt

    parts = []
    for steps in cvt.BUDGETS:
        try:
            _path(folder, f"conj1_T_steps{steps}.csv")
        except FileNotFoundError:
            continue
        errors = cvt.errors_by_T(cvt.load_cost_vs_T(steps, folder=folder))
        if (2, 2) not in errors:
            continue
        ratios = {c: cvt.ratio_to_reference(errors, c, (2, 2))["by_T"] for c in ((3, 1), (4, 1), (2, 1)) if c in errors}
        parts.append(f"{steps} steps: " + "; ".join(
            f"{c} / (2, 2) " + ", ".join(f"T={T}: {r:.2f}" for T, r in byT.items()) for c, byT in ratios.items()))
    return (" Against T (D = 4, batch 64, median over seeds): " + " | ".join(parts) + ".") if parts else ""


def fig1b(folder: Path) -> str:
    from headcount.experiments.scaling import fit_by_group

    rows = _csv(folder, "fig1b_width.csv")
    fits = fit_by_group(rows, x="width", y="val_nmse", by=("heads", "T"), reduce="min")
    table = {(s["heads"], s["T"], s["width"]): s["min"] for s in summarize(rows, by=("heads", "T", "width"))}
    heads, Ts = sorted({r["heads"] for r in rows}), sorted({r["T"] for r in rows})
    best = {(h, T): min(v for (hh, TT, _), v in table.items() if (hh, TT) == (h, T)) for h in heads for T in Ts}
    growth = {h: best[h, Ts[-1]] / best[h, Ts[0]] for h in heads}
    return (f"log-log slopes in N at T = {', '.join(map(str, Ts))}: "
            + "; ".join(f"h = {h}: {', '.join(f'{fits[h, T].slope:.2f}' for T in Ts)}" for h in heads)
            + f"; best NMSE over widths from T = {Ts[0]} to {Ts[-1]} grows "
            + ", ".join(f"{growth[h]:.2f}x at h = {h}" for h in heads)
            + f"; h = 3 over h = 4 (best over widths): {_span((best[3, T] / best[4, T] for T in Ts), '.0f', 'x')}.")


def fig2e(folder: Path) -> str:
    grids = {"the paper's Table 3": ex.paper_grid("table3"), "its Table 2 means": ex.paper_grid("table2"),
             "ours (2000 steps, min)": ex.nmse_grid(_synthetic(folder, "table2"), "min"),
             "ours (4000 steps, median)": ex.nmse_grid(_csv(folder, "table2_steps4000_cuda.csv"), "median")}
    parts = []
    for label, grid in grids.items():
        R = ex.reversal_scores(grid)
        parts.append(f"{label}: " + ", ".join(f"{R[h]:.2f}" for h in sorted(R)))
    return "R(h) for h = 1..5, " + "; ".join(parts) + "."


def remark_b11(folder: Path) -> str:
    def rise(grid: Mapping, hs: tuple[int, ...]) -> str:
        r = ex.short_T_rise(grid)
        return ", ".join(f"h = {h}: best T {r[h]['best_T']}, NMSE(T=8)/best {r[h]['short_over_best']:.1f}" for h in hs)

    return (f"The paper's Table 2: {rise(ex.paper_grid('table2'), (4, 5))}; its Table 3: "
            f"{rise(ex.paper_grid('table3'), (4, 5))}. Ours (2000 steps, min): "
            f"{rise(ex.nmse_grid(_synthetic(folder, 'table2'), 'min'), (4, 5))}; 4000 steps: "
            f"{rise(ex.nmse_grid(_csv(folder, 'table2_steps4000_cuda.csv'), 'min'), (4, 5))}.")


def seed_lottery(folder: Path) -> str:
    rows = _synthetic(folder, "table2")
    cells = [c for c in ex.seed_lottery(rows, factor=3) if c["heads"] == D4]
    values = ex.seed_values(rows)[D4]
    stuck = [(T, max(v)) for T, v in values.items() if max(v) > 10 * min(v)]
    from headcount.experiments.paper_tables import PAPER_TABLE2_MEAN, PAPER_TABLE2_STD

    ratio = [s / m for m, s in zip(PAPER_TABLE2_MEAN[D4], PAPER_TABLE2_STD[D4])]
    return (f"Ours at h = 4: median/min over seeds {_span((c['median_over_min'] for c in cells), '.2f')}; stuck "
            f"seeds (> 10x the best): " + (", ".join(f"T = {T} ({v:.1e})" for T, v in stuck) or "none")
            + f"; the paper's std/mean at h = 4: {_span(ratio, '.1f')}.")


def fairness(folder: Path) -> str:
    from headcount.experiments.fairness import fairness_summary

    try:
        s = fairness_summary(_csv(folder, "fairness_T32.csv"))
    except ValueError as err:
        return f"fairness_T32.csv is incomplete ({err})."
    best = ", ".join(f"h = {h}: lr {b['lr']:g}, beta {b['beta'] if b['beta'] is not None else '1/sqrt(n)'}, "
                     f"min {b['final_min']:.1e}, median {b['final_median']:.1e}" for h, b in s["best"].items())
    return (f"Each h at its own best setting ({best}): gap NMSE(h=3)/NMSE(h=4) {s['gap_min']:.0f}x (min), "
            f"{s['gap_median']:.0f}x (median); in the tuning stage {s['gap_tuning_recipe']:.0f}x at the recipe's "
            f"setting, {s['gap_tuning_best']:.0f}x at each h's best.")


def memorization_esweep(folder: Path) -> str:
    rows = _csv(folder, "memorization_embed.csv")
    m = {(s["heads"], s["T"], s["embed_dim"]): s["min"] for s in summarize(rows, by=("heads", "T", "embed_dim"))}
    parts = []
    for T in sorted({r["T"] for r in rows}):
        one = {E: v for (h, TT, E), v in m.items() if h == 1 and TT == T}
        many = {E: v for (h, TT, E), v in m.items() if h == D4 and TT == T}
        parts.append(f"T = {T}: one head " + ", ".join(f"E={E} {v:.1e}" for E, v in sorted(one.items()))
                     + f"; {D4} heads {_span(many.values(), '.1e')}, their worst E still "
                     f"{min(one.values()) / max(many.values()):.0f}x below one head's best")
    try:
        pos = summarize(_csv(folder, "memorization_embed_onehot.csv"), by=("heads", "T", "embed_dim"))
        parts += [f"one head with one-hot positions, T = {T}: best {min(s['min'] for s in pos if s['T'] == T):.1e}"
                  for T in sorted({s["T"] for s in pos})]
    except FileNotFoundError:
        pass
    return "Min over seeds: " + "; ".join(parts) + "."


def realdata_marked(folder: Path) -> str:
    s = rd.summarize_rows(rd.load_rows(_path(folder, "realdata_marked.json")), ("D", "heads"))
    Ds, hs = sorted({D for D, _ in s}), sorted({h for _, h in s})
    parts = []
    for D in Ds:
        curve = [s[D, h]["mean"] for h in hs]
        gains = ", ".join(f"{b - a:+.3f}" for a, b in itertools.pairwise(curve))
        parts.append(f"D = {D}: {gains} (largest seed std {max(s[D, h]['std'] for h in hs):.3f})")
    return (f"Training accuracy gained per step h = {' -> '.join(map(str, hs))}, mean over seeds: "
            + "; ".join(parts) + ".")


def realdata_text(folder: Path) -> str:
    s = rd.summarize_rows(rd.load_rows(_path(folder, "realdata_text.json")), ("T", "D", "heads"))
    main = {(D, h): v["mean"] for (T, D, h), v in s.items() if T == 8}
    parts = []
    for D in sorted({D for D, _ in main if D >= 2}):
        below = max((v for (DD, h), v in main.items() if DD == D and h < D), default=float("nan"))
        above = max(v for (DD, h), v in main.items() if DD == D and h >= D)
        best_h = min(h for (DD, h), v in main.items() if DD == D and v >= above - 0.03)
        parts.append(f"D = {D}: best h < D {below:.3f}, best h >= D {above:.3f}, within 0.03 of the best from h = {best_h}")
    return "Recall@1 on training sequences at T = 8: " + "; ".join(parts) + "."


def realdata_vit(folder: Path) -> str:
    s = rd.summarize_rows(rd.load_rows(_path(folder, "realdata_vit.json")), ("heads", "frame"))
    hs, frames = sorted({h for h, _ in s}), sorted({f for _, f in s})
    R = {h: reversal_score([1 - s[h, f]["mean"] for f in frames]) for h in hs}
    drop = {h: s[h, frames[0]]["mean"] - s[h, frames[-1]]["mean"] for h in hs}
    return (f"Framed Fashion-MNIST ViT, T = {', '.join(str((f // 7) ** 2) for f in frames)} patches: training "
            f"accuracy from h = {hs[0]} to {hs[-1]} " + ", ".join(f"{s[hs[0], f]['mean']:.2f} -> {s[hs[-1], f]['mean']:.2f}"
                                                          for f in frames)
            + "; accuracy lost from the smallest to the largest frame " + ", ".join(f"h = {h}: {drop[h]:.3f}" for h in hs)
            + "; R(h) " + ", ".join(f"{R[h]:.2f}" for h in hs) + ".")


def fig2d(folder: Path) -> str:
    R = {h: reversal_score([100 - a for a in accs]) for h, accs in rd.PAPER_IMAGE_TRAIN.items()}
    return ("R(h) on Table 8's means: positive at h = " + ", ".join(str(h) for h, r in R.items() if r > 0)
            + "; zero at h = " + ", ".join(str(h) for h, r in R.items() if r == 0) + ".")


def table6(folder: Path) -> str:
    R = {h: reversal_score([1 - a for a in accs]) for h, accs in rd.PAPER_TEXT_TRAIN.items()}
    T, err = rd.PAPER_TEXT_T[-1], {h: 1 - accs[-1] for h, accs in rd.PAPER_TEXT_TRAIN.items()}
    hs = sorted(err)
    return (f"Table 6's error (1 - training accuracy) at T = {T}: " + ", ".join(f"h = {h}: {err[h]:.3f}" for h in hs)
            + f" ({err[8] / err[12]:.1f}x lower at h = 12 than at h = 8); R(h) on its 3-decimal means: "
            + ", ".join(f"h = {h}: {r:.2f}" for h, r in R.items()) + ".")


def _text_fits() -> dict[str, dict[str, float]]:
    pts = [(h, T, 1 - a) for h, accs in rd.PAPER_TEXT_TRAIN.items() if h not in (1, 12, 14, 16)
           for T, a in zip(rd.PAPER_TEXT_T, accs)]
    return {"free": rd.error_model_fit(*zip(*pts)), "one": rd.error_model_fit(*zip(*pts), deltas=[1.0])}


def fig2b(folder: Path) -> str:
    fit = _text_fits()["free"]
    return (f"Refit on Table 6's means (h = 1, 12, 14, 16 dropped): delta = {fit['delta']:.2f}, alpha = "
            f"{fit['alpha']:.2f}, beta = {fit['beta']:.2f}, mean absolute log error {fit['mae']:.3f} (the paper: "
            "delta = 0.25, alpha = -1.40).")


def fig2b_theory(folder: Path) -> str:
    from headcount.experiments.realdata_analysis import bound_delta
    from headcount.theory import lower_bound_exponent

    fits = _text_fits()
    k_max = max(lower_bound_exponent(T, s, 32, D) for T in rd.PAPER_TEXT_T for D in range(2, 17) for s in range(1, D))
    return (f"Slope of the bound: delta = {bound_delta():.2f}. On Table 6, the free fit (delta = "
            f"{fits['free']['delta']:.2f}) has mean absolute log error {fits['free']['mae']:.3f}, delta = 1 has "
            f"{fits['one']['mae']:.3f} ({fits['one']['mae'] / fits['free']['mae']:.1f}x worse); the largest k at "
            f"T <= 64, n = 32 is {k_max:.2f}.")


#: Claim id -> derivation from the results folder.
DERIVATIONS: dict[str, Callable[[Path], str]] = {
    "fig1a": fig1a, "table2": table2, "table3": table3, "table4": table4, "table5": table5, "fig1b": fig1b,
    "fig2e": fig2e, "remark-b11": remark_b11, "seed-lottery": seed_lottery, "fairness": fairness,
    "memorization-esweep": memorization_esweep, "realdata-marked": realdata_marked, "realdata-text": realdata_text,
    "realdata-vit": realdata_vit, "fig2d": fig2d, "table6": table6, "fig2b": fig2b, "fig2b-theory": fig2b_theory, "lxh-map": lxh_map, "conj1": conj1,
}


def budget_problems(budget: Budget, folder: str | Path | None = None) -> list[str]:
    """How a recorded :class:`headcount.claims.Budget` disagrees with the committed file it names: steps,
    batch, training examples and the number of seeds must be the file's (on the rows ``budget.where`` selects),
    and the recorded floor within 2x of the smallest validation NMSE there. Empty when it agrees or names no
    file."""
    if not budget.file:
        return []
    folder = committed(Path(folder) if folder is not None else data_dir() / "results")
    try:
        rows = [r for r in _csv(folder, budget.file) if all(r[k] == v for k, v in budget.where.items())]
    except FileNotFoundError as err:
        return [str(err)]
    if not rows:
        return [f"{budget.file}: no rows with {budget.where}"]
    have = {"steps": {r["steps"] for r in rows}, "batch": {r["batch_size"] for r in rows},
            "samples": {r["n_train"] for r in rows}, "seeds": {len({r["seed"] for r in rows})}}
    out = [f"{budget.file}: {k} {getattr(budget, k)} but the file has {sorted(v)}"
           for k, v in have.items() if v != {getattr(budget, k)}]
    floor = min(r["val_nmse"] for r in rows)
    if not 0.5 <= budget.floor / floor <= 2:
        out.append(f"{budget.file}: floor {budget.floor:g} but the file's smallest validation NMSE is {floor:.2g}")
    return out


def derive(claim_id: str, folder: str | Path | None = None) -> str | None:
    """The numbers behind ``claim_id`` computed from ``folder`` (default: the committed ``data/results``), or
    ``None`` if the claim has no derivation. A missing or incomplete file gives a line saying so."""
    fn = DERIVATIONS.get(claim_id)
    if fn is None:
        return None
    folder = committed(Path(folder) if folder is not None else data_dir() / "results")
    try:
        return fn(folder)
    except FileNotFoundError as err:
        return f"Not computed yet: {str(err).split(':')[0]}."
