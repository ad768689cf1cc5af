"""Recording activations: the hooks go, also on error; layers are found by name."""

from __future__ import annotations

import pytest
import torch

from components.forgetting.activations import (
    candidate_layers,
    matching_name,
    output_tensor,
    recorded_activations,
)
from components.quantization import HalfPrecision
from components.shared_models import leftover_hooks
from models.tiny_vit import TinyViT
from tests.components.forgetting.tiny import TinyNet, tiny_data

pytestmark = pytest.mark.usefixtures("one_thread")


def test_candidates_skip_pass_through_layers_and_include_blocks():
    assert candidate_layers(TinyNet()) == ["conv", "relu1", "fc1", "relu2", "fc2"]
    vit = candidate_layers(TinyViT(depth=2, dim=16, heads=2))
    assert "blocks.0" in vit and "blocks.1" in vit and "embed.proj" in vit
    assert "blocks.0.mlp" not in vit  # a Sequential inside a block: its leaves stand for it


def test_records_flattened_outputs_in_call_order_and_removes_hooks():
    model = TinyNet().eval()
    x = tiny_data().x_test[:5]
    with recorded_activations(model, ["fc2", "conv", "absent"]) as recording:
        model(x)
    assert recording.order == ["conv", "fc2"]
    assert recording.outputs["conv"].shape == (5, 4 * 4 * 4)
    assert torch.equal(recording.outputs["fc2"], model(x).detach())
    assert leftover_hooks(model) == 0


def test_hooks_go_on_error():
    model = TinyNet().eval()
    with pytest.raises(RuntimeError), recorded_activations(model, ["conv", "fc1"]):
        model(torch.zeros(2, 3, 6, 6))  # wrong channel count
    assert leftover_hooks(model) == 0


def test_half_precision_wrapper_names_are_matched():
    wrapped = HalfPrecision(TinyNet().half(), torch.float16)
    assert matching_name(wrapped, "fc1") == "inner.fc1"
    assert matching_name(TinyNet(), "fc1") == "fc1"
    assert matching_name(TinyNet(), "nothing") is None


@pytest.mark.filterwarnings("ignore:torch.quantize_per_tensor")
def test_output_tensor_takes_the_first_of_a_tuple_and_dequantizes():
    x = torch.randn(2, 3)
    assert torch.equal(output_tensor((x, torch.ones(1))), x)
    q = torch.quantize_per_tensor(x, 0.1, 0, torch.qint8)
    assert torch.allclose(output_tensor(q), q.dequantize())
    assert output_tensor(torch.arange(3)) is None
    assert output_tensor("text") is None
