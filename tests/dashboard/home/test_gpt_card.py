"""The code GPT's card on Home through AppTest: its numbers agree with direct backend calls,
generation is greedy or seeded sampling as asked, and a bad prompt gives a message."""

from __future__ import annotations

import pytest

from components.llm import GenerationSettings, generate_text, validation_perplexity
from components.llm.card import MAX_POSITIONS
from models.gpt import load_gpt, load_metrics, load_tokenizer, parameter_count
from tests.dashboard.conftest import figure, metrics, open_page, plotly_array

PROMPT = "def __init__(self, "


@pytest.fixture(scope="module")
def gpt():
    return load_gpt()


def outputs(at) -> list[str]:
    """The texts shown as Python code (the generated continuation; the retrain command is bash)."""
    return [c.value for c in at.code if c.language == "python"]


def generate(at, **state) -> str:
    """Set the card's widgets, rerun, and return the one generated text."""
    for key, value in state.items():
        at.session_state[f"home_gpt_{key}"] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    [text] = outputs(at)
    return text


@pytest.mark.slow
def test_card_numbers_equal_direct_calls(app, gpt):
    at = open_page(app, "home", model="gpt")
    values = metrics(at)
    assert values["Parameters"] == f"{parameter_count(gpt):,}" == "1,568,160"
    direct = validation_perplexity(gpt).perplexity
    assert values["Validation perplexity"] == f"{direct:.2f}"
    assert abs(direct - load_metrics()["validation_perplexity"]) < 0.05  # the recorded value
    assert any(f"{load_metrics()['validation_perplexity']:.2f}" in c.value for c in at.caption)
    speed = values["Generation (median)"]
    assert speed.endswith("tokens/s") and float(speed.split()[0]) > 0
    detail = next(c.value for c in at.caption if "torch.utils.benchmark" in c.value)
    assert "64 new tokens" in detail and "1 thread(s)" in detail and "IQR" in detail
    # the training curve: steps and perplexities as gpt.json recorded them, best step marked
    curve = load_metrics()["curve"]
    fig = figure(at, "Training curve")
    assert plotly_array(fig["data"][0]["x"]).tolist() == [row[0] for row in curve]
    assert plotly_array(fig["data"][1]["y"]).tolist() == [row[2] for row in curve]
    assert fig["layout"]["yaxis"]["type"] == "log"
    assert "python -m models.train gpt" in [c.value for c in at.code]


@pytest.mark.slow
def test_greedy_output_equals_generate_text(app, gpt):
    at = open_page(app, "home", model="gpt")
    text = generate(at, prompt=PROMPT, new_tokens=24)
    direct = generate_text(gpt, load_tokenizer(), PROMPT, GenerationSettings(max_new_tokens=24))
    assert text == PROMPT + direct.completion
    assert any("7 tokens" in c.value for c in at.caption)  # "def __init__(self, " as it is read


@pytest.mark.slow
def test_seeded_sample_repeats_and_differs_from_greedy(app, gpt):
    at = open_page(app, "home", model="gpt", seed=3)
    greedy = generate(at, prompt=PROMPT, new_tokens=32)
    first = generate(at, mode="sampled", temperature=1.5, top_k=0)
    at.session_state["home_gpt_mode"] = "greedy"
    at.run()
    second = generate(at, mode="sampled")
    assert first == second != greedy
    settings = GenerationSettings(
        max_new_tokens=32, do_sample=True, temperature=1.5, top_k=0, seed=3
    )
    assert first == PROMPT + generate_text(gpt, load_tokenizer(), PROMPT, settings).completion


@pytest.mark.slow
def test_empty_and_overlong_prompts_give_messages(app):
    at = open_page(app, "home", model="gpt")
    at.session_state["home_gpt_prompt"] = ""
    at.run()
    assert not at.exception
    assert any("The prompt is empty" in w.value for w in at.warning)
    assert outputs(at) == []
    at.session_state["home_gpt_prompt"] = "x = 1\n" * 200  # 4 tokens a line: 800 > 512 - 64
    at.run()
    assert not at.exception
    assert any("800 tokens" in w.value and f"{MAX_POSITIONS - 64}" in w.value for w in at.warning)
    assert outputs(at) == []


def test_lenet_card_still_shows_its_five_metrics(app):
    at = open_page(app, "home", model="lenet")
    assert list(metrics(at)) == [
        "Parameters",
        "Size on disk",
        "FLOPs / sample",
        "Test accuracy",
        "Latency (median)",
    ]


@pytest.mark.slow
def test_extreme_sliders(app):
    """top-k 1 leaves one token to draw: sampling then is greedy; the far ends of every slider
    generate without error."""
    at = open_page(app, "home", model="gpt")
    greedy = generate(at, prompt=PROMPT, new_tokens=16)
    assert generate(at, mode="sampled", temperature=0.1, top_k=1) == greedy
    text = generate(at, temperature=2.0, top_k=200, new_tokens=256)
    assert text.startswith(PROMPT) and len(text) > len(PROMPT)
    assert generate(at, new_tokens=1) != text
