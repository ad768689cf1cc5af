"""What the numbers were measured on: library versions, the CPU and its instruction sets, the
threads, any GPU, and which backends can run."""

from __future__ import annotations

import importlib.metadata
import os
import platform
from dataclasses import dataclass, field

import torch

from components.acceleration.backends import BACKENDS, availability
from components.acceleration.timing import usable_cores
from components.capabilities import Capability
from components.quantization.hardware import cpu_features


def _version(package: str) -> str | None:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def _gpu_name() -> str | None:
    if torch.cuda.is_available():
        return torch.cuda.get_device_name(0)
    if torch.backends.mps.is_available():
        return "Apple GPU (MPS)"
    return None


@dataclass(frozen=True)
class EnvironmentReport:
    """The machine and software a benchmark ran on, for the page's "environment" panel."""

    torch_version: str
    onnxruntime_version: str | None  # None when not installed
    python_version: str
    cpu_model: str
    cpu_capability: str  # the kernel set torch dispatches to ("AVX512", "AVX2" …)
    logical_cores: int  # os.cpu_count()
    usable_cores: int  # this process's CPU affinity
    torch_threads: int
    avx2: bool
    avx512: bool
    vnni: bool  # int8 dot products (AVX512-VNNI, AVX-VNNI or AMX)
    amx: bool
    bf16_native: bool
    fp16_native: bool
    cuda: bool
    mps: bool
    gpu_name: str | None
    backends: dict[str, Capability] = field(default_factory=dict)

    def rows(self) -> list[tuple[str, str]]:
        """(field, value) pairs in display order, values as text; the page translates fields
        as ``accelerate.env.<field>``."""
        skip = {"backends"}
        return [
            (name, "—" if value is None else str(value))
            for name, value in self.__dict__.items()
            if name not in skip
        ]


def environment_report() -> EnvironmentReport:
    """Collect the :class:`EnvironmentReport` of this process (cheap: no model is loaded)."""
    features = cpu_features()
    return EnvironmentReport(
        torch_version=torch.__version__,
        onnxruntime_version=_version("onnxruntime"),
        python_version=platform.python_version(),
        cpu_model=features.model_name or platform.processor() or platform.machine(),
        cpu_capability=features.capability,
        logical_cores=os.cpu_count() or 1,
        usable_cores=usable_cores(),
        torch_threads=torch.get_num_threads(),
        avx2=features.avx2,
        avx512=features.avx512,
        vnni=features.int8_dot,
        amx=features.amx,
        bf16_native=features.bf16_native,
        fp16_native=features.fp16_native,
        cuda=torch.cuda.is_available(),
        mps=torch.backends.mps.is_available(),
        gpu_name=_gpu_name(),
        backends={name: availability(name) for name in BACKENDS},
    )
