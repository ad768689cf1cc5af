"""Operator profiles: shares that add up, shapes that show pruning, int8 operators that show
quantization, ONNX Runtime's own profile read back, and families decided by context."""

from __future__ import annotations

import json

import pytest
import torch
from torch import nn

from components.acceleration import prepare_backend
from components.profiling import (
    ProfileSettings,
    family_change,
    family_of,
    profile_model,
    profile_prepared,
    read_ort_profile,
)
from components.quantization.dynamic import quantize_dynamic_int8
from components.quantization.settings import QuantSettings
from components.shared_models import leftover_hooks

SETTINGS = ProfileSettings(steps=2, warmup=1, threads=1)


class TinyCnn(nn.Module):
    def __init__(self, channels: int = 8):
        super().__init__()
        self.conv = nn.Conv2d(1, channels, 3)
        self.fc = nn.Linear(channels * 6 * 6, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(torch.relu(self.conv(x)).flatten(1))


class TinyAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.qkv = nn.Linear(16, 48)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        return torch.softmax(q @ k.transpose(1, 2), dim=-1) @ v


def _x(batch: int = 2) -> torch.Tensor:
    return torch.rand(batch, 1, 8, 8, generator=torch.Generator().manual_seed(0))


@pytest.fixture(scope="module")
def cnn_profile():
    torch.manual_seed(0)
    return profile_model(TinyCnn().eval(), (_x(),), SETTINGS)


def test_shares_sum_to_all_profiled_self_time(cnn_profile):
    ops = cnn_profile.operators
    assert ops["share"].sum() == pytest.approx(1.0, abs=1e-9)
    assert cnn_profile.families()["share"].sum() == pytest.approx(1.0, abs=1e-9)
    # the shares divide the sum of the self times (per step)
    assert (ops["self_ms"] / cnn_profile.self_ms).to_numpy() == pytest.approx(ops["share"])
    assert cnn_profile.modules["share"].sum() == pytest.approx(1.0, abs=1e-9)
    assert {"conv", "linear"} <= set(cnn_profile.operators["family"])
    assert (cnn_profile.steps, cnn_profile.threads, cnn_profile.batch) == (2, 1, 2)
    assert cnn_profile.profiled_ms > 0 and cnn_profile.unprofiled_ms > 0
    assert json.loads(cnn_profile.trace)  # a Chrome trace


def test_modules_are_attributed_and_hooks_removed():
    model = TinyCnn().eval()
    profile = profile_model(model, (_x(),), SETTINGS)
    assert {"conv", "fc"} <= set(profile.modules["module"])
    assert profile.modules.set_index("module").loc["conv", "type"] == "Conv2d"
    assert leftover_hooks(model) == 0


def test_pruned_conv_rows_show_the_reduced_shapes(cnn_profile):
    pruned = profile_model(TinyCnn(channels=4).eval(), (_x(),), SETTINGS)

    def conv_shapes(profile):
        rows = profile.operators[profile.operators["operator"] == "aten::conv2d"]
        return set(rows["shapes"])

    assert any("[8, 1, 3, 3]" in s for s in conv_shapes(cnn_profile))
    assert any("[4, 1, 3, 3]" in s for s in conv_shapes(pruned))
    assert not any("[8, 1, 3, 3]" in s for s in conv_shapes(pruned))


def test_an_int8_model_shows_quantized_operators():
    model = TinyCnn().eval()
    int8 = quantize_dynamic_int8(model, None, QuantSettings("dynamic_int8"), lambda *_: None)
    profile = profile_model(int8.model, (_x(),), SETTINGS)
    quantized = profile.operators[profile.operators["quantized"]]
    assert "quantized::linear_dynamic" in set(quantized["operator"])
    assert set(quantized["family"]) <= {"linear", "quantize"}


def test_attention_products_are_told_from_linear_layers():
    profile = profile_model(TinyAttention().eval(), (torch.rand(2, 5, 16),), SETTINGS)
    families = profile.operators.groupby("operator")["family"].agg(set).to_dict()
    assert families["aten::bmm"] == {"attention"}  # q @ kᵀ and attention @ v
    assert families["aten::_softmax"] == {"attention"}
    assert families["aten::addmm"] == {"linear"}  # the qkv projection


def test_family_names():
    assert family_of("aten::mkldnn_convolution") == "conv"
    assert family_of("aten::native_layer_norm") == "norm"
    assert family_of("aten::view") == "movement"
    assert family_of("aten::quantize_per_tensor") == "quantize"
    assert family_of("MatMul", weight_product=False) == "attention"
    assert family_of("MatMul", weight_product=True) == "linear"
    assert family_of("Softmax") == "attention"
    assert family_of("something_new") == "other"


def test_onnxruntime_profile_is_read_back():
    model = TinyCnn().eval()
    prepared = prepare_backend("onnxruntime", model, (_x(),), threads=1)
    profile = profile_prepared(prepared, (_x(4),), SETTINGS)
    assert profile.profiler == "onnxruntime" and profile.modules is None
    assert profile.operators["share"].sum() == pytest.approx(1.0)
    assert "Conv" in set(profile.operators["operator"])
    assert profile.operators.set_index("operator").loc["Conv", "family"] == "conv"
    # the trace is ORT's own: its node events are what the table sums
    events = json.loads(profile.trace)
    table, runs, _ = read_ort_profile(events, SETTINGS.steps)
    assert table["self_ms"].sum() == pytest.approx(profile.self_ms)
    assert len(runs) == SETTINGS.steps


def test_family_change_compares_two_profiles(cnn_profile):
    pruned = profile_model(TinyCnn(channels=4).eval(), (_x(),), SETTINGS)
    change = family_change(cnn_profile, pruned).set_index("family")
    assert change["share_before"].sum() == pytest.approx(1.0)
    assert change["share_after"].sum() == pytest.approx(1.0)
    conv = change.loc["conv"]
    assert conv["ratio"] == pytest.approx(conv["after_ms"] / conv["before_ms"])


def test_steps_are_bounded():
    with pytest.raises(ValueError):
        ProfileSettings(steps=0)
