"""The same continuation attributed on the original and on a quantized copy, with their rank
correlation: does weight-only quantization keep what the model's answer rests on?"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.stats import spearmanr
from torch import nn

from components.llm.attribution import PERTURBATION_METHODS, PromptAttribution, attribute_prompt
from components.llm.variants import build_variant
from models.errors import UserFacingError

# The quantized variants offered for comparison (components.llm.variants builds them).
COMPARE_VARIANTS = ("int8_weight_only", "int4_weight_only", "dynamic_int8")
# torch.ao's dynamic int8 Linear has no autograd kernel: gradients through it come back as
# zeros (with a warning), so gradient methods would compare against nothing. Measured here.
NO_GRADIENTS = frozenset({"dynamic_int8"})
MIN_RANKED = 3  # two values always correlate at ±1: no evidence of agreement


@dataclass(frozen=True)
class AttributionComparison:
    """One target attributed on the original and on ``variant``."""

    variant: str
    original: PromptAttribution
    quantized: PromptAttribution
    spearman_sequence: float  # of the per-prompt-token sequence attributions (nan if constant)
    spearman_tokens: float  # of every (generated token, prompt token) cell
    same_top_token: bool  # both put their largest sequence attribution on the same prompt token


def rank_correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman's ρ of the signed values of ``a`` and ``b`` (flattened); nan when either is
    constant or has fewer than :data:`MIN_RANKED` values (no ranking to compare)."""
    x, y = np.ravel(np.asarray(a, dtype=np.float64)), np.ravel(np.asarray(b, dtype=np.float64))
    if x.size < MIN_RANKED or np.ptp(x) == 0 or np.ptp(y) == 0:
        return math.nan
    return float(spearmanr(x, y).statistic)


def compare_attributions(
    model: nn.Module,
    tokenizer,
    prompt: str,
    target: str,
    method: str,
    variant: str = "int8_weight_only",
) -> AttributionComparison:
    """Attribute ``target`` after ``prompt`` with ``method`` on ``model`` and on a new copy
    quantized by ``variant`` (``model`` is unchanged)."""
    if variant not in COMPARE_VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; one of {COMPARE_VARIANTS}")
    if variant in NO_GRADIENTS and method not in PERTURBATION_METHODS:
        raise UserFacingError("explain.llm_error.no_gradients", variant=variant)
    original = attribute_prompt(model, tokenizer, prompt, target=target, method=method)
    quantized_model = build_variant(variant, model)
    quantized = attribute_prompt(quantized_model, tokenizer, prompt, target=target, method=method)
    return AttributionComparison(
        variant,
        original,
        quantized,
        rank_correlation(original.seq_attr.numpy(), quantized.seq_attr.numpy()),
        rank_correlation(original.token_attr.numpy(), quantized.token_attr.numpy()),
        int(original.seq_attr.argmax()) == int(quantized.seq_attr.argmax()),
    )
