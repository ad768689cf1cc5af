"""``quantize_model``: one entry point for every method, always on a private copy."""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

from components.errors import UserFacingError
from components.i18n import t_text
from components.progress import ProgressFn, no_progress
from components.quantization.applies import REASON_KEYS, method_reason
from components.quantization.dynamic import quantize_dynamic_int8
from components.quantization.half import quantize_half
from components.quantization.hardware import RULES, cpu_features
from components.quantization.settings import QUANT_METHODS, QuantResult, QuantSettings
from components.quantization.static import quantize_static_int8
from components.quantization.targets import CONV_TYPES, has_module, quantizable_layers
from components.shared_models import working_copy
from models.registry import ModelSpec

Quantizer = Callable[[nn.Module, ModelSpec, QuantSettings, ProgressFn], QuantResult]

QUANTIZERS: dict[str, Quantizer] = {
    "dynamic_int8": quantize_dynamic_int8,
    "static_int8": quantize_static_int8,
    "fp16": quantize_half,
    "bf16": quantize_half,
}
assert set(QUANTIZERS) == set(QUANT_METHODS), "every method in QUANT_METHODS needs a quantizer"


ERROR_KEYS = ("quant.error.unsupported", "quant.error.keep_int8_only", "quant.error.unknown_layers")


def _notes(original: nn.Module, settings: QuantSettings) -> dict[str, bool]:
    """Every caveat key, and whether it applies to this model, method and CPU."""
    method = settings.method
    int8 = settings.is_int8
    return {
        "quant.note.dynamic_linear_only": method == "dynamic_int8"
        and has_module(original, CONV_TYPES),
        "quant.note.attention_fp32": int8 and has_module(original, nn.MultiheadAttention),
        "quant.note.embeddings_fp32": int8 and has_module(original, nn.Embedding),
        "quant.note.activations_7bit": int8
        and torch.backends.quantized.engine in ("x86", "fbgemm"),
        "quant.note.static_calibration": method == "static_int8",
        "quant.note.fp16_cpu_slow": method == "fp16" and not cpu_features().fp16_native,
        "quant.note.bf16_mantissa": method == "bf16",
    }


def i18n_keys() -> list[str]:
    """Every translation key this backend can hand to the page (for the i18n test)."""
    return sorted(
        {info.label_key for info in QUANT_METHODS.values()}
        | set(_notes(nn.Identity(), QuantSettings()))
        | {rule.key for rule in RULES}
        | set(ERROR_KEYS)
        | set(REASON_KEYS)
    )


def check_settings(model: nn.Module, spec: ModelSpec, settings: QuantSettings) -> None:
    """Raise :class:`UserFacingError` when ``settings`` cannot quantize ``model`` (cheap)."""
    why = method_reason(model, spec, settings.method)
    if why is not None:
        reason_key, values = why
        raise UserFacingError(
            "quant.error.unsupported",
            method=settings.method,
            model=spec.title,
            # English for logs and the generic warning; pages translate reason_key themselves.
            reason=t_text(reason_key, "en", **values),
            reason_key=reason_key,
        )
    if settings.keep_fp32 and not settings.is_int8:
        raise UserFacingError("quant.error.keep_int8_only", method=settings.method)
    known = {name for name, _ in quantizable_layers(model, settings.method)}
    if unknown := [name for name in settings.keep_fp32 if name not in known]:
        raise UserFacingError(
            "quant.error.unknown_layers", method=settings.method, layers=", ".join(unknown)
        )


def quantize_model(
    model: nn.Module,
    spec: ModelSpec,
    settings: QuantSettings,
    progress: ProgressFn | None = None,
) -> QuantResult:
    """Quantize a private copy of ``model`` (never ``model`` itself) as ``settings`` say.

    Returns:
        The quantized copy — it takes ``spec.example_input(copy, b)`` and returns float32
        outputs of the original's shape — with the library call that ran, caveat notes and the
        converted layers.

    Raises:
        UserFacingError: ``quant.error.unsupported`` (method does not apply to the model, or the
            model cannot be traced), ``quant.error.keep_int8_only``, ``quant.error.unknown_layers``.
    """
    progress = progress or no_progress
    check_settings(model, spec, settings)
    progress(0.0, "copying the model")
    copy = working_copy(model).eval()
    result = QUANTIZERS[settings.method](copy, spec, settings, progress)
    result.notes = [
        *result.notes,
        *(k for k, applies in _notes(model, settings).items() if applies),
    ]
    progress(1.0, "done")
    return result
