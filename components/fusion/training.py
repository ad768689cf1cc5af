"""Retrain one digit-task fusion strategy live, with a chosen number of epochs and hidden size.

The same data, noise, seed handling and optimiser as ``python -m models.fusion_train``, so the
shipped configuration reproduces the shipped accuracy; the weights are never written to disk.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd
from torch import nn

from components.progress import ProgressFn, no_progress
from components.runtime import seeded_global_rng
from models.av_digits import IMAGE_SIGMA, noisy_test_set
from models.fusion import FusionModel
from models.fusion.attention import CrossAttentionFusion
from models.fusion.early import FeatureConcat, RawConcat
from models.fusion.gated import GatedFusion
from models.fusion.tensor import TensorFusion
from models.fusion.unimodal import AudioOnly, ImageOnly
from models.fusion_train import CONFIGS, PackedInput, pack, training_data
from models.training import EpochStats, train_epochs

# The strategies whose head has a ``hidden`` width (the graph model has none; late fusion trains
# nothing of its own), with the width they shipped with.
TRAINABLE: dict[str, tuple[Callable[..., FusionModel], int]] = {
    "image_only": (ImageOnly, 64),
    "audio_only": (AudioOnly, 64),
    "early_raw": (RawConcat, 32),
    "concat": (FeatureConcat, 64),
    "tensor": (TensorFusion, 64),
    "cross_attention": (CrossAttentionFusion, 64),
    "gated": (GatedFusion, 64),
}


@dataclass(frozen=True)
class RetrainSettings:
    """Bounds of the page's training controls."""

    epochs: int = 10  # 25 shipped; 10 already lands within a few points in a few seconds
    EPOCHS_RANGE = (1, 40)
    hidden: int = 64
    HIDDEN_CHOICES = (8, 16, 32, 64, 128)  # powers of two, around the shipped 32/64

    @staticmethod
    def nearest_hidden(hidden: int) -> int:
        """The choice closest to ``hidden`` (a URL may carry any width in range, e.g. 50);
        the smaller one on a tie."""
        return min(RetrainSettings.HIDDEN_CHOICES, key=lambda h: abs(h - hidden))


@dataclass(frozen=True)
class RetrainResult:
    """One finished training run (the model is private to the caller: never shared)."""

    name: str
    epochs: int
    hidden: int
    seed: int
    history: pd.DataFrame  # epoch, loss, train_accuracy, test_accuracy
    test_accuracy: float
    seconds: float
    parameters: int
    model: FusionModel


def shipped_hidden(name: str) -> int:
    return TRAINABLE[name][1]


def parameter_count(model: nn.Module) -> int:
    """Every parameter's elements: what a run's ``parameters`` counts, for the shipped model too."""
    return sum(p.numel() for p in model.parameters())


def retrain(
    name: str,
    epochs: int,
    hidden: int,
    seed: int = 0,
    *,
    progress: ProgressFn = no_progress,
) -> RetrainResult:
    """Train ``name`` from scratch on the digit task; test accuracy after every epoch.

    Raises:
        ValueError: ``name`` is not in :data:`TRAINABLE`, or ``epochs``/``hidden`` < 1.
    """
    if name not in TRAINABLE:
        raise ValueError(f"{name!r} cannot be retrained here; choose one of {', '.join(TRAINABLE)}")
    if epochs < 1 or hidden < 1:
        raise ValueError("epochs and hidden must be at least 1")
    build, _ = TRAINABLE[name]
    config = replace(CONFIGS[name], epochs=int(epochs), seed=int(seed))
    with seeded_global_rng(seed):  # initial weights: see components.runtime
        model = build(10, hidden=int(hidden))
    x, y = training_data("digit")
    image, audio, y_test = noisy_test_set()
    history: list[dict[str, float]] = []

    def on_epoch(stats: EpochStats) -> None:
        history.append(
            {
                "epoch": stats.epoch,
                "loss": stats.loss,
                "train_accuracy": stats.train_accuracy,
                "test_accuracy": stats.test_accuracy,
            }
        )
        progress(stats.epoch / config.epochs, f"epoch {stats.epoch}/{config.epochs}")

    start = time.perf_counter()
    # In eval mode PackedInput adds no noise: the packed test images carry the test noise.
    train_epochs(
        PackedInput(model, IMAGE_SIGMA, seed),
        x,
        y,
        config,
        on_epoch=on_epoch,
        test=(pack(image, audio), y_test),
    )
    seconds = time.perf_counter() - start
    model.eval()
    frame = pd.DataFrame(history)
    return RetrainResult(
        name=name,
        epochs=config.epochs,
        hidden=int(hidden),
        seed=int(seed),
        history=frame,
        test_accuracy=float(frame["test_accuracy"].iloc[-1]),
        seconds=seconds,
        parameters=parameter_count(model),
        model=model,
    )


__all__ = [
    "TRAINABLE",
    "RetrainResult",
    "RetrainSettings",
    "parameter_count",
    "retrain",
    "shipped_hidden",
]
