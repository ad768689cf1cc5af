"""Half precision: every weight cast to fp16 or bf16, callers still pass and get float32.

Whether it is faster depends on the CPU: without native fp16 arithmetic (AVX512-FP16 or AMX-FP16)
each fp16 op converts to fp32 and back, so fp16 mostly *costs* time and only halves the size.
bf16 matrix multiplications use AVX512-BF16 / AMX-BF16 through oneDNN where the CPU has them.
"""

from __future__ import annotations

import inspect
from typing import Any

import torch
from torch import nn

from components.profile import iter_layers
from components.progress import ProgressFn
from components.quantization.settings import QuantResult, QuantSettings
from models.registry import ModelSpec


def _cast(value: Any, dtype: torch.dtype) -> Any:
    """Floating tensors (also inside tuples and lists) to ``dtype``; everything else unchanged:
    token ids and masks stay int64, strings stay strings."""
    if isinstance(value, torch.Tensor):
        return value.to(dtype) if value.is_floating_point() else value
    if isinstance(value, tuple | list):
        return type(value)(_cast(v, dtype) for v in value)
    return value


class HalfPrecision(nn.Module):
    """Runs ``inner`` (already cast to ``dtype``) on float32 inputs and returns float32 outputs.

    The wrapped model's own methods (``encode``, ``tokenize``, ``forward_with_attention`` …) are
    reachable on the wrapper and cast at their boundary the same way, so a wrapped MiniLM still
    works with ``spec.example_input`` and :func:`components.quality.evaluate`.
    """

    def __init__(self, inner: nn.Module, dtype: torch.dtype):
        super().__init__()
        self.inner = inner
        self.dtype = dtype

    def _call(self, fn, *args: Any, **kwargs: Any) -> Any:
        out = fn(*_cast(args, self.dtype), **{k: _cast(v, self.dtype) for k, v in kwargs.items()})
        return _cast(out, torch.float32)

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        return self._call(self.inner, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        try:
            return super().__getattr__(name)  # parameters, buffers, submodules: self.inner
        except AttributeError:
            # While copying or unpickling, __dict__ may not hold the modules yet.
            inner = self.__dict__.get("_modules", {}).get("inner")
            if inner is None or name.startswith("__"):
                raise
        attr = getattr(inner, name)
        if inspect.ismethod(attr):
            return lambda *args, **kwargs: self._call(attr, *args, **kwargs)
        return attr


def quantize_half(
    model: nn.Module, spec: ModelSpec, settings: QuantSettings, progress: ProgressFn
) -> QuantResult:
    """Cast ``model`` (a private copy) to the settings' half dtype and wrap it."""
    dtype = settings.half_dtype
    assert dtype is not None, settings.method
    progress(0.2, f"casting weights to {dtype}")
    layers = [name for name, _ in iter_layers(model)]
    wrapped = HalfPrecision(model.to(dtype), dtype).eval()
    return QuantResult(
        model=wrapped,
        method=settings.method,
        # Shown on the English and the Chinese page alike: code only, no prose.
        library=f"torch.nn.Module.to({dtype}), float32 → {dtype} → float32",
        quantized_layers=layers,
    )
