"""The valid input range comes from the data."""

from __future__ import annotations

import pytest
import torch

from components.forgetting import input_range
from models.registry import get_spec
from models.user_models import UserData
from tests.components.forgetting.tiny import MEAN, STD, tiny_data


def test_digits_are_clamped_to_the_normalised_pixel_range():
    data = get_spec("lenet").load_data()
    bounds = input_range(data)
    assert bounds.source == "pixels"
    assert bounds.low_value == pytest.approx((0 - data.mean) / data.std)
    assert bounds.high_value == pytest.approx((1 - data.mean) / data.std)
    assert bounds.low_value == pytest.approx(-0.940, abs=1e-3)
    assert bounds.high_value == pytest.approx(2.140, abs=1e-3)
    # the test digits fill the range exactly: it is the data's, not a guess
    assert float(data.x_test.min()) == pytest.approx(bounds.low_value, abs=1e-5)
    assert float(data.x_test.max()) == pytest.approx(bounds.high_value, abs=1e-5)
    assert bounds.pixel_scale == pytest.approx(1 / data.std, rel=1e-5)


def test_per_channel_normalisation_gives_per_channel_bounds():
    mean, std = (0.5, 0.4, 0.3), (0.2, 0.25, 0.5)
    images = torch.rand(4, 3, 5, 5, generator=torch.Generator().manual_seed(0))
    data = UserData(
        x_test=(images - torch.tensor(mean)[:, None, None]) / torch.tensor(std)[:, None, None],
        mean=mean,
        std=std,
    )
    bounds = input_range(data)
    assert bounds.source == "pixels" and bounds.low.shape == (3, 1, 1)
    assert bounds.low.flatten().tolist() == pytest.approx([-2.5, -1.6, -0.6])
    clamped = bounds.clamp(torch.full((1, 3, 5, 5), 100.0))
    assert clamped[0, :, 0, 0].tolist() == pytest.approx([2.5, 2.4, 1.4])


def test_features_use_the_observed_range():
    data = UserData(x_test=torch.tensor([[-3.0, 1.0], [2.0, 5.0]]))
    bounds = input_range(data)
    assert bounds.source == "observed"
    assert (bounds.low_value, bounds.high_value) == (-3.0, 5.0)


def test_tiny_data_range():
    bounds = input_range(tiny_data())
    assert bounds.source == "pixels"
    assert bounds.low_value == pytest.approx(-MEAN / STD)
