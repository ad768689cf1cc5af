"""Seeded samples for the model card."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from components.model_card import sample_digit_predictions, sample_sentence_similarity
from models.data import load_digits_split, load_sentence_pairs
from models.registry import load_model


@pytest.fixture(scope="module")
def lenet():
    return load_model("lenet")


def test_same_seed_same_sample(lenet):
    data = load_digits_split()
    first = sample_digit_predictions(lenet, data, n=10, seed=3)
    again = sample_digit_predictions(lenet, data, n=10, seed=3)
    other = sample_digit_predictions(lenet, data, n=10, seed=4)
    assert first.indices == again.indices
    assert first.predicted == again.predicted
    assert first.indices != other.indices
    assert len(set(first.indices)) == 10


def test_digit_predictions_are_real(lenet):
    data = load_digits_split()
    sample = sample_digit_predictions(lenet, data, n=8, seed=0)
    assert sample.images.shape == (8, 28, 28)
    assert sample.images.min() >= 0.0
    assert sample.images.max() <= 1.0
    idx = torch.tensor(sample.indices)
    assert sample.true == data.y_test[idx].tolist()
    with torch.no_grad():
        probs = lenet(data.x_test[idx]).softmax(1)
    assert sample.predicted == probs.argmax(1).tolist()
    np.testing.assert_allclose(sample.confidence, probs.max(1).values.numpy(), rtol=1e-6)
    assert all(0.0 < c <= 1.0 for c in sample.confidence)
    assert all(c >= 0.1 for c in sample.confidence)  # the arg-max of 10 classes
    np.testing.assert_allclose(
        sample.images, data.denormalise(data.x_test[idx])[:, 0].clamp(0, 1).numpy()
    )


def test_sample_size_is_clamped(lenet):
    data = load_digits_split()
    assert len(sample_digit_predictions(lenet, data, n=0).indices) == 1
    assert len(sample_digit_predictions(lenet, data, n=1000).indices) == 450


class HashEncoder(nn.Module):
    """A deterministic fake encoder: a fixed random unit vector per shipped sentence."""

    def __init__(self):
        super().__init__()
        sentences = load_sentence_pairs().sentences
        vectors = torch.randn(len(sentences), 16, generator=torch.Generator().manual_seed(0))
        self.table = dict(zip(sentences, nn.functional.normalize(vectors, dim=1), strict=True))

    def encode(self, sentences: list[str]) -> torch.Tensor:
        return torch.stack([self.table[s] for s in sentences])


def test_sentence_similarity_matrix():
    data = load_sentence_pairs()
    sample = sample_sentence_similarity(HashEncoder(), data, pairs=4, seed=1)
    assert len(sample.sentences) == 8
    assert sample.matrix.shape == (8, 8)
    np.testing.assert_allclose(sample.matrix, sample.matrix.T, atol=1e-6)
    np.testing.assert_allclose(np.diag(sample.matrix), np.ones(8), atol=1e-6)
    # Paraphrases sit next to each other.
    for k in range(4):
        assert (sample.sentences[2 * k], sample.sentences[2 * k + 1]) in data.pairs
    again = sample_sentence_similarity(HashEncoder(), data, pairs=4, seed=1)
    assert again.sentences == sample.sentences
    assert sample_sentence_similarity(HashEncoder(), data, pairs=4, seed=2).sentences != (
        sample.sentences
    )
