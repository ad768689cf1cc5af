"""The input an Explain view explains and the class it targets."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch


@dataclass(frozen=True)
class ImageCase:
    """The input being explained and the class the explanation targets."""

    x: torch.Tensor  # (1, 1, 28, 28), normalised like the test split
    preview: np.ndarray  # (28, 28) in [0, 1]: what the model sees
    target: int
    key: str  # a digest of the input, for caches
