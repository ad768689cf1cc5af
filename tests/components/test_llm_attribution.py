"""LLM attribution and the logit lens on the code GPT: captum's numbers, no hooks left behind."""

from __future__ import annotations

import pytest
import torch
from captum.attr import (
    FeatureAblation,
    LayerIntegratedGradients,
    LLMAttribution,
    LLMGradientAttribution,
    TextTokenInput,
)

from components.llm.attribution import attribute_prompt, logit_lens
from models.gpt import load_gpt, load_tokenizer

PROMPT = "for key, value in items:\n    if"
TARGET = " key in"


@pytest.fixture(scope="module")
def gpt():
    return load_gpt()


def hooks(model) -> int:
    return sum(len(m._forward_hooks) + len(m._forward_pre_hooks) for m in model.modules())


def test_feature_ablation_equals_a_direct_captum_call(gpt):
    tokenizer = load_tokenizer()
    ours = attribute_prompt(gpt, tokenizer, PROMPT, target=TARGET, method="feature_ablation")
    direct = LLMAttribution(FeatureAblation(gpt), tokenizer).attribute(
        TextTokenInput(PROMPT, tokenizer, baselines=0),
        target=torch.tensor(tokenizer.encode(TARGET, add_special_tokens=False)),
        forward_in_tokens=False,
    )
    torch.testing.assert_close(ours.token_attr, direct.token_attr)
    torch.testing.assert_close(ours.seq_attr, direct.seq_attr)
    assert "".join(ours.input_tokens) == PROMPT
    assert "".join(ours.output_tokens) == TARGET
    assert ours.token_attr.shape == (len(ours.output_tokens), len(ours.input_tokens))


def test_integrated_gradients_equals_a_direct_captum_call_and_leaves_no_trace(gpt):
    tokenizer = load_tokenizer()
    before = hooks(gpt)
    ours = attribute_prompt(gpt, tokenizer, PROMPT, target=TARGET, method="integrated_gradients")
    direct = LLMGradientAttribution(
        LayerIntegratedGradients(gpt, gpt.model.embed_tokens), tokenizer
    ).attribute(
        TextTokenInput(PROMPT, tokenizer, baselines=0),
        target=torch.tensor(tokenizer.encode(TARGET, add_special_tokens=False)),
    )
    torch.testing.assert_close(ours.token_attr, direct.token_attr)
    assert hooks(gpt) == before
    assert all(p.grad is None for p in gpt.parameters())


def test_default_target_is_the_greedy_continuation(gpt):
    tokenizer = load_tokenizer()
    result = attribute_prompt(gpt, tokenizer, PROMPT, max_new_tokens=4)
    assert len(result.output_tokens) == 4


def test_logit_lens_last_layer_is_the_model_output(gpt):
    tokenizer = load_tokenizer()
    before = hooks(gpt)
    lens = logit_lens(gpt, tokenizer, PROMPT)
    ids = torch.tensor([tokenizer.encode(PROMPT, add_special_tokens=False)])
    with torch.inference_mode():
        probs = gpt(input_ids=ids).logits[0].softmax(-1)
    assert lens.layers == ["embedding", "layer 1", "layer 2", "layer 3", "layer 4"]
    assert lens.top_probs.shape == (5, ids.shape[1])
    torch.testing.assert_close(lens.top_probs[-1], probs.max(-1).values)
    assert lens.top_tokens[-1] == [tokenizer.decode([i]) for i in probs.argmax(-1).tolist()]
    assert hooks(gpt) == before
