"""The code GPT card's backend: prompt tokens and limits, the tied layer table, the curve."""

from __future__ import annotations

import itertools
import math

import pytest
import torch

from components.errors import UserFacingError
from components.llm.card import (
    MAX_POSITIONS,
    TIED_COLUMN,
    check_prompt,
    encode_prompt,
    ends_in_space,
    layer_blocks,
    layer_rows,
    max_prompt_tokens,
    prompt_tokens,
    training_curve,
)
from models.gpt import (
    STUDENT,
    encode_split,
    load_gpt,
    load_metrics,
    load_tokenizer,
    parameter_count,
)


@pytest.fixture(scope="module")
def tokenizer():
    return load_tokenizer()


def test_prompt_tokens_are_what_generation_reads(tokenizer):
    text = "def __init__(self, x):\n\treturn x"
    tokens = prompt_tokens(tokenizer, text)
    assert list(tokens.ids) == tokenizer.encode(text, add_special_tokens=False)
    assert "".join(tokens.pieces) == text  # ASCII: each piece decodes on its own
    assert torch.equal(encode_prompt(tokenizer, text), torch.tensor([tokens.ids]))
    shown = tokens.shown()
    assert shown.count("│") == len(tokens) - 1
    assert " " not in shown and "\n" not in shown and "\t" not in shown
    assert "↵" in shown and "⇥" in shown and "·" in shown


def test_empty_prompt_is_refused(tokenizer):
    with pytest.raises(UserFacingError) as err:
        check_prompt(prompt_tokens(tokenizer, ""), 64)
    assert err.value.key == "llm.prompt_empty"


def test_prompt_must_leave_room_for_the_new_tokens(tokenizer):
    assert MAX_POSITIONS == 512 and max_prompt_tokens(64) == 448
    line = prompt_tokens(tokenizer, "x = 1\n")
    fits = prompt_tokens(tokenizer, "x = 1\n" * (448 // len(line)))
    check_prompt(fits, 64)  # no error: within 512 - 64
    too_long = prompt_tokens(tokenizer, "x = 1\n" * (448 // len(line) + 1))
    with pytest.raises(UserFacingError) as err:
        check_prompt(too_long, 64)
    assert err.value.key == "llm.prompt_too_long"
    assert err.value.values["tokens"] == len(too_long) > 448 == err.value.values["limit"]
    check_prompt(too_long, 512 - len(too_long))  # fewer new tokens: it fits again


@pytest.mark.parametrize("name", ["gpt", STUDENT])
def test_layer_rows_mark_the_tied_output_matrix(name):
    model = load_gpt(name)
    rows = layer_rows(model)
    tied = rows[rows[TIED_COLUMN] != ""]
    assert tied[["name", TIED_COLUMN]].values.tolist() == [["lm_head", "model.embed_tokens"]]
    assert rows.loc[rows[TIED_COLUMN] == "", "params"].sum() == parameter_count(model)


def test_training_curve_reads_gpt_json():
    metrics = load_metrics()
    curve = training_curve(metrics)
    assert len(curve.steps) == len(metrics["curve"]) and curve.steps[-1] == 1000
    assert curve.best_step == metrics["best_step"] in curve.steps
    # the kept step is the lowest validation perplexity of the curve
    assert curve.selection_perplexity[curve.steps.index(curve.best_step)] == min(
        curve.selection_perplexity
    )
    assert curve.train_perplexity[0] == pytest.approx(math.exp(metrics["curve"][0][1]))
    assert curve.selection_tokens == tuple(metrics["selection_tokens"])


def test_curve_caption_claims_hold():
    """The card says: training perplexity keeps falling, validation turns up after the kept step."""
    curve = training_curve(load_metrics())
    assert all(a > b for a, b in itertools.pairwise(curve.train_loss))
    assert curve.best_step < curve.steps[-1]
    assert curve.selection_perplexity[-1] > min(curve.selection_perplexity)


def test_trailing_space_hint_holds(tokenizer):
    """The hint: a word keeps its space (" name" is one token), and in the training text a lone
    space token comes before a word for under 1 % of the words that carry their space."""
    assert ends_in_space(prompt_tokens(tokenizer, "def "))
    assert not ends_in_space(prompt_tokens(tokenizer, "def"))
    assert prompt_tokens(tokenizer, "def name").pieces[-1] == " name"
    ids = encode_split("train", tokenizer).tolist()
    [space] = tokenizer.encode(" ", add_special_tokens=False)
    pieces = {i: tokenizer.decode([i]) for i in set(ids)}
    lone = sum(a == space and pieces[b][:1].isalpha() for a, b in itertools.pairwise(ids))
    joined = sum(pieces[i][:1] == " " and pieces[i][1:2].isalpha() for i in ids)
    assert lone < 0.01 * joined


def test_layer_blocks_sum_each_transformer_block():
    rows = layer_rows(load_gpt())
    blocks = layer_blocks(rows)
    assert blocks["name"].tolist() == [
        "model.embed_tokens",
        *[f"model.layers.{i}" for i in range(4)],
        "model.norm",
        "lm_head",
    ]
    # q, k, v, o (160×160), gate, up, down (432×160) and two RMSNorms of 160
    assert blocks.loc[1, "params"] == 4 * 160 * 160 + 3 * 432 * 160 + 2 * 160
    assert blocks["params"].sum() == rows["params"].sum()
    assert blocks[TIED_COLUMN].tolist()[-1] == "model.embed_tokens"
