"""The PCA picture: fitted on the original, both models in the same axes (or aligned)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from components.forgetting import penultimate_features, penultimate_projection, project_features
from components.pruning import PruneSettings, prune_model
from models.registry import get_spec, load_model
from tests.components.forgetting.tiny import tiny_data, trained_tiny

pytestmark = pytest.mark.usefixtures("one_thread")


def features(n: int = 50, p: int = 6, seed: int = 0) -> torch.Tensor:
    return torch.randn(n, p, generator=torch.Generator().manual_seed(seed))


def test_the_same_features_land_on_the_same_points():
    x = features()
    labels = torch.arange(50) % 3
    result = project_features(x, x, labels, [3, 7])
    assert result.mode == "shared" and result.widths == (6, 6)
    np.testing.assert_allclose(result.variant, result.original, atol=1e-9)
    assert result.forgotten.nonzero()[0].tolist() == [3, 7]
    assert result.explained[0] >= result.explained[1] > 0


def test_the_variant_goes_into_the_original_axes():
    """Shared mode projects with the original's PCA: a shifted variant moves by the shift's
    projection, it does not get axes of its own."""
    x = features()
    shift = torch.zeros(6)
    shift[0] = 5.0
    result = project_features(x, x + shift, torch.zeros(50), [])
    moved = result.variant - result.original
    np.testing.assert_allclose(moved, np.broadcast_to(moved[0], moved.shape), atol=1e-9)


def test_different_widths_are_aligned_by_procrustes():
    x = features()
    wider = torch.cat([x, torch.zeros(50, 2)], 1) @ torch.linalg.qr(features(8, 8, 4))[0]
    result = project_features(x, wider, torch.zeros(50), [])
    assert result.mode == "aligned" and result.widths == (6, 8)
    np.testing.assert_allclose(result.variant, result.original, atol=1e-4)


def test_penultimate_features_are_the_output_layers_input():
    model = trained_tiny()
    x = tiny_data().x_test
    with torch.no_grad():
        expected = model.relu2(model.fc1(model.flatten(model.relu1(model.conv(x)))))
    assert torch.allclose(penultimate_features(model, (x,), "fc2"), expected)


def test_lenet_channel_removal_projects():
    spec, model = get_spec("lenet"), load_model("lenet")
    data = spec.load_data()
    variant = prune_model(model, spec, PruneSettings("channel_removal", 0.5)).model
    result = penultimate_projection(model, variant, (data.x_test,), data.y_test, [0, 1])
    assert result.widths == (50, 25) and result.mode == "aligned"
    assert result.original.shape == result.variant.shape == (450, 2)
    assert result.forgotten.sum() == 2
