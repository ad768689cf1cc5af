"""Which parts of the view apply, with the reason where one does not."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from components.forgetting import forgetting_applicability
from components.quantization import QuantSettings, quantize_model
from models.registry import ModelSpec, get_spec, load_model
from models.user_models import UserData
from tests.components.forgetting.tiny import tiny_spec, trained_tiny

pytestmark = pytest.mark.usefixtures("one_thread")


def brought(model: nn.Module, data: UserData, task: str = "classification") -> ModelSpec:
    return ModelSpec(
        name="user_test",
        title="brought",
        task=task,
        input_kind="tensor",
        build=lambda: model,
        load_data=lambda: data,
        example_input=lambda _m, batch: (data.x_test[:batch],),
    )


def test_lenet_gets_everything_but_paraphrases():
    result = forgetting_applicability(load_model("lenet"), get_spec("lenet"))
    assert result.per_class and result.pie and result.drift and result.projection
    assert result.robustness
    assert result.paraphrase.reason_key == "forget.reason.paraphrase_encoders_only"


def test_without_labels_only_pie_and_drift_apply():
    model = trained_tiny()
    data = UserData(x_test=torch.randn(10, 1, 6, 6))
    result = forgetting_applicability(model, brought(model, data, "outputs"))
    assert result.per_class.reason_key == "forget.reason.no_labels"
    assert result.projection.reason_key == "forget.reason.no_labels"
    assert result.robustness.reason_key == "forget.reason.no_labels"
    assert result.pie and result.drift


def test_a_regression_has_no_classes():
    model = nn.Sequential(nn.Linear(4, 1))
    data = UserData(x_test=torch.randn(10, 4), y_test=torch.zeros(10, dtype=torch.long))
    result = forgetting_applicability(model, brought(model, data, "outputs"))
    assert result.per_class.reason_key == "forget.reason.not_scores"
    assert result.pie.reason_key == "forget.reason.not_scores"
    assert result.drift


def test_an_int8_original_cannot_be_attacked():
    model = trained_tiny()
    spec = tiny_spec(model)
    int8 = quantize_model(model, spec, QuantSettings("dynamic_int8")).model
    result = forgetting_applicability(int8, tiny_spec(int8))
    assert result.robustness.reason_key == "forget.reason.no_gradients"
    assert result.per_class


def test_token_inputs_cannot_be_attacked():
    model = nn.Sequential(nn.Embedding(20, 4), nn.Flatten(), nn.Linear(12, 3))
    data = UserData(x_test=torch.randint(0, 20, (8, 3)), y_test=torch.arange(8) % 3)
    result = forgetting_applicability(model, brought(model, data))
    assert result.robustness.reason_key == "forget.reason.discrete_input"
    assert result.per_class and result.pie


@pytest.mark.slow
def test_minilm_gets_paraphrases_and_drift_only():
    result = forgetting_applicability(load_model("minilm"), get_spec("minilm"))
    assert result.paraphrase and result.drift
    assert result.drift.reason_key == "forget.drift.note.tokens"
    for part in (result.per_class, result.pie, result.projection):
        assert part.reason_key == "forget.reason.no_classes"
    assert result.robustness.reason_key == "forget.reason.discrete_input"
