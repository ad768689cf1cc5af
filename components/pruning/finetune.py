"""Short fine-tuning after pruning, so that the remaining weights make up for the lost ones."""

from __future__ import annotations

from dataclasses import replace

from torch import nn

from components.progress import ProgressFn
from models.registry import ModelSpec
from models.training import TrainConfig, fit_classifier

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
) -> None:
    """Fine-tune a classifier in place on the training split; reports progress inside ``span``."""
    data = spec.load_data()
    start, end = span

    def on_epoch(done: int, total: int, loss: float) -> None:
        progress(
            start + (end - start) * done / total,
            f"fine-tuning epoch {done}/{total}, loss {loss:.3f}",
        )

    fit_classifier(
        model,
        data.x_train,
        data.y_train,
        replace(FINETUNE_CONFIG, epochs=epochs, seed=seed),
        progress=on_epoch,
    )
