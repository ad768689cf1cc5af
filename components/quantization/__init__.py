"""The quantization backend of the Compress page (no streamlit here).

Dynamic int8 (torch.ao ``quantize_dynamic``), static int8 (torch.ao FX, calibrated on training
digits), fp16 and bf16 (weights cast, float32 at the boundary); always on a private copy, with
per-layer error, the int8 grid, and what this CPU can do natively to explain the measured speed.
"""

from components.quantization.error import LAYER_ERROR_COLUMNS, layer_quant_error, sqnr_db
from components.quantization.grid import Int8Grid, int8_grid, layer_int8_grid, layer_weight
from components.quantization.half import HalfPrecision
from components.quantization.hardware import RULES, CpuFeatures, cpu_features, speed_verdict
from components.quantization.quantize import check_settings, i18n_keys, quantize_model
from components.quantization.sensitivity import (
    SENSITIVITY_COLUMNS,
    layer_sensitivity,
    sensitive_layers,
)
from components.quantization.settings import (
    QUANT_METHODS,
    QuantMethod,
    QuantMethodName,
    QuantResult,
    QuantSettings,
)
from components.quantization.targets import quantizable_layers

__all__ = [
    "LAYER_ERROR_COLUMNS",
    "QUANT_METHODS",
    "RULES",
    "SENSITIVITY_COLUMNS",
    "CpuFeatures",
    "HalfPrecision",
    "Int8Grid",
    "QuantMethod",
    "QuantMethodName",
    "QuantResult",
    "QuantSettings",
    "check_settings",
    "cpu_features",
    "i18n_keys",
    "int8_grid",
    "layer_int8_grid",
    "layer_quant_error",
    "layer_sensitivity",
    "layer_weight",
    "quantizable_layers",
    "quantize_model",
    "sensitive_layers",
    "speed_verdict",
    "sqnr_db",
]
