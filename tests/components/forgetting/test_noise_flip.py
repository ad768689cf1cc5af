"""The smallest flipping noise, found by captum's MinParamPerturbation."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from components.forgetting import NoiseSearch, input_range, smallest_flipping_noise
from components.forgetting.bounds import InputRange
from components.quantization import QuantSettings, quantize_model
from models.registry import get_spec, load_model

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def lenet():
    spec = get_spec("lenet")
    data = spec.load_data()
    return load_model("lenet"), spec, data


def prediction(model, x) -> int:
    with torch.no_grad():
        return int(model(x).argmax(1))


def test_the_first_flip_is_found(lenet):
    model, _, data = lenet
    x, bounds = data.x_test[:1], input_range(data)
    search = NoiseSearch(sigma_max=3.0, step=0.05, seed=0)
    flip = smallest_flipping_noise(model, x, search, bounds)
    assert flip.sigma is not None and flip.clean_class == prediction(model, x)
    assert flip.flipped_class != flip.clean_class == int(data.y_test[0])
    assert flip.sigma / search.step == pytest.approx(round(flip.sigma / search.step))
    direction = torch.randn(x.shape, generator=torch.Generator().manual_seed(0))
    assert prediction(model, bounds.clamp(x + flip.sigma * direction)) == flip.flipped_class
    below = flip.sigma - search.step
    assert prediction(model, bounds.clamp(x + below * direction)) == flip.clean_class
    assert smallest_flipping_noise(model, x, search, bounds).sigma == flip.sigma


def test_int8_needs_no_gradients(lenet):
    model, spec, data = lenet
    int8 = quantize_model(model, spec, QuantSettings("dynamic_int8")).model
    flip = smallest_flipping_noise(int8, data.x_test[:1], NoiseSearch(step=0.05), input_range(data))
    assert flip.sigma is not None


def test_a_model_that_ignores_its_input_never_flips():
    constant = nn.Sequential(nn.Flatten(), nn.Linear(4, 2))
    with torch.no_grad():
        constant[1].weight.zero_()
        constant[1].bias.copy_(torch.tensor([1.0, 0.0]))
    bounds = InputRange(torch.tensor(-1.0), torch.tensor(1.0), "observed")
    flip = smallest_flipping_noise(constant, torch.zeros(1, 1, 2, 2), NoiseSearch(), bounds)
    assert flip.sigma is None and flip.clean_class == 0 and flip.noisy is None


def test_search_is_bounded():
    with pytest.raises(ValueError):
        NoiseSearch(sigma_max=10.0)
    with pytest.raises(ValueError):
        NoiseSearch(step=0.0)
    with pytest.raises(ValueError):
        NoiseSearch(sigma_max=0.1, step=0.2)
