"""Shared test set-up: one torch thread (two OpenMP threads on a shared 2-core machine crawl)."""
import torch

import headcount.env  # noqa: F401, E402 - before any test imports matplotlib: a writable config folder without $HOME

torch.set_num_threads(1)
