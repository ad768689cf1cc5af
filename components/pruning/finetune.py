"""Short fine-tuning after pruning, so that the remaining weights make up for the lost ones."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from torch import nn

from components.progress import ProgressFn
from models.registry import ModelSpec
from models.training import TrainConfig, TrainState, fit_classifier

# Gentler than training from scratch (lr 2e-3): the weights are already good, a large step would
# undo more than it repairs. No augmentation or schedule: 1–5 epochs are a touch-up, not training.
FINETUNE_CONFIG = TrainConfig(epochs=1, batch_size=64, lr=1e-3, weight_decay=1e-4)


def finetune(
    model: nn.Module,
    spec: ModelSpec,
    epochs: int,
    seed: int,
    progress: ProgressFn,
    span: tuple[float, float] = (0.0, 1.0),
    after_epoch: Callable[[int], None] | None = None,
    resume: TrainState | None = None,
    on_state: Callable[[TrainState], None] | None = None,
) -> None:
    """Fine-tune a classifier in place on the training split; reports progress inside ``span``
    after every step (so that a run nobody wants any more stops at once, not at an epoch's end).

    ``after_epoch(done)`` is called after each epoch but the last. The model then *is* the
    model fine-tuned for ``done`` epochs: with no schedule and one seeded generator, the first
    epochs of a longer run are the shorter run, step for step. For the same reason a run can
    stop and go on: ``on_state`` receives the training's state after every epoch, and given one
    as ``resume`` (``model`` as it was then) only the epochs after it are trained.
    """
    data = spec.load_data()
    start, end = span
    message = f"fine-tuning epoch {resume.epochs + 1 if resume else 1}/{epochs}"

    def on_step(done: int, total: int) -> None:
        progress(start + (end - start) * done / total, message)

    def on_epoch(done: int, total: int, loss: float) -> None:
        nonlocal message
        message = (
            f"fine-tuning epoch {min(done + 1, total)}/{total} (epoch {done}: loss {loss:.3f})"
        )
        if after_epoch is not None and done < total:
            after_epoch(done)

    fit_classifier(
        model,
        data.x_train,
        data.y_train,
        replace(FINETUNE_CONFIG, epochs=epochs, seed=seed),
        progress=on_epoch,
        on_step=on_step,
        resume=resume,
        on_state=on_state,
    )
