"""Every cache of the Home page: the chosen model's card (profile and sample predictions)."""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from components.acceleration import make_inputs
from components.graph import ModelGraph, build_graph, repeated_blocks
from components.jobs import HEAVY_JOBS
from components.latency import LatencyResult, measure_latency
from components.llm import (
    Generation,
    GenerationSettings,
    PerplexityMeasurement,
    Speed,
    generate_text,
    generation_speed,
    size_bytes,
    validation_perplexity,
)
from components.llm.card import PromptTokens, encode_prompt, layer_rows, prompt_tokens
from components.model_card import (
    DigitPredictions,
    SentenceSimilarity,
    sample_digit_predictions,
    sample_sentence_similarity,
)
from components.profile import ModelProfile, profile_model
from components.progress import ProgressFn
from components.result_cache import ResultCache
from components.runtime import configure_torch
from components.warmup import WarmupJob
from dashboard.shared.resources import shared_model
from models.gpt import load_tokenizer, parameter_count
from models.registry import get_spec


@st.cache_data(show_spinner=False, max_entries=32)
def model_profile(name: str) -> ModelProfile:
    """The exact profile of the shared model (parameters, size, FLOPs, quality, layers); its
    latency is :func:`card_latency`."""
    return profile_model(shared_model(name), get_spec(name), with_latency=False)


# The card's timing streams in (dashboard.shell.live): when and under what load it ran is kept.
# Timings are heavy jobs (components.jobs): one at a time keeps them honest and the pages quick.
_LATENCIES: ResultCache[LatencyResult] = ResultCache(
    "card_latencies", 32, HEAVY_JOBS, measured=True
)


@_LATENCIES.cached(key=lambda name, batch_size, threads: (name, batch_size, threads))
def card_latency(
    name: str, batch_size: int, threads: int, *, progress: ProgressFn | None = None
) -> LatencyResult:
    """The shared model's latency at ``batch_size`` with ``threads`` (torch.utils.benchmark)."""
    model, spec = shared_model(name), get_spec(name)
    return measure_latency(
        model, spec.example_input(model, batch_size), threads=threads, min_run_time=0.3
    )


GRAPH_TOKENS = 8  # text models are traced on one short sentence: the graph is the same
_GRAPHS: ResultCache[ModelGraph] = ResultCache("card_graphs", 16)


@_GRAPHS.cached(key=lambda name: name)
def card_graph(name: str, *, progress: ProgressFn | None = None) -> ModelGraph:
    """The shared model's architecture graph (torch.fx, else torch.export)."""
    model, spec = shared_model(name), get_spec(name)
    return build_graph(model, make_inputs(spec, model, 1, GRAPH_TOKENS))


@st.cache_resource(show_spinner=False, max_entries=16)
def card_blocks(name: str) -> dict[str, str]:
    """Module path → the repeated block it lies in (collapsed on the card)."""
    return repeated_blocks(shared_model(name))


@st.cache_data(show_spinner=False, max_entries=64)
def digit_samples(name: str, n: int, seed: int) -> DigitPredictions:
    """The model's predictions on ``n`` seeded test digits."""
    return sample_digit_predictions(shared_model(name), get_spec(name).load_data(), n=n, seed=seed)


@st.cache_data(show_spinner=False, max_entries=64)
def sentence_samples(name: str, pairs: int, seed: int) -> SentenceSimilarity:
    """Cosine matrix of ``pairs`` seeded paraphrase pairs."""
    return sample_sentence_similarity(
        shared_model(name), get_spec(name).load_data(), pairs=pairs, seed=seed
    )


def warmup_jobs(name: str) -> list[WarmupJob]:
    """The card of ``name`` as Home first shows it: its profile, latency and graph."""
    threads = configure_torch()
    return [
        WarmupJob(f"{name} card", functools.partial(model_profile, name)),
        WarmupJob(f"{name} card latency", functools.partial(card_latency, name, 1, threads)),
        # MiniLM's graph comes from torch.export (about 0.7 s): traced before the first visit.
        WarmupJob(f"{name} card graph", functools.partial(card_graph, name)),
    ]


# --- the code GPT's card (gpt_card) ------------------------------------------------------------

# Deterministic (the same tokens, the same weights): computed once per server, streamed in. A
# heavy job all the same: run beside the card's timing it would slow that timing down.
_GPT_PERPLEXITY: ResultCache[PerplexityMeasurement] = ResultCache(
    "gpt_card_perplexity", 4, HEAVY_JOBS
)


@_GPT_PERPLEXITY.cached(key=lambda name: name)
def gpt_perplexity(name: str, *, progress: ProgressFn | None = None) -> PerplexityMeasurement:
    """Validation perplexity of the shared model ``name`` (components.llm, about 0.5 s)."""
    return validation_perplexity(shared_model(name))


GPT_SPEED_PROMPT = "def __init__(self, "  # 6 tokens, as tests/benchmarks/bench_llm.py times
_GPT_SPEEDS: ResultCache[Speed] = ResultCache("gpt_card_speeds", 8, HEAVY_JOBS, measured=True)


@_GPT_SPEEDS.cached(key=lambda name, new_tokens, threads: (name, new_tokens, threads))
def gpt_speed(
    name: str, new_tokens: int, threads: int, *, progress: ProgressFn | None = None
) -> Speed:
    """Greedy generation of exactly ``new_tokens`` tokens after :data:`GPT_SPEED_PROMPT`, KV
    cache on, timed with torch.utils.benchmark on ``threads`` threads."""
    ids = encode_prompt(load_tokenizer(), GPT_SPEED_PROMPT)
    # 2 s: at ≈0.2 s a call that is about ten timed runs, enough for an honest IQR
    return generation_speed(shared_model(name), ids, new_tokens, threads=threads, min_run_time=2.0)


# Seeded, so a text is a function of its settings: cached by them (the prompt included).
_GPT_GENERATIONS: ResultCache[Generation] = ResultCache("gpt_card_generations", 64)


@_GPT_GENERATIONS.cached(key=lambda name, prompt, settings: (name, prompt, settings))
def gpt_generation(
    name: str, prompt: str, settings: GenerationSettings, *, progress: ProgressFn | None = None
) -> Generation:
    """The shared model's continuation of ``prompt`` (greedy or seeded sampling)."""
    return generate_text(shared_model(name), load_tokenizer(), prompt, settings)


@st.cache_data(show_spinner=False, max_entries=64)
def gpt_prompt_tokens(prompt: str) -> PromptTokens:
    """``prompt`` as the code GPT reads it (the shipped tokenizer)."""
    return prompt_tokens(load_tokenizer(), prompt)


@st.cache_data(show_spinner=False, max_entries=4)
def gpt_layers(name: str) -> pd.DataFrame:
    """The shared model's layers with their parameters, the tied output matrix marked."""
    return layer_rows(shared_model(name))


@st.cache_data(show_spinner=False, max_entries=4)
def gpt_size(name: str) -> tuple[int, int]:
    """Distinct parameters and serialised bytes of the shared model (tied matrix once)."""
    model = shared_model(name)
    return parameter_count(model), size_bytes(model)
