"""A layer's weights and int8 grid looked up by name, on a tiny hand-set model."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from components.quantization import int8_grid, layer_int8_grid, layer_weight


@pytest.fixture
def model() -> nn.Module:
    net = nn.Sequential(nn.Linear(4, 2), nn.ReLU(), nn.Linear(2, 3))
    with torch.no_grad():
        net[0].weight.copy_(torch.tensor([[1.0, -2.0, 0.5, 0.0], [0.25, 0.25, -0.25, 0.127]]))
        net[2].weight.copy_(torch.arange(6.0).reshape(3, 2) - 2.5)
    return net


def test_layer_weight_is_the_named_modules_weight(model):
    weight = layer_weight(model, "0")
    assert weight.shape == (2, 4)
    np.testing.assert_array_equal(weight[0], [1.0, -2.0, 0.5, 0.0])
    np.testing.assert_array_equal(layer_weight(model, "2")[:, 0], [-2.5, -0.5, 1.5])


def test_per_tensor_grid_by_hand(model):
    grid = layer_int8_grid(model, "0", per_channel=False)
    # Symmetric int8: the largest |w| (2.0) is 127.5 steps.
    assert grid.scale == pytest.approx(2.0 / 127.5, rel=1e-6)
    assert grid.zero_point == 0
    assert len(grid.values) == 8


def test_per_channel_grid_uses_that_channels_scale(model):
    grid = layer_int8_grid(model, "0", per_channel=True, channel=1)
    assert grid.scale == pytest.approx(0.25 / 127.5, rel=1e-6)
    np.testing.assert_allclose(grid.values, [0.25, 0.25, -0.25, 0.127])
    direct = int8_grid(model[0].weight, per_channel=True, channel=1)
    np.testing.assert_array_equal(grid.levels, direct.levels)


def test_unknown_channel_is_refused(model):
    with pytest.raises(ValueError):
        layer_int8_grid(model, "2", per_channel=True, channel=3)
