"""CPU features and the "why" of a measured quantization speed: a total, truthful table.

No test here reads the host's flags: each passes a ``CpuFeatures`` value, or a fake cpuinfo from
``tests/data/cpuinfo`` (a Sapphire Rapids-class Xeon with AMX and AVX512-FP16, an AVX2-only EPYC).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import get_args

import pytest

from components.i18n import STRINGS, t_text
from components.quantization import QUANT_METHODS, CpuFeatures, cpu_features, speed_verdict
from components.quantization.hardware import (
    CPUINFO,
    CPUINFO_ENV,
    FASTER,
    REQUIRED_TOPIC,
    RULES,
    cpuinfo_path,
    explain_speed,
)
from models.registry import InputKind, get_spec
from tests.conftest import CPUINFO_DIR

LENET = get_spec("lenet")
SPR = cpu_features(CPUINFO_DIR / "xeon_sapphire_rapids.txt")
EPYC = cpu_features(CPUINFO_DIR / "epyc_avx2.txt")
FLAGS = (
    "avx2",
    "avx512",
    "avx512_vnni",
    "avx_vnni",
    "amx",
    "fp16_native",
    "bf16_native",
    "amx_int8",
    "amx_bf16",
)
OUTCOMES = {"faster": (0.3, FASTER - 1e-9), "not_faster": (FASTER, 1.0, 8.0)}
INPUT_KINDS = get_args(InputKind)
INT8 = ("dynamic_int8", "static_int8")


def every_cpu() -> list[CpuFeatures]:
    """Every combination of the feature flags, possible on real hardware or not."""
    return [
        CpuFeatures(model_name="test", capability="AVX2", **dict(zip(FLAGS, values, strict=True)))
        for values in itertools.product((False, True), repeat=len(FLAGS))
    ]


def rule(key: str):
    return next(r for r in RULES if r.key == key)


# What each key's English text asserts about the CPU (and method): checked on every combination.
Claim = Callable[[CpuFeatures, str], bool]
CLAIMS: dict[str, Claim] = {
    "quant.why.fp16_native": lambda f, m: f.fp16_native,
    "quant.why.fp16_native_not_faster": lambda f, m: f.fp16_native,
    "quant.why.fp16_emulated_faster": lambda f, m: not f.fp16_native,
    "quant.why.fp16_emulated": lambda f, m: not f.fp16_native,
    "quant.why.bf16_amx": lambda f, m: f.amx_bf16,
    "quant.why.bf16_amx_not_faster": lambda f, m: f.amx_bf16,
    "quant.why.bf16_native": lambda f, m: f.bf16_native and not f.amx_bf16,
    "quant.why.bf16_not_faster": lambda f, m: f.bf16_native and not f.amx_bf16,
    "quant.why.bf16_emulated_faster": lambda f, m: not (f.bf16_native or f.amx_bf16),
    "quant.why.bf16_emulated": lambda f, m: not (f.bf16_native or f.amx_bf16),
    "quant.why.amx_int8_static": lambda f, m: m == "static_int8" and f.amx_int8 and f.avx512_vnni,
    "quant.why.amx_int8_unused": lambda f, m: (
        f.amx_int8 and not (m == "static_int8" and f.avx512_vnni)
    ),
    "quant.why.vnni": lambda f, m: f.avx512_vnni and not f.amx_int8,
    "quant.why.avx_vnni_only": lambda f, m: f.avx_vnni and not f.avx512_vnni and not f.amx_int8,
    "quant.why.no_vnni": lambda f, m: not (f.avx512_vnni or f.avx_vnni or f.amx_int8),
}


def test_fake_cpuinfo_files():
    assert SPR.model_name == "Intel(R) Xeon(R) Platinum 8480+"
    assert SPR.avx2 and SPR.avx512 and SPR.avx512_vnni and SPR.avx_vnni
    assert SPR.amx and SPR.amx_int8 and SPR.amx_bf16 and SPR.fp16_native and SPR.bf16_native
    assert EPYC.model_name.startswith("AMD EPYC 7763")
    assert EPYC.avx2 and not EPYC.int8_dot
    assert not any([EPYC.avx512, EPYC.amx, EPYC.amx_int8, EPYC.fp16_native, EPYC.bf16_native])


def test_env_var_names_the_cpuinfo(monkeypatch):
    monkeypatch.delenv(CPUINFO_ENV, raising=False)
    assert cpuinfo_path() == CPUINFO
    monkeypatch.setenv(CPUINFO_ENV, str(CPUINFO_DIR / "epyc_avx2.txt"))
    assert cpu_features() == EPYC
    monkeypatch.setenv(CPUINFO_ENV, str(CPUINFO_DIR / "xeon_sapphire_rapids.txt"))
    assert cpu_features() == SPR


def test_fake_cpu_fixture_sets_the_env(fake_cpu):
    assert cpu_features() == fake_cpu
    assert fake_cpu in (SPR, EPYC)


def test_amx_parts_default_to_amx():
    """Code written before ``amx_int8``/``amx_bf16`` existed builds CpuFeatures without them."""
    base = dict.fromkeys(FLAGS[:7], False)
    old_style = CpuFeatures(model_name="x", capability="AVX512", **{**base, "amx": True})
    assert old_style.amx_int8 is True and old_style.amx_bf16 is True and old_style.int8_dot
    plain = CpuFeatures(model_name="x", capability="AVX2", **base)
    assert plain.amx_int8 is False and plain.amx_bf16 is False and not plain.int8_dot


def test_every_combination_gets_a_true_explanation():
    """Flags × methods × both speed outcomes × input kinds: at least one key, the first one a
    "speed" line for the outcome that was measured, never the general fallback for a method of
    the app, an int8 CPU line for int8, AMX named where it changes the story, and every CPU
    claim in the text true of that CPU."""
    general = {r.key for r in RULES if r.methods is None}
    seen: set[str] = set()
    for cpu, method, (outcome, ratios), kind in itertools.product(
        every_cpu(), QUANT_METHODS, OUTCOMES.items(), INPUT_KINDS
    ):
        for ratio in ratios:
            keys = explain_speed(method, kind, ratio, cpu)
            case = (cpu, method, ratio, kind, keys)
            assert keys, case
            first = rule(keys[0])
            assert first.topic == REQUIRED_TOPIC and first.speed == outcome, case
            assert keys[0] not in general, case
            assert all(rule(k).topic != REQUIRED_TOPIC for k in keys[1:]), case
            if method in INT8:
                assert len(keys) == 2, case
            for key in keys:
                claim = CLAIMS.get(key)
                assert claim is None or claim(cpu, method), (key, case)
            english = " ".join(t_text(k, "en", ratio=ratio) for k in keys)
            if method in INT8 and cpu.amx_int8:
                assert "AMX-INT8" in english, case
            if method == "bf16" and cpu.amx_bf16:
                assert "AMX-BF16" in english, case
            seen.update(keys)
    assert seen == {r.key for r in RULES} - general  # no dead rule


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_an_unknown_method_still_gets_the_general_answer(outcome):
    ratio = OUTCOMES[outcome][0]
    keys = explain_speed("int4_future", "image", ratio, SPR)
    assert keys == [f"quant.why.{outcome}"]
    assert rule(keys[0]).methods is None and rule(keys[0]).inputs is None


def test_every_key_reads_in_both_languages_with_its_ratio():
    for r in RULES:
        assert r.key.startswith("quant.why.") and r.key in STRINGS
        for lang in ("en", "zh"):
            text = t_text(r.key, lang, ratio=1.234)
            assert "{" not in text
            if r.topic == REQUIRED_TOPIC:
                assert "1.23×" in text  # a speed line names the measured outcome


def test_nan_ratio_is_not_faster():
    assert explain_speed("fp16", "image", float("nan"), EPYC) == ["quant.why.fp16_emulated"]


# The verdicts for the two CPU kinds we model; issue 13's failing case is the fp16 one on SPR.
@pytest.mark.parametrize(
    ("cpu", "method", "ratio", "expected"),
    [
        (SPR, "fp16", 1.3, ["quant.why.fp16_native_not_faster"]),
        (SPR, "fp16", 0.6, ["quant.why.fp16_native"]),
        (EPYC, "fp16", 8.0, ["quant.why.fp16_emulated"]),
        (EPYC, "fp16", 0.8, ["quant.why.fp16_emulated_faster"]),
        (SPR, "bf16", 0.5, ["quant.why.bf16_amx"]),
        (SPR, "bf16", 1.5, ["quant.why.bf16_amx_not_faster"]),
        (EPYC, "bf16", 3.0, ["quant.why.bf16_emulated"]),
        (SPR, "static_int8", 1.05, ["quant.why.int8_not_faster", "quant.why.amx_int8_static"]),
        (SPR, "dynamic_int8", 0.7, ["quant.why.int8_faster", "quant.why.amx_int8_unused"]),
        (EPYC, "static_int8", 1.05, ["quant.why.int8_not_faster", "quant.why.no_vnni"]),
        (EPYC, "dynamic_int8", 0.4, ["quant.why.int8_faster", "quant.why.no_vnni"]),
    ],
)
def test_verdicts_on_the_modelled_cpus(cpu, method, ratio, expected):
    assert speed_verdict(method, LENET, ratio, cpu) == expected


def test_text_models_name_what_stays_in_fp32():
    assert explain_speed("dynamic_int8", "text", 1.2, SPR) == [
        "quant.why.int8_overhead",
        "quant.why.amx_int8_unused",
    ]
