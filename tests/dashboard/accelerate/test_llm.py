"""The Accelerate page's code-GPT view through AppTest: the KV-cache sweep's points, speculative
decoding against direct calls, and extreme slider values."""

from __future__ import annotations

import pytest
import torch

from components.llm import GenerationSettings, generate_ids, speculative_generate
from dashboard.areas.accelerate.cache import (
    draft_model,
    llm_kv_so_far,
    llm_prompt_ids,
    llm_speculative,
)
from dashboard.shared.resources import shared_model
from models.gpt import load_tokenizer
from tests.dashboard.conftest import figure, metrics, open_page, plotly_array

PROMPT = "def __init__(self, "
FAST = {"llm_repeats": 1, "llm_max_new": 32, "llm_spec_new": 16, "llm_threads": 1}


def _spec_args(new: int, k: int) -> tuple:
    return ("gpt", PROMPT, new, k, 1, 1)


@pytest.mark.slow
def test_sweep_and_speculative_agree_with_direct_calls(app):
    at = open_page(app, "accelerate", model="gpt", llm_k=3, **FAST)
    assert not at.error, [e.value for e in at.error]
    # The sweep covers the chosen lengths, cached on and off both measured.
    frame = llm_kv_so_far("gpt", PROMPT, (16, 32), 1, 1, 1)
    assert frame is not None and sorted(set(frame["new_tokens"])) == [16, 32]
    assert set(frame["mode"]) == {"prefill", "cache", "no_cache"}
    assert frame["same_tokens"].all() and (frame["median_s"] > 0).all()
    rate = figure(at, "Tokens per second")
    xs = {trace["name"]: plotly_array(trace["x"]).tolist() for trace in rate["data"]}
    assert xs == {
        "Prompt processing (prefill)": [16, 32],
        "Generation, KV cache on": [16, 32],
        "Generation, KV cache off": [16, 32],
    }
    # Speculative: the same tokens as a direct plain greedy call, the same acceptance as a
    # direct speculative_generate call.
    result = llm_speculative.peek(*_spec_args(16, 3))
    assert result is not None
    ids = llm_prompt_ids(PROMPT, 16)
    settings = GenerationSettings(max_new_tokens=16, use_cache=True, stop_at_end=False)
    plain = generate_ids(shared_model("gpt"), ids, settings)
    assert result.target_ids == result.speculative_ids == tuple(plain[0, ids.shape[1] :].tolist())
    direct = speculative_generate(shared_model("gpt"), draft_model(), ids, settings, k=3)
    assert torch.equal(direct.ids, plain)
    assert (result.accepted, result.proposed) == (direct.accepted, direct.proposed)
    shown = metrics(at)
    assert shown["Acceptance rate"] == f"{direct.acceptance_rate:.1%}"
    assert any("equals the model's plain greedy output" in m.value for m in at.markdown)


@pytest.mark.slow
@pytest.mark.parametrize(("k", "new", "batch"), [(1, 8, 8), (8, 16, 1)])
def test_extreme_sliders(app, k, new, batch):
    params = {**FAST, "llm_max_new": 16, "llm_spec_new": new, "llm_batch": batch}
    at = open_page(app, "accelerate", model="gpt", llm_k=k, **params)
    assert not at.error, [e.value for e in at.error]
    result = llm_speculative.peek(*_spec_args(new, k))
    assert result is not None and result.identical and result.k == k
    assert result.new_tokens == new and result.proposed >= result.accepted >= 0
    frame = llm_kv_so_far("gpt", PROMPT, (16,), batch, 1, 1)
    assert frame is not None and (frame["batch"] == batch).all()


def test_empty_prompt_is_a_message(app):
    at = open_page(app, "accelerate", model="gpt", llm_prompt="")
    assert any("The prompt is empty" in e.value for e in at.error)
    assert not at.get("plotly_chart")


def test_too_long_prompt_is_a_message(app):
    prompt = "x = 1\n" * 200  # far over 512 - 256 tokens
    assert len(load_tokenizer().encode(prompt, add_special_tokens=False)) > 256
    at = open_page(app, "accelerate", model="gpt", llm_prompt=prompt, llm_max_new=256)
    assert any("Shorten the prompt" in e.value for e in at.error)
