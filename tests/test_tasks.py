"""The D-retrieval tasks against a brute-force reading of their definitions (eqs. 7-9)."""
import math

import pytest
import torch

import headcount as hc
from headcount.tasks import RetrievalTask, synthetic_directions


def brute_force_target(task: RetrievalTask, X: torch.Tensor) -> torch.Tensor:
    """eq. (8)-(9) evaluated with explicit loops over sequences, features and positions."""
    out = []
    for x in X.double():
        z = []
        for i in range(task.D):
            values = [float(task.features(x[t:t + 1].unsqueeze(0))[0, 0, i]) for t in range(task.T)
                      if bool(task.subsets[i, t])]
            z.append(min(values))
        out.append(float(task.outer(torch.tensor([z], dtype=torch.float64))[0]))
    return torch.tensor(out, dtype=torch.float64)


@pytest.mark.parametrize("family", hc.tasks.FAMILIES)
def test_target_matches_brute_force(family):
    task = hc.make_task(family, T=9)
    X, y = task.sample(6, 3)
    assert torch.allclose(y.double(), brute_force_target(task, X), atol=1e-5)


def test_synthetic_is_sum_of_maxima():
    task = hc.synthetic_task(T=11, D=3, d=5, task_seed=2)
    X, y = task.sample(4, 0)
    a = synthetic_directions(3, 5, 2)
    expected = sum(max(float(a[i] @ X[b, t]) for t in range(11)) for i in range(3) for b in [0])
    assert y[0].item() == pytest.approx(expected, abs=1e-5)
    assert torch.allclose(a.norm(dim=1), torch.ones(3))


def test_max_min_is_max_plus_min():
    X, y = hc.max_min_task(T=7).sample(5, 1)
    assert torch.allclose(y, X[..., 0].max(1).values + X[..., 0].min(1).values)


def test_retrieve_positions_attain_the_minimum():
    task = hc.smooth_task(T=12, D=3, d=2)
    X, _ = task.sample(5, 0)
    z, pos = task.retrieve(X)
    values = task.feature_values(X)
    for b in range(5):
        for i in range(3):
            assert bool(task.subsets[i, pos[b, i]])
            assert values[b, pos[b, i], i] == z[b, i]


def test_smooth_task_meets_assumption_2():
    task = hc.smooth_task(T=16, D=4, d=2)
    centres = hc.tasks.bump_centres(4, 2)
    f_at_centres = task.features(centres.unsqueeze(0))[0]          # (D, D): f_i at x^(j)
    assert torch.allclose(f_at_centres.diagonal(), torch.zeros(4), atol=1e-6)   # minimum 0 at x^(i)
    off = f_at_centres + torch.eye(4)
    assert (off > 0).all()                                          # unique: positive elsewhere
    assert torch.cdist(centres, centres).add(torch.eye(4)).min() > 0  # distinct minimizers
    assert task.meets_assumption2 and (task.subsets.sum(1) * 4 >= 16).all()


def test_same_seed_same_data_and_splits_do_not_overlap():
    task = hc.synthetic_task(T=8)
    a, b = task.split(50, 20, seed=4), task.split(50, 20, seed=4)
    assert torch.equal(a.X_train, b.X_train) and torch.equal(a.y_val, b.y_val)
    c = task.split(50, 20, seed=5)
    assert not torch.equal(a.X_train, c.X_train)
    flat_train = {tuple(x.flatten().tolist()) for x in a.X_train}
    assert not any(tuple(x.flatten().tolist()) in flat_train for x in a.X_val)
    assert a.X_train.shape == (50, 8, 4) and a.X_val.shape == (20, 8, 4)


@pytest.mark.parametrize("call, name", [
    (lambda: hc.synthetic_task(T=0), "T"),
    (lambda: hc.synthetic_task(T=8, D=0), "D"),
    (lambda: hc.max_min_task(T=8, D=3), "D"),
    (lambda: hc.smooth_task(T=8, D=17), "D"),
    (lambda: hc.smooth_task(T=8, subset_fraction=0.2), "subset_fraction"),
    (lambda: hc.make_task("nope", T=8), "family"),
    (lambda: hc.synthetic_task(T=8).sample(0), "n"),
    (lambda: hc.synthetic_task(T=8).split(seed=-1), "seed"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_subsets_below_quarter_of_T_are_rejected():
    task = hc.max_min_task(T=8)
    small = torch.zeros(2, 8, dtype=torch.bool)
    small[:, :1] = True
    with pytest.raises(ValueError, match="T/4"):
        RetrievalTask("bad", 1, 8, 2, task.features, small, task.outer, task.inputs)


def test_non_finite_and_misshaped_inputs_are_rejected():
    task = hc.max_min_task(T=4)
    X = torch.rand(2, 4, 1)
    X[0, 0, 0] = math.nan
    with pytest.raises(ValueError, match="finite"):
        task.target(X)
    with pytest.raises(ValueError, match="shape"):
        task.target(torch.rand(2, 5, 1))
