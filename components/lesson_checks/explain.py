"""Measures of the Explain page's lessons: where attention and attributions fall on the digit,
how smooth and how steady a map is, what it costs, which training digits a prediction leans on
and which concepts a class uses.

Every measure rebuilds what the page shows from its URL values (``source``, ``index``,
``target``, ``methods``' ``param_<method>_<name>``, ``layer``, ``head`` and the shared ``seed``)
with the page's own backend calls (:func:`components.explain.explain`, ``vit_attention``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import numpy as np
import torch
from torch import nn

from components.explain import (
    ATTRIBUTION_METHODS,
    Explanation,
    explain,
    predict_topk,
    prepare_test_digit,
    topk_overlap,
    vit_attention,
)
from components.explain.attention import ViTAttention
from components.explain.concepts import ConceptScore, TcavSettings, concept_scores, default_layers
from components.explain.influence import (
    Influence,
    InfluenceComparison,
    InfluenceSettings,
    TracInIndex,
    masked_checkpoints,
    self_influence,
    tracin_index,
    training_checkpoints,
)
from components.lesson_checks.registry import register, zoo_model
from components.llm import DEFAULT_PROMPT
from components.llm.attribution import PromptAttribution, attribute_prompt
from components.llm.compare import compare_attributions
from components.llm.prompts import continue_greedily
from components.pruning import PruneSettings, prune_model
from models.data import load_digits_split
from models.gpt import load_tokenizer
from models.registry import get_spec

# A pixel or patch "holds ink" when it is at least half inked (preview value ≥ 0.5): the strokes
# a student sees, not the faint grey rim of an upsampled 8×8 digit.
INK = 0.5


@functools.lru_cache(maxsize=16)
def _digit(index: int) -> tuple[torch.Tensor, np.ndarray]:
    prepared = prepare_test_digit(index)
    return prepared.model_input, prepared.preview


def _input(s: Mapping[str, str]) -> tuple[torch.Tensor, np.ndarray]:
    """The digit the page explains: the lessons use the test split only."""
    if s.get("source", "test") != "test":
        raise ValueError("the lesson measures read test digits only")
    return _digit(int(s.get("index", "0")))


def _target(s: Mapping[str, str]) -> int:
    """The class the page explains (``target=-1``: the model's prediction)."""
    target = int(s.get("target", "-1"))
    if target >= 0:
        return target
    x, _ = _input(s)
    return predict_topk(zoo_model(s["model"]), x, 1)[0][0]


def _params(s: Mapping[str, str], method: str) -> dict[str, float | int | str]:
    """``method``'s slider values from the URL (``param_<method>_<name>``), typed as declared."""
    params: dict[str, float | int | str] = {}
    for spec in ATTRIBUTION_METHODS[method].params:
        raw = s.get(f"param_{method}_{spec.name}", "")
        if raw == "":
            continue  # the default (Grad-CAM's layer: chosen per model)
        if spec.kind == "int":
            params[spec.name] = int(raw)
        elif spec.kind == "float":
            params[spec.name] = float(raw)
        else:
            params[spec.name] = raw
    return params


@functools.lru_cache(maxsize=64)
def _explained(model: str, index: int, target: int, method: str, params: tuple, seed: int):
    x, _ = _digit(index)
    return explain(zoo_model(model), x, target, method, dict(params), seed=seed)


def explanation(s: Mapping[str, str], method: str, *, seed: int | None = None) -> Explanation:
    """``method``'s map as the page computes it for ``s`` (at ``seed``, default the page's)."""
    _input(s)
    params = tuple(sorted(_params(s, method).items()))
    seed = int(s.get("seed", "0")) if seed is None else seed
    return _explained(s["model"], int(s.get("index", "0")), _target(s), method, params, seed)


def _ink_pixels(s: Mapping[str, str]) -> np.ndarray:
    _, preview = _input(s)
    return preview >= INK


def _roughness(attribution: np.ndarray) -> float:
    """Total variation of |map| scaled to sum 1: how much it jumps from pixel to pixel."""
    a = np.abs(attribution.astype(np.float64))
    a = a / (a.sum() or 1.0)
    return float(np.abs(np.diff(a, axis=0)).sum() + np.abs(np.diff(a, axis=1)).sum()) / 2


# --- attributions (LeNet) ----------------------------------------------------------------------


@register("ink_share", "share")
def ink_share(s: Mapping[str, str], method: str) -> float:
    """Share of the |attribution| of ``method`` that lies on ink pixels."""
    a = np.abs(explanation(s, method).attribution.astype(np.float64))
    return float(a[_ink_pixels(s)].sum() / a.sum())


@register("ink_pixels", "share")
def ink_pixels(s: Mapping[str, str], _arg: str) -> float:
    """Share of the digit's pixels that hold ink (what an even spread would put on them)."""
    return float(_ink_pixels(s).mean())


@register("roughness_vs_saliency", "ratio")
def roughness_vs_saliency(s: Mapping[str, str], method: str) -> float:
    """Pixel-to-pixel change of ``method``'s map over Saliency's (below 1: smoother)."""
    return _roughness(explanation(s, method).attribution) / _roughness(
        explanation(s, "saliency").attribution
    )


@register("positive_share", "share")
def positive_share(s: Mapping[str, str], method: str) -> float:
    """Share of the |attribution| of ``method`` that argues for the class (red on the page)."""
    a = explanation(s, method).attribution.astype(np.float64)
    return float(a[a > 0].sum() / np.abs(a).sum())


@register("forward_passes", "count")
def forward_passes(s: Mapping[str, str], method: str) -> float:
    """The forward passes in the cost line under ``method``'s map."""
    return explanation(s, method).forward_passes


@register("seed_change", "share")
def seed_change(s: Mapping[str, str], method: str) -> float:
    """How much ``method``'s map changes when the seed moves one up: the summed |difference| of
    the two maps as drawn (each scaled to its largest |value|) over their mean summed |value|."""
    seed = int(s.get("seed", "0"))
    now, then = (
        explanation(s, method, seed=n).attribution.astype(np.float64) for n in (seed, seed + 1)
    )
    now, then = now / np.abs(now).max(), then / np.abs(then).max()
    return float(np.abs(now - then).sum() / ((np.abs(now).sum() + np.abs(then).sum()) / 2))


@register("top_overlap", "share")
def top_overlap(s: Mapping[str, str], pair: str) -> float:
    """Overlap of the top 10 % pixels of two methods (``pair``: "a,b"), the page's "top-k
    overlap" agreement."""
    first, second = pair.split(",")
    return topk_overlap(explanation(s, first).attribution, explanation(s, second).attribution)


# --- attention (Tiny ViT) ----------------------------------------------------------------------


@functools.lru_cache(maxsize=16)
def _attention(model: str, index: int) -> ViTAttention:
    x, _ = _digit(index)
    return vit_attention(zoo_model(model), x)


def _class_token_map(s: Mapping[str, str]) -> np.ndarray:
    """The class token's attention over the patches at the page's layer and head, sum 1."""
    _input(s)
    att = _attention(s["model"], int(s.get("index", "0")))
    head = int(s.get("head", "-1"))
    cls_map = att.cls_map(int(s.get("layer", "3")), None if head < 0 else head)
    return cls_map / cls_map.sum()


def _ink_patches(s: Mapping[str, str]) -> np.ndarray:
    _, preview = _input(s)
    grid = _attention(s["model"], int(s.get("index", "0"))).grid
    size = preview.shape[0] // grid
    return preview.reshape(grid, size, grid, size).mean(axis=(1, 3)) >= INK


@register("attention_peak", "ratio")
def attention_peak(s: Mapping[str, str], _arg: str) -> float:
    """The class token's largest attention to one patch over its mean (1: even)."""
    cls_map = _class_token_map(s)
    return float(cls_map.max() / cls_map.mean())


@register("attention_on_ink", "share")
def attention_on_ink(s: Mapping[str, str], _arg: str) -> float:
    """Share of the class token's attention that falls on patches at least half inked."""
    return float(_class_token_map(s)[_ink_patches(s)].sum())


@register("ink_patches", "share")
def ink_patches(s: Mapping[str, str], _arg: str) -> float:
    """Share of the patches at least half inked (what an even spread would give them)."""
    return float(_ink_patches(s).mean())


@register("head_peaks", "count")
def head_peaks(s: Mapping[str, str], _arg: str) -> float:
    """How many different patches the heads of the page's layer attend to most."""
    att = _attention(s["model"], int(s.get("index", "0")))
    layer = int(s.get("layer", "3"))
    return len({int(np.argmax(att.cls_map(layer, h))) for h in range(att.heads)})


# --- training-data influence and concepts (LeNet) ----------------------------------------------


def _pruning(s: Mapping[str, str]) -> PruneSettings:
    """The pruned variant the influence and concepts views compare with (``pmethod``,
    ``pamount``, the shared ``seed``)."""
    return PruneSettings(
        method=s.get("pmethod", PruneSettings.method),
        amount=float(s.get("pamount", "0.5")),
        seed=int(s.get("seed", "0")),
    )


@functools.lru_cache(maxsize=4)
def _pruned(model: str, settings: PruneSettings) -> nn.Module:
    return prune_model(zoo_model(model), get_spec(model), settings).model


def _checked_model(model: str, variant: PruneSettings | None) -> nn.Module:
    return zoo_model(model) if variant is None else _pruned(model, variant)


@functools.lru_cache(maxsize=4)
def _index(model: str, variant: PruneSettings | None) -> TracInIndex:
    """The page's last-layer TracIn index for the model or its pruned variant."""
    spec, data = get_spec(model), load_digits_split()
    history = training_checkpoints(spec)
    if variant is not None:
        history = masked_checkpoints(history, _pruned(model, variant))
    return tracin_index(_checked_model(model, variant), history, data.x_train, data.y_train)


def _influence(s: Mapping[str, str], variant: PruneSettings | None = None) -> Influence:
    if s.get("inf_method", "fast") != "fast":
        raise ValueError("the lesson measures read the last-layer estimator only")
    x, _ = _input(s)
    return _index(s["model"], variant).influence(x, _target(s))


def _k(s: Mapping[str, str]) -> int:
    return int(s.get("inf_k", str(InfluenceSettings.k)))


@register("proponent_label_share", "share")
def proponent_label_share(s: Mapping[str, str], _arg: str) -> float:
    """Share of the top-k proponents whose label is the class explained."""
    labels = load_digits_split().y_train.numpy()
    return float(np.mean(labels[_influence(s).proponents(_k(s))] == _target(s)))


@register("proponent_overlap", "share")
def proponent_overlap(s: Mapping[str, str], _arg: str) -> float:
    """Share of the original's top-k proponents that are among the pruned variant's."""
    pair = InfluenceComparison(_influence(s), _influence(s, _pruning(s)), _k(s))
    return pair.proponent_overlap


@functools.lru_cache(maxsize=2)
def _self_influence(model: str) -> np.ndarray:
    data = load_digits_split()
    history = training_checkpoints(get_spec(model))
    return self_influence(zoo_model(model), history, data.x_train, data.y_train)


@register("self_influence_top_share", "share")
def self_influence_top_share(s: Mapping[str, str], _arg: str) -> float:
    """Share of the whole training set's self-influence held by the digits the page lists (the
    2·k highest)."""
    scores = _self_influence(s["model"])
    return float(np.sort(scores)[::-1][: 2 * _k(s)].sum() / scores.sum())


@register("proponents_among_odd", "share")
def proponents_among_odd(s: Mapping[str, str], _arg: str) -> float:
    """Share of the top-k proponents that are among the 50 training digits of highest
    self-influence (the "odd" ones)."""
    odd = set(np.argsort(-_self_influence(s["model"]))[:50].tolist())
    return float(np.mean([int(i) in odd for i in _influence(s).proponents(_k(s))]))


def _tcav_settings(s: Mapping[str, str]) -> TcavSettings:
    concepts = s.get("tcav_concepts", ",".join(TcavSettings.concepts))
    return TcavSettings(
        target=int(s.get("tcav_class", str(TcavSettings.target))),
        concepts=tuple(c for c in concepts.split(",") if c),
        layers=tuple(c for c in s.get("tcav_layers", "").split(",") if c)
        or default_layers(zoo_model(s["model"])),
        runs=int(s.get("tcav_runs", str(TcavSettings.runs))),
        seed=int(s.get("seed", "0")),
    )


@functools.lru_cache(maxsize=8)
def _tcav(model: str, variant: PruneSettings | None, settings: TcavSettings) -> dict:
    scores = concept_scores(_checked_model(model, variant), load_digits_split(), settings)
    return {(r.concept, r.layer): r for r in scores}


def _concept(s: Mapping[str, str], arg: str) -> ConceptScore:
    """``arg`` = "concept:layer" or "concept:layer:pruned" (the page's pruned variant)."""
    concept, layer, *which = arg.split(":")
    variant = _pruning(s) if which == ["pruned"] else None
    return _tcav(s["model"], variant, _tcav_settings(s))[concept, layer]


@register("tcav_score", "share")
def tcav_score(s: Mapping[str, str], arg: str) -> float:
    """The mean TCAV score of a concept at a layer (``arg``: "concept:layer[:pruned]")."""
    return _concept(s, arg).mean


@register("tcav_significant", "count")
def tcav_significant(s: Mapping[str, str], arg: str) -> float:
    """1 when the concept's scores differ from the random sets' (p < 0.05), else 0."""
    return float(_concept(s, arg).significant)


# --- the code GPT (dashboard/areas/explain/llm.py): llm_prompt, llm_new, llm_method -------------


@functools.lru_cache(maxsize=16)
def _llm_attribution(model: str, prompt: str, new: int, method: str) -> PromptAttribution:
    gpt = zoo_model(model)
    tokenizer = load_tokenizer()
    continuation = continue_greedily(gpt, tokenizer, prompt, new)
    return attribute_prompt(gpt, tokenizer, prompt, target=continuation.completion, method=method)


@register("llm_token_share", "share")
def llm_token_share(s: Mapping[str, str], position: str) -> float:
    """Share of the |attribution| to the whole greedy continuation that falls on the prompt
    token at ``position`` (0-based, as the page numbers them; negative counts from the end)."""
    attr = _llm_attribution(
        s["model"],
        s.get("llm_prompt", DEFAULT_PROMPT),
        int(s.get("llm_new", "8")),
        s.get("llm_method", "feature_ablation"),
    )
    a = attr.seq_attr.abs().double()
    return float(a[int(position)] / a.sum())


@register("llm_quantized_rho", "ratio")
def llm_quantized_rho(s: Mapping[str, str], variant: str) -> float:
    """Spearman's ρ between the original's and the ``variant`` copy's attributions to the
    continuation per prompt token (``variant`` empty: the page's ``llm_variant``)."""
    prompt, gpt, tokenizer = (
        s.get("llm_prompt", DEFAULT_PROMPT),
        zoo_model(s["model"]),
        load_tokenizer(),
    )
    continuation = continue_greedily(gpt, tokenizer, prompt, int(s.get("llm_new", "8")))
    result = compare_attributions(
        gpt,
        tokenizer,
        prompt,
        continuation.completion,  # the page's target: the new tokens decoded together
        s.get("llm_method", "feature_ablation"),
        variant or s.get("llm_variant", "int8_weight_only"),
    )
    return result.spearman_sequence
