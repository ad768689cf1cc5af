"""What this CPU can do natively, and why a quantized model got faster or slower on it."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import torch

from models.registry import ModelSpec

CPUINFO = Path("/proc/cpuinfo")
# Names a cpuinfo file to read instead of CPUINFO: the whole app (and the test suite) then runs
# as if on that CPU (its flags only; torch still dispatches to this machine's kernels).
CPUINFO_ENV = "MODELLENS_CPUINFO"
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
    # The two AMX tile instruction sets apart (None: same as ``amx``; every AMX CPU so far,
    # Sapphire Rapids onwards, has both). torch reaches AMX only through oneDNN.
    amx_int8: bool | None = None
    amx_bf16: bool | None = None

    def __post_init__(self) -> None:
        for name in ("amx_int8", "amx_bf16"):
            if getattr(self, name) is None:
                object.__setattr__(self, name, self.amx)

    @property
    def int8_dot(self) -> bool:
        """Native int8 dot products (VNNI or AMX), what int8 GEMM kernels need to be fast."""
        return self.avx512_vnni or self.avx_vnni or bool(self.amx_int8)


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


def cpuinfo_path() -> Path:
    """The cpuinfo file the app reads: ``$MODELLENS_CPUINFO`` if set, else ``/proc/cpuinfo``."""
    return Path(os.environ.get(CPUINFO_ENV) or CPUINFO)


def cpu_features(cpuinfo: Path | None = None) -> CpuFeatures:
    """The :class:`CpuFeatures` of ``cpuinfo`` (default :func:`cpuinfo_path`: this machine,
    unless ``MODELLENS_CPUINFO`` names a fake one). The one place the app learns its CPU."""
    return _read_features(Path(cpuinfo) if cpuinfo is not None else cpuinfo_path())


@functools.lru_cache(maxsize=8)
def _read_features(cpuinfo: Path) -> CpuFeatures:
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
        amx_int8="amx_int8" in flags,
        amx_bf16="amx_bf16" in flags,
    )


Speed = Literal["any", "faster", "not_faster"]
# A verdict says one thing per topic: why the measured speed came out as it did ("speed", always
# present), then, for int8, which int8 instructions this CPU has and which kernels used them.
Topic = Literal["speed", "int8_cpu"]
TOPICS: tuple[Topic, ...] = ("speed", "int8_cpu")
REQUIRED_TOPIC: Topic = "speed"


def _any_cpu(_f: CpuFeatures) -> bool:
    return True


@dataclass(frozen=True)
class Rule:
    """One line of the verdict table: ``key`` applies when every given condition holds."""

    key: str
    methods: tuple[str, ...] | None  # None: every method, present and future
    cpu: Callable[[CpuFeatures], bool] = _any_cpu
    speed: Speed = "any"  # or "faster" (ratio < FASTER) or "not_faster"
    inputs: tuple[str, ...] | None = None  # ModelSpec.input_kind values; None: every kind
    topic: Topic = "speed"

    def matches(self, method: str, input_kind: str, ratio: float, f: CpuFeatures) -> bool:
        return (
            (self.methods is None or method in self.methods)
            and (self.inputs is None or input_kind in self.inputs)
            and _speed_matches(self.speed, ratio)
            and self.cpu(f)
        )


INT8 = ("dynamic_int8", "static_int8")

# Read top to bottom: within each topic the first matching rule gives that topic's key, so a
# specific rule goes above the general one it refines. Every "speed" key takes {ratio} and names
# it; the last two rules match any method, CPU and input, so every verdict has its "speed" line.
# Facts behind the int8 lines (torch 2.13, x86 quantized engine): int8 Linear layers, dynamic or
# static, run on FBGEMM, which has AVX2/AVX-512/VNNI kernels and no AMX ones (pytorch/FBGEMM#649);
# static int8 convolutions go to oneDNN, which uses AMX-INT8, only where the CPU has AVX512-VNNI
# (should_use_onednn_quant in aten/src/ATen/native/quantized/cpu/OnednnUtils.h). Half precision:
# torch hands fp16/bf16 convolutions and matrix products to oneDNN where ideep reports fp16
# (avx512_fp16) or bf16 (avx512bw/vl/dq) support; oneDNN picks AMX tiles when present.
RULES: tuple[Rule, ...] = (
    # --- speed: int8 --------------------------------------------------------------------------
    Rule("quant.why.int8_faster", INT8, speed="faster"),
    Rule("quant.why.int8_overhead", INT8, speed="not_faster", inputs=("text",)),
    Rule("quant.why.int8_not_faster", INT8, speed="not_faster"),
    # --- speed: fp16 --------------------------------------------------------------------------
    Rule("quant.why.fp16_native", ("fp16",), cpu=lambda f: f.fp16_native, speed="faster"),
    Rule(
        "quant.why.fp16_native_not_faster",
        ("fp16",),
        cpu=lambda f: f.fp16_native,
        speed="not_faster",
    ),
    Rule("quant.why.fp16_emulated_faster", ("fp16",), speed="faster"),
    Rule("quant.why.fp16_emulated", ("fp16",), speed="not_faster"),
    # --- speed: bf16 --------------------------------------------------------------------------
    Rule("quant.why.bf16_amx", ("bf16",), cpu=lambda f: bool(f.amx_bf16), speed="faster"),
    Rule(
        "quant.why.bf16_amx_not_faster",
        ("bf16",),
        cpu=lambda f: bool(f.amx_bf16),
        speed="not_faster",
    ),
    Rule("quant.why.bf16_native", ("bf16",), cpu=lambda f: f.bf16_native, speed="faster"),
    Rule("quant.why.bf16_not_faster", ("bf16",), cpu=lambda f: f.bf16_native, speed="not_faster"),
    Rule("quant.why.bf16_emulated_faster", ("bf16",), speed="faster"),
    Rule("quant.why.bf16_emulated", ("bf16",), speed="not_faster"),
    # --- speed: any other method (the guaranteed general answer) ------------------------------
    Rule("quant.why.faster", None, speed="faster"),
    Rule("quant.why.not_faster", None, speed="not_faster"),
    # --- int8_cpu: which int8 instructions ran -----------------------------------------------
    Rule(
        "quant.why.amx_int8_static",
        ("static_int8",),
        cpu=lambda f: bool(f.amx_int8) and f.avx512_vnni,
        topic="int8_cpu",
    ),
    Rule("quant.why.amx_int8_unused", INT8, cpu=lambda f: bool(f.amx_int8), topic="int8_cpu"),
    Rule("quant.why.vnni", INT8, cpu=lambda f: f.avx512_vnni, topic="int8_cpu"),
    Rule("quant.why.avx_vnni_only", INT8, cpu=lambda f: f.avx_vnni, topic="int8_cpu"),
    Rule("quant.why.no_vnni", INT8, topic="int8_cpu"),
)


def _speed_matches(speed: Speed, ratio: float) -> bool:
    faster = ratio < FASTER  # NaN counts as not faster, so every ratio has an answer
    return {"any": True, "faster": faster, "not_faster": not faster}[speed]


def explain_speed(
    method: str, input_kind: str, latency_ratio: float, features: CpuFeatures
) -> list[str]:
    """i18n keys explaining the measured ``latency_ratio`` (variant / fp32) of ``method`` on a
    model taking ``input_kind`` inputs on a CPU with ``features``: the first matching
    :data:`RULES` line of each topic, the "speed" one first (always present; it takes {ratio})."""
    keys = []
    for topic in TOPICS:
        matching = (r for r in RULES if r.topic == topic)
        rule = next(
            (r for r in matching if r.matches(method, input_kind, latency_ratio, features)), None
        )
        if rule is not None:
            keys.append(rule.key)
        elif topic == REQUIRED_TOPIC:  # unreachable while RULES ends with the general answers
            raise LookupError(f"no {topic!r} rule for {method} at {latency_ratio}")
    return keys


def speed_verdict(
    method: str, spec: ModelSpec, latency_ratio: float, features: CpuFeatures
) -> list[str]:
    """:func:`explain_speed` for ``spec``'s model (what the page calls)."""
    return explain_speed(method, spec.input_kind, latency_ratio, features)
