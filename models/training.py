"""A small, reproducible classifier training loop shared by the retrain script and the pages
(fine-tuning after pruning, distillation)."""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from models.rng import LentGenerator

# progress(epoch_done, epochs_total, last_loss)
ProgressFn = Callable[[int, int, float], None]


@dataclass(frozen=True)
class TrainConfig:
    """Hyper-parameters of one training run."""

    epochs: int = 30
    batch_size: int = 64
    lr: float = 2e-3
    weight_decay: float = 1e-4
    max_shift: int = 0  # random ±pixel shifts: the ViT has no conv prior and overfits without them
    one_cycle: bool = False  # one-cycle LR schedule: transformers train faster and steadier with it
    label_smoothing: float = 0.0
    seed: int = 0


def seed_everything(seed: int) -> None:
    """Seed Python, NumPy and torch so that a run can be repeated exactly on the same machine."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def random_shift(x: torch.Tensor, max_shift: int, generator: torch.Generator) -> torch.Tensor:
    """Shift every image by its own random offset in [-max_shift, max_shift] pixels (zero fill)."""
    if max_shift <= 0:
        return x
    pad = F.pad(x, (max_shift,) * 4, value=float(x.min()))
    h, w = x.shape[-2:]
    offsets = torch.randint(0, 2 * max_shift + 1, (x.shape[0], 2), generator=generator)
    return torch.stack(
        [pad[i, :, dy : dy + h, dx : dx + w] for i, (dy, dx) in enumerate(offsets.tolist())]
    )


# loss(logits, targets, batch_indices, inputs) → scalar. The indices let a loss look up per-sample
# data computed once (a teacher's logits); inputs are the images as trained on (after shifts).
BatchLoss = Callable[[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor], torch.Tensor]


@dataclass(frozen=True)
class EpochStats:
    """One finished epoch."""

    epoch: int  # 1-based
    # Mean cross-entropy on the true labels over the epoch's batches: the same measure for every
    # loss, so runs with different objectives can share an axis.
    loss: float
    # Running accuracy over the epoch's batches, as trained on (shifted images, weights moving):
    # what training logs usually show, and free.
    train_accuracy: float
    test_accuracy: float | None  # after the epoch, in eval mode, when test data is given
    objective: float  # mean of what was minimised (a distillation loss is on another scale)
    # Mean learning rate over the epoch's steps: what a checkpoint's TracIn influence is weighted
    # by (``models.train`` records it; a one-cycle schedule ends near zero, its mean does not).
    lr: float = float("nan")


@dataclass(frozen=True)
class TrainState:
    """Where a run without a schedule stands after ``epochs`` epochs, apart from the weights
    (the model's own): the optimiser's moments and both random streams. A run started from it
    goes on exactly as the run that stopped there would have (see :func:`train_epochs`)."""

    epochs: int
    optimiser: dict
    generator: torch.Tensor  # shuffles and shifts
    dropout: torch.Tensor  # the LentGenerator's stream


def train_epochs(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    config: TrainConfig,
    loss_fn: BatchLoss | None = None,
    on_epoch: Callable[[EpochStats], None] | None = None,
    test: tuple[torch.Tensor, torch.Tensor] | None = None,
    on_step: Callable[[int, int], None] | None = None,
    resume: TrainState | None = None,
    on_state: Callable[[TrainState], None] | None = None,
) -> nn.Module:
    """Train ``model`` in place with AdamW on (x, y); returns it in eval mode.

    ``on_step(steps_done, steps_total)`` is called after every optimiser step: a caller that
    may stop the run (a student who moved on) need not wait for the end of an epoch.

    Two calls with the same ``config.seed`` see the same batches in the same order with the same
    shifts, so runs that differ only in ``loss_fn`` (default: cross-entropy with the config's
    label smoothing) are a controlled comparison.

    Shuffles and shifts come from a generator of the run's own, and dropout draws from a
    :class:`~models.rng.LentGenerator` seeded with ``config.seed``: the same numbers as a global
    ``torch.manual_seed(config.seed)`` at the start, without touching the global generator that
    the server's sessions share. Initial weights are the caller's: seed before building.

    ``on_state`` receives a :class:`TrainState` (private copies) after every epoch. Given one
    as ``resume``, with ``model`` holding the weights it had then (same parameter order), the
    run trains only epochs ``resume.epochs + 1 … config.epochs``: the same steps, bit for bit,
    as one run of ``config.epochs``. A one-cycle schedule depends on the run's length, so such
    a run cannot be resumed.
    """
    generator = torch.Generator().manual_seed(config.seed)
    dropout_stream = LentGenerator(config.seed)
    optimiser = torch.optim.AdamW(
        model.parameters(), lr=config.lr, weight_decay=config.weight_decay
    )
    first_epoch = 0
    if resume is not None:
        if config.one_cycle:
            raise ValueError("a one-cycle schedule depends on the run's length: cannot resume")
        # load_state_dict keeps the tensors it is given, and the steps update them in place
        optimiser.load_state_dict(copy.deepcopy(resume.optimiser))
        generator.set_state(resume.generator)
        dropout_stream.state = resume.dropout
        first_epoch = resume.epochs
    steps_per_epoch = -(-len(x) // config.batch_size)
    scheduler = (
        torch.optim.lr_scheduler.OneCycleLR(
            optimiser, max_lr=config.lr, total_steps=config.epochs * steps_per_epoch
        )
        if config.one_cycle
        else None
    )
    model.train()
    for epoch in range(first_epoch, config.epochs):
        order = torch.randperm(len(x), generator=generator)
        objective, hard, correct, lr_sum = 0.0, 0.0, 0, 0.0
        for start in range(0, len(x), config.batch_size):
            idx = order[start : start + config.batch_size]
            inputs = random_shift(x[idx], config.max_shift, generator)
            with dropout_stream:
                logits = model(inputs)
            if loss_fn is None:
                loss = F.cross_entropy(logits, y[idx], label_smoothing=config.label_smoothing)
            else:
                loss = loss_fn(logits, y[idx], idx, inputs)
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            lr_sum += optimiser.param_groups[0]["lr"]
            optimiser.step()
            if scheduler is not None:
                scheduler.step()
            if on_step is not None:
                on_step(
                    epoch * steps_per_epoch + start // config.batch_size + 1,
                    config.epochs * steps_per_epoch,
                )
            if on_epoch is not None:
                logits = logits.detach()
                objective += float(loss.detach()) * len(idx)
                hard += float(F.cross_entropy(logits, y[idx])) * len(idx)
                correct += int((logits.argmax(1) == y[idx]).sum())
        if on_epoch is not None:
            test_accuracy = None
            if test is not None:
                model.eval()
                test_accuracy = accuracy(model, *test)
                model.train()
            n = len(x)
            stats = EpochStats(
                epoch + 1,
                hard / n,
                correct / n,
                test_accuracy,
                objective / n,
                lr_sum / steps_per_epoch,
            )
            on_epoch(stats)
        if on_state is not None:
            on_state(
                TrainState(
                    epoch + 1,
                    copy.deepcopy(optimiser.state_dict()),
                    generator.get_state(),
                    dropout_stream.state,
                )
            )
    return model.eval()


def fit_classifier(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    config: TrainConfig,
    progress: ProgressFn | None = None,
    loss_fn: BatchLoss | None = None,
    on_step: Callable[[int, int], None] | None = None,
    resume: TrainState | None = None,
    on_state: Callable[[TrainState], None] | None = None,
) -> nn.Module:
    """:func:`train_epochs` reporting ``progress(epoch_done, epochs_total, mean_objective)``
    (and ``on_step`` after every optimiser step); ``resume`` and ``on_state`` as there."""

    def report(stats: EpochStats) -> None:
        progress(stats.epoch, config.epochs, stats.objective)

    return train_epochs(
        model,
        x,
        y,
        config,
        loss_fn,
        on_epoch=report if progress else None,
        on_step=on_step,
        resume=resume,
        on_state=on_state,
    )


@torch.inference_mode()
def predict(model: nn.Module, x: torch.Tensor, batch_size: int = 512) -> torch.Tensor:
    """Logits for ``x`` computed in batches, shape (N, classes)."""
    return torch.cat([model(x[i : i + batch_size]) for i in range(0, len(x), batch_size)])


def accuracy(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    """Fraction of ``x`` whose arg-max prediction equals ``y``."""
    return float((predict(model, x).argmax(1) == y).float().mean())
