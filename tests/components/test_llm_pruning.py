"""Head and FFN pruning of the code GPT: exact sizes, the same function as zeroing what was
removed, a config HF can use, perplexity measured, the shared model untouched."""

from __future__ import annotations

import math

import pytest
import torch

from components.llm import GenerationSettings, generate_ids, validation_perplexity
from components.llm.pruning import PRUNED_VARIANTS, prune_llm
from components.llm.side_by_side import first_divergence
from components.llm.variants import VARIANTS, all_variants, build_variant
from models.gpt import load_gpt, parameter_count

LAYERS, WIDTH, HEADS, HEAD_DIM, FFN = 4, 160, 4, 40, 432
ORIGINAL_PARAMS = 1_568_160
# Removed per layer: a head is HEAD_DIM rows of q, k, v and HEAD_DIM columns of o (4 × 160 × 40);
# an FFN channel is a row of gate and up and a column of down (3 × 160).
EXPECTED = {
    ("heads", 0.25): (3, FFN, ORIGINAL_PARAMS - LAYERS * 1 * 4 * WIDTH * HEAD_DIM),  # 1,465,760
    ("heads", 0.5): (2, FFN, ORIGINAL_PARAMS - LAYERS * 2 * 4 * WIDTH * HEAD_DIM),  # 1,363,360
    ("ffn", 0.25): (HEADS, 324, ORIGINAL_PARAMS - LAYERS * 108 * 3 * WIDTH),  # 1,360,800
    ("ffn", 0.5): (HEADS, 216, ORIGINAL_PARAMS - LAYERS * 216 * 3 * WIDTH),  # 1,153,440
}


@pytest.fixture(scope="module")
def teacher():
    return load_gpt()


@pytest.fixture(scope="module")
def pruned(teacher):
    before = {k: v.clone() for k, v in teacher.state_dict().items()}
    results = {key: prune_llm(teacher, *key) for key in EXPECTED}
    for key, value in teacher.state_dict().items():  # the shared model is never changed
        assert torch.equal(value, before[key]), key
    assert parameter_count(teacher) == ORIGINAL_PARAMS
    return results


@pytest.mark.parametrize("key", list(EXPECTED), ids=lambda k: f"{k[0]}_{k[1]}")
def test_sizes_shapes_and_config(key, pruned):
    heads, ffn, params = EXPECTED[key]
    model, report = pruned[key]
    assert parameter_count(model) == params
    assert [len(r) for r in report.removed] == [
        HEADS - heads if key[0] == "heads" else FFN - ffn
    ] * 4
    for layer in model.model.layers:
        a, m = layer.self_attn, layer.mlp
        assert a.q_proj.weight.shape == a.k_proj.weight.shape == (heads * HEAD_DIM, WIDTH)
        assert a.v_proj.weight.shape == (heads * HEAD_DIM, WIDTH)
        assert a.o_proj.weight.shape == (WIDTH, heads * HEAD_DIM)
        assert m.gate_proj.weight.shape == m.up_proj.weight.shape == (ffn, WIDTH)
        assert m.down_proj.weight.shape == (WIDTH, ffn)
    c = model.config
    assert (c.num_attention_heads, c.num_key_value_heads, c.intermediate_size) == (
        heads,
        heads,
        ffn,
    )
    assert c.head_dim == HEAD_DIM and c.hidden_size == WIDTH
    assert model.lm_head.weight is model.model.embed_tokens.weight  # still tied


@pytest.mark.parametrize("key", list(EXPECTED), ids=lambda k: f"{k[0]}_{k[1]}")
def test_pruned_equals_the_original_with_the_removed_parts_zeroed(key, teacher, pruned):
    """Removing a head (or FFN channel) is the same function as zeroing its o_proj (down_proj)
    input columns: the library removed exactly what it reported, and nothing else moved."""
    model, report = pruned[key]
    zeroed = load_gpt()
    with torch.no_grad():
        for layer, removed in zip(zeroed.model.layers, report.removed, strict=True):
            if key[0] == "heads":
                for h in removed:
                    layer.self_attn.o_proj.weight[:, h * HEAD_DIM : (h + 1) * HEAD_DIM] = 0
            else:
                layer.mlp.down_proj.weight[:, list(removed)] = 0
    ids = torch.randint(0, 2048, (2, 32), generator=torch.Generator().manual_seed(0))
    with torch.inference_mode():
        assert torch.allclose(model(input_ids=ids).logits, zeroed(input_ids=ids).logits, atol=1e-4)


@pytest.mark.parametrize("key", list(EXPECTED), ids=lambda k: f"{k[0]}_{k[1]}")
def test_generation_runs_with_and_without_the_cache(key, pruned):
    model, _ = pruned[key]
    prompt = torch.tensor([[5, 6, 7, 8]])
    on = generate_ids(model, prompt, GenerationSettings(16, stop_at_end=False))
    off = generate_ids(model, prompt, GenerationSettings(16, stop_at_end=False, use_cache=False))
    assert on.shape == (1, 20)
    assert first_divergence(on[0].tolist(), off[0].tolist()) is None


def test_perplexity_is_finite_and_worse_than_the_original(teacher, pruned):
    fp32 = validation_perplexity(teacher, 2048)
    for key, (model, _) in pruned.items():
        ppl = validation_perplexity(model, 2048)
        assert ppl.tokens == fp32.tokens == 2040
        assert math.isfinite(ppl.perplexity) and ppl.perplexity > fp32.perplexity, key


def test_registered_as_variants(teacher):
    names = list(all_variants())
    assert names[: len(VARIANTS)] == list(VARIANTS)
    assert names[len(VARIANTS) :] == ["heads_25", "heads_50", "ffn_25", "ffn_50"]
    assert set(PRUNED_VARIANTS) == set(names[len(VARIANTS) :])
    model = build_variant("ffn_50", teacher)
    assert parameter_count(model) == EXPECTED[("ffn", 0.5)][2]


def test_bad_requests_are_refused(teacher):
    with pytest.raises(ValueError, match="unknown pruning"):
        prune_llm(teacher, "layers", 0.5)
    with pytest.raises(ValueError, match="outside"):
        prune_llm(teacher, "heads", 1.0)


@pytest.mark.slow
def test_lesson_measure_llm_perplexity_ratio(teacher):
    from components.lesson_checks import MEASURES
    from components.lesson_checks.compress import llm_perplexity_ratio

    assert MEASURES["llm_perplexity_ratio"].unit == "ratio"
    fp32 = validation_perplexity(teacher).perplexity
    int8 = validation_perplexity(build_variant("int8_weight_only", teacher)).perplexity
    heads = validation_perplexity(build_variant("heads_50", teacher)).perplexity
    assert llm_perplexity_ratio({"model": "gpt"}, "") == pytest.approx(int8 / fp32)
    assert llm_perplexity_ratio({"model": "gpt"}, "heads_50") == pytest.approx(heads / fp32)
    assert llm_perplexity_ratio({"model": "gpt", "llm_variant": "heads_50"}, "") > 1.2
