"""Quantization backend: real models, real digits and sentences, numbers asserted.

Tolerances (measured values in brackets): dynamic int8 LeNet — max |Δlogit| < 0.5 [≈0.1],
prediction agreement ≥ 0.98 on the 450 test digits [0.998]; static int8 LeNet — accuracy within
2 points [−0.4]; fp16/bf16 LeNet — agreement ≥ 0.98 [1.0], state dict 45–60 % of fp32 [52 %];
MiniLM dynamic int8 per-channel — mean cosine ≥ 0.97 [0.976].
"""

from __future__ import annotations

import copy

import numpy as np
import pytest
import torch
from torch import nn
from torch.ao.nn.quantized.dynamic import Linear as DynamicLinear

from components.errors import UserFacingError
from components.fidelity import compare_outputs, fidelity, model_outputs
from components.latency import measure_latency
from components.profile import serialized_size_bytes
from components.quality import evaluate
from components.quantization import (
    LAYER_ERROR_COLUMNS,
    QUANT_METHODS,
    RULES,
    CpuFeatures,
    HalfPrecision,
    QuantSettings,
    cpu_features,
    i18n_keys,
    int8_grid,
    layer_quant_error,
    layer_sensitivity,
    quantizable_layers,
    quantize_model,
    sensitive_layers,
    speed_verdict,
    sqnr_db,
)
from components.quantization.error import layer_forward, recorded_io
from components.quantization.grid import MAX_GRID_VALUES
from components.quantization.schemes import ActivationRoundtrip, roundtrip_weight
from components.shared_models import fingerprint, leftover_hooks
from models.registry import get_spec, load_model
from models.training import predict

LENET = get_spec("lenet")
MINILM = get_spec("minilm")
# Measured by components.quantization.sensitivity (see the module docstring and the benchmark).
MINILM_MOST_SENSITIVE = "encoder.encoder.layer.0.output.dense"


@pytest.fixture(scope="module")
def lenet() -> nn.Module:
    return load_model("lenet")


@pytest.fixture(scope="module")
def digits():
    return LENET.load_data()


@pytest.fixture(scope="module")
def lenet_logits(lenet, digits) -> torch.Tensor:
    return predict(lenet, digits.x_test)


def untouched(model: nn.Module, before: str) -> bool:
    return fingerprint(model) == before and leftover_hooks(model) == 0


# --- settings and methods ---------------------------------------------------------------------


def test_methods_table():
    assert list(QUANT_METHODS) == ["dynamic_int8", "static_int8", "fp16", "bf16"]
    assert [m for m, info in QUANT_METHODS.items() if info.needs_calibration] == ["static_int8"]
    assert QUANT_METHODS["dynamic_int8"].library == "torch.ao.quantization.quantize_dynamic"
    assert QUANT_METHODS["fp16"].label_key == "quant.method.fp16"


@pytest.mark.parametrize(
    "kwargs",
    [{"method": "int4"}, {"calibration_batches": 0}, {"calibration_batches": 33}],
)
def test_settings_bounds(kwargs):
    with pytest.raises(ValueError):
        QuantSettings(**kwargs)


def test_settings_defaults_and_hashable():
    settings = QuantSettings(keep_fp32=["fc1"])
    assert settings.keep_fp32 == ("fc1",)  # lists become tuples: a cache key
    assert hash(settings) == hash(QuantSettings(keep_fp32=("fc1",)))
    assert QuantSettings.CALIBRATION_RANGE == (1, 32)
    assert QuantSettings("bf16").half_dtype is torch.bfloat16
    assert QuantSettings().half_dtype is None


# --- dynamic int8 -----------------------------------------------------------------------------


def test_dynamic_int8_lenet(lenet, digits, lenet_logits):
    before = fingerprint(lenet)
    result = quantize_model(lenet, LENET, QuantSettings("dynamic_int8"))
    logits = predict(result.model, digits.x_test)
    assert logits.dtype == torch.float32 and logits.shape == lenet_logits.shape
    assert float((logits - lenet_logits).abs().max()) < 0.5
    agreement = float((logits.argmax(1) == lenet_logits.argmax(1)).float().mean())
    assert agreement >= 0.98
    assert serialized_size_bytes(result.model) < 0.6 * serialized_size_bytes(lenet)
    assert result.quantized_layers == ["fc1", "fc2"]
    assert isinstance(result.model.fc1, DynamicLinear)
    assert type(result.model.conv1) is nn.Conv2d  # dynamic int8 covers Linear only
    assert result.library.startswith("torch.ao.quantization.quantize_dynamic")
    assert "per_channel_dynamic_qconfig" in result.library
    assert "quant.note.dynamic_linear_only" in result.notes
    assert untouched(lenet, before)


def test_keep_fp32_leaves_a_plain_linear(lenet):
    result = quantize_model(lenet, LENET, QuantSettings(keep_fp32=("fc2",)))
    assert type(result.model.fc2) is nn.Linear
    assert isinstance(result.model.fc1, DynamicLinear)
    assert result.quantized_layers == ["fc1"]


def test_roundtrips_match_the_int8_kernel(lenet, digits):
    """The error tables' emulation is the kernel: same weight grid, same activation rounding."""
    result = quantize_model(lenet, LENET, QuantSettings("dynamic_int8", per_channel=True))
    up_to_fc1 = nn.Sequential(*list(lenet.children())[:7])  # conv … flatten
    features = up_to_fc1(digits.x_train[:64]).detach()
    weight = roundtrip_weight(lenet.fc1.weight, "dynamic_int8", per_channel=True)
    assert torch.equal(weight, result.model.fc1.weight().dequantize())
    with torch.no_grad():
        emulated = layer_forward(lenet.fc1, ActivationRoundtrip("dynamic_int8")(features), weight)
        real = result.model.fc1(features)
    assert torch.allclose(emulated, real, atol=1e-4, rtol=1e-4)


# --- static int8 ------------------------------------------------------------------------------


def test_static_int8_lenet(lenet):
    before = fingerprint(lenet)
    reports: list[tuple[float, str]] = []
    settings = QuantSettings("static_int8", calibration_batches=4)
    result = quantize_model(lenet, LENET, settings, progress=lambda f, m: reports.append((f, m)))
    original = evaluate(lenet, LENET).value
    assert abs(evaluate(result.model, LENET).value - original) <= 0.02
    assert serialized_size_bytes(result.model) < 0.5 * serialized_size_bytes(lenet)
    assert result.quantized_layers == ["conv1", "conv2", "fc1", "fc2"]
    assert "prepare_fx" in result.library and "4×32" in result.library
    fractions = [f for f, _ in reports]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert sum(m.startswith("calibration") for _, m in reports) == 4
    assert untouched(lenet, before)


@pytest.mark.slow
def test_static_int8_keep_fp32(lenet):
    result = quantize_model(lenet, LENET, QuantSettings("static_int8", keep_fp32=("conv1",)))
    assert result.quantized_layers == ["conv2", "fc1", "fc2"]
    assert abs(evaluate(result.model, LENET).value - evaluate(lenet, LENET).value) <= 0.02


# --- half precision ---------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["fp16", "bf16"])
def test_half_precision_lenet(lenet, digits, lenet_logits, method):
    before = fingerprint(lenet)
    result = quantize_model(lenet, LENET, QuantSettings(method))
    assert isinstance(result.model, HalfPrecision)
    logits = predict(result.model, digits.x_test)  # float32 in …
    assert logits.dtype == torch.float32  # … float32 out
    assert float((logits.argmax(1) == lenet_logits.argmax(1)).float().mean()) >= 0.98
    ratio = serialized_size_bytes(result.model) / serialized_size_bytes(lenet)
    assert 0.45 <= ratio <= 0.6
    assert {p.dtype for p in result.model.parameters()} == {QuantSettings(method).half_dtype}
    clone = copy.deepcopy(result.model)  # the page may copy a variant
    assert torch.equal(predict(clone, digits.x_test[:8]), logits[:8])
    assert untouched(lenet, before)


@pytest.mark.slow
@pytest.mark.parametrize("method", list(QUANT_METHODS))
def test_quantized_lenet_works_with_the_profile_tools(lenet, method):
    result = quantize_model(lenet, LENET, QuantSettings(method))
    latency = measure_latency(
        result.model, LENET.example_input(result.model, 16), min_run_time=0.02, warmup=1
    )
    assert latency.median_s > 0 and latency.batch_size == 16
    assert fidelity(lenet, result.model, LENET).agreement >= 0.98
    assert serialized_size_bytes(result.model) < serialized_size_bytes(lenet)


# --- errors -----------------------------------------------------------------------------------


def test_keep_fp32_needs_an_int8_method(lenet):
    with pytest.raises(UserFacingError) as err:
        quantize_model(lenet, LENET, QuantSettings("fp16", keep_fp32=("fc1",)))
    assert err.value.key == "quant.error.keep_int8_only"


def test_keep_fp32_unknown_layer(lenet):
    with pytest.raises(UserFacingError) as err:
        quantize_model(lenet, LENET, QuantSettings("dynamic_int8", keep_fp32=("conv1", "nope")))
    assert err.value.key == "quant.error.unknown_layers"
    assert err.value.values["layers"] == "conv1, nope"  # dynamic int8 never converts conv1


# --- per-layer error, sensitivity -------------------------------------------------------------


def test_sqnr_db():
    signal = torch.tensor([3.0, 4.0])  # power 25
    assert sqnr_db(signal, signal + torch.tensor([0.5, 0.0])) == pytest.approx(20.0)  # 25/0.25
    assert sqnr_db(signal, signal) == float("inf")


@pytest.mark.slow
def test_layer_quant_error(lenet):
    before = fingerprint(lenet)
    tables = {
        (method, per_channel): layer_quant_error(
            lenet, LENET, QuantSettings(method, per_channel=per_channel, calibration_batches=2)
        )
        for method, per_channel in [
            ("static_int8", True),
            ("static_int8", False),
            ("fp16", True),
            ("bf16", True),
        ]
    }
    per_channel = tables["static_int8", True]
    assert list(per_channel.columns) == LAYER_ERROR_COLUMNS
    assert per_channel["name"].tolist() == ["conv1", "conv2", "fc1", "fc2"]
    assert per_channel["output_sqnr_db"].notna().all()
    assert per_channel["sqnr_db"].mean() > tables["static_int8", False]["sqnr_db"].mean()
    assert (tables["fp16", True]["sqnr_db"] > per_channel["sqnr_db"]).all()
    assert (tables["fp16", True]["sqnr_db"] > tables["bf16", True]["sqnr_db"]).all()  # 11 vs 8 bits
    assert (per_channel["sqnr_db"] > 30).all() and (per_channel["cosine"] > 0.999).all()
    assert untouched(lenet, before)


def test_layer_quant_error_marks_kept_layers(lenet):
    table = layer_quant_error(lenet, LENET, QuantSettings(keep_fp32=("fc1",)))
    assert dict(zip(table["name"], table["quantized"], strict=True)) == {"fc1": False, "fc2": True}


def test_sensitive_layers(lenet):
    before = fingerprint(lenet)
    table = layer_sensitivity(lenet, LENET)
    assert table["drift"].is_monotonic_decreasing and (table["drift"] >= 0).all()
    assert sorted(table["name"]) == ["fc1", "fc2"]
    assert sensitive_layers(lenet, LENET, 0) == []
    assert sensitive_layers(lenet, LENET, 1) == table["name"].head(1).tolist()
    assert sensitive_layers(lenet, LENET, 5) == table["name"].tolist()  # k beyond: all of them
    assert untouched(lenet, before)


def test_hooks_are_removed_after_an_error(lenet):
    model = copy.deepcopy(lenet)
    with pytest.raises(RuntimeError), recorded_io(model, ["fc1", "fc2"]):
        raise RuntimeError("boom")
    assert leftover_hooks(model) == 0


# --- int8 grid --------------------------------------------------------------------------------


@pytest.mark.parametrize("per_channel", [True, False])
def test_int8_grid(lenet, per_channel):
    weight = lenet.fc1.weight.detach()
    grid = int8_grid(weight, per_channel=per_channel, channel=3)
    assert len(grid.values) == (320 if per_channel else weight.numel())
    assert 2 <= len(grid.levels) <= 256
    assert np.allclose(np.diff(grid.levels), grid.scale)
    assert grid.zero_point == 0  # symmetric int8 weights
    # Every weight lies within half a step of a level (the extreme one exactly at 127.5 steps,
    # clamped to 127): the grid covers it.
    slack = grid.scale * (0.5 + 1e-4)
    assert grid.values.min() >= grid.levels.min() - slack
    assert grid.values.max() <= grid.levels.max() + slack
    expected = float(weight[3].abs().max() if per_channel else weight.abs().max()) / 127.5
    assert grid.scale == pytest.approx(expected, rel=1e-5)


def test_int8_grid_samples_big_tensors():
    weight = torch.linspace(-1, 1, 250_001).reshape(1, -1)
    grid = int8_grid(weight, per_channel=False)
    assert len(grid.values) <= MAX_GRID_VALUES
    assert grid.values.min() == -1.0  # an even sample from the first weight on
    assert len(grid.levels) >= 255  # the range spans the whole grid


def test_int8_grid_channel_out_of_range(lenet):
    with pytest.raises(ValueError):
        int8_grid(lenet.fc1.weight, per_channel=True, channel=50)


# --- CPU features and the speed verdict -------------------------------------------------------


def test_cpu_features_here():
    features = cpu_features()
    flags = [getattr(features, f) for f in ("avx2", "avx512", "avx512_vnni", "avx_vnni", "amx")]
    flags += [features.fp16_native, features.bf16_native]
    assert all(isinstance(flag, bool) for flag in flags)
    assert features.capability == torch.backends.cpu.get_cpu_capability()


def test_cpu_features_from_a_file(tmp_path):
    info = tmp_path / "cpuinfo"
    info.write_text(
        "processor\t: 0\nmodel name\t: Test CPU\nflags\t\t: fpu avx2 avx512f avx512_bf16 "
        "amx_tile amx_int8\n\nprocessor\t: 1\nmodel name\t: other\nflags\t\t: fpu\n"
    )
    features = cpu_features(info)
    assert features.model_name == "Test CPU"
    assert features.avx2 and features.avx512 and features.amx and features.bf16_native
    assert features.int8_dot and not features.avx512_vnni and not features.fp16_native
    missing = cpu_features(tmp_path / "absent")
    assert missing.model_name == ""
    assert not any([missing.avx2, missing.amx, missing.fp16_native, missing.bf16_native])


def _cpu(**flags: bool) -> CpuFeatures:
    base = dict.fromkeys(
        ("avx2", "avx512", "avx512_vnni", "avx_vnni", "amx", "fp16_native", "bf16_native"), False
    )
    return CpuFeatures(model_name="test", capability="AVX2", **{**base, **flags})


def test_speed_verdict_rules():
    """A speed line first, then (int8) the CPU's int8 instructions; the exhaustive table test is
    in test_quantization_hardware.py."""
    plain, vnni_bf16 = _cpu(avx2=True), _cpu(avx2=True, avx512_vnni=True, bf16_native=True)
    assert speed_verdict("dynamic_int8", MINILM, 0.4, plain) == [
        "quant.why.int8_faster",
        "quant.why.no_vnni",
    ]
    assert speed_verdict("dynamic_int8", MINILM, 0.4, vnni_bf16) == [
        "quant.why.int8_faster",
        "quant.why.vnni",
    ]
    assert speed_verdict("dynamic_int8", MINILM, 1.2, plain)[0] == "quant.why.int8_overhead"
    assert speed_verdict("static_int8", LENET, 1.05, vnni_bf16) == [
        "quant.why.int8_not_faster",
        "quant.why.vnni",
    ]
    assert speed_verdict("fp16", LENET, 8.0, vnni_bf16) == ["quant.why.fp16_emulated"]
    assert speed_verdict("bf16", MINILM, 0.6, vnni_bf16) == ["quant.why.bf16_native"]
    assert speed_verdict("bf16", LENET, 1.5, vnni_bf16) == ["quant.why.bf16_not_faster"]
    assert speed_verdict("bf16", LENET, 1.5, plain) == ["quant.why.bf16_emulated"]
    assert all(rule.key.startswith("quant.why.") for rule in RULES)


def test_every_key_has_both_languages():
    from components.i18n import STRINGS, t

    assert [key for key in i18n_keys() if key not in STRINGS] == []
    for key in i18n_keys():
        if key.startswith("quant.why."):
            assert "{" not in t(key, "en", ratio=0.5)  # placeholders filled


# --- MiniLM (slow: one load per module) -------------------------------------------------------


@pytest.fixture(scope="module")
def minilm() -> nn.Module:
    return load_model("minilm")


@pytest.fixture(scope="module")
def minilm_embeddings(minilm) -> torch.Tensor:
    return model_outputs(minilm, MINILM)


def minilm_cosine(variant: nn.Module, reference: torch.Tensor) -> float:
    return compare_outputs(reference, model_outputs(variant, MINILM), MINILM.task).mean_cosine


@pytest.mark.slow
def test_minilm_dynamic_int8_per_channel(minilm, minilm_embeddings):
    before = fingerprint(minilm)
    per_channel = quantize_model(minilm, MINILM, QuantSettings("dynamic_int8", per_channel=True))
    cosine = minilm_cosine(per_channel.model, minilm_embeddings)
    assert cosine >= 0.97
    assert len(per_channel.quantized_layers) == 37  # 6 layers × 6 Linear + pooler
    assert serialized_size_bytes(per_channel.model) < 0.7 * serialized_size_bytes(minilm)
    assert "quant.note.embeddings_fp32" in per_channel.notes
    kept = quantize_model(minilm, MINILM, QuantSettings(keep_fp32=(MINILM_MOST_SENSITIVE,)))
    assert minilm_cosine(kept.model, minilm_embeddings) > cosine + 0.002
    assert untouched(minilm, before)


@pytest.mark.slow
def test_minilm_static_int8_unsupported(minilm):
    with pytest.raises(UserFacingError) as err:
        quantize_model(minilm, MINILM, QuantSettings("static_int8"))
    assert err.value.key == "quant.error.unsupported"
    assert err.value.values["method"] == "static_int8"
    assert "torch.fx" in err.value.values["reason"]


@pytest.mark.slow
def test_minilm_bf16_keeps_the_encoder_interface(minilm, minilm_embeddings):
    result = quantize_model(minilm, MINILM, QuantSettings("bf16"))
    ids, _mask = MINILM.example_input(result.model, 2)  # tokenize() through the wrapper
    assert ids.dtype == torch.int64 and ids.shape == (2, 32)
    embedding = result.model.encode(["A cat sits on the mat."])
    assert embedding.dtype == torch.float32 and embedding.shape == (1, 384)
    assert minilm_cosine(result.model, minilm_embeddings) >= 0.999


@pytest.mark.slow
def test_minilm_quantizable_layers_skip_nothing_but_embeddings(minilm):
    names = [name for name, _ in quantizable_layers(minilm, "dynamic_int8")]
    assert MINILM_MOST_SENSITIVE in names and "encoder.pooler.dense" in names
    assert not any("embeddings" in name for name in names)
