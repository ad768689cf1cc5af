"""Forgotten examples are exactly those the original gets right and the variant wrong."""

from __future__ import annotations

import pytest
import torch

from components.forgetting import forgotten_examples


def probabilities(n: int, classes: int, seed: int) -> torch.Tensor:
    generator = torch.Generator().manual_seed(seed)
    return torch.randn(n, classes, generator=generator).mul(3).softmax(1)


def test_exactly_original_right_and_variant_wrong():
    labels = torch.randint(0, 4, (300,), generator=torch.Generator().manual_seed(0))
    original, variant = probabilities(300, 4, 1), probabilities(300, 4, 2)
    result = forgotten_examples(labels, original, variant)
    right_o = original.argmax(1) == labels
    right_v = variant.argmax(1) == labels
    expected = {i for i in range(300) if right_o[i] and not right_v[i]}
    assert set(result.indices) == expected
    assert len(result.indices) == len(expected)  # no duplicates
    assert result.learned == int((right_v & ~right_o).sum())
    assert result.total == 300
    assert all(o == t for o, t in zip(result.original, result.true, strict=True))
    assert all(v != t for v, t in zip(result.variant, result.true, strict=True))


def test_ranked_by_drop_of_the_true_class():
    labels = torch.tensor([0, 0, 0, 1])
    original = torch.tensor([[0.6, 0.4], [0.99, 0.01], [0.75, 0.25], [0.2, 0.8]])
    variant = torch.tensor([[0.45, 0.55], [0.2, 0.8], [0.25, 0.75], [0.9, 0.1]])
    result = forgotten_examples(labels, original, variant)
    assert result.indices == [1, 3, 2, 0]
    assert result.drop == pytest.approx([0.79, 0.7, 0.5, 0.15])


def test_the_same_model_forgets_nothing():
    labels = torch.arange(50) % 5
    probs = probabilities(50, 5, 3)
    result = forgotten_examples(labels, probs, probs)
    assert len(result) == 0 and result.learned == 0
