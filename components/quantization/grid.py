"""The int8 grid over a weight histogram: which values a layer's weights are rounded to."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from components.quantization.schemes import WEIGHT_DTYPE, weight_qparams

# Histograms draw every value in the browser: MiniLM's embedding table alone has 11.7 M.
MAX_GRID_VALUES = 100_000


@dataclass(frozen=True)
class Int8Grid:
    """Weights of one channel (or the whole tensor) and the int8 levels around them."""

    values: np.ndarray  # the weights, flattened (an even sample of MAX_GRID_VALUES if more)
    levels: np.ndarray  # dequantized grid points (q − zero_point)·scale that weights round to
    scale: float  # the grid step
    zero_point: int


def int8_grid(weight: torch.Tensor, per_channel: bool, channel: int = 0) -> Int8Grid:
    """The grid the int8 methods put ``weight`` on (symmetric qint8, as the layer is quantized).

    Args:
        weight: a layer's float weight, output channels first.
        per_channel: the scale of output channel ``channel`` (and its weights), else the one
            scale of the whole tensor (and all its weights).
    """
    w = weight.detach().float()
    if per_channel and not 0 <= channel < w.shape[0]:
        raise ValueError(f"channel {channel} outside 0…{w.shape[0] - 1}")
    scale, zero_point = weight_qparams(w, per_channel)
    if per_channel:
        w, scale, zero_point = w[channel], scale[channel], zero_point[channel]
    values = w.flatten().numpy()
    low, high = float(values.min()), float(values.max())
    step, zp = float(scale), int(zero_point)
    info = torch.iinfo(WEIGHT_DTYPE)
    levels = (np.arange(info.min, info.max + 1) - zp) * step
    # Only the levels some weight rounds to: within half a step of the value range.
    inside = (levels >= low - step / 2) & (levels <= high + step / 2)
    if len(values) > MAX_GRID_VALUES:
        values = values[:: -(-len(values) // MAX_GRID_VALUES)]
    return Int8Grid(values=values, levels=levels[inside], scale=step, zero_point=zp)


def layer_weight(model: nn.Module, layer: str) -> np.ndarray:
    """The float weight of ``model``'s module ``layer`` (output channels first), as it is: a
    read-only view for histograms, not a copy to change."""
    return _weight(model, layer).detach().numpy()


def layer_int8_grid(model: nn.Module, layer: str, per_channel: bool, channel: int = 0) -> Int8Grid:
    """:func:`int8_grid` of the weight of ``model``'s module ``layer``."""
    return int8_grid(_weight(model, layer), per_channel, channel)


def _weight(model: nn.Module, layer: str) -> torch.Tensor:
    return model.get_submodule(layer).weight
