"""The compressed variants every page can show: pruned, quantized and distilled models, and
their comparison with the original.

Compressed models are cached server-wide keyed by (model, settings): every session asking for
the same variant reuses one result, and like the originals they are read-only. These caches are
:class:`ResultCache`, not ``st.cache_*``, so that the work can draw its progress on the page
(``pruned(name, settings, progress=report)``); progress callbacks are only called on a miss.
What the Compress page alone caches (sweeps, figures …) is in ``dashboard.areas.compress.cache``.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st
import torch
from torch import nn

from components.compare import (
    VariantSummary,
    comparison_batch,
    summarize_variant,
    with_latency,
)
from components.distillation import DistillResult, DistillSettings, distill
from components.distillation.experiment import CurvesFn
from components.fidelity import model_outputs
from components.jobs import HEAVY_JOBS
from components.kept_variants import Recipe
from components.latency import LatencyResult, interleaved_latency
from components.progress import ProgressFn
from components.pruning import (
    FinetuneCheckpoint,
    PruneResult,
    PruneSettings,
    effective_flops,
    prune_model,
)
from components.quantization import QuantResult, QuantSettings, quantize_model
from components.result_cache import ResultCache
from dashboard.shared.resources import shared_model
from models.registry import get_spec

_PRUNED: ResultCache[PruneResult] = ResultCache("pruned", max_entries=12)
_QUANTIZED: ResultCache[QuantResult] = ResultCache("quantized", max_entries=8)
# Where each pruning's fine-tuning got to (its longest run so far, keyed by the settings without
# their epochs): a student who adds an epoch waits for one epoch, not for all of them again.
_CHECKPOINTS: ResultCache[FinetuneCheckpoint] = ResultCache("finetune_checkpoints", 3)
# Trainings are heavy jobs: a bounded number run at once (components.jobs).
_DISTILLED: ResultCache[DistillResult] = ResultCache("distilled", 8, HEAVY_JOBS)


@st.cache_resource(show_spinner=False, max_entries=4)
def reference_outputs(name: str) -> torch.Tensor:
    """The original model's outputs on its evaluation data (logits or embeddings)."""
    return model_outputs(shared_model(name), get_spec(name))


@_PRUNED.cached(key=lambda name, settings: (name, settings))
def pruned(
    name: str, settings: PruneSettings, *, progress: ProgressFn | None = None
) -> PruneResult:
    """The original ``name`` pruned with ``settings`` (read-only). A fine-tuning run also
    caches the results of its shorter runs (fewer epochs), which it passes on the way, and goes
    on from the longest shorter run that any session fine-tuned, if it is still kept."""
    unrun = (name, replace(settings, finetune_epochs=0))

    def keep_shorter(epochs: int, result: PruneResult) -> None:
        shorter = replace(settings, finetune_epochs=epochs)
        if not pruned.ready(name, shorter):
            pruned.store(result, name, shorter)

    def keep_checkpoint(checkpoint: FinetuneCheckpoint) -> None:
        # Not atomic with the look-up: two runs at once may keep the shorter one, which only
        # costs a later run some reuse.
        kept = _CHECKPOINTS.peek(unrun)
        if kept is None or kept.train.epochs < checkpoint.train.epochs:
            _CHECKPOINTS.put(unrun, checkpoint)

    kept = _CHECKPOINTS.peek(unrun)
    return prune_model(
        shared_model(name),
        get_spec(name),
        settings,
        progress=progress,
        on_shorter=keep_shorter,
        resume=kept if kept is not None and kept.train.epochs < settings.finetune_epochs else None,
        on_checkpoint=keep_checkpoint,
    )


@_QUANTIZED.cached(key=lambda name, settings: (name, settings))
def quantized(
    name: str, settings: QuantSettings, *, progress: ProgressFn | None = None
) -> QuantResult:
    """The original ``name`` quantized with ``settings`` (read-only)."""
    return quantize_model(shared_model(name), get_spec(name), settings, progress=progress)


# ``on_epoch`` draws the live curves of the run that computes: it does not name the result.
@_DISTILLED.cached(key=lambda name, settings, on_epoch=None: (name, settings))
def distilled(
    name: str,
    settings: DistillSettings,
    on_epoch: CurvesFn | None = None,
    *,
    progress: ProgressFn | None = None,
) -> DistillResult:
    """A student taught by ``name`` and the same student trained from scratch (read-only);
    ``distilled.ready(name, settings)`` says whether it ran on this server already."""
    return distill(
        shared_model(name), get_spec(name), settings, progress=progress, on_epoch=on_epoch
    )


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


ORIGINAL: Recipe = ("original", None)

# Each variant's outputs on the evaluation data, computed once: its summary, its side-by-side
# predictions and its forgetting analyses all read them (the original's: ``reference_outputs``).
_OUTPUTS: ResultCache[torch.Tensor] = ResultCache("variant_outputs", max_entries=32)
# Exact numbers per variant (no timing): each variant is evaluated once, the original too.
_SUMMARIES: ResultCache[VariantSummary] = ResultCache("summaries", max_entries=64)
# Latencies: when and under what load they ran is kept, and shown. Timings are heavy jobs: two
# at once on two cores would spoil both and slow every page (components.jobs).
_LATENCIES: ResultCache[tuple[LatencyResult, ...]] = ResultCache(
    "comparison_latencies", 64, HEAVY_JOBS, measured=True
)


@_OUTPUTS.cached(key=lambda name, recipe: (name, recipe))
def variant_outputs(
    name: str, recipe: Recipe, *, progress: ProgressFn | None = None
) -> torch.Tensor:
    """The variant's outputs on the evaluation data (logits or embeddings). Read-only."""
    if recipe == ORIGINAL:
        return reference_outputs(name)
    kind, settings = recipe
    return model_outputs(variant_model(kind, name, settings), get_spec(name))


@_SUMMARIES.cached(key=lambda name, recipe: (name, recipe))
def summary(name: str, recipe: Recipe, *, progress: ProgressFn | None = None) -> VariantSummary:
    """The exact numbers of the variant ``recipe`` of ``name`` (quality, agreement with the
    original's cached outputs, parameters, size, FLOPs); untimed. Read-only."""
    kind, settings = recipe
    spec = get_spec(name)
    model = variant_model(kind, name, settings)
    return summarize_variant(
        kind,
        model,
        spec,
        reference_outputs(name),
        outputs=variant_outputs(name, recipe),
        effective_flops=effective_flops(model, spec) if kind == "prune" else None,
        # Same multiply-adds at lower precision; the counter misses int8 kernels.
        flops=summary(name, ORIGINAL).flops if kind == "quantize" else None,
    )


@_LATENCIES.cached(key=lambda name, recipes, threads: (name, recipes, threads))
def latencies(
    name: str, recipes: tuple[Recipe, ...], threads: int, *, progress: ProgressFn | None = None
) -> tuple[LatencyResult, ...]:
    """Latency of the original and of each recipe's variant, timed in alternation in one run
    (``components.latency.interleaved_latency``): their ratios hold even while other sessions
    load the server."""
    spec = get_spec(name)
    models = [variant_model(kind, name, settings) for kind, settings in (ORIGINAL, *recipes)]
    batch = comparison_batch(spec)
    calls = [(m, spec.example_input(m, batch)) for m in models]
    return tuple(interleaved_latency(calls, threads=threads, progress=progress))


_ROWS: ResultCache[list[VariantSummary]] = ResultCache("summary_rows", max_entries=64)


@_ROWS.cached(key=lambda name, recipes: (name, recipes))
def exact_rows(
    name: str, recipes: tuple[Recipe, ...], *, progress: ProgressFn | None = None
) -> list[VariantSummary]:
    """Untimed summaries of the original followed by each recipe's variant (one result a page
    can ask for, or stream in, as a whole)."""
    return [summary(name, recipe) for recipe in (ORIGINAL, *recipes)]


def timed_rows(
    rows: list[VariantSummary], timings: tuple[LatencyResult, ...]
) -> list[VariantSummary]:
    """``rows`` with the latencies measured for them, in the same order."""
    return [with_latency(row, latency) for row, latency in zip(rows, timings, strict=True)]


def compare(name: str, recipes: tuple[Recipe, ...], threads: int) -> list[VariantSummary]:
    """Timed summaries of the original followed by each recipe's variant, waiting for the
    timing (pages that must not wait use :func:`exact_rows` and stream :func:`latencies` in)."""
    return timed_rows(exact_rows(name, recipes), latencies(name, recipes, threads))
