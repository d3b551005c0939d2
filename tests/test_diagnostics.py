"""The head-collapse diagnostic on models whose answer is known."""
import pytest
import torch

import headcount as hc
from headcount import constructions as C
from headcount.diagnostics import head_feature_attention


def test_construction_has_one_feature_per_head():
    task = hc.smooth_task(16, D=3)
    r = head_feature_attention(C.theorem2_heads(task, 200.0), task, n=200)
    assert r.mass.shape == (3, 3)
    assert r.assignment == (0, 1, 2) and r.one_feature_per_head
    assert float(r.mass.diagonal().min()) > 0.5
    assert "uncovered features: none" in r.summary()


class Fixed(torch.nn.Module):
    """Heads that always attend to the argmin of one chosen feature (or uniformly)."""

    def __init__(self, task, picks):
        super().__init__()
        self.task, self.picks = task, picks

    def attention(self, X):
        _, pos = self.task.retrieve(X)
        rows = []
        for p in self.picks:
            if p is None:
                rows.append(torch.full((X.shape[0], self.task.T), 1 / self.task.T))
            else:
                rows.append(torch.nn.functional.one_hot(pos[:, p], self.task.T).float())
        return torch.stack(rows, 1)


def test_collapse_and_uncovered():
    task = hc.synthetic_task(16, D=4)
    r = head_feature_attention(Fixed(task, [0, 0, 2, None]), task, n=300)
    assert r.assignment == (0, 0, 2, None)
    assert r.uncovered == (1, 3) and r.collapsed == (0,)
    assert not r.one_feature_per_head


def test_trained_max_min_heads_split_the_features():
    hc.configure_threads(1)
    task = hc.max_min_task(8)
    model = hc.build_model(hc.ModelConfig(d=1, T=8, heads=2), seed=0)
    hc.train(model, task.split(1000, 200), hc.TrainConfig(steps=250, batch_size=128, eval_every=250))
    r = head_feature_attention(model, task, n=200)
    assert sorted(a for a in r.assignment if a is not None) == [0, 1]


def test_validation():
    task = hc.max_min_task(8)
    with pytest.raises(ValueError, match="attention"):
        head_feature_attention(torch.nn.Linear(1, 1), task)
    with pytest.raises(ValueError, match="threshold"):
        head_feature_attention(C.theorem2_heads(task, 5.0), task, threshold=2.0)


def test_assumption2_report_on_known_tasks():
    from headcount.diagnostics import assumption2_report
    from headcount.tasks import degenerate_task

    assert assumption2_report(hc.smooth_task(8)).holds
    assert assumption2_report(hc.smooth_task(8, D=2, d=1)).holds
    r = assumption2_report(degenerate_task("constant_feature", 8))
    assert r.unique_min == (True, False)
    assert not assumption2_report(degenerate_task("duplicate_features", 8)).distinct
    assert not assumption2_report(degenerate_task("flat_outer", 8)).gradient_nonzero
    assert not any(assumption2_report(hc.max_min_task(8)).hessian_pd)       # minimum on the boundary
    with pytest.raises(ValueError, match="kind must be one of"):
        degenerate_task("other", 8)
    with pytest.raises(ValueError, match="task.d must be 1 or 2"):
        assumption2_report(hc.synthetic_task(8))
