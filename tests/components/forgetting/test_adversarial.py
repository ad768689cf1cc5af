"""One adversarial example, on the variant or transferred from the original."""

from __future__ import annotations

import numpy as np
import pytest

from components.forgetting import (
    AttackSettings,
    adversarial_example,
    adversarial_images,
    input_range,
)
from components.pruning import PruneSettings, prune_model
from components.quantization import QuantSettings, quantize_model
from models.registry import get_spec, load_model

pytestmark = [
    pytest.mark.usefixtures("one_thread"),
    pytest.mark.filterwarnings("ignore:Input Tensor 0 did not already require gradients"),
]


@pytest.fixture(scope="module")
def lenet():
    spec = get_spec("lenet")
    data = spec.load_data()
    return load_model("lenet"), spec, data


def test_the_variant_is_attacked_and_fooled(lenet):
    model, spec, data = lenet
    variant = prune_model(model, spec, PruneSettings("l1_unstructured", 0.7)).model
    x, y = data.x_test[:64], data.y_test[:64]
    example = adversarial_example(model, variant, x, y, 0.3, AttackSettings(), input_range(data))
    assert example.attacked == "variant" and not example.transferred
    assert example.original_clean.label == example.true == example.variant_clean.label
    assert example.variant_adversarial.label != example.true
    assert float(example.perturbation.abs().max()) <= 0.3 + 1e-6
    images = adversarial_images(example, data)
    assert images.clean.shape == images.perturbation.shape == (28, 28)
    assert float(np.abs(images.perturbation).max()) == pytest.approx(0.5)
    assert images.gain > 1


def test_int8_is_shown_the_originals_perturbation(lenet):
    model, spec, data = lenet
    int8 = quantize_model(model, spec, QuantSettings("dynamic_int8")).model
    x, y = data.x_test[:32], data.y_test[:32]
    settings = AttackSettings(attack="pgd", steps=3)
    example = adversarial_example(model, int8, x, y, 0.5, settings, input_range(data), index=5)
    assert example.index == 5 and example.transferred and example.attacked == "original"
    assert example.true == int(y[5])
