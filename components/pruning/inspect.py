"""2-D views of a layer's weights for heatmaps (zeros show where pruning struck)."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from components.layers import get_layer
from components.pruning.targets import weight_slots


def as_2d(tensor: torch.Tensor) -> np.ndarray:
    """Lay a weight-shaped tensor out in 2-D.

    2-D stays as it is (a linear layer: out × in). A conv weight (out, in, kh, kw) becomes a
    mosaic of its k×k kernels, one row of tiles per output channel and one column of tiles per
    input channel: shape (out·kh, in·kw). A zeroed output channel is a band kh rows high.
    """
    t = tensor.detach().cpu()
    if t.dim() == 4:
        out, inp, kh, kw = t.shape
        t = t.permute(0, 2, 1, 3).reshape(out * kh, inp * kw)
    elif t.dim() != 2:
        t = t.reshape(t.shape[0], -1) if t.dim() > 1 else t.reshape(1, -1)
    return t.numpy().copy()


def weight_view(model: nn.Module, layer: str) -> np.ndarray:
    """A 2-D array of ``layer``'s weights: linear (out, in); conv a mosaic of k×k kernels
    (out·kh, in·kw), see :func:`as_2d`; ``nn.MultiheadAttention`` its packed q/k/v projection
    ``in_proj_weight`` (3·d, d): rows 0…d-1 are queries, then keys, then values."""
    owner, name = weight_slots(get_layer(model, layer))[0]
    return as_2d(getattr(owner, name)).astype(np.float32, copy=False)
