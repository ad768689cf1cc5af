"""Static int8: weights *and* activations in int8, activation ranges fixed by calibration.

Two paths exist on torch 2.13; both were tried on LeNet and the Tiny ViT (batch 64, 2 threads):

* **torch.ao FX** (``prepare_fx`` / ``convert_fx`` with the x86 qconfig mapping) — used here.
  It traces the model, inserts observers, and after calibration swaps in real int8 modules
  (``QuantizedConvReLU2d``, ``QuantizedLinear``, quantized LayerNorm/add) that run fbgemm/oneDNN
  kernels in eager mode. The state dict shrinks (LeNet 90.8 kB → 32.1 kB), no compiler needed.
* **torchao PT2E** (``torch.export`` → ``prepare_pt2e``/``convert_pt2e`` with
  ``X86InductorQuantizer``) works too, but the converted graph is quantize/dequantize ops around
  fp32 kernels: 2–4× *slower* than fp32 in eager mode and *larger* (LeNet 116 kB), paying off only
  after ``torch.compile`` with ``freezing=True`` (8–16 s per compile here). Not interactive.

``nn.MultiheadAttention`` is a leaf for FX and has no static int8 kernel, so the ViT's attention
stays fp32 between dequantize/quantize pairs. MiniLM cannot be traced by ``torch.fx`` at all
(BERT's forward slices with tensor-valued shapes), so the method does not apply to it.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.ao.quantization import (
    QConfig,
    default_weight_observer,
    get_default_qconfig,
    get_default_qconfig_mapping,
)
from torch.ao.quantization.observer import HistogramObserver
from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx

from components.errors import UserFacingError
from components.progress import ProgressFn
from components.quantization.settings import QuantResult, QuantSettings
from components.quantization.targets import quiet_torch_ao
from components.runtime import seeded_global_rng, thread_safe_fx
from models.registry import ModelSpec

# prepare_fx traces with torch.fx, which patches nn.Module for every thread of the server while
# it runs: bind the patches to the tracing thread (see components.runtime).
thread_safe_fx()

BACKEND = "x86"  # torch's default quantized engine on x86 (fbgemm + oneDNN)

# Modules of the converted graph that hold int8 weights (fused ConvReLU/LinearReLU subclass them).
INT8_WEIGHT_MODULES: tuple[type[nn.Module], ...] = (
    torch.ao.nn.quantized.Linear,
    torch.ao.nn.quantized.Conv1d,
    torch.ao.nn.quantized.Conv2d,
    torch.ao.nn.quantized.Conv3d,
)


def static_qconfig(per_channel: bool) -> QConfig:
    """The x86 default (histogram activation observer, 7-bit activations, per-channel symmetric
    weights), or the same with one symmetric scale per weight tensor."""
    if per_channel:
        return get_default_qconfig(BACKEND)
    return QConfig(
        activation=HistogramObserver.with_args(reduce_range=True), weight=default_weight_observer
    )


def calibration_batches(
    spec: ModelSpec, count: int, size: int = QuantSettings.CALIBRATION_BATCH
) -> list[torch.Tensor]:
    """The first ``count`` batches of ``size`` items of the fixed training split (a brought
    model without training data calibrates on its test inputs: the only data there is)."""
    data = spec.load_data()
    x = data.x_train if getattr(data, "x_train", None) is not None else data.x_test
    batches = [x[i * size : (i + 1) * size] for i in range(count)]
    return [b for b in batches if len(b)]  # a small data set runs out before ``count``


def quantize_static_int8(
    model: nn.Module, spec: ModelSpec, settings: QuantSettings, progress: ProgressFn
) -> QuantResult:
    """Trace, calibrate on training digits, convert. ``model`` is a private copy."""
    mapping = get_default_qconfig_mapping(BACKEND).set_global(static_qconfig(settings.per_channel))
    for name in settings.keep_fp32:
        mapping.set_module_name(name, None)
    progress(0.05, "tracing the model with torch.fx")
    with quiet_torch_ao():
        try:
            prepared = prepare_fx(model.eval(), mapping, spec.example_input(model, 1))
        except Exception as err:  # tracing failures come in many types (TypeError, TraceError …)
            raise UserFacingError(
                "quant.error.unsupported",
                method=settings.method,
                model=spec.title,
                reason=f"torch.fx could not trace it ({type(err).__name__})",
            ) from err
        batches = calibration_batches(spec, settings.calibration_batches)
        with torch.no_grad():  # observers update their buffers: plain no_grad, not inference
            for i, batch in enumerate(batches):
                prepared(batch)
                progress(0.1 + 0.8 * (i + 1) / len(batches), f"calibration {i + 1}/{len(batches)}")
        progress(0.95, "converting to int8 modules")
        with seeded_global_rng(None):  # it draws from the generator that every session shares
            quantized = convert_fx(prepared)
    layers = [n for n, m in quantized.named_modules() if isinstance(m, INT8_WEIGHT_MODULES)]
    scheme = "per_channel" if settings.per_channel else "per_tensor"
    return QuantResult(
        model=quantized.eval(),
        method=settings.method,
        # Shown on the English and the Chinese page alike: code only, no prose.
        library="torch.ao.quantization.quantize_fx.prepare_fx + convert_fx("
        f"get_default_qconfig_mapping({BACKEND!r}), {scheme}, "
        f"calibration={len(batches)}×{settings.CALIBRATION_BATCH})",
        quantized_layers=layers,
    )
