"""What this CPU can do natively, and why a quantized model got faster or slower on it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch

from models.registry import ModelSpec

CPUINFO = Path("/proc/cpuinfo")
FASTER = 0.9  # latency ratios below this count as a real speed-up (timings here swing ±10 %)


@dataclass(frozen=True)
class CpuFeatures:
    """Instruction-set facts from ``/proc/cpuinfo`` flags (all False where the file is absent)."""

    model_name: str
    capability: str  # torch.backends.cpu.get_cpu_capability(): the kernels torch dispatches to
    avx2: bool
    avx512: bool  # AVX-512 Foundation
    avx512_vnni: bool  # int8 dot products with int32 accumulation (512-bit)
    avx_vnni: bool  # the same on 256-bit registers
    amx: bool  # Advanced Matrix Extensions tiles (int8 / bf16 matrix multiply)
    fp16_native: bool  # avx512_fp16 or amx_fp16
    bf16_native: bool  # avx512_bf16 or amx_bf16

    @property
    def int8_dot(self) -> bool:
        """Native int8 dot products (VNNI or AMX), what int8 GEMM kernels need to be fast."""
        return self.avx512_vnni or self.avx_vnni or self.amx


def parse_cpuinfo(text: str) -> tuple[str, set[str]]:
    """The first processor's model name and flags."""
    name, flags = "", set()
    for line in text.splitlines():
        key, _, value = line.partition(":")
        key = key.strip()
        if key == "model name" and not name:
            name = value.strip()
        elif key == "flags" and not flags:
            flags = set(value.split())
    return name, flags


@functools.lru_cache(maxsize=4)
def cpu_features(cpuinfo: Path = CPUINFO) -> CpuFeatures:
    """This machine's :class:`CpuFeatures` (read once per path)."""
    try:
        name, flags = parse_cpuinfo(cpuinfo.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        name, flags = "", set()
    return CpuFeatures(
        model_name=name,
        capability=torch.backends.cpu.get_cpu_capability(),
        avx2="avx2" in flags,
        avx512="avx512f" in flags,
        avx512_vnni="avx512_vnni" in flags,
        avx_vnni="avx_vnni" in flags,
        amx=bool(flags & {"amx_int8", "amx_bf16", "amx_tile"}),
        fp16_native=bool(flags & {"avx512_fp16", "amx_fp16"}),
        bf16_native=bool(flags & {"avx512_bf16", "amx_bf16"}),
    )


@dataclass(frozen=True)
class Rule:
    """One line of the verdict table: ``key`` applies when every given condition holds."""

    key: str
    methods: tuple[str, ...]
    cpu: Callable[[CpuFeatures], bool] = lambda _f: True
    speed: str = "any"  # or "faster" (ratio < FASTER) or "not_faster"
    inputs: tuple[str, ...] = ("image", "text")  # ModelSpec.input_kind


INT8 = ("dynamic_int8", "static_int8")

# Read top to bottom; every matching rule contributes its key. Keys take {ratio} when shown.
RULES: tuple[Rule, ...] = (
    Rule("quant.why.no_vnni", INT8, cpu=lambda f: not f.int8_dot),
    Rule("quant.why.linear_heavy_speedup", INT8, speed="faster"),
    Rule("quant.why.tiny_model_overhead", INT8, speed="not_faster", inputs=("image",)),
    Rule("quant.why.int8_overhead", INT8, speed="not_faster", inputs=("text",)),
    Rule("quant.why.fp16_emulated", ("fp16",), cpu=lambda f: not f.fp16_native),
    Rule("quant.why.fp16_native", ("fp16",), cpu=lambda f: f.fp16_native, speed="faster"),
    Rule("quant.why.bf16_native", ("bf16",), cpu=lambda f: f.bf16_native, speed="faster"),
    Rule("quant.why.bf16_not_faster", ("bf16",), cpu=lambda f: f.bf16_native, speed="not_faster"),
    Rule("quant.why.bf16_emulated", ("bf16",), cpu=lambda f: not f.bf16_native),
)


def _speed_matches(speed: str, ratio: float) -> bool:
    return {"any": True, "faster": ratio < FASTER, "not_faster": ratio >= FASTER}[speed]


def speed_verdict(
    method: str, spec: ModelSpec, latency_ratio: float, features: CpuFeatures
) -> list[str]:
    """i18n keys explaining the measured ``latency_ratio`` (variant / fp32) of ``method`` on
    ``spec``'s model on a CPU with ``features``: one key per matching :data:`RULES` line."""
    return [
        rule.key
        for rule in RULES
        if method in rule.methods
        and spec.input_kind in rule.inputs
        and rule.cpu(features)
        and _speed_matches(rule.speed, latency_ratio)
    ]
