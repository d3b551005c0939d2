"""The live real-data slice of notebook 06 (paper section 6.2): retrain a few head counts in seconds.

:class:`LiveSlice` is the controller (tests call it directly); :func:`headcount.ui.live_panels.live_panel` its view.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from headcount._checks import check_choice, check_int
from headcount.env import pick_device
from headcount.experiments.realdata import resolve, run_config

__all__ = ["LiveSlice"]


@dataclass
class LiveSlice:
    """Retrain a small slice (several ``h`` at one ``D``) of an experiment; the panel's controller.

    ``run()`` trains each head count in turn in this thread and fills ``results`` with
    ``{h: train_acc}``; ``configure`` validates changes and keeps the old settings on bad input.
    """

    experiment: str = "marked"
    D: int = 2
    heads: tuple[int, ...] = (1, 2, 4)
    steps: int = 300
    seed: int = 0
    device: str = "auto"
    status: str = "ready"
    ok: bool = True

    def __post_init__(self) -> None:
        self.results: dict[int, dict[str, float]] = {}

    def configure(self, **changes: Any) -> bool:
        """Apply ``changes`` (experiment, D, heads, steps, seed, device) or set ``status`` and return False."""
        try:
            exp = check_choice("experiment", changes.get("experiment", self.experiment), ("marked", "text"))
            D = check_int("D", changes.get("D", self.D), 1, 6)
            heads = tuple(check_int("heads", h, 1, 16) for h in changes.get("heads", self.heads))
            steps = check_int("steps", changes.get("steps", self.steps), 10, 20000)
            seed = check_int("seed", changes.get("seed", self.seed), 0)
            device = changes.get("device", self.device)
            pick_device(device)
        except ValueError as err:
            self.ok, self.status = False, f"not applied: {err}"
            return False
        self.experiment, self.D, self.heads, self.steps, self.seed, self.device = exp, D, heads, steps, seed, device
        self.ok, self.status = True, "ready"
        return True

    def configs(self) -> list[dict[str, Any]]:
        extra = {"T": 8} if self.experiment == "text" else {}
        return [resolve(self.experiment, {"D": self.D, "heads": h, "steps": self.steps, "seed": self.seed,
                                           "n_eval": 500, **extra}) for h in self.heads]

    def run(self, on_update: Callable[[LiveSlice], object] | None = None) -> dict[int, dict[str, float]]:
        """Train every head count; returns ``{h: {'train_acc', 'val_acc', 'wall_time'}}``."""
        self.results = {}
        for c in self.configs():
            self.status = f"training h={c['heads']} ({self.experiment}, D={self.D}, {self.steps} steps) ..."
            if on_update is not None:
                on_update(self)
            try:
                r = run_config(c, self.device)
            except Exception as err:  # noqa: BLE001 - shown in the panel, never a dead kernel
                self.ok, self.status = False, f"training failed: {type(err).__name__}: {err}"
                return self.results
            self.results[c["heads"]] = {k: r[k] for k in ("train_acc", "val_acc", "wall_time")}
        total = sum(r["wall_time"] for r in self.results.values())
        self.ok, self.status = True, f"done in {total:.1f} s: " + ", ".join(
            f"h={h}: {r['train_acc']:.3f}" for h, r in self.results.items())
        if on_update is not None:
            on_update(self)
        return self.results

    def figure(self):  # noqa: ANN201 - matplotlib Figure
        from matplotlib.figure import Figure

        fig = Figure(figsize=(5.5, 3.2))
        ax = fig.subplots()
        if self.results:
            hs = list(self.results)
            ax.plot(hs, [self.results[h]["train_acc"] for h in hs], "o-", label="train")
            ax.plot(hs, [self.results[h]["val_acc"] for h in hs], "s--", label="validation")
            ax.legend()
        ax.axvline(self.D, color="grey", ls=":", label="h = D")
        ax.set(xlabel="heads h", ylabel="accuracy", title=f"{self.experiment}: D = {self.D}, {self.steps} steps")
        fig.tight_layout()
        return fig
