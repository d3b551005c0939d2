"""Head Count: how the number of attention heads decides what a transformer can approximate.

The library behind the teaching notebooks on Yu, Bao, Jiang, Yu and Li, *The Effect of
Attention Head Count on Transformer Approximation* (ICLR 2026, arXiv 2510.06662).

The top level holds what every notebook uses: tasks (eqs. 8-9), the model (eq. 4), the one training
entry point (``train_configs``: configurations in, histories and models out, batched where it can),
the loops below it (``train``, ``train_batched``) and resumable sweeps. Proof constructions, theory formulas, plots, widgets
and the experiment views live in their own modules (``headcount.constructions``, ``.theory``, ...).
"""
__version__ = "0.1.0"

from headcount.env import budget, configure_threads, device_report, is_fast, pick_device  # noqa: E402
from headcount.experiments import claim_checks  # noqa: E402,F401  (registers the claims' named predicates)
from headcount.experiments.committed import results  # noqa: E402
from headcount.model import (  # noqa: E402
    HeadCountTransformer,
    ModelConfig,
    build_model,
    paper_param_count,
    total_param_count,
)
from headcount.tasks import (  # noqa: E402
    RetrievalTask,
    Split,
    make_task,
    max_min_task,
    smooth_task,
    synthetic_task,
)
from headcount.training.batched import train_batched  # noqa: E402
from headcount.training.fit import Trained, train_configs  # noqa: E402
from headcount.training.sweep import load_results, run_sweep, summarize  # noqa: E402
from headcount.training.train import History, TrainConfig, nmse, train  # noqa: E402

__all__ = [
    "History", "HeadCountTransformer", "ModelConfig", "RetrievalTask", "Split", "TrainConfig", "Trained",
    "budget", "build_model", "configure_threads", "device_report", "is_fast", "make_task", "max_min_task",
    "load_results", "nmse", "paper_param_count", "pick_device", "results", "run_sweep", "smooth_task", "summarize",
    "synthetic_task", "total_param_count", "train", "train_batched", "train_configs",
]
