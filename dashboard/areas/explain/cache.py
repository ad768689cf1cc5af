"""Cached work of the Explain page: the attribution maps, the sanity check's randomisation runs,
the agreement curves over pruning amounts, training-data influence and concept tests,
server-wide in :class:`ResultCache`s so that a run reports its progress and a student who asks
for what another already ran gets it at once.

The model behind a key never changes (zoo models are read-only), so keys name the model, the
input's digest, the target and the method with its parameters, never the model object itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from torch import nn

from components.explain import agreement_vs_pruning
from components.explain.attributions import Explanation, method_grid
from components.explain.concepts import ConceptScore, TcavSettings, concept_scores
from components.explain.influence import (
    Checkpoint,
    Influence,
    InfluenceMethod,
    SelfInfluence,
    TracInIndex,
    final_weights_only,
    masked_checkpoints,
    self_influence,
    tracin_index,
    train_influence,
    training_checkpoints,
)
from components.explain.inputs import ImageCase
from components.explain.methods import ParamValue
from components.explain.sanity import RandomisationStep, cascading_randomisation
from components.explain.view_data import attribution_fn
from components.llm.attention import DecoderAttention, decoder_attention
from components.llm.attribution import LogitLens, PromptAttribution, attribute_prompt, logit_lens
from components.llm.compare import AttributionComparison, compare_attributions
from components.llm.prompts import Continuation, continue_greedily
from components.progress import ProgressFn
from components.pruning import PruneSettings
from components.result_cache import ResultCache
from dashboard.shared.variants import pruned
from models.gpt import load_tokenizer
from models.registry import ModelSpec
from models.training import predict

CURVE_AMOUNTS = tuple(np.round(np.linspace(0.0, 0.9, 10), 2))

Params = Mapping[str, ParamValue] | None

_RUNS: ResultCache = ResultCache("sanity", max_entries=16)
# Attribution maps: a student moving the opacity or toggling signed maps redraws them only.
_GRIDS: ResultCache[list[Explanation]] = ResultCache("attribution_grids", max_entries=32)
_CURVES: ResultCache = ResultCache("explain_agreement_curves", max_entries=16)


@_GRIDS.cached(
    key=lambda spec, model, case, methods, params, seed: (
        spec.name,
        case.key,
        case.target,
        tuple(methods),
        repr(sorted((m, sorted(p.items())) for m, p in params.items())),
        seed,
    )
)
def attribution_maps(
    spec: ModelSpec,
    model: nn.Module,
    case: ImageCase,
    methods: Sequence[str],
    params: Mapping[str, Mapping[str, ParamValue]],
    seed: int,
    progress: ProgressFn | None = None,
) -> list[Explanation]:
    """Every chosen method's map of ``case`` (``components.explain.method_grid``)."""
    return method_grid(model, case.x, case.target, methods, params, seed=seed, progress=progress)


@_RUNS.cached(
    key=lambda spec, model, case, method, params, seed: (
        spec.name,
        case.key,
        case.target,
        method,
        str(params),
        seed,
    )
)
def sanity_steps(
    spec: ModelSpec,
    model: nn.Module,
    case: ImageCase,
    method: str,
    params: Params,
    seed: int,
    progress: ProgressFn | None = None,
) -> list[RandomisationStep]:
    """The map of ``method`` as the model is randomised layer by layer from the top."""
    return cascading_randomisation(
        model, case.x, case.target, attribution_fn(method, params), seed=seed, progress=progress
    )


@_CURVES.cached(
    key=lambda spec, model, case, method, params, prune_method: (
        spec.name,
        case.key,
        case.target,
        method,
        str(params),
        prune_method,
    )
)
def agreement_curve(
    spec: ModelSpec,
    model: nn.Module,
    case: ImageCase,
    method: str,
    params: Params,
    prune_method: str,
    progress: ProgressFn | None = None,
) -> pd.DataFrame:
    """How far ``method``'s map drifts from the original's over :data:`CURVE_AMOUNTS` of
    ``prune_method`` (a table: amount, spearman, topk_overlap, prob)."""
    return agreement_vs_pruning(
        model,
        spec,
        case.x,
        case.target,
        method,
        prune_method=prune_method,
        amounts=CURVE_AMOUNTS,
        params=params,
        progress=progress,
    )


# --- training-data influence (TracIn) and concepts (TCAV) --------------------------------------
# ``variant``: None for the original, else the PruneSettings of its pruned variant (the one the
# "Original vs compressed" view builds, cached in dashboard.shared.variants).

# The training side of last-layer TracIn per (model, variant): computed once (LeNet 0.2 s, Tiny
# ViT 6 s), then each input costs milliseconds. A few MB each.
_INDEXES: ResultCache[TracInIndex] = ResultCache("explain_tracin_index", max_entries=6)
_INFLUENCE: ResultCache[Influence] = ResultCache("explain_influence", max_entries=32)
_SELF_INFLUENCE: ResultCache[SelfInfluence] = ResultCache("explain_self_influence", 8)
_TCAV: ResultCache[list[ConceptScore]] = ResultCache("explain_tcav", max_entries=16)


def influence_checkpoints(
    spec: ModelSpec, model: nn.Module, variant: PruneSettings | None
) -> tuple[Checkpoint, ...]:
    """The checkpoints TracIn sums over: the recorded ones (the final weights alone for a model
    without them); for a pruned variant, those with its masks, ending at its own weights."""
    history = training_checkpoints(spec) or final_weights_only(model)
    if variant is None:
        return history
    return masked_checkpoints(history, pruned(spec.name, variant).model)


def _model(spec: ModelSpec, model: nn.Module, variant: PruneSettings | None) -> nn.Module:
    return model if variant is None else pruned(spec.name, variant).model


@_INDEXES.cached(key=lambda spec, model, variant: (spec.name, variant))
def influence_index(
    spec: ModelSpec,
    model: nn.Module,
    variant: PruneSettings | None,
    progress: ProgressFn | None = None,
) -> TracInIndex:
    """Last-layer TracIn's training side for the original or its pruned ``variant``."""
    data = spec.load_data()
    return tracin_index(
        _model(spec, model, variant),
        influence_checkpoints(spec, model, variant),
        data.x_train,
        data.y_train,
        progress=progress,
    )


@_INFLUENCE.cached(
    key=lambda spec, model, variant, case, method: (
        spec.name,
        variant,
        case.key,
        case.target,
        method,
    )
)
def influence(
    spec: ModelSpec,
    model: nn.Module,
    variant: PruneSettings | None,
    case: ImageCase,
    method: InfluenceMethod,
    progress: ProgressFn | None = None,
) -> Influence:
    """TracIn scores of every training digit on ``case`` for the loss of its target class."""
    if method == "fast":
        index = influence_index(spec, model, variant, progress=progress)
        return index.influence(case.x, case.target)
    data = spec.load_data()
    return train_influence(
        _model(spec, model, variant),
        influence_checkpoints(spec, model, variant),
        data.x_train,
        data.y_train,
        case.x,
        case.target,
        method,
        progress=progress,
    )


@_SELF_INFLUENCE.cached(key=lambda spec, model: (spec.name,))
def training_self_influence(
    spec: ModelSpec, model: nn.Module, progress: ProgressFn | None = None
) -> SelfInfluence:
    """Every training digit's self-influence and what the model predicts for it."""
    data = spec.load_data()
    scores = self_influence(
        model, influence_checkpoints(spec, model, None), data.x_train, data.y_train, progress
    )
    return SelfInfluence(scores, predict(model, data.x_train).argmax(1).numpy())


@_TCAV.cached(key=lambda spec, model, variant, settings: (spec.name, variant, settings))
def concept_test(
    spec: ModelSpec,
    model: nn.Module,
    variant: PruneSettings | None,
    settings: TcavSettings,
    progress: ProgressFn | None = None,
) -> list[ConceptScore]:
    """TCAV scores of ``settings``' concepts with their significance test."""
    return concept_scores(_model(spec, model, variant), spec.load_data(), settings, progress)


# --- the code GPT (dashboard/areas/explain/llm.py) ----------------------------------------------
# Deterministic (greedy continuation, seeded Shapley orders): keyed by the model's name, the
# prompt and the settings. Each entry is a few KB (token lists and small matrices).
_LLM_CONTINUATIONS: ResultCache[Continuation] = ResultCache("explain_llm_continuations", 64)
_LLM_ATTRIBUTIONS: ResultCache[PromptAttribution] = ResultCache("explain_llm_attributions", 64)
_LLM_LENSES: ResultCache[LogitLens] = ResultCache("explain_llm_lenses", 64)
_LLM_ATTENTION: ResultCache[DecoderAttention] = ResultCache("explain_llm_attention", 32)
_LLM_COMPARISONS: ResultCache[AttributionComparison] = ResultCache("explain_llm_compare", 32)


@_LLM_CONTINUATIONS.cached(key=lambda spec, model, prompt, new: (spec.name, prompt, new))
def llm_continuation(
    spec: ModelSpec, model: nn.Module, prompt: str, new: int, progress: ProgressFn | None = None
) -> Continuation:
    """The greedy continuation of ``new`` tokens that the views explain."""
    return continue_greedily(model, load_tokenizer(), prompt, new)


@_LLM_ATTRIBUTIONS.cached(
    key=lambda spec, model, prompt, target, method: (spec.name, prompt, target, method)
)
def llm_attribution(
    spec: ModelSpec,
    model: nn.Module,
    prompt: str,
    target: str,
    method: str,
    progress: ProgressFn | None = None,
) -> PromptAttribution:
    """captum's attribution of ``target`` (the continuation's text) to the prompt's tokens,
    reporting every forward pass."""
    return attribute_prompt(
        model, load_tokenizer(), prompt, target=target, method=method, progress=progress
    )


@_LLM_LENSES.cached(key=lambda spec, model, text: (spec.name, text))
def llm_logit_lens(
    spec: ModelSpec, model: nn.Module, text: str, progress: ProgressFn | None = None
) -> LogitLens:
    """Each layer's next-token guess at every position of ``text``."""
    return logit_lens(model, load_tokenizer(), text)


@_LLM_ATTENTION.cached(key=lambda spec, model, continuation: (spec.name, continuation))
def llm_attention(
    spec: ModelSpec,
    model: nn.Module,
    continuation: Continuation,
    progress: ProgressFn | None = None,
) -> DecoderAttention:
    """Attention per layer and head over prompt + continuation (on an eager copy)."""
    return decoder_attention(
        model, load_tokenizer(), continuation.ids, len(continuation.prompt_ids)
    )


@_LLM_COMPARISONS.cached(
    key=lambda spec, model, prompt, target, method, variant: (
        spec.name,
        prompt,
        target,
        method,
        variant,
    )
)
def llm_comparison(
    spec: ModelSpec,
    model: nn.Module,
    prompt: str,
    target: str,
    method: str,
    variant: str,
    progress: ProgressFn | None = None,
) -> AttributionComparison:
    """The attribution on the original and on its ``variant`` copy, with their agreement."""
    if progress:
        progress(0.0, variant)
    return compare_attributions(model, load_tokenizer(), prompt, target, method, variant)
