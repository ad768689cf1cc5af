"""Representation drift: linear CKA between the original's and a variant's activations, layer
by layer, on the same fixed test sample (see :mod:`components.forgetting.cka`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

import torch
from torch import nn

from components.forgetting.activations import (
    candidate_layers,
    matching_name,
    recorded_activations,
)
from components.forgetting.cka import centered_gram, cka_from_grams
from components.shared_models import working_copy
from models.rng import check_seed

# Why a layer of the original has no CKA value (i18n keys, shown next to the chart).
REASON_MISSING = "forget.drift.reason.missing"  # the variant has no layer of that name
REASON_SILENT = "forget.drift.reason.silent"  # the variant has it, but it gave no float tensor
REASON_REUSED = "forget.drift.reason.reused"  # called more than once in one forward
REASON_ROWS = "forget.drift.reason.rows"  # its first dimension is not the examples
REASON_CONSTANT = "forget.drift.reason.constant"  # every example gives the same activation
# The variant's layer of that name is fused with the next (static int8 turns conv1 + relu1 into
# one ConvReLU2d): its output is the ReLU's, so comparing it with the original's conv1 would
# compare two different things.
REASON_FUSED = "forget.drift.reason.fused"
DRIFT_REASONS = (
    REASON_MISSING,
    REASON_SILENT,
    REASON_REUSED,
    REASON_ROWS,
    REASON_CONSTANT,
    REASON_FUSED,
)


@dataclass(frozen=True)
class DriftSettings:
    """Which test rows the CKA is computed on; pages draw the slider from the bounds."""

    # Linear CKA from fewer than ~50 examples is biased upwards for wide layers. The cost grows
    # with n² (Gram matrices): LeNet's 9 layers on 300 digits measured 35 ms for the variant
    # alone and 124 ms for both models (1 thread).
    N_RANGE: ClassVar[tuple[int, int]] = (50, 450)

    n_examples: int = 300  # 30 of each digit (components.forgetting.samples.stratified_indices)
    seed: int = 0

    def __post_init__(self) -> None:
        if not self.N_RANGE[0] <= self.n_examples <= self.N_RANGE[1]:
            raise ValueError(f"n_examples {self.n_examples} outside {self.N_RANGE}")
        check_seed(self.seed)


@dataclass(frozen=True, eq=False)  # holds tensors or arrays
class LayerGrams:
    """One model's centred Gram matrix per layer on one sample (what the page may cache for the
    original: computing them is most of the cost)."""

    order: list[str]  # layers in forward order
    grams: dict[str, torch.Tensor]  # layer → (n × n)
    widths: dict[str, int]  # layer → features per example
    reasons: dict[str, str] = field(default_factory=dict)  # layer → why it has no Gram matrix


@dataclass(frozen=True)
class LayerDrift:
    """CKA of one of the original's layers with the variant's layer of the same name."""

    layer: str  # the original's name
    cka: float | None  # None: not compared (see ``reason``)
    width_original: int | None
    width_variant: int | None
    reason: str | None = None  # i18n key from DRIFT_REASONS


@dataclass(frozen=True)
class DriftResult:
    """Linear CKA per layer between the original and one variant on ``n`` examples."""

    layers: list[LayerDrift]
    n: int

    @property
    def compared(self) -> list[LayerDrift]:
        return [layer for layer in self.layers if layer.cka is not None]

    @property
    def not_compared(self) -> list[LayerDrift]:
        return [layer for layer in self.layers if layer.cka is None]


@torch.inference_mode()
def layer_grams(
    model: nn.Module, inputs: tuple[torch.Tensor, ...], layers: Sequence[str] | None = None
) -> LayerGrams:
    """Centred Gram matrices of ``model``'s ``layers`` (default: every layer of
    :func:`~components.forgetting.activations.candidate_layers` that the forward calls) on
    ``inputs``, through hooks on a private copy."""
    private = working_copy(model).eval()
    names = list(layers) if layers is not None else candidate_layers(private)
    n = len(inputs[0])
    with recorded_activations(private, names) as recording:
        private(*inputs)
    grams, widths, reasons = {}, {}, {}
    for name in recording.order:
        features = recording.outputs[name]
        widths[name] = int(features.shape[1])
        if recording.calls[name] > 1:
            reasons[name] = REASON_REUSED
        elif features.shape[0] != n:
            reasons[name] = REASON_ROWS
        else:
            grams[name] = centered_gram(features)
    # Asked-for layers that never ran get a reason; found ones that never ran (an attention
    # module's out_proj, whose weight the attention reads directly) are no layers of the forward.
    silent = [name for name in names if name not in recording.outputs] if layers else []
    reasons.update(dict.fromkeys(silent, REASON_SILENT))
    return LayerGrams(recording.order + silent, grams, widths, reasons)


def _is_fused(module: nn.Module) -> bool:
    """A torch.ao fused module (``ConvReLU2d``, ``LinearReLU`` …), float or quantized."""
    return "intrinsic" in type(module).__module__.split(".")


def representation_drift(
    original: nn.Module,
    variant: nn.Module,
    inputs: tuple[torch.Tensor, ...],
    *,
    layers: Sequence[str] | None = None,
    original_grams: LayerGrams | None = None,
) -> DriftResult:
    """Linear CKA between each layer of ``original`` and the layer of ``variant`` with the same
    name (:func:`~components.forgetting.activations.matching_name`), on the same ``inputs``.

    Widths may differ (channel removal, a narrower student). A layer the variant lacks or that
    returns no float tensor (an int8 model's folded or fused layers) gets a reason instead.

    Args:
        original_grams: :func:`layer_grams` of ``original`` on the same ``inputs`` (cached by
            the page); computed here when missing.
    """
    reference = original_grams or layer_grams(original, inputs, layers)
    names = {name: matching_name(variant, name) for name in reference.grams}
    fused = {
        name
        for name, other in names.items()
        if other is not None and _is_fused(variant.get_submodule(other))
    }
    asked = [other for name, other in names.items() if other is not None and name not in fused]
    theirs = layer_grams(variant, inputs, asked)
    rows = []
    for name in reference.order:
        width = reference.widths.get(name)
        if name not in reference.grams:
            rows.append(LayerDrift(name, None, width, None, reference.reasons[name]))
            continue
        other = names[name]
        if other is None:
            rows.append(LayerDrift(name, None, width, None, REASON_MISSING))
        elif name in fused:
            rows.append(LayerDrift(name, None, width, theirs.widths.get(other), REASON_FUSED))
        elif other not in theirs.grams:
            reason = theirs.reasons.get(other, REASON_SILENT)
            rows.append(LayerDrift(name, None, width, theirs.widths.get(other), reason))
        else:
            cka = cka_from_grams(reference.grams[name], theirs.grams[other])
            constant = math.isnan(cka)  # one side does not vary
            rows.append(
                LayerDrift(
                    name,
                    None if constant else cka,
                    width,
                    theirs.widths[other],
                    REASON_CONSTANT if constant else None,
                )
            )
    return DriftResult(rows, len(inputs[0]))
