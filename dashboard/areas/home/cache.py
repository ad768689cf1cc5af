"""Every cache of the Home page: the chosen model's card (profile and sample predictions)."""

from __future__ import annotations

import functools

import streamlit as st

from components.acceleration import make_inputs
from components.graph import ModelGraph, build_graph, repeated_blocks
from components.jobs import HEAVY_JOBS
from components.latency import LatencyResult, measure_latency
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
