"""The lessons as data: thirteen techniques, settings that parse cleanly on their pages, texts in
both languages."""

from __future__ import annotations

import re

import pytest

from components.i18n import LANGUAGES, STRINGS
from components.lessons import AREAS, BY_ID, LESSON_KEY, LESSONS, lessons_in
from components.url_state import read_params, write_params
from dashboard.shell.state import SHARED_PARAMS
from dashboard.shell.url_params import PAGE_PARAMS, all_known_keys

TECHNIQUES = {
    "pruning",
    "quantization",
    "distillation",
    "forgetting",
    "llm_quantization",
    "model_parallel",
    "pipeline_parallel",
    "hardware_acceleration",
    "operator_profile",
    "llm_kv_cache",
    "llm_speculative",
    "attention",
    "gradients",
    "local_explanations",
    "training_influence",
    "concepts",
    "llm_attribution",
    "feature_fusion",
    "deep_fusion",
    "graph_fusion",
}
SHARED_KEYS = {p.key for p in SHARED_PARAMS}


def test_every_technique_by_area():
    assert {lesson.id for lesson in LESSONS} == TECHNIQUES
    assert len(LESSONS) == len(TECHNIQUES) == len(BY_ID)
    # Compress also teaches what compression forgets; every other area has three.
    assert {area: len(lessons_in(area)) for area in AREAS} == {
        **dict.fromkeys(AREAS, 3),
        "compress": 5,  # and the code GPT's quantization (#22)
        "accelerate": 6,  # the operator profile (#20); the code GPT's KV cache, speculation (#22)
        "explain": 6,  # influence, concepts (#19); the code GPT's token attribution (#22)
    }
    assert [lesson.id for lesson in lessons_in("compress")][-1] == "forgetting"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda x: x.id)
def test_settings_parse_cleanly_on_their_page(lesson):
    assert lesson.page in PAGE_PARAMS
    page_params = PAGE_PARAMS[lesson.page]
    page_keys = {p.key for p in page_params}
    assert set(lesson.settings) <= page_keys | SHARED_KEYS
    values, problems = read_params(
        lesson.settings, page_params + SHARED_PARAMS, known_keys=page_keys | SHARED_KEYS
    )
    assert problems == []
    # Each value is written back exactly as the lesson spells it: the link is canonical.
    named = [p for p in page_params + SHARED_PARAMS if p.key in lesson.settings]
    assert write_params(values, named) == dict(lesson.settings)


def test_marker_is_no_page_setting():
    assert LESSON_KEY not in all_known_keys(SHARED_PARAMS)
    for lesson in LESSONS:
        assert next(iter(lesson.query())) == LESSON_KEY
        assert lesson.query()[LESSON_KEY] == lesson.id


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda x: x.id)
@pytest.mark.parametrize("part", ("title", "text", "try"))
def test_texts_exist_in_both_languages(lesson, part):
    entry = STRINGS[getattr(lesson, f"{part}_key")]
    assert set(entry) == set(LANGUAGES)
    assert all(text.strip() for text in entry.values())


def sentences(text: str) -> int:
    return len(re.findall(r"[.!?](?:\s|$)|。", text))


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda x: x.id)
def test_explanation_is_two_or_three_sentences(lesson):
    entry = STRINGS[lesson.text_key]
    assert 2 <= sentences(entry["en"]) <= 3, entry["en"]
    assert 2 <= sentences(entry["zh"]) <= 3, entry["zh"]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda x: x.id)
def test_try_this_names_a_control_or_a_chart(lesson):
    entry = STRINGS[lesson.try_key]
    for text in entry.values():
        assert "**" in text or "“" in text, text
