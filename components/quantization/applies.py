"""Whether a quantization method applies to a model, decided from the model itself (its layers,
its inputs, whether torch.fx can trace it), never from its name; each "no" is an i18n key with
its values. Home's list (``components.capabilities``) and the Compress page both read this."""

from __future__ import annotations

from typing import Any

import torch
from torch import nn
from torch.ao.quantization import get_default_qconfig_mapping
from torch.ao.quantization.quantize_fx import prepare_fx

from components.quantization.static import BACKEND
from components.quantization.targets import quantizable_layers, quiet_torch_ao
from components.shared_models import working_copy
from models.registry import ModelSpec

Reason = tuple[str, dict[str, Any]]
ERROR_CHARS = 200  # an exception's first line is cut here in reasons
REASON_KEYS = (
    "quant.reason.no_linear",
    "quant.reason.no_layers",
    "quant.reason.several_inputs",
    "quant.reason.fx_trace",
)


def _short_error(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return (f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__)[:ERROR_CHARS]


def fx_trace_error(model: nn.Module, example: tuple[torch.Tensor, ...]) -> str | None:
    """None when torch.fx (``prepare_fx``, as static int8 runs it) traces a private copy of
    ``model``, else the error's first line. MiniLM fails here: BERT's forward slices with
    tensor-valued shapes."""
    mapping = get_default_qconfig_mapping(BACKEND)
    try:
        with quiet_torch_ao():
            prepare_fx(working_copy(model).eval(), mapping, example)
    except Exception as exc:  # tracing failures come in many types (TypeError, TraceError …)
        return _short_error(exc)
    return None


def method_reason(
    model: nn.Module,
    spec: ModelSpec,
    method: str,
    inputs: tuple[torch.Tensor, ...] | None = None,
) -> Reason | None:
    """None when ``method`` applies to ``model``, else (reason key, values).

    Dynamic int8 needs ``nn.Linear`` layers; static int8 needs layers it converts, one input
    (calibration feeds one tensor) and a forward torch.fx can trace; fp16/bf16 cast any model.
    ``inputs`` are example inputs (default: two rows of ``spec.example_input``).
    """
    if method not in ("dynamic_int8", "static_int8"):
        return None
    if not quantizable_layers(model, method):
        key = "quant.reason.no_linear" if method == "dynamic_int8" else "quant.reason.no_layers"
        return key, {}
    if method == "dynamic_int8":
        return None
    inputs = spec.example_input(model, 2) if inputs is None else inputs
    error = fx_trace_error(model, inputs)
    if error is not None:
        return "quant.reason.fx_trace", {"error": error}
    if len(inputs) != 1:
        return "quant.reason.several_inputs", {"inputs": len(inputs)}
    return None
