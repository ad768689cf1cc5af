"""Cached compression work for the Compress page.

Compressed models are cached server-wide keyed by (model, settings): every session asking for
the same variant reuses one result, and like the originals they are read-only. These caches are
:class:`ResultCache`, not ``st.cache_*``, so that the work can draw its progress on the page;
progress callbacks are only called on a miss. Small pickle-friendly summaries use
``st.cache_data``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
import torch
from torch import nn

from components.compare import VariantSummary, comparison_batch, summarize_variant
from components.distillation import DistillResult, DistillSettings, distill
from components.fidelity import model_outputs
from components.jobs import HEAVY_JOBS
from components.latency import interleaved_latency
from components.progress import ProgressFn, on_wait
from components.pruning import (
    PruneResult,
    PruneSettings,
    amount_sweep,
    effective_flops,
    layer_sensitivity,
    prune_model,
)
from components.quantization import QuantResult, QuantSettings, quantize_model, sensitive_layers
from components.result_cache import CacheEntry, ResultCache
from dashboard.shared.resources import shared_model
from models.registry import get_spec

SWEEP_POINTS = 11  # 0 %, 9.5 %, … 95 %
SENSITIVITY_AMOUNTS = (0.3, 0.6, 0.9)

_PRUNED: ResultCache[PruneResult] = ResultCache("pruned", max_entries=12)
_QUANTIZED: ResultCache[QuantResult] = ResultCache("quantized", max_entries=8)
# Trainings and sweeps are heavy jobs: a bounded number run at once (components.jobs).
_DISTILLED: ResultCache[DistillResult] = ResultCache("distilled", 8, HEAVY_JOBS)
# Sweeps hold latencies: they keep when and under what load they ran, and can be re-measured.
_SWEEPS: ResultCache[pd.DataFrame] = ResultCache("sweeps", 16, HEAVY_JOBS, measured=True)
# Figures every session draws alike for one variant: building a plotly figure (its validation)
# costs more than the rest of a rerun, and 30 students on one variant would build it 30 times.
_FIGURES: ResultCache[go.Figure] = ResultCache("figures", max_entries=96)


def shared_figure(key: Hashable, build: Callable[[], go.Figure]) -> go.Figure:
    """The figure ``build()`` makes, built once per ``key`` for every session: read-only.

    ``key`` must hold everything the figure shows (model, recipe, layer, language …).
    """
    return _FIGURES.get_or_compute(key, build)


@st.cache_resource(show_spinner=False, max_entries=4)
def reference_outputs(name: str) -> torch.Tensor:
    """The original model's outputs on its evaluation data (logits or embeddings)."""
    return model_outputs(shared_model(name), get_spec(name))


def pruned(name: str, settings: PruneSettings, progress: ProgressFn | None = None) -> PruneResult:
    return _PRUNED.get_or_compute(
        (name, settings),
        lambda: prune_model(shared_model(name), get_spec(name), settings, progress=progress),
    )


def _sweep_key(name: str, settings: PruneSettings, threads: int) -> tuple:
    return (
        "sweep",
        name,
        settings.method,
        settings.scope,
        settings.layers,
        settings.picked,
        threads,
    )


def sweep(
    name: str, settings: PruneSettings, threads: int, progress: ProgressFn | None = None
) -> pd.DataFrame:
    """Accuracy, FLOPs and latency of the original pruned at :data:`SWEEP_POINTS` amounts."""
    key = _sweep_key(name, settings, threads)
    amounts = np.linspace(0.0, PruneSettings.AMOUNT_RANGE[1], SWEEP_POINTS).round(4).tolist()
    return _SWEEPS.get_or_compute(
        key,
        lambda: amount_sweep(
            shared_model(name),
            get_spec(name),
            settings.method,
            amounts,
            scope=settings.scope,
            layers=settings.layers,
            picked=settings.picked,
            progress=progress,
            batch_size=comparison_batch(get_spec(name)),
        ),
        on_wait(progress),
    )


def sensitivity(
    name: str, settings: PruneSettings, progress: ProgressFn | None = None
) -> pd.DataFrame:
    """Quality drop when one layer at a time is pruned at :data:`SENSITIVITY_AMOUNTS`."""
    key = ("sensitivity", name, settings.method, settings.layers, settings.picked)
    return _SWEEPS.get_or_compute(
        key,
        lambda: layer_sensitivity(
            shared_model(name),
            get_spec(name),
            settings.method,
            SENSITIVITY_AMOUNTS,
            layers=settings.layers,
            progress=progress,
        ),
        on_wait(progress),
    )


def has_result(kind: str, name: str, settings: PruneSettings, threads: int) -> bool:
    """Whether a sweep (``kind`` "sweep") or sensitivity run is already computed on the server."""
    if kind == "sweep":
        key = _sweep_key(name, settings, threads)
    else:
        key = ("sensitivity", name, settings.method, settings.layers, settings.picked)
    return key in _SWEEPS


def sweep_entry(name: str, settings: PruneSettings, threads: int) -> CacheEntry:
    """The cached amount sweep (its latencies can be re-measured)."""
    return _SWEEPS.entry(_sweep_key(name, settings, threads))


def quantized(
    name: str, settings: QuantSettings, progress: ProgressFn | None = None
) -> QuantResult:
    return _QUANTIZED.get_or_compute(
        (name, settings),
        lambda: quantize_model(shared_model(name), get_spec(name), settings, progress=progress),
    )


@st.cache_data(show_spinner=False, max_entries=8)
def most_sensitive_layers(name: str, k: int) -> list[str]:
    """The ``k`` layers whose int8 quantization hurts the output most (kept in fp32 on request)."""
    if k <= 0:
        return []
    return sensitive_layers(shared_model(name), get_spec(name), k)


def distilled(
    name: str, settings: DistillSettings, progress: ProgressFn | None = None, on_epoch=None
) -> DistillResult:
    return _DISTILLED.get_or_compute(
        (name, settings),
        lambda: distill(
            shared_model(name), get_spec(name), settings, progress=progress, on_epoch=on_epoch
        ),
        on_wait(progress),
    )


def distillation_ready(name: str, settings: DistillSettings) -> bool:
    """Whether this exact distillation already ran on this server (a shared link shows it)."""
    return (name, settings) in _DISTILLED


def variant_model(kind: str, name: str, settings) -> nn.Module:
    """Re-materialise a variant from its recipe (a cache hit when it ran before).

    Kinds: "original", "prune", "quantize", "distill" (the student) and "scratch" (its baseline).
    """
    if kind == "original":
        return shared_model(name)
    if kind == "prune":
        return pruned(name, settings).model
    if kind == "quantize":
        return quantized(name, settings).model
    result = distilled(name, settings)
    return result.student if kind == "distill" else result.scratch


Recipe = tuple[str, object]  # (kind, settings); settings are frozen dataclasses

# Comparisons hold latencies: when and under what load they ran is kept, and shown.
_COMPARISONS: ResultCache[list[VariantSummary]] = ResultCache(
    "comparisons", max_entries=64, measured=True
)


def compare(name: str, recipes: tuple[Recipe, ...], threads: int) -> list[VariantSummary]:
    """Summaries of the original followed by each recipe's variant, with latencies measured
    interleaved in one run (see ``components.latency.interleaved_latency``): their ratios hold
    even while other sessions load the server. Cached server-wide: read-only."""
    return _COMPARISONS.get_or_compute(
        (name, recipes, threads), lambda: _compare(name, recipes, threads)
    )


def comparison_entry(rows: list[VariantSummary]) -> CacheEntry | None:
    """The cached comparison these summaries come from (found by identity), or None."""
    last = rows[-1]
    key = _COMPARISONS.find(lambda cached: any(row is last for row in cached))
    return None if key is None else _COMPARISONS.entry(key)


def _compare(name: str, recipes: tuple[Recipe, ...], threads: int) -> list[VariantSummary]:
    spec = get_spec(name)
    recipes = (("original", None), *recipes)
    models = [variant_model(kind, name, settings) for kind, settings in recipes]
    latencies = interleaved_latency(
        [(m, spec.example_input(m, comparison_batch(spec))) for m in models], threads=threads
    )
    reference = reference_outputs(name)
    rows: list[VariantSummary] = []
    for (kind, _), model, latency in zip(recipes, models, latencies, strict=True):
        rows.append(
            summarize_variant(
                kind,
                model,
                spec,
                reference,
                latency=latency,
                effective_flops=effective_flops(model, spec) if kind == "prune" else None,
                # Same multiply-adds at lower precision; the counter misses int8 kernels.
                flops=rows[0].flops if kind == "quantize" else None,
            )
        )
    return rows
