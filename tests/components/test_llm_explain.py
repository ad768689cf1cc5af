"""The code GPT's explanation backend: prompts, decoder attention, Shapley sampling, original vs
quantized attributions and their charts — checked against direct library calls."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from captum.attr import LLMAttribution, ShapleyValueSampling, TextTokenInput

from components.llm.attention import decoder_attention, eager_copy
from components.llm.attribution import (
    SHAPLEY_SAMPLES,
    attribute_prompt,
    expected_passes,
    logit_lens,
)
from components.llm.charts import token_bars, token_heatmap
from components.llm.compare import compare_attributions, rank_correlation
from components.llm.generation import GenerationSettings, generate_ids
from components.llm.prompts import (
    MAX_PROMPT_TOKENS,
    check_prompt,
    continue_greedily,
    token_labels,
    visible,
)
from components.runtime import seeded_global_rng
from models.errors import UserFacingError
from models.gpt import load_gpt, load_tokenizer

PROMPT = "for key, value in items:\n    if"
SHORT = "import os\nimport"


@pytest.fixture(scope="module")
def gpt():
    return load_gpt()


@pytest.fixture(scope="module")
def tokenizer():
    return load_tokenizer()


def weights(model) -> dict[str, torch.Tensor]:
    return {k: v.clone() for k, v in model.state_dict().items()}


def same_weights(model, before) -> bool:
    return all(torch.equal(v, before[k]) for k, v in model.state_dict().items())


# --- prompts -----------------------------------------------------------------------------------


def test_check_prompt_refuses_empty_and_overlong_prompts(tokenizer):
    for blank in ("", "   \n\t"):
        with pytest.raises(UserFacingError) as err:
            check_prompt(tokenizer, blank)
        assert err.value.key == "explain.llm_error.empty"
    long = "x = 1\n" * 200
    with pytest.raises(UserFacingError) as err:
        check_prompt(tokenizer, long)
    assert err.value.key == "explain.llm_error.too_long"
    assert err.value.values == {
        "n": len(tokenizer.encode(long, add_special_tokens=False)),
        "max": MAX_PROMPT_TOKENS,
    }
    assert check_prompt(tokenizer, PROMPT) == tokenizer.encode(PROMPT, add_special_tokens=False)


def test_continuation_is_the_greedy_generation(gpt, tokenizer):
    cont = continue_greedily(gpt, tokenizer, PROMPT, 5)
    ids = torch.tensor([tokenizer.encode(PROMPT, add_special_tokens=False)])
    direct = generate_ids(gpt, ids, GenerationSettings(max_new_tokens=5, stop_at_end=False))
    assert cont.ids.tolist() == direct.tolist()
    assert len(cont.new_ids) == 5
    assert cont.completion == tokenizer.decode(list(cont.new_ids))
    with pytest.raises(ValueError):
        continue_greedily(gpt, tokenizer, PROMPT, 0)


def test_labels_show_whitespace_and_stay_unique():
    assert visible(" key") == "␣key"
    assert visible("\n    ") == "↵␣␣␣␣"
    assert visible("") == "∅"
    labels = token_labels([" in", " in", "\t"], start=3)
    assert labels == ["3 ␣in", "4 ␣in", "5 ⇥"]


# --- decoder attention -------------------------------------------------------------------------


def test_attention_is_causal_rows_sum_to_one_and_match_an_eager_model(gpt, tokenizer):
    cont = continue_greedily(gpt, tokenizer, SHORT, 3)
    before = weights(gpt)
    att = decoder_attention(gpt, tokenizer, cont.ids, len(cont.prompt_ids))
    n = cont.ids.shape[1]
    assert att.maps.shape == (4, 4, n, n)
    np.testing.assert_allclose(att.maps.sum(-1), 1.0, atol=1e-5)
    assert np.all(np.triu(att.maps, k=1) == 0)
    assert att.n_prompt == len(cont.prompt_ids)
    assert "".join(att.tokens) == SHORT + cont.completion
    # a model loaded on its own, switched to eager attention, gives the same weights
    direct = load_gpt()
    direct.set_attn_implementation("eager")
    with torch.inference_mode():
        out = direct(input_ids=cont.ids, output_attentions=True)
    np.testing.assert_allclose(att.maps[2, 1], out.attentions[2][0, 1].numpy(), atol=1e-6)
    np.testing.assert_allclose(att.matrix(0), att.maps[0].mean(0))
    # the shared model is unchanged: same weights, still on its fused attention
    assert same_weights(gpt, before)
    assert gpt.config._attn_implementation == "sdpa"


def test_eager_copy_computes_the_same_logits_even_after_hooks_were_used(gpt, tokenizer):
    logit_lens(gpt, tokenizer, SHORT)  # leaves transformers' "hooks installed" mark behind
    ids = torch.tensor([tokenizer.encode(SHORT, add_special_tokens=False)])
    eager = eager_copy(gpt)
    with torch.inference_mode():
        torch.testing.assert_close(eager(input_ids=ids).logits, gpt(input_ids=ids).logits)
        assert len(eager(input_ids=ids, output_attentions=True).attentions) == 4


# --- Shapley sampling, the logit lens's tied embedding -----------------------------------------


def test_shapley_sampling_equals_a_direct_seeded_captum_call(gpt, tokenizer):
    target = " sys"
    ours = attribute_prompt(gpt, tokenizer, SHORT, target=target, method="shapley_sampling")
    with seeded_global_rng(0):
        direct = LLMAttribution(ShapleyValueSampling(gpt), tokenizer).attribute(
            TextTokenInput(SHORT, tokenizer, baselines=0),
            target=torch.tensor(tokenizer.encode(target, add_special_tokens=False)),
            forward_in_tokens=False,
            n_samples=SHAPLEY_SAMPLES,
        )
    torch.testing.assert_close(ours.seq_attr, direct.seq_attr)
    torch.testing.assert_close(ours.token_attr, direct.token_attr)
    again = attribute_prompt(gpt, tokenizer, SHORT, target=target, method="shapley_sampling")
    torch.testing.assert_close(ours.seq_attr, again.seq_attr)  # seeded: the same every time


def test_logit_lens_gives_the_same_rows_on_every_call(gpt, tokenizer):
    """A regression: on the shared model a second call read wrong hidden states (every row the
    output layer's), once transformers' capturing hooks had been removed after the first."""
    first = logit_lens(gpt, tokenizer, PROMPT)
    logit_lens(gpt, tokenizer, SHORT)
    again = logit_lens(gpt, tokenizer, PROMPT)
    torch.testing.assert_close(first.top_probs, again.top_probs)
    assert first.top_tokens == again.top_tokens
    assert first.top_tokens[0] != first.top_tokens[-1]


def test_logit_lens_embedding_row_mostly_guesses_the_token_itself(gpt, tokenizer):
    """What the page's caption says: the head is the embedding matrix (tied weights)."""
    lens = logit_lens(gpt, tokenizer, PROMPT)
    same = [g == tok for g, tok in zip(lens.top_tokens[0], lens.tokens, strict=True)]
    assert sum(same) > len(same) / 2


# --- original vs quantized ---------------------------------------------------------------------


def test_rank_correlation():
    assert rank_correlation(np.array([1.0, 2, 3, 4]), np.array([10.0, 20, 30, 40])) == 1.0
    assert rank_correlation(np.array([1.0, 2, 3]), np.array([3.0, 2, 1])) == -1.0
    assert math.isnan(rank_correlation(np.array([1.0, 2]), np.array([1.0, 2])))  # too few
    assert math.isnan(rank_correlation(np.ones(4), np.arange(4.0)))  # constant


def test_comparison_attributes_the_same_target_on_both_and_leaves_the_model(gpt, tokenizer):
    before = weights(gpt)
    target = " key in"
    result = compare_attributions(gpt, tokenizer, PROMPT, target, "feature_ablation")
    direct = attribute_prompt(gpt, tokenizer, PROMPT, target=target, method="feature_ablation")
    torch.testing.assert_close(result.original.token_attr, direct.token_attr)
    assert result.quantized.output_tokens == result.original.output_tokens
    assert result.spearman_sequence == pytest.approx(
        rank_correlation(result.original.seq_attr.numpy(), result.quantized.seq_attr.numpy())
    )
    # int8 weights move the log-probabilities a little, the ranking hardly
    assert result.spearman_sequence > 0.8
    assert not torch.equal(result.original.seq_attr, result.quantized.seq_attr)
    assert same_weights(gpt, before)


def test_comparison_refuses_gradients_through_dynamic_int8(gpt, tokenizer):
    with pytest.raises(UserFacingError) as err:
        compare_attributions(gpt, tokenizer, SHORT, " sys", "integrated_gradients", "dynamic_int8")
    assert err.value.key == "explain.llm_error.no_gradients"
    with pytest.raises(ValueError):
        compare_attributions(gpt, tokenizer, SHORT, " sys", "feature_ablation", "fp32")


# --- charts ------------------------------------------------------------------------------------


def test_token_heatmap_is_symmetric_signed_and_first_row_on_top():
    z = np.array([[0.5, -2.0], [1.0, 0.0]])
    fig = token_heatmap(
        z,
        x_labels=["0 a", "1 b"],
        y_labels=["2 c", "3 d"],
        title="T",
        x_title="prompt",
        y_title="generated",
        value_label="v",
    )
    trace = fig.data[0]
    assert (trace.zmin, trace.zmax, trace.zmid) == (-2.0, 2.0, 0.0)
    assert list(trace.x) == ["0 a", "1 b"] and list(trace.y) == ["2 c", "3 d"]
    assert fig.layout.yaxis.autorange == "reversed"
    assert fig.layout.xaxis.title.text == "prompt" and fig.layout.yaxis.title.text == "generated"
    texts = token_heatmap(
        np.ones((1, 40)) / 2,
        x_labels=[str(i) for i in range(40)],
        y_labels=["r"],
        title="T",
        x_title="x",
        y_title="y",
        value_label="p",
        signed=False,
        cell_text=[["t"] * 40],
    ).data[0]
    assert (texts.zmin, texts.zmax) == (0.0, 1.0)
    assert texts.texttemplate is None  # too many columns: tokens on hover only


def test_token_bars_groups_original_and_variant():
    fig = token_bars(
        ["0 a", "1 b"], {"fp32": [1, 2], "int8": [1, 3]}, title="T", x_title="x", y_title="y"
    )
    assert [list(t.y) for t in fig.data] == [[1, 2], [1, 3]]
    assert fig.layout.barmode == "group"


# --- the lesson measure ------------------------------------------------------------------------


def test_lesson_measure_is_the_share_of_the_pages_sequence_attribution(gpt, tokenizer):
    from components.lesson_checks.explain import llm_token_share

    settings = {
        "model": "gpt",
        "llm_prompt": SHORT,
        "llm_new": "3",
        "llm_method": "feature_ablation",
    }
    cont = continue_greedily(gpt, tokenizer, SHORT, 3)
    direct = attribute_prompt(gpt, tokenizer, SHORT, target=cont.completion).seq_attr.abs()
    n = len(cont.prompt_ids)
    shares = [llm_token_share(settings, str(i)) for i in range(n)]
    assert sum(shares) == pytest.approx(1.0)
    assert shares == pytest.approx((direct / direct.sum()).tolist(), rel=1e-5)
    assert llm_token_share(settings, "-1") == pytest.approx(shares[-1])


def test_lesson_measure_of_quantized_agreement_is_the_pages_rho(gpt, tokenizer):
    from components.lesson_checks.explain import llm_quantized_rho

    settings = {"model": "gpt", "llm_prompt": SHORT, "llm_new": "3"}
    cont = continue_greedily(gpt, tokenizer, SHORT, 3)
    direct = compare_attributions(gpt, tokenizer, SHORT, cont.completion, "feature_ablation")
    assert llm_quantized_rho(settings, "") == pytest.approx(direct.spearman_sequence)


@pytest.mark.parametrize("method", ["feature_ablation", "shapley_sampling", "integrated_gradients"])
def test_progress_counts_every_forward_pass_and_changes_nothing(gpt, tokenizer, method):
    seen: list[tuple[float, str]] = []
    target = " sys\nimport"
    with_progress = attribute_prompt(
        gpt,
        tokenizer,
        SHORT,
        target=target,
        method=method,
        progress=lambda f, m: seen.append((f, m)),
    )
    plain = attribute_prompt(gpt, tokenizer, SHORT, target=target, method=method)
    torch.testing.assert_close(with_progress.token_attr, plain.token_attr)
    n_prompt = len(tokenizer.encode(SHORT, add_special_tokens=False))
    n_target = len(tokenizer.encode(target, add_special_tokens=False))
    total = expected_passes(method, n_prompt, n_target)
    assert len(seen) == total and seen[-1] == (1.0, f"forward pass {total}/{total}")
    assert [f for f, _ in seen] == sorted(f for f, _ in seen)
    assert sum(len(m._forward_pre_hooks) for m in gpt.modules()) == 0
