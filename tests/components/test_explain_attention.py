"""Attention analysis and text attributions: real models, real sentences, numbers asserted.

Tolerances (measured values in brackets): attention rows sum to 1 within 1e-5 [≈1e-7];
Integrated Gradients completeness within |delta| + 1e-4, and |delta| under 5 % of the similarity
gap [|delta| 5e-4 of a 0.57 gap at 32 steps]. MiniLM is loaded once per module (about 2 s).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
import torch
from captum.attr import LayerIntegratedGradients

from components.errors import UserFacingError
from components.explain import attention, text
from components.explain.attention import (
    HEAD_VIEW_COLUMNS,
    attention_rollout,
    attention_token_scores,
    captured_attention,
    head_view_lines,
    rollout_cls_map,
    rollout_layer,
    text_attention,
    upsample_patch_map,
    vit_attention,
)
from components.explain.text import token_attributions
from components.i18n import STRINGS
from components.shared_models import fingerprint, leftover_hooks, working_copy
from models.data import load_digits_split
from models.registry import load_model

SENTENCE = "A man is playing a guitar on the stage."
REFERENCE = "Someone performs music with a guitar."


def random_attention(layers: int, heads: int, tokens: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    logits = rng.normal(size=(layers, heads, tokens, tokens))
    maps = np.exp(logits)
    return maps / maps.sum(axis=-1, keepdims=True)


# --- rollout on hand-made maps ---------------------------------------------------------------


@pytest.mark.parametrize("fusion", ["mean", "max", "min"])
@pytest.mark.parametrize("residual", [True, False])
def test_rollout_of_identity_attention_is_identity(fusion, residual):
    maps = np.broadcast_to(np.eye(5), (3, 2, 5, 5))
    for upto in (None, 0, 1, 2):
        rollout = attention_rollout(maps, upto, fusion, residual)
        np.testing.assert_allclose(rollout, np.eye(5), atol=1e-12)


def test_rollout_upto_layer_0_is_the_fused_residual_first_layer():
    maps = random_attention(3, 4, 6)
    expected = 0.5 * maps[0].mean(axis=0) + 0.5 * np.eye(6)
    np.testing.assert_allclose(attention_rollout(maps, upto_layer=0), expected, atol=1e-12)
    # max fusion no longer sums to 1 per row: the rollout renormalises
    fused_max = 0.5 * maps[0].max(axis=0) + 0.5 * np.eye(6)
    expected_max = fused_max / fused_max.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(
        attention_rollout(maps, upto_layer=0, head_fusion="max"), expected_max, atol=1e-12
    )


def test_rollout_multiplies_layers_from_the_input_up():
    maps = random_attention(3, 2, 4, seed=1)
    steps = [rollout_layer(maps[i]) for i in range(3)]
    np.testing.assert_allclose(attention_rollout(maps), steps[2] @ steps[1] @ steps[0])
    np.testing.assert_allclose(attention_rollout(maps, upto_layer=1), steps[1] @ steps[0])
    np.testing.assert_allclose(attention_rollout(maps).sum(axis=1), 1.0, atol=1e-12)


def test_rollout_rejects_bad_arguments():
    maps = random_attention(2, 2, 3)
    with pytest.raises(ValueError, match="upto_layer"):
        attention_rollout(maps, upto_layer=2)
    with pytest.raises(ValueError, match="head_fusion"):
        attention_rollout(maps, head_fusion="median")
    with pytest.raises(ValueError, match="layers, heads"):
        attention_rollout(maps[0])


def test_rollout_cls_map_and_upsampling():
    rollout = np.arange(50 * 50, dtype=float).reshape(50, 50)
    patch_map = rollout_cls_map(rollout, grid=7)
    assert patch_map.shape == (7, 7)
    assert patch_map[0, 0] == 1 and patch_map[1, 0] == 8  # row-major after the class token
    big = upsample_patch_map(patch_map, 28)
    assert big.shape == (28, 28)
    np.testing.assert_allclose(big[:4, :4], 1.0)  # nearest: each patch is a 4×4 block
    np.testing.assert_allclose(big[4:8, :4], 8.0)
    smooth = upsample_patch_map(patch_map, 28, mode="bilinear")
    assert smooth.min() >= patch_map.min() - 1e-4 and smooth.max() <= patch_map.max() + 1e-4
    with pytest.raises(ValueError):
        rollout_cls_map(rollout, grid=6)


# --- tiny_vit --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def vit():
    return load_model("tiny_vit")


def test_vit_attention_rows_sum_to_one(vit):
    split = load_digits_split()
    before = fingerprint(vit)
    att = vit_attention(vit, split.x_test[0])
    assert att.maps.shape == (4, 4, 50, 50)
    assert att.cls_to_patches.shape == (4, 4, 7, 7)
    assert att.grid == 7
    np.testing.assert_allclose(att.maps.sum(axis=-1), 1.0, atol=1e-5)
    np.testing.assert_array_equal(att.cls_to_patches[2, 1].ravel(), att.maps[2, 1, 0, 1:])
    np.testing.assert_allclose(att.cls_map(3), att.cls_to_patches[3].mean(axis=0))
    with torch.inference_mode():
        logits = vit(split.x_test[:1])[0].numpy()
    np.testing.assert_allclose(att.logits, logits, atol=1e-5)
    assert int(att.logits.argmax()) == int(split.y_test[0])
    rollout = attention_rollout(att.maps)
    np.testing.assert_allclose(rollout.sum(axis=1), 1.0, atol=1e-6)
    assert rollout_cls_map(rollout, att.grid).shape == (7, 7)
    assert fingerprint(vit) == before and leftover_hooks(vit) == 0


def test_vit_attention_wants_one_image(vit):
    with pytest.raises(ValueError, match="one image"):
        vit_attention(vit, load_digits_split().x_test[:2])


# --- MiniLM (slow: one load per module) ------------------------------------------------------


@pytest.fixture(scope="module")
def minilm():
    return load_model("minilm")


@pytest.mark.slow
def test_text_attention_rows_sum_to_one(minilm):
    att = text_attention(minilm, SENTENCE)
    n = len(att.tokens)
    assert att.tokens[0] == "[CLS]" and att.tokens[-1] == "[SEP]"
    assert att.tokens[1:4] == ["a", "man", "is"]
    assert att.maps.shape == (6, 12, n, n)
    np.testing.assert_allclose(att.maps.sum(axis=-1), 1.0, atol=1e-5)
    assert not att.truncated and att.n_tokens_original == n and att.unknown_tokens == 0


@pytest.mark.slow
def test_text_attention_leaves_no_hooks_on_the_shared_model(minilm):
    # transformers 5 installs 12 output-capturing hooks on the first output_attentions call;
    # SentenceEncoder.forward_with_attention removes them as soon as it returns.
    before = fingerprint(minilm)
    with captured_attention(minilm):
        batch = minilm.tokenize([SENTENCE])
        minilm.forward_with_attention(batch["input_ids"], batch["attention_mask"])
        assert leftover_hooks(minilm) == 0
    assert leftover_hooks(minilm) == 0
    first = text_attention(minilm, SENTENCE)
    again = text_attention(minilm, SENTENCE)  # hooks installed afresh, attention still there
    np.testing.assert_array_equal(first.maps, again.maps)
    assert leftover_hooks(minilm) == 0 and fingerprint(minilm) == before
    assert not getattr(minilm.encoder, "_output_capturing_hooks_installed", False)


def test_captured_attention_keeps_hooks_that_were_there():
    model = torch.nn.Sequential(torch.nn.Linear(2, 2))
    kept = model[0].register_forward_hook(lambda *_: None)
    with captured_attention(model):
        model[0].register_forward_hook(lambda *_: None)
        model[0].register_forward_hook(lambda *_: None, with_kwargs=True, always_call=True)
        assert leftover_hooks(model) == 3
    assert list(model[0]._forward_hooks) == [kept.id]
    assert not model[0]._forward_hooks_with_kwargs and not model[0]._forward_hooks_always_called


@pytest.mark.slow
def test_a_hundred_attention_calls_leave_nothing_behind(minilm):
    hooks_before = [len(m._forward_hooks) for m in minilm.modules()]
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # 7 ms a call; 2 threads beside another busy process: up to 400 ms
    try:
        for i in range(100):
            text_attention(minilm, f"Sentence number {i}.")
    finally:
        torch.set_num_threads(threads)
    assert [len(m._forward_hooks) for m in minilm.modules()] == hooks_before
    assert leftover_hooks(minilm) == 0


@pytest.mark.slow
def test_text_attention_truncates_long_input(minilm):
    long = " ".join(["word"] * 200)
    att = text_attention(minilm, long, max_tokens=32)
    assert att.truncated and att.max_tokens == 32
    assert att.n_tokens_original == 202
    assert len(att.tokens) == 32 and att.maps.shape == (6, 12, 32, 32)
    assert att.tokens[0] == "[CLS]" and att.tokens[-1] == "[SEP]"


@pytest.mark.slow
@pytest.mark.parametrize("sentence", ["", "   \n\t ", "\u200b"])
def test_empty_text_is_refused(minilm, sentence):
    with pytest.raises(UserFacingError) as err:
        text_attention(minilm, sentence)
    assert err.value.key == "explain.error.empty_text"


@pytest.mark.slow
def test_absurdly_long_text_is_refused(minilm):
    with pytest.raises(UserFacingError) as err:
        text_attention(minilm, "a" * 10_001)
    assert err.value.key == "explain.error.text_too_long"
    assert err.value.values == {"max_chars": 10_000}
    with pytest.raises(ValueError, match="max_tokens"):
        text_attention(minilm, SENTENCE, max_tokens=1000)


@pytest.mark.slow
def test_chinese_input_reports_unknown_tokens(minilm):
    att = text_attention(minilm, "今天天气很好，我们去公园散步吧。")
    assert att.unknown_tokens > 0
    assert att.unknown_tokens == att.tokens.count("[UNK]")


@pytest.mark.slow
def test_head_view_lines_keep_weights_above_threshold(minilm):
    att = text_attention(minilm, SENTENCE)
    lines = head_view_lines(att, layer=2, head=5, threshold=0.1)
    assert list(lines.columns) == list(HEAD_VIEW_COLUMNS)
    assert len(lines) == int((att.maps[2, 5] >= 0.1).sum()) > 0
    assert (lines["weight"] >= 0.1).all()
    row = lines.iloc[0]
    assert row["weight"] == pytest.approx(att.maps[2, 5, row["source"], row["target"]])
    assert row["source_token"] == att.tokens[row["source"]]
    # every query row sums to 1, so with threshold 0 every edge is there
    assert len(head_view_lines(att, 0, 0, threshold=0.0)) == len(att.tokens) ** 2
    with pytest.raises(ValueError, match="head"):
        head_view_lines(att, 0, 12)


@pytest.mark.slow
def test_attention_token_scores(minilm):
    att = text_attention(minilm, SENTENCE)
    cls_row = attention_token_scores(att, layer=5)
    np.testing.assert_allclose(cls_row, att.maps[5, :, 0].mean(axis=0), atol=1e-6)
    assert cls_row.sum() == pytest.approx(1.0, abs=1e-5)
    rolled = attention_token_scores(att)
    np.testing.assert_allclose(rolled, attention_rollout(att.maps)[0])
    assert attention_token_scores(att, 0, query="all").shape == (len(att.tokens),)
    words = attention_token_scores(att, layer=5, words_only=True)
    assert words[0] == 0 and words[-1] == 0 and words.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(words[1:-1], cls_row[1:-1] / cls_row[1:-1].sum())


@pytest.mark.slow
def test_token_attributions_complete_and_leave_the_model_untouched(minilm):
    before = fingerprint(minilm)
    result = token_attributions(minilm, SENTENCE, REFERENCE, n_steps=32)
    assert result.tokens == text_attention(minilm, SENTENCE).tokens
    assert result.scores.shape == (len(result.tokens),)

    # similarities measured independently on the shared model
    embeddings = minilm.encode([SENTENCE, REFERENCE])
    assert result.similarity == pytest.approx(float(embeddings[0] @ embeddings[1]), abs=1e-5)
    ids = minilm.tokenize([SENTENCE])["input_ids"]
    special = (ids == minilm.tokenizer.cls_token_id) | (ids == minilm.tokenizer.sep_token_id)
    baseline_ids = torch.where(special, ids, minilm.tokenizer.pad_token_id)
    with torch.inference_mode():
        baseline_sim = float(minilm(baseline_ids, torch.ones_like(ids))[0] @ embeddings[1])
    assert result.baseline_similarity == pytest.approx(baseline_sim, abs=1e-5)

    # completeness: sum of scores ≈ f(input) − f(baseline), within captum's delta
    gap = result.similarity - baseline_sim
    assert abs(result.scores.sum() - gap) <= abs(result.delta) + 1e-4
    assert abs(result.delta) < 0.05 * abs(gap)
    assert result.seconds > 0 and not result.truncated

    assert leftover_hooks(minilm) == 0
    assert fingerprint(minilm) == before


@pytest.mark.slow
def test_token_attributions_match_a_direct_captum_call(minilm):
    result = token_attributions(minilm, SENTENCE, REFERENCE, n_steps=8)
    model = working_copy(minilm)
    batch = model.tokenize([SENTENCE])
    ids, mask = batch["input_ids"], batch["attention_mask"]
    target = model.encode([REFERENCE])[0].clone()  # out of inference mode, for autograd
    baseline = ids.clone()
    baseline[0, 1:-1] = model.tokenizer.pad_token_id
    lig = LayerIntegratedGradients(
        lambda i, m: model(i, m) @ target, model.encoder.embeddings.word_embeddings
    )
    direct = lig.attribute(ids, baselines=baseline, additional_forward_args=(mask,), n_steps=8)
    np.testing.assert_allclose(result.scores, direct[0].sum(-1).double().numpy(), atol=1e-5)


@pytest.mark.slow
def test_concurrent_sessions_get_the_serial_results(minilm):
    """Attention, attributions and plain inference on one shared model from several threads."""
    other = "The weather is nice today."
    serial_att = text_attention(minilm, SENTENCE).maps
    serial_ig = token_attributions(minilm, SENTENCE, REFERENCE, n_steps=8).scores
    serial_emb = minilm.encode([other])

    jobs = [
        lambda: token_attributions(minilm, SENTENCE, REFERENCE, n_steps=8).scores,
        *[lambda: text_attention(minilm, SENTENCE).maps] * 4,
        *[lambda: minilm.encode([other])] * 4,
        lambda: token_attributions(minilm, SENTENCE, REFERENCE, n_steps=8).scores,
    ]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda job: job(), jobs))
    expected = [serial_ig, *[serial_att] * 4, *[serial_emb] * 4, serial_ig]
    for got, want in zip(results, expected, strict=True):
        np.testing.assert_allclose(np.asarray(got), np.asarray(want), atol=1e-5)
    assert leftover_hooks(minilm) == 0


@pytest.mark.slow
def test_token_attributions_refuse_empty_inputs(minilm):
    with pytest.raises(UserFacingError) as err:
        token_attributions(minilm, " ", REFERENCE)
    assert err.value.key == "explain.error.empty_text"
    with pytest.raises(UserFacingError) as err:
        token_attributions(minilm, SENTENCE, "")
    assert err.value.key == "explain.error.empty_reference"
    with pytest.raises(ValueError, match="n_steps"):
        token_attributions(minilm, SENTENCE, REFERENCE, n_steps=1)
    assert leftover_hooks(minilm) == 0


@pytest.mark.slow
def test_token_attributions_refuse_int8_variants(minilm):
    from components.quantization import QuantSettings, quantize_model
    from models.registry import get_spec

    variant = quantize_model(minilm, get_spec("minilm"), QuantSettings("dynamic_int8")).model
    assert text_attention(variant, SENTENCE).maps.shape[:2] == (6, 12)  # attention still works
    with pytest.raises(UserFacingError) as err:
        token_attributions(variant, SENTENCE, REFERENCE)
    assert err.value.key == "explain.error.not_differentiable"
    assert err.value.values == {"layer": "encoder.encoder.layer.0.attention.self.query"}


# --- strings ---------------------------------------------------------------------------------


def test_error_keys_have_strings():
    assert sorted({*attention.ERROR_KEYS, *text.ERROR_KEYS} - set(STRINGS)) == []
