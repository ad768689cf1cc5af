"""Dynamic int8: weights stored in int8, activations quantized on the fly for every batch.

``torch.ao.quantization.quantize_dynamic`` swaps each chosen ``nn.Linear`` for
``torch.ao.nn.quantized.dynamic.Linear`` (fbgemm/x86 int8 GEMM). It still runs in torch 2.13 and
warns that it is deprecated; torchao's replacement
(``quantize_(m, Int8DynamicActivationInt8WeightConfig())``) was measured here too and is *slower*
than fp32 in eager mode (MiniLM, batch 8 × 32 tokens: ≈1.2–1.5× the fp32 time, against ≈0.35× for
torch.ao) because it only pays off under ``torch.compile`` — so the page uses torch.ao.

What stays fp32: convolutions (dynamic quantization covers Linear only), embeddings,
LayerNorm, and ``nn.MultiheadAttention`` (its projections are called as tensors through
``F.multi_head_attention_forward``, which has no dynamic int8 kernel). On x86 the kernel
quantizes activations per tensor to 7 bits (``reduce_range=True``, which keeps pre-VNNI int16
accumulators from saturating): that, more than the weights, is where MiniLM's fidelity goes.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.ao.quantization import (
    default_dynamic_qconfig,
    per_channel_dynamic_qconfig,
    quantize_dynamic,
)

from components.progress import ProgressFn
from components.quantization.settings import QuantResult, QuantSettings
from components.quantization.targets import quantizable_layers, quiet_torch_ao
from models.registry import ModelSpec


def quantize_dynamic_int8(
    model: nn.Module, spec: ModelSpec, settings: QuantSettings, progress: ProgressFn
) -> QuantResult:
    """Quantize ``model`` (a private copy: changed in place) and say what ran."""
    qconfig = per_channel_dynamic_qconfig if settings.per_channel else default_dynamic_qconfig
    chosen = [
        name
        for name, _ in quantizable_layers(model, "dynamic_int8")
        if name not in settings.keep_fp32
    ]
    progress(0.1, f"int8 weights for {len(chosen)} Linear layers")
    with quiet_torch_ao():
        # Keys are layer names, so keep_fp32 layers get no qconfig and are left alone.
        quantize_dynamic(model, {name: qconfig for name in chosen}, dtype=torch.qint8, inplace=True)
    scheme = "per_channel_dynamic_qconfig" if settings.per_channel else "default_dynamic_qconfig"
    return QuantResult(
        model=model.eval(),
        method=settings.method,
        # Shown on the English and the Chinese page alike: code only, no prose.
        library=f"torch.ao.quantization.quantize_dynamic(qconfig={scheme}), "
        f"torch.backends.quantized.engine = {torch.backends.quantized.engine!r}",
        quantized_layers=chosen,
    )
