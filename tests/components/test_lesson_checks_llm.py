"""The Accelerate page's code-GPT lesson measures: the same backend calls the page makes, on the
page's settings (components/lesson_checks/accelerate.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from components.lesson_checks import MEASURES
from components.lesson_checks import accelerate as checks
from components.llm import GenerationSettings, speculative_generate
from components.llm.speed_sweep import MODES, encode_checked
from models.gpt import STUDENT, load_gpt, load_tokenizer

pytestmark = pytest.mark.usefixtures("one_thread")


def test_measures_are_registered_with_their_units():
    assert MEASURES["llm_kv_speedup"].unit == "ratio" and MEASURES["llm_kv_speedup"].timed
    acceptance = MEASURES["llm_speculative_acceptance"]
    assert acceptance.unit == "fraction" and not acceptance.timed


def test_kv_speedup_reads_the_page_settings(monkeypatch):
    seen = {}

    def fake_point(model, ids, n, *, batch, threads, repeats):
        seen.update(n=n, batch=batch, threads=threads, repeats=repeats, prompt=ids.shape[1])
        return pd.DataFrame({"new_tokens": n, "mode": list(MODES), "median_s": [0.01, 0.2, 0.5]})

    monkeypatch.setattr("components.llm.speed_sweep.kv_cache_point", fake_point)
    monkeypatch.setattr(checks, "zoo_model", lambda name: None)
    value = checks.llm_kv_speedup({"model": "gpt", "llm_batch": "2", "llm_repeats": "1"}, "64")
    assert value == pytest.approx(0.5 / 0.2)
    prompt = len(load_tokenizer().encode(checks.LLM_DEFAULTS["llm_prompt"]))
    assert seen == {"n": 64, "batch": 2, "threads": 1, "repeats": 1, "prompt": prompt}
    checks.llm_kv_speedup({"model": "gpt"}, "")  # the page's longest length by default
    assert seen["n"] == 256 and seen["repeats"] == 3


@pytest.mark.slow
def test_speculative_acceptance_equals_a_direct_call():
    settings = {"model": "gpt", "llm_spec_new": "16"}
    value = checks.llm_speculative_acceptance(settings, "2")
    ids = encode_checked(load_tokenizer(), checks.LLM_DEFAULTS["llm_prompt"], 16)
    direct = speculative_generate(
        load_gpt(), load_gpt(STUDENT), ids, GenerationSettings(16, stop_at_end=False), k=2
    )
    assert value == pytest.approx(direct.acceptance_rate)
    assert 0 < value <= 1


@pytest.mark.slow
def test_kv_speedup_is_real_at_256_tokens():
    # 256 new tokens without the cache run the model over ≈ 33 k token positions, with it
    # over 263: measured 2.4–3.7× on one thread of a loaded machine, far from 1. A timing may
    # be spoiled by load: one re-measurement, as the lesson checks allow for timed measures.
    settings = {"model": "gpt", "llm_repeats": "3"}
    value = checks.llm_kv_speedup(settings, "256")
    if value <= 1.3:
        value = checks.llm_kv_speedup(settings, "256")
    assert value > 1.3
