"""Accuracy of every fusion strategy on one (possibly corrupted) test set, and over noise levels."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pandas as pd
import torch
from torch import nn

from components.progress import ProgressFn, no_progress

# (image, audio, labels) of one test condition
TestSet = tuple[torch.Tensor, torch.Tensor, torch.Tensor]


@torch.inference_mode()
def predictions(model: nn.Module, image: torch.Tensor, audio: torch.Tensor) -> torch.Tensor:
    """Class probabilities of ``model`` on a batch, shape (N, classes)."""
    return model(image, audio).softmax(dim=-1)


@torch.inference_mode()
def accuracy_table(models: Mapping[str, nn.Module], test: TestSet) -> dict[str, float]:
    """Test accuracy of each model on the same inputs (one forward pass each, whole split)."""
    image, audio, labels = test
    return {
        name: float((model(image, audio).argmax(dim=-1) == labels).float().mean())
        for name, model in models.items()
    }


def noise_curves(
    models: Mapping[str, nn.Module],
    make_test: Callable[[float], TestSet],
    levels: Sequence[float],
    *,
    progress: ProgressFn = no_progress,
) -> pd.DataFrame:
    """Accuracy of every model at each noise level; ``make_test(level)`` builds the test set.

    Returns a long table with columns ``strategy``, ``level``, ``accuracy``.
    """
    rows = []
    for i, level in enumerate(levels):
        progress(i / len(levels), f"noise {level:g}")
        for name, accuracy in accuracy_table(models, make_test(float(level))).items():
            rows.append({"strategy": name, "level": float(level), "accuracy": accuracy})
    progress(1.0, "done")
    return pd.DataFrame(rows, columns=["strategy", "level", "accuracy"])


DROP_CONDITIONS = ("none", "image", "audio")  # "none": both modalities present


def drop_table(
    models: Mapping[str, nn.Module], make_test: Callable[[str | None], TestSet]
) -> pd.DataFrame:
    """Accuracy of every model with both modalities, without the image and without the audio;
    ``make_test(drop)`` builds the test set (``drop`` None, "image" or "audio").

    Returns a long table with columns ``strategy``, ``drop``, ``accuracy``.
    """
    rows = []
    for drop in DROP_CONDITIONS:
        test = make_test(None if drop == "none" else drop)
        for name, accuracy in accuracy_table(models, test).items():
            rows.append({"strategy": name, "drop": drop, "accuracy": accuracy})
    return pd.DataFrame(rows, columns=["strategy", "drop", "accuracy"])


def noise_levels(low: float, high: float, current: float, n: int = 7) -> tuple[float, ...]:
    """``n`` evenly spaced levels from ``low`` to ``high`` plus ``current``, sorted, rounded."""
    levels = {round(low + (high - low) * i / (n - 1), 3) for i in range(n)}
    return tuple(sorted(levels | {round(float(current), 3)}))
