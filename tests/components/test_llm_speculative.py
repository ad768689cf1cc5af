"""Speculative decoding: the target's greedy text, token for token, and a counted acceptance."""

from __future__ import annotations

import pytest
import torch

from components.llm import GenerationSettings, generate_ids, speculative_generate
from components.llm.speculative import Round, accepted_in
from models.gpt import STUDENT, load_gpt, load_tokenizer


@pytest.fixture(scope="module")
def models():
    return load_gpt(), load_gpt(STUDENT)


@pytest.fixture(scope="module")
def prompt_ids():
    return torch.tensor([load_tokenizer().encode("    def run(self):\n", add_special_tokens=False)])


def test_speculative_greedy_equals_plain_greedy_token_for_token(models, prompt_ids):
    target, draft = models
    settings = GenerationSettings(max_new_tokens=48, stop_at_end=False)
    result = speculative_generate(target, draft, prompt_ids, settings, k=4)
    assert torch.equal(result.ids, generate_ids(target, prompt_ids, settings))
    assert 0 < result.proposed <= 4 * len(result.rounds)
    assert 0 <= result.accepted <= result.proposed
    # Each round adds its accepted tokens plus one of the target's own.
    assert result.ids.shape[1] - prompt_ids.shape[1] >= result.accepted


def test_a_draft_equal_to_the_target_is_always_accepted(models, prompt_ids):
    target, _ = models
    settings = GenerationSettings(max_new_tokens=24, stop_at_end=False)
    result = speculative_generate(target, target, prompt_ids, settings, k=3)
    assert result.acceptance_rate == 1.0
    assert torch.equal(result.ids, generate_ids(target, prompt_ids, settings))


def test_the_shared_draft_is_left_unchanged(models, prompt_ids):
    target, draft = models
    before = draft.generation_config.to_dict()
    speculative_generate(target, draft, prompt_ids, GenerationSettings(max_new_tokens=8), k=5)
    assert draft.generation_config.to_dict() == before


def test_acceptance_counts_the_matching_prefix_of_each_round():
    final = torch.tensor([[9, 1, 2, 3, 4, 5, 6]])
    rounds = [Round(1, (1, 2, 7)), Round(4, (4, 5, 6)), Round(3, (8, 4))]
    assert accepted_in(rounds, final) == 2 + 3 + 0
