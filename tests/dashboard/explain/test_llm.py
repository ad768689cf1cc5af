"""The Explain page for the code GPT: its charts hold captum's, the model's and the attention's
own numbers, bad prompts get a message, and the shared model is left as it was."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from captum.attr import FeatureAblation, LLMAttribution, TextTokenInput

from components.llm.attention import decoder_attention
from components.llm.prompts import MAX_PROMPT_TOKENS, continue_greedily, token_labels, visible
from dashboard.shared.resources import shared_model
from models.gpt import load_gpt, load_tokenizer
from tests.dashboard.conftest import figure, open_page, plotly_array, plotly_figures, shown

pytestmark = pytest.mark.slow  # the page loads the GPT and runs four explanations

PROMPT = "for key, value in items:\n    if"
NEW = 4


@pytest.fixture(scope="module")
def gpt():
    return load_gpt()


@pytest.fixture(scope="module")
def continuation(gpt):
    return continue_greedily(gpt, load_tokenizer(), PROMPT, NEW)


@pytest.fixture
def page(app):
    return open_page(
        app, "explain", model="gpt", llm_prompt=PROMPT, llm_new=NEW, llm_layer=3, llm_head=2
    )


def test_attribution_heatmap_equals_a_direct_captum_call(page, gpt, continuation):
    tokenizer = load_tokenizer()
    direct = LLMAttribution(FeatureAblation(gpt), tokenizer).attribute(
        TextTokenInput(PROMPT, tokenizer, baselines=0),
        target=torch.tensor(tokenizer.encode(continuation.completion, add_special_tokens=False)),
        forward_in_tokens=False,
    )
    fig = figure(page, "Which prompt tokens each generated token rests on (Feature")
    heat = fig["data"][0]
    np.testing.assert_allclose(plotly_array(heat["z"]), direct.token_attr.numpy(), rtol=1e-5)
    prompt_tokens = [tokenizer.decode([i]) for i in continuation.prompt_ids]
    assert heat["x"] == token_labels(prompt_tokens)  # columns: prompt tokens, whitespace drawn
    assert heat["x"][-2] == "7 ↵␣␣␣"
    assert fig["layout"]["yaxis"]["autorange"] == "reversed"  # first generated token on top
    bars = figure(page, "Attribution to the whole continuation")["data"][0]
    np.testing.assert_allclose(plotly_array(bars["y"]), direct.seq_attr.numpy(), rtol=1e-5)
    assert page.code[0].value == PROMPT + continuation.completion


def test_logit_lens_last_layer_is_the_models_own_argmax(page, gpt, continuation):
    tokenizer = load_tokenizer()
    ids = torch.tensor(
        [tokenizer.encode(PROMPT + continuation.completion, add_special_tokens=False)]
    )
    with torch.inference_mode():
        probs = gpt(input_ids=ids).logits[0].softmax(-1)
    heat = figure(page, "likeliest next token")["data"][0]
    z = plotly_array(heat["z"])
    assert z.shape == (ids.shape[1], 5)  # positions × (embedding + 4 layers)
    assert heat["x"][-1] == "layer 4 (output)"
    np.testing.assert_allclose(z[:, -1], probs.max(-1).values.numpy(), rtol=1e-5)
    guesses = [visible(tokenizer.decode([i])) for i in probs.argmax(-1).tolist()]
    assert [row[-1] for row in heat["text"]] == guesses
    # at the prompt's last position, the output layer guesses the first generated token
    n = len(continuation.prompt_ids)
    assert heat["text"][n - 1][-1] == visible(tokenizer.decode([continuation.new_ids[0]]))


def test_attention_rows_sum_to_one_and_show_the_chosen_layer_and_head(page, gpt, continuation):
    heat = figure(page, "Attention in layer 3, head 2")["data"][0]
    z = plotly_array(heat["z"])
    np.testing.assert_allclose(z.sum(1), 1.0, atol=1e-5)
    direct = decoder_attention(
        gpt, load_tokenizer(), continuation.ids, len(continuation.prompt_ids)
    )
    np.testing.assert_allclose(z, direct.maps[2, 2], atol=1e-6)


def test_quantized_comparison_draws_both_attributions(page):
    bars = figure(page, "original vs int8 weight-only")["data"]
    assert [b["name"] for b in bars] == ["original (fp32)", "int8 weight-only (torchao)"]
    titled = {(f["layout"].get("title") or {}).get("text"): f for f in plotly_figures(page)}
    maps = [titled[t]["data"][0] for t in ("original (fp32)", "int8 weight-only (torchao)")]
    assert maps[0]["zmax"] == maps[1]["zmax"] == -maps[0]["zmin"]  # one colour scale for both
    assert maps[0]["zmax"] == max(np.abs(plotly_array(m["z"])).max() for m in maps)
    labels = {m.label for m in page.metric}
    assert {"Rank correlation ρ (per token)", "Same top prompt token"} <= labels


@pytest.mark.parametrize(
    ("prompt", "message"),
    [
        (" ", "The prompt is empty"),
        ("x = 1\n" * 120, f"these views read at most {MAX_PROMPT_TOKENS}"),
    ],
)
def test_a_bad_prompt_gets_a_message_and_no_chart(app, prompt, message):
    at = open_page(app, "explain", model="gpt", llm_prompt=prompt)
    assert any(message in shown(w.value) for w in at.warning), [w.value for w in at.warning]
    assert not at.get("plotly_chart")


def test_the_shared_model_is_left_unchanged(app):
    model = shared_model("gpt")
    before = {k: v.clone() for k, v in model.state_dict().items()}
    hooks = sum(len(m._forward_hooks) + len(m._forward_pre_hooks) for m in model.modules())
    open_page(
        app, "explain", model="gpt", llm_prompt=PROMPT, llm_new=2, llm_method="integrated_gradients"
    )
    assert all(torch.equal(v, before[k]) for k, v in model.state_dict().items())
    assert sum(len(m._forward_hooks) + len(m._forward_pre_hooks) for m in model.modules()) == hooks
    assert model.config._attn_implementation == "sdpa"
    assert all(p.grad is None for p in model.parameters())
