"""The KV-cache sweep and the speculative comparison (components.llm.speed_sweep) on tiny
randomly initialised Llama models built in code, and their chart."""

from __future__ import annotations

import pytest
import torch

from components.errors import UserFacingError
from components.llm import GenerationSettings, generate_ids, speculative_generate
from components.llm.speed_charts import kv_chart
from components.llm.speed_sweep import (
    MODES,
    alternate,
    encode_checked,
    kv_cache_point,
    kv_cache_sweep,
    kv_speedup,
    median_iqr,
    speculative_comparison,
)
from models.gpt import GPTConfig, build_model, load_tokenizer

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def target():
    return build_model(GPTConfig(layers=2, heads=2, width=32, ffn=64), seed=0)


@pytest.fixture(scope="module")
def draft():
    return build_model(GPTConfig(layers=1, heads=2, width=32, ffn=64), seed=1)


PROMPT = torch.tensor([[5, 17, 300, 42]])


def test_median_iqr_of_known_values():
    assert median_iqr([1.0, 2.0, 3.0, 4.0, 5.0]) == (3.0, 2.0)  # inclusive quartiles 2 and 4
    assert median_iqr([0.5]) == (0.5, 0.0)


def test_alternate_times_each_call_once_a_round_in_rotated_order():
    order: list[str] = []
    calls = {name: (lambda name=name: order.append(name)) for name in "abc"}
    times = alternate(calls, repeats=3)
    assert {name: len(ts) for name, ts in times.items()} == {"a": 3, "b": 3, "c": 3}
    assert order == list("abc" + "abc" + "bca" + "cab")  # warm-up, then rotated rounds


def test_kv_cache_point_rows(target):
    frame = kv_cache_point(target, PROMPT, 8, batch=2, threads=1, repeats=2)
    assert list(frame["mode"]) == list(MODES)
    assert (frame["new_tokens"] == 8).all() and (frame["batch"] == 2).all()
    assert (frame["prompt_tokens"] == 4).all() and (frame["runs"] == 2).all()
    assert frame["same_tokens"].all()  # greedy with the cache == greedy without it
    torch.testing.assert_close(
        torch.tensor(frame["tokens_per_s"].to_numpy()),
        torch.tensor((2 * 8 / frame["median_s"]).to_numpy()),
    )
    torch.testing.assert_close(
        torch.tensor(frame["ms_per_token"].to_numpy()),
        torch.tensor((1000 * frame["median_s"] / 8).to_numpy()),
    )


def test_kv_cache_sweep_covers_the_lengths_and_reports_progress(target):
    steps: list[float] = []
    frame = kv_cache_sweep(
        target, PROMPT, (4, 8), repeats=1, progress=lambda f, _msg="": steps.append(f)
    )
    assert sorted(set(frame["new_tokens"])) == [4, 8]
    assert len(frame) == 2 * len(MODES)
    assert steps == [0.0, 0.5]
    median = frame[frame["new_tokens"] == 8].set_index("mode")["median_s"]
    assert kv_speedup(frame, 8) == pytest.approx(median["no_cache"] / median["cache"])


def test_kv_cache_point_rejects_bad_settings(target):
    with pytest.raises(ValueError):
        kv_cache_point(target, PROMPT, 0)
    with pytest.raises(ValueError):
        kv_cache_point(target, PROMPT, 8, repeats=0)


def test_speculative_comparison_agrees_with_direct_calls(target, draft):
    result = speculative_comparison(target, draft, PROMPT, 12, 3, repeats=1)
    settings = GenerationSettings(max_new_tokens=12, stop_at_end=False)
    plain = generate_ids(target, PROMPT, settings)
    direct = speculative_generate(target, draft, PROMPT, settings, k=3)
    assert result.target_ids == tuple(plain[0, 4:].tolist())
    assert result.speculative_ids == tuple(direct.ids[0, 4:].tolist())
    assert result.identical and result.first_difference is None
    assert (result.accepted, result.proposed) == (direct.accepted, direct.proposed)
    assert result.rounds == len(direct.rounds)
    assert result.acceptance_rate == pytest.approx(direct.acceptance_rate)
    assert result.new_tokens == 12 and result.prompt_tokens == 4 and result.k == 3
    assert result.speedup == pytest.approx(result.target_s / result.speculative_s)
    assert result.tokens_per_round == pytest.approx(12 / result.rounds)
    assert result.proposals_ms == pytest.approx(3 * 1000 * result.draft_s / 12)
    assert result.rest_ms == pytest.approx(result.round_ms - result.proposals_ms)


def test_speculative_comparison_rejects_k_out_of_range(target, draft):
    with pytest.raises(ValueError):
        speculative_comparison(target, draft, PROMPT, 8, 9)


def test_encode_checked_explains_empty_and_too_long_prompts():
    tokenizer = load_tokenizer()
    assert encode_checked(tokenizer, "def ", 64).shape[0] == 1
    with pytest.raises(UserFacingError) as empty:
        encode_checked(tokenizer, "", 16)
    assert empty.value.key == "accelerate.llm.prompt_empty"
    with pytest.raises(UserFacingError) as long:
        encode_checked(tokenizer, "x = 1\n" * 100, 500)
    assert long.value.key == "accelerate.llm.prompt_too_long"
    assert long.value.values["limit"] == 12


def test_kv_chart_has_one_line_per_mode_with_iqr_bars(target):
    frame = kv_cache_sweep(target, PROMPT, (4, 8), repeats=2)
    names = {m: m.upper() for m in MODES}
    fig = kv_chart(frame, "ms_per_token", names=names, modes=("cache", "no_cache"), iqr_bars=True)
    assert [trace.name for trace in fig.data] == ["CACHE", "NO_CACHE"]
    cache = frame[frame["mode"] == "cache"].sort_values("new_tokens")
    assert list(fig.data[0].x) == [4, 8]
    assert list(fig.data[0].y) == pytest.approx(cache["ms_per_token"].tolist())
    assert list(fig.data[0].error_y.array) == pytest.approx(
        (500 * cache["iqr_s"] / cache["new_tokens"]).tolist()
    )
