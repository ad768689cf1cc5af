"""The Compress page for the code GPT through AppTest: the table's numbers agree with direct
calls, the side-by-side divergence agrees with the two generations, bad prompts are explained,
and the shared model is never changed. The table's measurements are cached per process, so only
the first test pays for them (about 30 s on a loaded 2-core machine)."""

from __future__ import annotations

import pytest
import torch

from components.llm import GenerationSettings, build_variant, generate_ids, validation_perplexity
from dashboard.shared.resources import shared_model
from models.gpt import load_tokenizer
from tests.dashboard.conftest import metrics, open_page, shown

PPL = "perplexity"
DIVERGE = "First different new token (from 0)"


def _table(at):
    table = at.dataframe[0].value
    return table.set_index("variant")


@pytest.mark.slow
def test_table_perplexity_agrees_with_a_direct_call(app):
    at = open_page(app, "compress", model="gpt")
    table = _table(at)
    assert len(table) == 9
    fp32 = table.loc["fp32 original", PPL]
    assert fp32 == pytest.approx(validation_perplexity(shared_model("gpt")).perplexity, abs=0.005)
    int8 = table.loc["int8 weight-only (torchao)", PPL]
    assert int8 == pytest.approx(fp32, rel=0.01)
    assert table.loc["fp32 original", "size ×"] == 1.0
    assert table.loc["int8 weight-only (torchao)", "size ×"] < 0.5
    assert table.loc["fp32 original", "speed ×"] == 1.0  # timed: the speed columns are there
    assert (table["tokens/s"] > 0).all()


@pytest.mark.slow
def test_divergence_index_agrees_with_the_two_generations(app):
    prompt, new = "def __init__(self, name", 32
    at = open_page(
        app, "compress", model="gpt", llm_variant="heads_50", llm_prompt=prompt, llm_new_tokens=new
    )
    teacher = shared_model("gpt")
    ids = torch.tensor([load_tokenizer().encode(prompt, add_special_tokens=False)])
    settings = GenerationSettings(max_new_tokens=new, stop_at_end=False)
    a = generate_ids(teacher, ids, settings)[0, ids.shape[1] :].tolist()
    b = generate_ids(build_variant("heads_50", teacher), ids, settings)[0, ids.shape[1] :]
    b = b.tolist()
    expected = next((i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y), None)
    assert expected is not None  # half the heads gone: the texts part somewhere
    assert metrics(at)[DIVERGE] == str(expected)
    codes = [c.value for c in at.code]
    tokenizer = load_tokenizer()
    assert prompt + tokenizer.decode(a) in codes and prompt + tokenizer.decode(b) in codes


@pytest.mark.slow
@pytest.mark.parametrize(
    ("prompt", "message"), [(" ", "The prompt is empty"), ("x = 1\n" * 400, "at most 448")]
)
def test_bad_prompt_is_explained(app, prompt, message):
    at = open_page(app, "compress", model="gpt", llm_prompt=prompt, llm_new_tokens=64)
    assert any(message in shown(w.value) for w in at.warning), [w.value for w in at.warning]
    assert DIVERGE not in metrics(at)


@pytest.mark.slow
def test_the_shared_model_is_unchanged(app):
    before = {k: v.clone() for k, v in shared_model("gpt").state_dict().items()}
    open_page(app, "compress", model="gpt", llm_variant="ffn_50", llm_new_tokens=16)
    after = shared_model("gpt").state_dict()
    assert after.keys() == before.keys()
    assert all(torch.equal(after[k], before[k]) for k in before)
    assert shared_model("gpt").config.num_attention_heads == 4


@pytest.mark.slow
def test_emptied_prompt_box_is_explained(app):
    at = open_page(app, "compress", model="gpt", llm_new_tokens=16)
    at.text_area(key="compress_llm_prompt").set_value("").run()
    assert not at.exception
    assert any("The prompt is empty" in shown(w.value) for w in at.warning)
