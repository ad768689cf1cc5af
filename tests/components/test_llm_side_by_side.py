"""Side by side and interleaved timing of the code GPT's variants: divergence found exactly,
bad prompts refused with their message keys, each model timed once per round."""

from __future__ import annotations

import pytest
import torch

from components.errors import UserFacingError
from components.llm.side_by_side import check_prompt, first_divergence, side_by_side
from components.llm.timing import interleaved_generation_speeds
from components.llm.variants import build_variant
from models.gpt import STUDENT, load_gpt, load_tokenizer


@pytest.mark.parametrize(
    ("a", "b", "index"),
    [
        ((1, 2, 3), (1, 2, 3), None),
        ((1, 2, 3), (1, 5, 3), 1),
        ((4,), (5,), 0),
        ((1, 2), (1, 2, 3), 2),
    ],
)
def test_first_divergence(a, b, index):
    assert first_divergence(a, b) == index


def test_bad_prompts_are_refused():
    tokenizer = load_tokenizer()
    with pytest.raises(UserFacingError) as err:
        check_prompt(tokenizer, "  \n", 64)
    assert err.value.key == "compress.llm.prompt_empty"
    long = "x = 1\n" * 400
    with pytest.raises(UserFacingError) as err:
        check_prompt(tokenizer, long, 64)
    assert err.value.key == "compress.llm.prompt_too_long"
    assert err.value.values["limit"] == 448
    assert err.value.values["tokens"] == len(tokenizer.encode(long, add_special_tokens=False))
    assert check_prompt(tokenizer, "def f(x", 64) == tokenizer.encode("def f(x")


def test_side_by_side_of_the_original_with_itself_never_diverges():
    teacher = load_gpt()
    result = side_by_side(teacher, teacher, load_tokenizer(), "def f(x", 12)
    assert result.divergence.index is None
    assert result.original_ids == result.variant_ids and len(result.original_ids) == 12


def test_side_by_side_reports_the_first_different_token():
    teacher, tokenizer = load_gpt(), load_tokenizer()
    variant = build_variant("heads_50", teacher)
    result = side_by_side(teacher, variant, tokenizer, "def __init__(self, name", 32)
    i = result.divergence.index
    assert i is not None and result.original_ids[:i] == result.variant_ids[:i]
    assert result.original_ids[i] != result.variant_ids[i]
    assert result.divergence.original_token == tokenizer.decode([result.original_ids[i]])
    assert result.divergence.variant_token == tokenizer.decode([result.variant_ids[i]])


def test_interleaved_speeds_time_each_model_once_per_round():
    models = {"teacher": load_gpt(), "student": load_gpt(STUDENT)}
    ids = torch.tensor([[5, 6, 7]])
    speeds = interleaved_generation_speeds(models, ids, 8, threads=1, rounds=3)
    assert list(speeds) == ["teacher", "student"]
    for speed in speeds.values():
        assert (speed.runs, speed.tokens, speed.threads) == (3, 8, 1)
        assert speed.median_s > 0 and speed.iqr_s >= 0
        assert speed.tokens_per_s == pytest.approx(8 / speed.median_s)
