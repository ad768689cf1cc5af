"""Compressed variants of the code GPT: one small function per method, behind one signature.

Every builder takes the fp32 teacher and returns a *new* model (the shared one is never touched).
What runs here (torchao 0.18, torch 2.13 CPU build), measured:

* ``int8_weight_only`` — ``quantize_(m, Int8WeightOnlyConfig())``: int8 weights per output
  channel, activations fp32; in eager mode the weights are dequantized on every call.
* ``int4_weight_only`` — ``Int4WeightOnlyConfig`` has **no CPU layout** in this build: its
  ``plain`` and ``preshuffled`` formats need the GPU library mslk, ``plain_int32`` says "does not
  support device 'cpu'", ``tile_packed_to_4d`` wants bf16 and CUDA. What runs on CPU is
  ``IntxWeightOnlyConfig(weight_dtype=torch.int4, granularity=PerGroup(16))``: int4 values in
  groups of 16 with one scale each, stored one value per byte (``IntxUnpackedToInt8Tensor``).
* ``dynamic_int8`` — ``torch.ao.quantization.quantize_dynamic`` on every ``nn.Linear`` except the
  tied output head: int8 weights *and* activations (quantized per call), fbgemm int8 GEMMs.

The output head shares its matrix with the token embedding (tied weights); quantizing it would
untie them, so every method keeps ``lm_head`` in fp32.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import nn

from components.quantization.targets import quiet_torch_ao

GROUP_SIZE = 16  # int4 group: divides both the width (160) and the FFN size (432 = 27 × 16)


def _linears_but_head(module: nn.Module, fqn: str) -> bool:
    return isinstance(module, nn.Linear) and not fqn.endswith("lm_head")


def int8_weight_only(model: nn.Module) -> nn.Module:
    """torchao int8 weight-only on every Linear but the tied head."""
    from torchao.quantization import Int8WeightOnlyConfig, quantize_

    model = copy.deepcopy(model)
    quantize_(model, Int8WeightOnlyConfig(), filter_fn=_linears_but_head)
    return model.eval()


def int4_weight_only(model: nn.Module) -> nn.Module:
    """torchao int4 weight-only, groups of :data:`GROUP_SIZE` (the CPU path: see the module
    docstring for why not ``Int4WeightOnlyConfig``)."""
    from torchao.quantization import IntxWeightOnlyConfig, quantize_
    from torchao.quantization.granularity import PerGroup

    model = copy.deepcopy(model)
    config = IntxWeightOnlyConfig(weight_dtype=torch.int4, granularity=PerGroup(GROUP_SIZE))
    quantize_(model, config, filter_fn=_linears_but_head)
    return model.eval()


def dynamic_int8(model: nn.Module) -> nn.Module:
    """torch.ao dynamic int8 (per-channel weights) on every Linear but the tied head."""
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    model = copy.deepcopy(model)
    names = {n for n, m in model.named_modules() if _linears_but_head(m, n)}
    with quiet_torch_ao():
        quantize_dynamic(model, dict.fromkeys(names, per_channel_dynamic_qconfig), inplace=True)
    return model.eval()


def fp32(model: nn.Module) -> nn.Module:
    """The original, copied."""
    return copy.deepcopy(model).eval()


@dataclass(frozen=True)
class Variant:
    """One way to make the model smaller or faster."""

    name: str
    build: Callable[[nn.Module], nn.Module]  # teacher → new model
    library: str  # the call that made it: code, shown as is in both languages


VARIANTS: dict[str, Variant] = {
    v.name: v
    for v in (
        Variant("fp32", fp32, "copy.deepcopy(model)"),
        Variant(
            "int8_weight_only",
            int8_weight_only,
            "torchao.quantization.quantize_(model, Int8WeightOnlyConfig())",
        ),
        Variant(
            "int4_weight_only",
            int4_weight_only,
            "torchao.quantization.quantize_(model, IntxWeightOnlyConfig("
            f"weight_dtype=torch.int4, granularity=PerGroup({GROUP_SIZE})))",
        ),
        Variant(
            "dynamic_int8",
            dynamic_int8,
            "torch.ao.quantization.quantize_dynamic(model, per_channel_dynamic_qconfig)",
        ),
    )
}


# The distilled 2-layer student beside the variants in tables: loaded from its own weights
# (models.gpt.load_gpt("gpt_student")), not built from the teacher.
STUDENT = "student"


def all_variants() -> dict[str, Variant]:
    """:data:`VARIANTS` and then the pruned ones (``components.llm.pruning.PRUNED_VARIANTS``:
    heads / FFN channels, 25 % and 50 %), in the order a table lists them."""
    from components.llm.pruning import PRUNED_VARIANTS  # it builds on Variant: imported here

    return VARIANTS | PRUNED_VARIANTS


def build_variant(name: str, teacher: nn.Module) -> nn.Module:
    """A new model: ``teacher`` compressed by the named method (``teacher`` is unchanged);
    ``name`` is one of :func:`all_variants`."""
    variants = VARIANTS if name in VARIANTS else all_variants()
    if name not in variants:
        raise ValueError(f"unknown variant {name!r}; one of {sorted(variants)}")
    return variants[name].build(teacher)
