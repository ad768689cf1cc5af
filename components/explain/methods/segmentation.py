"""Feature masks for LIME and Kernel SHAP: which pixels switch on and off together.

``patches``: a square grid (edge patches are cut short when the size does not divide 28).
``superpixels``: SLIC's idea — k-means over (row, column, intensity) started from the patch grid —
with scikit-learn's KMeans, so regions follow the strokes instead of the grid.
"""

from __future__ import annotations

import numpy as np
import torch
from sklearn.cluster import KMeans

SEGMENTATIONS = ("patches", "superpixels")
# Intensity difference (in the model's input units, where digits span ≈3.1) that costs as much as
# one patch width of distance: ink and background end in different superpixels, and regions stay
# compact instead of threading along a stroke.
COMPACTNESS = 2.0
SLIC_ITERATIONS = 10  # SLIC's own default; k-means here converges in fewer


def patch_mask(height: int, width: int, size: int) -> torch.Tensor:
    """(height, width) long tensor numbering ``size``×``size`` patches row by row."""
    cols = -(-width // size)
    rows = torch.arange(height).div(size, rounding_mode="floor")
    columns = torch.arange(width).div(size, rounding_mode="floor")
    return rows[:, None] * cols + columns[None, :]


def superpixel_mask(image: torch.Tensor, size: int) -> torch.Tensor:
    """(H, W) long tensor of superpixel ids 0…n−1 for a (H, W) image; about one per patch."""
    height, width = image.shape
    rr, cc = np.meshgrid(np.arange(height), np.arange(width), indexing="ij")
    values = image.detach().float().cpu().numpy()
    points = np.stack([rr / size, cc / size, values / COMPACTNESS], axis=-1).reshape(-1, 3)
    # Start every cluster at a patch centre (SLIC's grid seeding): deterministic, no seed needed.
    centres_r = np.arange(size / 2, height, size)
    centres_c = np.arange(size / 2, width, size)
    init = np.array(
        [
            (r / size, c / size, values[int(r), int(c)] / COMPACTNESS)
            for r in centres_r
            for c in centres_c
        ]
    )
    labels = KMeans(len(init), init=init, n_init=1, max_iter=SLIC_ITERATIONS).fit_predict(points)
    _, compact = np.unique(labels, return_inverse=True)  # ids 0…n−1 even if a cluster emptied
    return torch.from_numpy(compact.reshape(height, width)).long()


def feature_mask(x: torch.Tensor, segmentation: str, size: int) -> torch.Tensor:
    """A (1, C, H, W) captum feature mask for a (1, C, H, W) input; channels share a feature."""
    height, width = x.shape[-2:]
    if segmentation == "patches":
        mask = patch_mask(height, width, size)
    elif segmentation == "superpixels":
        mask = superpixel_mask(x[0].mean(0), size)
    else:
        raise ValueError(f"unknown segmentation {segmentation!r}; known: {SEGMENTATIONS}")
    return mask.expand_as(x).contiguous()
