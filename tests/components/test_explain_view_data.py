"""What the Explain views draw, each from one backend call (tiny models and maps built here)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from components.explain.attention import TextAttention, ViTAttention
from components.explain.faithfulness import random_curve
from components.explain.scale import input_scale
from components.explain.text import TokenAttribution
from components.explain.view_data import (
    attribution_fn,
    faithfulness_curves,
    masked_previews,
    token_bar_values,
    vit_panels,
)


class Unscaled:
    """Inputs in display scale: a black pixel is 0."""

    def normalise(self, images01: torch.Tensor) -> torch.Tensor:
        return images01


@pytest.fixture
def linear():
    torch.manual_seed(0)
    return nn.Sequential(nn.Flatten(), nn.Linear(16, 3)).eval()


def test_attribution_fn_is_the_methods_map(linear):
    x = torch.randn(1, 1, 4, 4)
    saliency = attribution_fn("saliency")(linear, x, 1)
    # The gradient of a linear score is its weight row; Saliency takes its magnitude.
    expected = linear[1].weight[1].detach().abs().reshape(4, 4).numpy()
    np.testing.assert_allclose(saliency, expected, rtol=1e-6)


def test_faithfulness_curves_start_and_end_at_the_inputs_probability(linear):
    x = torch.randn(1, 1, 4, 4)
    attribution = np.arange(16.0).reshape(4, 4)
    with input_scale(Unscaled()):
        curves = faithfulness_curves(linear, x, 2, attribution, seed=3)
        again = random_curve(linear, x, 2, seed=3, mode="insertion")
        blank = torch.softmax(linear(torch.zeros_like(x)), 1)[0, 2].item()
    p = torch.softmax(linear(x), 1)[0, 2].item()
    assert curves.deletion.probabilities[0] == pytest.approx(p)  # nothing deleted yet
    assert curves.insertion.probabilities[-1] == pytest.approx(p)  # everything inserted
    assert curves.deletion.probabilities[-1] == pytest.approx(blank)
    assert curves.random_deletion.probabilities[0] == pytest.approx(p)
    np.testing.assert_array_equal(curves.random_insertion.probabilities, again.probabilities)
    assert curves.deletion.mode == "deletion" and curves.random_insertion.mode == "insertion"


def test_masked_previews_delete_and_insert_the_top_pixels():
    x = torch.tensor([[[[0.1, 0.2], [0.3, 0.4]]]])
    attribution = np.array([[4.0, -3.0], [2.0, 1.0]])  # |−3| ranks second
    with input_scale(Unscaled()):
        deleted, inserted = masked_previews(x, attribution, 0.5, lambda t: t * 2)
    np.testing.assert_allclose(deleted, [[0.0, 0.0], [0.6, 0.8]], atol=1e-6)
    np.testing.assert_allclose(inserted, [[0.2, 0.4], [0.0, 0.0]], atol=1e-6)
    with input_scale(Unscaled()):
        deleted, _ = masked_previews(x * 10, attribution, 0.0, lambda t: t)
    np.testing.assert_allclose(deleted, 1.0)  # clamped to the display range


def vit(layers: int = 2, heads: int = 2, grid: int = 2) -> ViTAttention:
    tokens = 1 + grid * grid
    maps = np.full((layers, heads, tokens, tokens), 1.0 / tokens)  # uniform attention
    cls = np.arange(layers * heads * grid * grid, dtype=float).reshape(layers, heads, grid, grid)
    return ViTAttention(maps=maps, cls_to_patches=cls, grid=grid, logits=np.zeros(10))


def test_vit_panels_stretch_each_patch_over_the_digit():
    panels = vit_panels(vit(), layer=1, head=None)
    assert panels.cls_map.shape == (28, 28)
    # layer 1: head 0 holds 8…11, head 1 holds 12…15; their mean is 10…13, one per 14×14 block
    np.testing.assert_allclose(panels.cls_map[:14, :14], 10.0)
    np.testing.assert_allclose(panels.cls_map[14:, 14:], 13.0)
    assert len(panels.heads) == 2
    np.testing.assert_allclose(panels.heads[1][:14, 14:], 13.0)
    np.testing.assert_allclose(vit_panels(vit(), layer=1, head=0).cls_map[:14, :14], 8.0)


def test_vit_rollout_of_uniform_attention():
    # One step: 0.5·(1/5) + 0.5·I → the class token keeps 0.6 and gives each patch 0.1.
    np.testing.assert_allclose(vit_panels(vit(), layer=0).rollout, 0.1)


def test_token_bars_share_one_scale():
    tokens = ["[CLS]", "a", "b", "[SEP]"]
    maps = np.zeros((1, 1, 4, 4))
    maps[0, 0] = np.eye(4)
    maps[0, 0, 0] = [0.2, 0.6, 0.2, 0.0]  # [CLS] looks at "a" three times as much as at "b"
    att = TextAttention(tokens, maps, False, 4, 64, 0)
    attribution = TokenAttribution(tokens, np.array([0.0, -2.0, 1.0, 0.0]), 0.8, None, 0.01)
    scores, received = token_bar_values(attribution, att)
    np.testing.assert_allclose(scores, [0.0, -1.0, 0.5, 0.0])
    # rollout row of [CLS]: 0.5·[0.2, 0.6, 0.2, 0] + 0.5·[1, 0, 0, 0]; specials dropped
    np.testing.assert_allclose(received, [0.0, 1.0, 1 / 3, 0.0])
