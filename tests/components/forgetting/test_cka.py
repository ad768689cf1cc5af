"""Linear CKA: the properties Kornblith et al. (2019) prove, on small random matrices."""

from __future__ import annotations

import math

import pytest
import torch

from components.forgetting import centered_gram, cka_from_grams, linear_cka


def features(n: int = 40, p: int = 12, seed: int = 0) -> torch.Tensor:
    return torch.randn(n, p, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)


def orthogonal(p: int, seed: int = 1) -> torch.Tensor:
    q, _ = torch.linalg.qr(features(p, p, seed))
    return q


def test_a_representation_with_itself_is_one():
    x = features()
    assert linear_cka(x, x) == pytest.approx(1.0, abs=1e-6)


def test_invariant_to_an_orthogonal_transform():
    x, z = features(), features(p=7, seed=5)
    q = orthogonal(x.shape[1])
    assert linear_cka(x, x @ q) == pytest.approx(1.0, abs=1e-6)
    assert linear_cka(x @ q, z) == pytest.approx(linear_cka(x, z), abs=1e-6)


def test_invariant_to_isotropic_scaling():
    x, z = features(), features(p=7, seed=5)
    assert linear_cka(x, 3.7 * x) == pytest.approx(1.0, abs=1e-6)
    assert linear_cka(0.01 * x, z) == pytest.approx(linear_cka(x, z), abs=1e-6)


def test_not_invariant_to_scaling_single_features():
    """CKA is not invariant to any invertible linear map (that would make it 1 for any two
    wide-enough representations): stretching one feature changes it."""
    x = features()
    stretched = x * torch.tensor([10.0] + [1.0] * (x.shape[1] - 1), dtype=x.dtype)
    assert linear_cka(x, stretched) < 0.9


def test_one_feature_each_is_the_squared_correlation():
    x, y = features(p=1), features(p=1, seed=3)
    r = torch.corrcoef(torch.cat([x, y], 1).T)[0, 1]
    assert linear_cka(x, y) == pytest.approx(float(r**2), abs=1e-6)


def test_different_widths_compare():
    x = features(p=12)
    assert linear_cka(x, x[:, :6]) < 1.0
    assert linear_cka(x, torch.cat([x, x[:, :3] * 0], 1)) == pytest.approx(1.0, abs=1e-6)


def test_constant_representation_has_no_cka():
    x = features()
    assert math.isnan(linear_cka(x, torch.ones(x.shape[0], 3)))


def test_images_are_flattened_per_example():
    x = torch.randn(10, 2, 3, 3, generator=torch.Generator().manual_seed(0))
    assert linear_cka(x, x.flatten(1)) == pytest.approx(1.0, abs=1e-6)
    assert centered_gram(x).shape == (10, 10)


def test_grams_are_centred():
    gram = centered_gram(features() + 100.0)
    assert gram.sum(0).abs().max() < 1e-2  # rows and columns of H K H sum to zero


def test_rows_must_match():
    with pytest.raises(ValueError, match="same examples"):
        linear_cka(features(n=10), features(n=11))


def test_from_grams_matches_direct():
    x, y = features(), features(p=5, seed=9)
    assert cka_from_grams(centered_gram(x), centered_gram(y)) == linear_cka(x, y)
