"""Representation drift: CKA per layer between an original and its variants."""

from __future__ import annotations

import pytest
import torch

from components.forgetting import (
    DRIFT_REASONS,
    DriftSettings,
    evaluation_sample,
    layer_grams,
    representation_drift,
)
from components.forgetting.drift import REASON_FUSED, REASON_MISSING, REASON_SILENT
from components.pruning import PruneSettings, prune_model
from components.quantization import QuantSettings, quantize_model
from components.shared_models import fingerprint, leftover_hooks
from models.registry import get_spec, load_model
from tests.components.forgetting.tiny import tiny_data, tiny_spec, trained_tiny

pytestmark = pytest.mark.usefixtures("one_thread")
LENET_LAYERS = ["conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "fc1", "relu3", "fc2"]


@pytest.fixture(scope="module")
def lenet():
    spec = get_spec("lenet")
    model = load_model("lenet")
    return model, spec, evaluation_sample(spec, model, 100).inputs


def test_a_model_with_itself_is_one_everywhere():
    model = trained_tiny()
    result = representation_drift(model, model, (tiny_data().x_test,))
    assert [row.layer for row in result.layers] == ["conv", "relu1", "fc1", "relu2", "fc2"]
    assert all(row.cka == pytest.approx(1.0, abs=1e-6) for row in result.layers)
    assert result.n == 60 and result.not_compared == []


def test_channel_removal_compares_across_widths_and_leaves_the_original_alone(lenet):
    model, spec, inputs = lenet
    before = fingerprint(model)
    variant = prune_model(model, spec, PruneSettings("channel_removal", 0.5)).model
    result = representation_drift(model, variant, inputs)
    assert [row.layer for row in result.layers] == LENET_LAYERS
    widths = {row.layer: (row.width_original, row.width_variant) for row in result.layers}
    assert widths["fc1"] == (50, 25) and widths["fc2"] == (10, 10)
    assert all(0.0 < row.cka < 1.0 for row in result.layers[1:])
    assert fingerprint(model) == before and leftover_hooks(model) == 0


def test_cached_original_grams_give_the_same_drift(lenet):
    model, spec, inputs = lenet
    variant = prune_model(model, spec, PruneSettings("l1_unstructured", 0.7)).model
    grams = layer_grams(model, inputs)
    assert grams.order == LENET_LAYERS
    direct = representation_drift(model, variant, inputs)
    cached = representation_drift(model, variant, inputs, original_grams=grams)
    assert [r.cka for r in direct.layers] == [r.cka for r in cached.layers]


def test_static_int8_says_which_layers_cannot_be_compared(lenet):
    model, spec, inputs = lenet
    variant = quantize_model(model, spec, QuantSettings("static_int8", calibration_batches=1))
    result = representation_drift(model, variant.model, inputs)
    reasons = {row.layer: row.reason for row in result.not_compared}
    assert reasons == {
        "conv1": REASON_FUSED,  # ConvReLU2d: its output is relu1's
        "relu1": REASON_MISSING,
        "conv2": REASON_FUSED,
        "relu2": REASON_MISSING,
        "fc1": REASON_FUSED,
        "relu3": REASON_MISSING,
    }
    assert {row.layer for row in result.compared} == {"pool1", "pool2", "fc2"}
    assert all(row.cka > 0.99 for row in result.compared)


def test_dynamic_int8_layers_keep_their_names(lenet):
    model, spec, inputs = lenet
    variant = quantize_model(model, spec, QuantSettings("dynamic_int8")).model
    result = representation_drift(model, variant, inputs)
    assert result.not_compared == []
    assert all(row.cka > 0.99 for row in result.layers)


def test_asked_layers_that_never_run_get_a_reason():
    model = trained_tiny()
    grams = layer_grams(model, (tiny_data().x_test,), ["fc1", "flatten", "nope"])
    assert grams.reasons == {"nope": REASON_SILENT}
    assert set(grams.grams) == {"fc1", "flatten"}
    assert set(DRIFT_REASONS) >= set(grams.reasons.values())


def test_constant_layer_has_no_cka():
    model = trained_tiny()
    dead = trained_tiny()
    with torch.no_grad():
        dead.fc1.weight.zero_()
        dead.fc1.bias.zero_()
    result = representation_drift(model, dead, (tiny_data().x_test,))
    reasons = {row.layer: row.reason for row in result.not_compared}
    assert set(reasons) == {"fc1", "relu2", "fc2"}
    assert tiny_spec(model).name == "tiny"


def test_settings_bounds():
    assert DriftSettings().n_examples == 300
    with pytest.raises(ValueError):
        DriftSettings(n_examples=10)
    with pytest.raises(ValueError):
        DriftSettings(seed=-1)
