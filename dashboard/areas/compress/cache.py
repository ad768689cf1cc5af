"""Every cache of the Compress page. The variants themselves (pruned, quantized, distilled and
their comparison) live in ``dashboard.shared.variants``: Accelerate and Explain measure them too.

Sweeps are :class:`ResultCache` so that the work can draw its progress on the page; small
pickle-friendly results use ``st.cache_data``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.compare import comparison_batch
from components.distillation import DistillSettings
from components.distillation.experiment import CurvesFn
from components.jobs import HEAVY_JOBS
from components.lesson_checks.compress import distill_settings, prune_settings, quant_settings
from components.lessons import Lesson
from components.model_card import SentenceSimilarity, sample_sentence_similarity
from components.progress import ProgressFn
from components.pruning import PruneSettings, amount_sweep, layer_sensitivity
from components.quantization import (
    Int8Grid,
    QuantSettings,
    layer_int8_grid,
    layer_quant_error,
    sensitive_layers,
)
from components.result_cache import ResultCache
from components.warmup import WarmupJob
from dashboard.shared import variants
from dashboard.shared.resources import shared_model
from models.registry import get_spec

SWEEP_POINTS = 11  # 0 %, 9.5 %, … 95 %
SENSITIVITY_AMOUNTS = (0.3, 0.6, 0.9)

# Sweeps are heavy jobs (a bounded number run at once, components.jobs), and hold latencies:
# they keep when and under what load they ran, and can be re-measured.
_SWEEPS: ResultCache[pd.DataFrame] = ResultCache("sweeps", 16, HEAVY_JOBS, measured=True)
# Figures every session draws alike for one variant: building a plotly figure (its validation)
# costs more than the rest of a rerun, and 30 students on one variant would build it 30 times.
_FIGURES: ResultCache[go.Figure] = ResultCache("figures", max_entries=96)


def shared_figure(key: Hashable, build: Callable[[], go.Figure]) -> go.Figure:
    """The figure ``build()`` makes, built once per ``key`` for every session: read-only.

    ``key`` must hold everything the figure shows (model, recipe, layer, language …).
    """
    return _FIGURES.get_or_compute(key, build)


# A sweep covers every amount and fine-tunes none: neither is part of its key.
@_SWEEPS.cached(
    key=lambda name, settings, threads: (
        "sweep",
        name,
        settings.method,
        settings.scope,
        settings.layers,
        settings.picked,
        threads,
    )
)
def sweep(
    name: str, settings: PruneSettings, threads: int, *, progress: ProgressFn | None = None
) -> pd.DataFrame:
    """Accuracy, FLOPs and latency of the original pruned at :data:`SWEEP_POINTS` amounts."""
    amounts = np.linspace(0.0, PruneSettings.AMOUNT_RANGE[1], SWEEP_POINTS).round(4).tolist()
    return amount_sweep(
        shared_model(name),
        get_spec(name),
        settings.method,
        amounts,
        scope=settings.scope,
        layers=settings.layers,
        picked=settings.picked,
        progress=progress,
        batch_size=comparison_batch(get_spec(name)),
    )


@_SWEEPS.cached(
    key=lambda name, settings: (
        "sensitivity",
        name,
        settings.method,
        settings.layers,
        settings.picked,
    )
)
def sensitivity(
    name: str, settings: PruneSettings, *, progress: ProgressFn | None = None
) -> pd.DataFrame:
    """Quality drop when one layer at a time is pruned at :data:`SENSITIVITY_AMOUNTS`."""
    return layer_sensitivity(
        shared_model(name),
        get_spec(name),
        settings.method,
        SENSITIVITY_AMOUNTS,
        layers=settings.layers,
        progress=progress,
    )


# The curves of trainings in progress, so far: a background training writes them after every
# epoch, and the page draws them while it waits (the finished result carries its own).
_CURVES: ResultCache[pd.DataFrame] = ResultCache("training_curves", max_entries=16)


def curve_recorder(name: str, settings: DistillSettings) -> CurvesFn:
    """The ``on_epoch`` callback that keeps the curves of training ``name`` with ``settings``."""

    return lambda curves: _CURVES.put(("distill", name, settings), curves.copy())


def curves_so_far(name: str, settings: DistillSettings) -> pd.DataFrame | None:
    """The curves that training ``name`` with ``settings`` has reported so far (None: none)."""
    return _CURVES.peek(("distill", name, settings))


@st.cache_data(show_spinner=False, max_entries=8)
def most_sensitive_layers(name: str, k: int) -> list[str]:
    """The ``k`` layers whose int8 quantization hurts the output most (kept in fp32 on request)."""
    if k <= 0:
        return []
    return sensitive_layers(shared_model(name), get_spec(name), k)


@st.cache_data(show_spinner=False, max_entries=16)
def layer_errors(name: str, settings: QuantSettings) -> pd.DataFrame:
    """Per-layer quantization error of the original ``name`` (``layer_quant_error``)."""
    return layer_quant_error(shared_model(name), get_spec(name), settings)


@st.cache_data(show_spinner=False, max_entries=32)
def int8_grid(name: str, layer: str, per_channel: bool, channel: int) -> Int8Grid:
    """The int8 grid of one layer of the original ``name`` (MiniLM's largest has 11.7 M
    weights: their scales are worth computing once)."""
    return layer_int8_grid(shared_model(name), layer, per_channel, channel)


@st.cache_data(show_spinner=False, max_entries=32)
def sentence_similarity(name: str, recipe: variants.Recipe, seed: int) -> SentenceSimilarity:
    """Cosine similarities of the seeded sentence pairs under the variant ``recipe`` of
    ``name`` (``("original", None)``: the original): an encoder run worth skipping on reruns."""
    kind, settings = recipe
    model = variants.variant_model(kind, name, settings)
    return sample_sentence_similarity(model, get_spec(name).load_data(), pairs=4, seed=seed)


def warmup_jobs(lesson: Lesson, threads: int) -> list[WarmupJob]:
    """The lesson's default view: its pruned or quantized model and comparison, or its student."""
    s, name = lesson.settings, lesson.settings.get("model", "")
    technique = s.get("technique")
    if technique == "distill":
        train = functools.partial(variants.distilled, name, distill_settings(s))
        return [WarmupJob(f"{lesson.id} training", train)]
    if technique not in ("prune", "quantize"):
        return []
    settings = prune_settings(s) if technique == "prune" else quant_settings(s)
    view = variants.pruned if technique == "prune" else variants.quantized
    compare = functools.partial(variants.compare, name, ((technique, settings),), threads)
    return [
        WarmupJob(f"{lesson.id} view", functools.partial(view, name, settings)),
        WarmupJob(f"{lesson.id} compare", compare),
    ]
