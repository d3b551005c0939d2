"""h = D against h < D on a small live grid (notebooks 00 and 02), judged over all seeds at once.

A training run's trajectory depends on the CPU's rounding (another kernel, another machine gives
another run), so nothing here looks at what one particular seed did. :func:`train_head_grid` trains
every ``(h, seed)`` of a grid through the course's one training entry point
(:func:`headcount.training.fit.train_configs`: one batched model), and the claims are aggregates with a
stated margin:

* :func:`worst_vs_best_gap`: the best ``h < D`` seed against the *worst* ``h = D`` seed (every seed);
* :func:`best_vs_best_gap`: the best ``h < D`` seed against the best ``h = D`` seed (the paper's statistic);
* :func:`best_run_covers_every_feature`: the lowest-error ``h = D`` run puts one head on each
  feature (the head-collapse diagnostic of :mod:`headcount.diagnostics`, Theorem 2(1)'s mechanism);
* :func:`paper_M_by_T`: the paper's ``M`` (eq. 6) over ``h`` and ``T``, to check what depends on ``T``.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from headcount._checks import check_int
from headcount.diagnostics import HeadFeatureReport, head_feature_attention
from headcount.model import HeadCountTransformer, ModelConfig, build_model, paper_param_count
from headcount.tasks import RetrievalTask, make_task
from headcount.training.fit import Trained, train_configs
from headcount.training.train import RECIPE_BETA, History

__all__ = ["HeadGrid", "best_run_covers_every_feature", "best_vs_best_gap", "paper_M_by_T", "train_head_grid",
           "worst_vs_best_gap"]


@dataclass
class HeadGrid:
    """A trained grid: ``histories[(h, seed)]`` and what :func:`headcount.training.fit.train_configs` returned."""

    task: RetrievalTask
    heads: tuple[int, ...]
    seeds: tuple[int, ...]
    histories: dict[tuple[int, int], History]
    trained: Trained

    def nmse(self) -> dict[int, list[float]]:
        """Final validation NMSE of every seed, by head count: ``{h: [nmse per seed]}``."""
        return {h: [self.histories[h, s].final_val_nmse for s in self.seeds] for h in self.heads}

    def member(self, h: int, seed: int) -> HeadCountTransformer:
        """The trained ``(h, seed)`` model on its own."""
        return self.trained.model(self.trained.index(heads=h, seed=seed))

    def coverage(self, h: int) -> dict[int, HeadFeatureReport]:
        """The head-collapse diagnostic of every seed at ``h`` heads: ``{seed: report}``."""
        return {s: head_feature_attention(self.member(h, s), self.task) for s in self.seeds}

    def wall_time(self) -> float:
        """Seconds the whole grid took (every member shares one batched run)."""
        return sum(h.wall_time for h in self.histories.values())


def train_head_grid(family: str, T: int, heads: Iterable[int], seeds: Iterable[int], steps: int,
                    n_train: int = 4000, n_val: int = 1000, head_dim: int = 8, width: int = 32,
                    beta: float = RECIPE_BETA, data_seed: int = 0, **task_kwargs: object) -> HeadGrid:
    """Train eq. (4) with each ``h`` in ``heads`` and each seed on ``make_task(family, T)`` (library recipe,
    ``steps`` steps) through :func:`headcount.training.fit.train_configs` (one batched model). Every member
    sees the same data split; ``task_kwargs`` are the task's ``D`` and ``d``."""
    task = make_task(family, check_int("T", T), **task_kwargs)
    heads, seeds = tuple(check_int("heads", h) for h in heads), tuple(check_int("seed", s, 0) for s in seeds)
    spec = {"task": family, "T": T, "heads": list(heads), "seed": list(seeds), "steps": check_int("steps", steps),
            "n_train": n_train, "n_val": n_val, "head_dim": head_dim, "width": width, "beta": beta,
            "data_seed": data_seed, "D": task.D, "d": task.d}
    trained = train_configs(spec, eval_every=max(1, steps // 10))
    histories = {(c["heads"], c["seed"]): h for c, h in zip(trained.configs, trained.histories)}
    ordered = {(h, s): histories[h, s] for h in heads for s in seeds}
    return HeadGrid(task=task, heads=heads, seeds=seeds, histories=ordered, trained=trained)


def _low(nmse: Mapping[int, Sequence[float]], D: int, low: int | None) -> int:
    low = D - 1 if low is None else low
    if low >= D or low not in nmse or D not in nmse:
        raise ValueError(f"nmse needs head counts D = {D} and low = {low} < D, got {sorted(nmse)}")
    return low


def worst_vs_best_gap(nmse: Mapping[int, Sequence[float]], D: int, low: int | None = None) -> float:
    """``min_seeds NMSE(h = low) / max_seeds NMSE(h = D)`` (``low`` defaults to ``D - 1``): how far *every*
    ``h = D`` seed lies below the best seed with too few heads. Above 1 only if no seed overlaps."""
    low = _low(nmse, D, low)
    return min(nmse[low]) / max(nmse[D])


def best_vs_best_gap(nmse: Mapping[int, Sequence[float]], D: int, low: int | None = None) -> float:
    """``min_seeds NMSE(h = low) / min_seeds NMSE(h = D)``: the paper's statistic (Fig. 1a, the minimum over
    seeds), what each head count *can* reach when training succeeds. A stuck ``h = D`` seed does not decide it;
    it fails only if every ``h = D`` seed is stuck or some ``h < D`` seed is as good as the best ``h = D`` one."""
    low = _low(nmse, D, low)
    return min(nmse[low]) / min(nmse[D])


def best_run_covers_every_feature(nmse: Sequence[float], reports: Sequence[HeadFeatureReport]) -> bool:
    """Whether the run with the lowest NMSE gives each feature its own head (``reports[i]`` belongs to
    ``nmse[i]``): Theorem 2(1)'s mechanism, found by training."""
    if len(nmse) != len(reports) or not nmse:
        raise ValueError(f"nmse and reports must be non-empty and of equal length, got {len(nmse)} and {len(reports)}")
    best = min(range(len(nmse)), key=lambda i: nmse[i])
    return reports[best].one_feature_per_head


def paper_M_by_T(heads: Iterable[int], Ts: Iterable[int], d: int = 4, **config: object) -> dict[int, dict[int, int]]:
    """The paper's ``M`` (eq. 6: encoder ``P_phi`` and FFN, attention not counted) of
    ``ModelConfig(d, T, h, **config)``: ``{h: {T: M}}``. With ``positional='learned'`` the position table
    is part of ``P_phi``, so ``M`` grows with ``T``."""
    Ts = list(Ts)
    return {h: {T: paper_param_count(build_model(ModelConfig(d=d, T=T, heads=h, **config), seed=0)) for T in Ts}
            for h in heads}
