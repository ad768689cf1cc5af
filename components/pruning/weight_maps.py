"""Two weight matrices, before and after pruning, made ready to draw side by side."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class WeightMaps:
    """The top-left corner of both matrices and the colour scale they share."""

    before: np.ndarray
    after: np.ndarray  # pruned entries as NaN: blank cells
    scale: float  # the largest |weight| of ``before``'s corner (1 when all are zero)
    cropped: bool  # whether the matrices were larger than the corner


def masked_view(original: np.ndarray, variant: np.ndarray) -> np.ndarray:
    """The variant's weights with pruned entries (zero now, non-zero before) as NaN: blank cells.

    Shapes that differ (channels removed) leave the variant as it is.
    """
    view = variant.astype(float).copy()
    if view.shape == original.shape:
        view[(variant == 0) & (original != 0)] = np.nan
    return view


def weight_maps(before: np.ndarray, after: np.ndarray, rows: int, cols: int) -> WeightMaps:
    """``before`` and ``after`` (2-D) cropped to ``rows`` × ``cols``, with pruned cells blank:
    a browser draws a few thousand cells fast, not millions."""
    cropped = before.shape[0] > rows or before.shape[1] > cols
    before_c = before[:rows, :cols]
    after_c = masked_view(before, after)[:rows, :cols]
    return WeightMaps(before_c, after_c, float(np.nanmax(np.abs(before_c))) or 1.0, cropped)
