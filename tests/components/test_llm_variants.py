"""Compressed variants of the code GPT: perplexity close to fp32, smaller, original untouched."""

from __future__ import annotations

import pytest
import torch

from components.llm import VARIANTS, build_variant, size_bytes, validation_perplexity
from models.gpt import load_gpt

# Perplexity on the first 2,048 validation tokens (fast), relative to fp32. Stated margins:
# int8 weight-only within 1 %, dynamic int8 (activations too) within 5 %, int4 within 15 %.
N_TOKENS = 2048
MARGIN = {"fp32": 0.0, "int8_weight_only": 0.01, "dynamic_int8": 0.05, "int4_weight_only": 0.15}


@pytest.fixture(scope="module")
def teacher():
    return load_gpt()


@pytest.fixture(scope="module")
def fp32_perplexity(teacher):
    return validation_perplexity(teacher, N_TOKENS).perplexity


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variant_perplexity_is_within_its_margin(name, teacher, fp32_perplexity):
    before = {k: v.clone() for k, v in teacher.state_dict().items()}
    variant = build_variant(name, teacher)
    ppl = validation_perplexity(variant, N_TOKENS).perplexity
    assert ppl == pytest.approx(fp32_perplexity, rel=MARGIN[name] or 1e-6)
    for key, value in teacher.state_dict().items():  # the shared model is never changed
        assert torch.equal(value, before[key]), key


def test_int8_weight_only_stores_int8_and_keeps_the_tied_head(teacher):
    variant = build_variant("int8_weight_only", teacher)
    q = variant.model.layers[0].mlp.up_proj.weight
    assert type(q).__name__ == "Int8Tensor"
    assert variant.lm_head.weight.dtype == torch.float32
    assert size_bytes(variant) < 0.5 * size_bytes(teacher)


def test_unknown_variant_is_refused(teacher):
    with pytest.raises(ValueError, match="unknown variant"):
        build_variant("int2", teacher)
