"""Per-class damage: each class's accuracy (recall) and confusion matrix, original vs variant."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch


def confusion_matrix(labels: torch.Tensor, predicted: torch.Tensor, classes: int) -> np.ndarray:
    """Counts (classes × classes): row = true class, column = predicted class."""
    flat = labels.long() * classes + predicted.long()
    return torch.bincount(flat, minlength=classes * classes).reshape(classes, classes).numpy()


def recall(confusion: np.ndarray) -> np.ndarray:
    """Per-class accuracy: the share of each true class predicted right (NaN for a class
    without test examples)."""
    counts = confusion.sum(1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, np.diag(confusion) / counts, np.nan)


@dataclass(frozen=True, eq=False)  # holds tensors or arrays
class ClassDamage:
    """What a variant lost, class by class, on the same labelled test examples."""

    class_names: tuple[str, ...]
    counts: np.ndarray  # test examples per class
    original_recall: np.ndarray  # per-class accuracy of the original
    variant_recall: np.ndarray
    original_confusion: np.ndarray  # (classes × classes) counts, rows = true class
    variant_confusion: np.ndarray

    @property
    def damage(self) -> np.ndarray:
        """Original − variant per-class accuracy: positive = the variant lost that class."""
        return self.original_recall - self.variant_recall

    @property
    def confusion_difference(self) -> np.ndarray:
        """Variant − original counts: a lost class shows as a negative diagonal cell and a
        positive cell in the column it is now mistaken for."""
        return self.variant_confusion - self.original_confusion

    @property
    def order(self) -> list[int]:
        """Classes from the most damaged to the most improved (ties: class order)."""
        return sorted(range(len(self.class_names)), key=lambda c: (-self.damage[c], c))

    @property
    def original_accuracy(self) -> float:
        return float(np.trace(self.original_confusion) / self.counts.sum())

    @property
    def variant_accuracy(self) -> float:
        return float(np.trace(self.variant_confusion) / self.counts.sum())


def class_damage(
    labels: torch.Tensor,
    original_predicted: torch.Tensor,
    variant_predicted: torch.Tensor,
    class_names: Sequence[str],
) -> ClassDamage:
    """Per-class accuracy and confusion of both models from their predicted classes.

    Takes predictions, not models, so that the page can pass the original's from its cached
    outputs (``reference_outputs(name).argmax(1)``) and run only the variant.
    """
    classes = len(class_names)
    original = confusion_matrix(labels, original_predicted, classes)
    variant = confusion_matrix(labels, variant_predicted, classes)
    return ClassDamage(
        class_names=tuple(class_names),
        counts=original.sum(1),
        original_recall=recall(original),
        variant_recall=recall(variant),
        original_confusion=original,
        variant_confusion=variant,
    )
