"""scikit-learn's bundled digits as 1×28×28 tensors, with one fixed, seeded, stratified split.

Nothing is downloaded: ``sklearn.datasets.load_digits`` ships its 1,797 8×8 images.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

IMAGE_SIZE = 28  # the LeNet geometry: 28 → conv5 → 24 → pool → 12 → conv5 → 8 → pool → 4
SPLIT_SEED = 0  # fixed so that every page, test and retrain sees the same test digits
TEST_FRACTION = 0.25  # 1,347 train / 450 test
DIGIT_CLASSES = tuple(str(d) for d in range(10))
SENTENCES_FILE = Path(__file__).parent / "data" / "sentence_pairs.json"


@dataclass(frozen=True)
class DigitsSplit:
    """Train and test digits, normalised with the training set's mean and std."""

    x_train: torch.Tensor  # (1347, 1, 28, 28) float32
    y_train: torch.Tensor  # (1347,) int64
    x_test: torch.Tensor  # (450, 1, 28, 28)
    y_test: torch.Tensor  # (450,)
    mean: float
    std: float
    class_names: tuple[str, ...] = DIGIT_CLASSES

    def normalise(self, images01: torch.Tensor) -> torch.Tensor:
        """Map images in [0, 1] of shape (N, 1, 28, 28) to the models' input scale."""
        return (images01 - self.mean) / self.std

    def denormalise(self, x: torch.Tensor) -> torch.Tensor:
        """Inverse of :meth:`normalise`, for display."""
        return x * self.std + self.mean


def upsample_digits(images: np.ndarray) -> torch.Tensor:
    """Turn (N, 8, 8) digits with values 0–16 into (N, 1, 28, 28) floats in [0, 1]."""
    x = torch.as_tensor(images, dtype=torch.float32).reshape(-1, 1, 8, 8) / 16.0
    x = F.interpolate(x, size=(IMAGE_SIZE, IMAGE_SIZE), mode="bilinear", align_corners=False)
    return x.clamp_(0.0, 1.0)


@functools.lru_cache(maxsize=1)
def load_digits_split() -> DigitsSplit:
    """The one train/test split every model, page and test uses (cached; do not mutate)."""
    digits = load_digits()
    idx_train, idx_test = train_test_split(
        np.arange(len(digits.target)),
        test_size=TEST_FRACTION,
        random_state=SPLIT_SEED,
        stratify=digits.target,
    )
    images = upsample_digits(digits.images)
    labels = torch.as_tensor(digits.target, dtype=torch.int64)
    train = images[idx_train]
    mean, std = float(train.mean()), float(train.std())
    return DigitsSplit(
        x_train=(train - mean) / std,
        y_train=labels[idx_train],
        x_test=(images[idx_test] - mean) / std,
        y_test=labels[idx_test],
        mean=mean,
        std=std,
    )


@dataclass(frozen=True)
class SentencePairs:
    """Paraphrase pairs shipped in the repo: ``pairs[i] = (a_i, b_i)`` mean the same thing."""

    pairs: tuple[tuple[str, str], ...]

    @property
    def sentences(self) -> list[str]:
        """All sentences, the first of each pair then the second."""
        return [a for a, _ in self.pairs] + [b for _, b in self.pairs]


@functools.lru_cache(maxsize=1)
def load_sentence_pairs() -> SentencePairs:
    """The fixed paraphrase set used to measure a sentence encoder without labels."""
    raw = json.loads(SENTENCES_FILE.read_text(encoding="utf-8"))
    return SentencePairs(pairs=tuple((p["a"], p["b"]) for p in raw["pairs"]))
