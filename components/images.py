"""Model inputs turned back into pictures for display (grey digits or a brought model's colour
images)."""

from __future__ import annotations

import numpy as np
import torch


def display_images(data, x: torch.Tensor) -> np.ndarray:
    """``x`` (N, C, H, W) in the model's input scale → (N, H, W) grey or (N, H, W, 3) colour
    values in [0, 1], using ``data.denormalise``. Other channel counts show the first channel."""
    images = data.denormalise(x).clamp(0.0, 1.0)
    if images.shape[1] == 3:
        return images.permute(0, 2, 3, 1).numpy()
    return images[:, 0].numpy()
