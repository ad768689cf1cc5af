"""The training loop shared by the distilled student and its scratch baseline.

It is :func:`models.training.fit_classifier`'s loop (same seeding, AdamW, one-cycle option, data
order and random shifts, consumed from one generator in the same order) with two additions that
distillation needs: the loss sees each batch's *indices*, so precomputed teacher logits can be
looked up, and every epoch ends with train/test accuracy for live curves. With a plain
cross-entropy loss it reproduces ``fit_classifier``'s weights exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from models.data import DigitsSplit
from models.training import TrainConfig, predict, random_shift, seed_everything

# loss(logits, targets, batch_indices, inputs) → scalar; inputs are the (possibly shifted) images
BatchLoss = Callable[[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor], torch.Tensor]


@dataclass(frozen=True)
class EpochStats:
    """One epoch of one run."""

    epoch: int  # 1-based
    # Mean cross-entropy on the true labels over the epoch's batches: the same measure for every
    # run, so distilled and scratch curves can share an axis.
    loss: float
    # Running accuracy over the epoch's batches, as trained on (shifted images, weights moving):
    # what training logs usually show, and free. An extra pass over the training set would cost
    # the ViT about a third of an epoch.
    train_accuracy: float
    test_accuracy: float  # after the epoch, eval mode, on the 450 test digits
    # Mean of what the run minimised (the distillation loss, with its T² factor, is on another
    # scale than cross-entropy: plot it per run, not against the other run).
    objective: float


def _accuracy(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    return float((predict(model, x).argmax(1) == y).float().mean())


def train_epochs(
    model: nn.Module,
    data: DigitsSplit,
    config: TrainConfig,
    loss_fn: BatchLoss,
    on_epoch: Callable[[EpochStats], None] | None = None,
) -> nn.Module:
    """Train ``model`` in place on ``data``'s training digits; returns it in eval mode.

    Two calls with the same ``config.seed`` see the same batches in the same order with the same
    shifts, so runs that differ only in ``loss_fn`` are a controlled comparison.
    """
    x, y = data.x_train, data.y_train
    seed_everything(config.seed)
    generator = torch.Generator().manual_seed(config.seed)
    optimiser = torch.optim.AdamW(
        model.parameters(), lr=config.lr, weight_decay=config.weight_decay
    )
    steps_per_epoch = -(-len(x) // config.batch_size)
    scheduler = (
        torch.optim.lr_scheduler.OneCycleLR(
            optimiser, max_lr=config.lr, total_steps=config.epochs * steps_per_epoch
        )
        if config.one_cycle
        else None
    )
    model.train()
    for epoch in range(config.epochs):
        order = torch.randperm(len(x), generator=generator)
        objective, hard, correct = 0.0, 0.0, 0
        for start in range(0, len(x), config.batch_size):
            idx = order[start : start + config.batch_size]
            inputs = random_shift(x[idx], config.max_shift, generator)
            logits = model(inputs)
            loss = loss_fn(logits, y[idx], idx, inputs)
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            optimiser.step()
            if scheduler is not None:
                scheduler.step()
            logits = logits.detach()
            objective += float(loss.detach()) * len(idx)
            hard += float(F.cross_entropy(logits, y[idx])) * len(idx)
            correct += int((logits.argmax(1) == y[idx]).sum())
        if on_epoch is not None:
            model.eval()
            test_accuracy = _accuracy(model, data.x_test, data.y_test)
            model.train()
            n = len(x)
            on_epoch(EpochStats(epoch + 1, hard / n, correct / n, test_accuracy, objective / n))
    return model.eval()
