"""The training loops: :func:`train` (one model, NMSE, section 6.1) and :func:`train_classifier`
(cross-entropy on ``D`` outputs, the real-data stand-ins of section 6.2); seeding, schedules, callbacks.

NMSE = MSE / Var(y) = 1 - R^2 (paper section 6.1): the max of T Gaussians concentrates as T
grows, so raw MSE would flatter trivial predictors at long T. Both loops call their callbacks with
``{'step', 'loss'}`` every step; one returning ``True`` stops. Configurations of the synthetic
experiment train through :func:`headcount.training.fit.train_configs`, which picks this loop or the
batched one.
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

import torch
from torch import nn

from headcount._checks import check_choice, check_finite, check_int, check_positive
from headcount.env import as_device, device_name, seed_offset, versions
from headcount.tasks import Split

OPTIMIZERS = ("adam", "adamw", "sgd")
#: The softmax scale ``beta`` (eq. 5) of the recipe: a ``ModelConfig`` setting, used by the sweeps
#: and tables (``ModelConfig``'s own default stays ``1/sqrt(n)``). See :class:`TrainConfig`.
RECIPE_BETA = 1.0
SCHEDULES = ("constant", "cosine", "warmup_cosine")


def nmse(pred: torch.Tensor, y: torch.Tensor) -> float:
    """Normalized mean squared error ``MSE / Var(y)`` (population variance of ``y``)."""
    if pred.shape != y.shape:
        raise ValueError(f"pred and y must have the same shape, got {tuple(pred.shape)} and {tuple(y.shape)}")
    var = y.double().var(unbiased=False)
    if var == 0:
        raise ValueError("y has zero variance, so NMSE is undefined")
    return float(((pred.double() - y.double()) ** 2).mean() / var)


@dataclass(frozen=True)
class TrainConfig:
    """How to train. The defaults are the library's recipe (the paper gives none; NOTES section 7).

    AdamW (no weight decay), peak learning rate 1e-2, 100 warmup steps then cosine decay to 0,
    batch 128, 2000 steps, gradient-norm clip 1; with the softmax scale ``beta = 1``
    (:data:`RECIPE_BETA`, a model setting) and the default initialization of
    :class:`headcount.model.HeadCountTransformer`. Found by a small search on the synthetic task
    (D = d = 4, N = 32, n = 8, 8000/2000 examples, seeds 0-2; validation NMSE of h = 4 at T = 32):
    the old defaults (lr 3e-3, batch 256, 1000 steps, beta = 1/sqrt(8)) gave 6.5e-2 / 7e-3 / 2.3e-2
    (a seed lottery); lr 1e-2 gave 1.4e-2 / 2.0e-3 / 4.6e-2; lr 1e-2 with beta = 1 gave 2.2e-3 /
    2.3e-3 / 3.0e-3 (every seed escapes the plateau), the same at batch 128 (half the cost);
    beta = 3 brought the lottery back (3.2e-2 / 1.6e-3 / 1.2e-3); lr 2e-2 or beta = 2 changed little.
    2000 steps at batch 128 then gave 7.6e-4 / 5.3e-4 / 5.4e-4, with h = 3 stuck near 6e-2.
    ``data/results/README.md`` has the full-scale outcome.
    """

    steps: int = 2000
    batch_size: int = 128
    lr: float = 1e-2
    optimizer: str = "adamw"
    weight_decay: float = 0.0
    schedule: str = "warmup_cosine"
    warmup: int = 100
    grad_clip: float | None = 1.0
    eval_every: int = 100
    seed: int = 0

    def __post_init__(self) -> None:
        """Validate once and store plain ``int``/``float`` values (NumPy and torch numbers are accepted)."""
        ints = {"steps": 1, "batch_size": 1, "warmup": 0, "eval_every": 1, "seed": 0}
        for name, minimum in ints.items():
            object.__setattr__(self, name, check_int(name, getattr(self, name), minimum))
        object.__setattr__(self, "lr", check_positive("lr", self.lr))
        object.__setattr__(self, "weight_decay", check_positive("weight_decay", self.weight_decay, allow_zero=True))
        if self.grad_clip is not None:
            object.__setattr__(self, "grad_clip", check_positive("grad_clip", self.grad_clip))
        check_choice("optimizer", self.optimizer, OPTIMIZERS)
        check_choice("schedule", self.schedule, SCHEDULES)

    def as_dict(self) -> dict:
        """The configuration as plain JSON-ready values."""
        return asdict(self)


def lr_factor(config: TrainConfig, step: int) -> float:
    """Multiplier of the base learning rate at ``step`` (0-based) under ``config.schedule``."""
    if config.schedule == "constant":
        return 1.0
    warmup = config.warmup if config.schedule == "warmup_cosine" else 0
    if step < warmup:
        return (step + 1) / warmup
    progress = (step - warmup) / max(1, config.steps - warmup)
    return 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))


def make_optimizer(params: Iterable[nn.Parameter], config: TrainConfig) -> torch.optim.Optimizer:
    """The optimizer named by ``config.optimizer``."""
    params = list(params)
    if config.optimizer == "sgd":
        return torch.optim.SGD(params, lr=config.lr, momentum=0.9, weight_decay=config.weight_decay)
    cls = torch.optim.AdamW if config.optimizer == "adamw" else torch.optim.Adam
    return cls(params, lr=config.lr, weight_decay=config.weight_decay)


@dataclass
class History:
    """What a run did: per-step train loss (NMSE on the batch), validation NMSE at intervals, provenance."""

    train_loss: list[float] = field(default_factory=list)
    eval_steps: list[int] = field(default_factory=list)
    val_nmse: list[float] = field(default_factory=list)
    train_nmse: float = math.nan
    wall_time: float = 0.0
    device: str = "cpu"
    seed: int = 0
    interrupted: bool = False
    config: dict = field(default_factory=dict)
    versions: dict = field(default_factory=dict)

    @property
    def final_val_nmse(self) -> float:
        """Validation NMSE at the end of training."""
        return self.val_nmse[-1] if self.val_nmse else math.nan

    def as_dict(self) -> dict:
        """Plain JSON-ready values."""
        return asdict(self)


Callback = Callable[[dict], object]


def check_split(split: Split) -> float:
    """Check a split before the first training step and return ``Var(y_train)`` (the NMSE denominator).

    ``X_train``/``X_val`` must be ``(n, T, d)`` with the same ``(T, d)``, ``y_train``/``y_val`` of shape
    ``(n,)`` (a ``(n, 1)`` target would broadcast against the ``(n,)`` predictions), at least one
    example in each part, every value finite, and ``y_train`` not constant. Raises ``ValueError``
    naming the field.
    """
    if not isinstance(split, Split):
        raise ValueError(f"split must be a headcount.tasks.Split, got {type(split).__name__}")
    for part in ("train", "val"):
        X, y = getattr(split, f"X_{part}"), getattr(split, f"y_{part}")
        if X.dim() != 3:
            raise ValueError(f"split.X_{part} must have shape (n, T, d), got {tuple(X.shape)}")
        if y.dim() != 1 or len(y) != len(X):
            raise ValueError(f"split.y_{part} must have shape (n,) = ({len(X)},) to match split.X_{part}, "
                             f"got {tuple(y.shape)}")
        if len(y) == 0:
            raise ValueError(f"split.X_{part} is empty: the {'validation' if part == 'val' else 'training'} set "
                             "needs at least one example")
        check_finite(f"split.X_{part}", X)
        check_finite(f"split.y_{part}", y)
    if split.X_train.shape[1:] != split.X_val.shape[1:]:
        raise ValueError(f"split.X_train and split.X_val must share (T, d), got {tuple(split.X_train.shape[1:])} "
                         f"and {tuple(split.X_val.shape[1:])}")
    var = float(split.y_train.var(unbiased=False))
    if not var > 0:
        raise ValueError("split.y_train has zero variance; NMSE training is undefined")
    return var


@torch.no_grad()
def predict(model: nn.Module, X: torch.Tensor, batch_size: int = 2000) -> torch.Tensor:
    """Model predictions on ``X`` in evaluation batches, on ``X``'s device."""
    was_training = model.training
    model.eval()
    out = torch.cat([model(X[i:i + batch_size]) for i in range(0, len(X), batch_size)])
    model.train(was_training)
    return out


def train(model: nn.Module, split: Split, config: TrainConfig = TrainConfig(),
          device: str | torch.device | None = None, callbacks: Iterable[Callback] = (),
          progress: bool = False) -> History:
    """Train ``model`` on ``split`` with the NMSE loss and return its :class:`History`.

    The last layer's bias starts at the training mean of ``y``. Batches are drawn from a
    generator seeded with ``config.seed`` (so the same seed on the same CPU gives the same
    numbers). Each callback gets ``{'step', 'loss'}`` every step and also ``'val_nmse'`` at
    evaluation steps; a callback that returns ``True`` stops training early, as does Ctrl-C
    (the history then says ``interrupted=True``).
    """
    dev = as_device(device)
    var_train = check_split(split)
    model.to(dev)
    data = split.to(dev)
    _init_output_bias(model, float(data.y_train.mean()))
    optimizer = make_optimizer(model.parameters(), config)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: lr_factor(config, s))
    generator = torch.Generator().manual_seed(config.seed + seed_offset())
    n = len(data.y_train)
    history = History(device=device_name(dev), seed=config.seed, config=config.as_dict(), versions=versions())
    bar = _progress_bar(config.steps, progress)
    start = time.perf_counter()
    try:
        for step in range(config.steps):
            idx = torch.randint(n, (config.batch_size,), generator=generator).to(dev)
            loss = ((model(data.X_train[idx]) - data.y_train[idx]) ** 2).mean() / var_train
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            if config.grad_clip is not None:
                nn.utils.clip_grad_norm_(model.parameters(), config.grad_clip)
            optimizer.step()
            scheduler.step()
            event = {"step": step + 1, "loss": float(loss.detach())}
            history.train_loss.append(event["loss"])
            if (step + 1) % config.eval_every == 0 or step + 1 == config.steps:
                event["val_nmse"] = nmse(predict(model, data.X_val), data.y_val)
                history.eval_steps.append(step + 1)
                history.val_nmse.append(event["val_nmse"])
                if bar is not None:
                    bar.set_postfix(val_nmse=f"{event['val_nmse']:.2e}")
            if bar is not None:
                bar.update(1)
            if any(cb(event) is True for cb in callbacks):
                history.interrupted = step + 1 < config.steps
                break
    except KeyboardInterrupt:
        history.interrupted = True
    finally:
        if bar is not None:
            bar.close()
    if not history.eval_steps or history.eval_steps[-1] != len(history.train_loss):
        history.eval_steps.append(len(history.train_loss))
        history.val_nmse.append(nmse(predict(model, data.X_val), data.y_val))
    history.train_nmse = nmse(predict(model, data.X_train), data.y_train)
    history.wall_time = time.perf_counter() - start
    return history


def train_classifier(model: nn.Module, sample: Callable[[int, torch.Generator], tuple[torch.Tensor, torch.Tensor]],
                     n_classes: int, steps: int, batch_size: int = 128, lr: float = 3e-3, seed: int = 0,
                     callbacks: Iterable[Callback] = ()) -> list[float]:
    """AdamW (weight decay 1e-4) with warm-up and cosine decay on the cross-entropy of ``D`` outputs
    (section 6.2's stand-ins); ``sample(n, generator)`` draws a batch on the CPU; returns the losses.

    Batches come from a generator seeded with ``seed`` plus ``HEADCOUNT_SEED_OFFSET``, as in :func:`train`.
    Callbacks get ``{'step', 'loss'}`` every step; one returning ``True`` stops (a panel's Stop button).
    Raises ``FloatingPointError`` when the loss blows up.
    """
    steps, batch_size = check_int("steps", steps), check_int("batch_size", batch_size)
    lr = check_positive("lr", lr)
    callbacks = list(callbacks)
    device = next(model.parameters()).device
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=1e-4)
    warm = max(1, steps // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warm) * 0.5 * (1 + math.cos(math.pi * min(s, steps) / steps)))
    gen = torch.Generator().manual_seed(seed + seed_offset())
    losses: list[float] = []
    model.train()
    for step in range(steps):
        X, y = sample(batch_size, gen)
        X, y = X.to(device), y.to(device)
        logits = model(X).reshape(-1, y.shape[1], n_classes)
        loss = nn.functional.cross_entropy(logits.reshape(-1, n_classes), y.reshape(-1))
        if not torch.isfinite(loss):
            raise FloatingPointError(f"the loss became {float(loss.detach())} at step {step}; lower lr (now {lr})")
        opt.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        losses.append(float(loss.detach()))
        if any(cb({"step": step + 1, "loss": losses[-1]}) is True for cb in callbacks):
            break
    return losses


def _init_output_bias(model: nn.Module, mean: float) -> None:
    ffn = getattr(model, "ffn", None)
    last = ffn[-1] if isinstance(ffn, nn.Sequential) else None
    if isinstance(last, nn.Linear) and last.bias is not None:
        with torch.no_grad():
            last.bias.fill_(mean)


def _progress_bar(total: int, enabled: bool):  # noqa: ANN202 - tqdm's type is optional
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="training", unit="step", leave=False)
