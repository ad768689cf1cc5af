"""The digits split and the shipped sentence pairs: sizes, stratification, scale, determinism."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from sklearn.datasets import load_digits

from models.data import (
    IMAGE_SIZE,
    TEST_FRACTION,
    load_digits_split,
    load_sentence_pairs,
    upsample_digits,
)


@pytest.fixture(scope="module")
def split():
    return load_digits_split()


def test_split_sizes(split):
    assert split.x_train.shape == (1347, 1, IMAGE_SIZE, IMAGE_SIZE)
    assert split.x_test.shape == (450, 1, IMAGE_SIZE, IMAGE_SIZE)
    assert split.y_train.shape == (1347,)
    assert split.y_test.shape == (450,)
    assert split.x_train.dtype == split.x_test.dtype == torch.float32
    assert split.y_train.dtype == split.y_test.dtype == torch.int64
    assert split.class_names == tuple("0123456789")


def test_split_is_stratified(split):
    all_counts = np.bincount(load_digits().target, minlength=10)
    test_counts = np.bincount(split.y_test.numpy(), minlength=10)
    train_counts = np.bincount(split.y_train.numpy(), minlength=10)
    np.testing.assert_array_equal(train_counts + test_counts, all_counts)
    assert (test_counts > 0).all()
    expected = all_counts * TEST_FRACTION
    assert np.abs(test_counts - expected).max() <= 2, (test_counts, expected)


def test_split_is_deterministic_across_calls(split):
    # __wrapped__ bypasses the lru_cache: the split is really recomputed.
    again = load_digits_split.__wrapped__()
    assert again is not split
    for name in ("x_train", "y_train", "x_test", "y_test"):
        assert torch.equal(getattr(again, name), getattr(split, name)), name
    assert again.mean == split.mean
    assert again.std == split.std


def test_train_set_is_standardised(split):
    assert abs(float(split.x_train.mean())) < 1e-4
    assert float(split.x_train.std()) == pytest.approx(1.0, abs=1e-4)
    # The statistics are the raw [0, 1] images': mean and std of a mostly dark digit image.
    assert 0.1 < split.mean < 0.5
    assert 0.1 < split.std < 0.5


def test_test_set_uses_train_statistics(split):
    # Denormalised test images are back in the [0, 1] range the upsampling produced.
    images01 = split.denormalise(split.x_test)
    assert float(images01.min()) >= -1e-5
    assert float(images01.max()) <= 1 + 1e-5


def test_normalise_and_denormalise_are_inverses(split):
    images01 = torch.rand(5, 1, IMAGE_SIZE, IMAGE_SIZE, generator=torch.Generator().manual_seed(0))
    torch.testing.assert_close(split.denormalise(split.normalise(images01)), images01)
    torch.testing.assert_close(split.normalise(split.denormalise(split.x_test)), split.x_test)
    # 0 maps to -mean/std, mean maps to 0.
    zero = torch.zeros(1, 1, IMAGE_SIZE, IMAGE_SIZE)
    torch.testing.assert_close(split.normalise(zero), zero - split.mean / split.std)
    torch.testing.assert_close(split.normalise(zero + split.mean), zero)


def test_upsample_digits_maps_0_16_to_unit_range():
    rng = np.random.default_rng(0)
    images = rng.integers(0, 17, size=(6, 8, 8)).astype(np.float64)
    x = upsample_digits(images)
    assert x.shape == (6, 1, IMAGE_SIZE, IMAGE_SIZE)
    assert x.dtype == torch.float32
    assert float(x.min()) >= 0.0
    assert float(x.max()) <= 1.0

    constant = upsample_digits(np.full((2, 8, 8), 16.0))
    torch.testing.assert_close(constant, torch.ones(2, 1, IMAGE_SIZE, IMAGE_SIZE))
    assert float(upsample_digits(np.zeros((1, 8, 8))).abs().max()) == 0.0
    half = upsample_digits(np.full((1, 8, 8), 8.0))
    torch.testing.assert_close(half, torch.full((1, 1, IMAGE_SIZE, IMAGE_SIZE), 0.5))


def test_sentence_pairs():
    data = load_sentence_pairs()
    assert len(data.pairs) == 32
    for a, b in data.pairs:
        assert isinstance(a, str) and a.strip()
        assert isinstance(b, str) and b.strip()
        assert a != b
    sentences = data.sentences
    assert len(sentences) == 64
    assert sentences[:32] == [a for a, _ in data.pairs]
    assert sentences[32:] == [b for _, b in data.pairs]
