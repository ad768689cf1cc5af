"""Generation with the code GPT: the KV cache changes speed, never tokens; seeds repeat."""

from __future__ import annotations

import pytest
import torch

from components.llm import (
    GenerationSettings,
    generate_ids,
    generate_text,
    generation_speed,
    prefill_speed,
)
from components.llm.generation import generation_config
from models.gpt import load_gpt, load_tokenizer


@pytest.fixture(scope="module")
def gpt():
    return load_gpt()


@pytest.fixture(scope="module")
def prompt_ids():
    return torch.tensor([load_tokenizer().encode("def __init__(self", add_special_tokens=False)])


def test_greedy_with_the_cache_equals_greedy_without_it(gpt, prompt_ids):
    settings = GenerationSettings(max_new_tokens=48, stop_at_end=False)
    cached = generate_ids(gpt, prompt_ids, settings)
    uncached = generate_ids(
        gpt, prompt_ids, GenerationSettings(max_new_tokens=48, stop_at_end=False, use_cache=False)
    )
    assert cached.shape == (1, prompt_ids.shape[1] + 48)
    assert torch.equal(cached, uncached)


def test_greedy_is_the_arg_max_of_each_step(gpt, prompt_ids):
    ids = generate_ids(gpt, prompt_ids, GenerationSettings(max_new_tokens=5, stop_at_end=False))
    with torch.inference_mode():
        logits = gpt(input_ids=ids[:, :-1]).logits[0]
    n = prompt_ids.shape[1]
    assert torch.equal(logits[n - 1 :].argmax(-1), ids[0, n:])


def test_sampling_repeats_with_its_seed_and_varies_without(gpt):
    tokenizer = load_tokenizer()
    settings = GenerationSettings(max_new_tokens=24, do_sample=True, temperature=1.0, seed=7)
    first = generate_text(gpt, tokenizer, "def ", settings)
    again = generate_text(gpt, tokenizer, "def ", settings)
    others = {
        generate_text(
            gpt, tokenizer, "def ", GenerationSettings(24, True, 1.0, 40, seed)
        ).completion
        for seed in range(3)
    }
    assert first.completion == again.completion
    assert len(others) > 1
    assert first.new_tokens <= 24 and first.tokens_per_s > 0


def test_top_k_one_is_greedy(gpt, prompt_ids):
    greedy = generate_ids(gpt, prompt_ids, GenerationSettings(max_new_tokens=16, stop_at_end=False))
    top1 = generate_ids(
        gpt,
        prompt_ids,
        GenerationSettings(max_new_tokens=16, do_sample=True, top_k=1, stop_at_end=False),
    )
    assert torch.equal(greedy, top1)


@pytest.mark.parametrize(
    ("field", "value"), [("max_new_tokens", 0), ("temperature", 0.0), ("top_k", 500)]
)
def test_settings_outside_their_bounds_are_refused(field, value):
    with pytest.raises(ValueError, match=field):
        GenerationSettings(**{field: value})


def test_top_k_zero_means_no_limit():
    assert generation_config(GenerationSettings(do_sample=True, top_k=0)).top_k is None


def test_speeds_count_tokens_and_threads(gpt, prompt_ids):
    gen = generation_speed(gpt, prompt_ids, 8, threads=1, min_run_time=0.05)
    pre = prefill_speed(gpt, torch.zeros(1, 32, dtype=torch.long), threads=1, min_run_time=0.05)
    assert (gen.tokens, gen.threads, pre.tokens) == (8, 1, 32)
    assert gen.tokens_per_s == pytest.approx(8 / gen.median_s)
    assert gen.runs >= 1 and gen.iqr_s >= 0
