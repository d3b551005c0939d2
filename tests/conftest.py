"""Shared test set-up: one torch thread (two OpenMP threads on a shared 2-core machine crawl)."""
import torch

torch.set_num_threads(1)
