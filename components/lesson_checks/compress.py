"""Measures of the Compress page's lessons: what pruning and quantization keep and cost."""

from __future__ import annotations

import functools
from collections.abc import Mapping

import torch
from torch import nn

from components.compare import comparison_batch
from components.distillation import DistillSettings
from components.distillation.experiment import DistillResult, distill
from components.distillation.loss import softened_probabilities
from components.latency import interleaved_latency
from components.lesson_checks.registry import register, zoo_model
from components.profile import serialized_size_bytes
from components.pruning import PruneSettings, prune_model
from components.quality import evaluate
from components.quantization import QuantSettings, layer_quant_error, quantize_model
from models.registry import get_spec
from models.training import predict

LATENCY_THREADS = 1  # as the lessons open: one thread per session on a shared server


def prune_settings(s: Mapping[str, str]) -> PruneSettings:
    """The Compress page's pruning settings from its URL values."""
    return PruneSettings(
        method=s.get("method", PruneSettings.method),
        amount=float(s.get("amount", PruneSettings.amount)),
        scope=s.get("scope", PruneSettings.scope),
        layers=s.get("layers", PruneSettings.layers),
        finetune_epochs=int(s.get("finetune", 0)),
        seed=int(s.get("seed", 0)),
    )


def quant_settings(s: Mapping[str, str]) -> QuantSettings:
    """The Compress page's quantization settings from its URL values."""
    return QuantSettings(
        method=s.get("qmethod", QuantSettings.method),
        per_channel=s.get("per_channel", "1") == "1",
        calibration_batches=int(s.get("calib", QuantSettings.calibration_batches)),
    )


@functools.lru_cache(maxsize=16)
def _variant(items: tuple[tuple[str, str], ...]) -> nn.Module:
    s = dict(items)
    name = s["model"]
    if s.get("technique", "prune") == "quantize":
        return quantize_model(zoo_model(name), get_spec(name), quant_settings(s)).model
    return prune_model(zoo_model(name), get_spec(name), prune_settings(s)).model


def variant(s: Mapping[str, str]) -> nn.Module:
    """The compressed model the page shows for ``s`` (built once per settings)."""
    return _variant(tuple(sorted(s.items())))


@register("accuracy", "fraction")
def accuracy(s: Mapping[str, str], _arg: str) -> float:
    """Test accuracy of the compressed model."""
    return evaluate(variant(s), get_spec(s["model"])).value


@register("size_ratio", "ratio")
def size_ratio(s: Mapping[str, str], _arg: str) -> float:
    """Size on disk of the compressed model over the original's."""
    return serialized_size_bytes(variant(s)) / serialized_size_bytes(zoo_model(s["model"]))


@register("latency_ratio", "ratio", timed=True)
def latency_ratio(s: Mapping[str, str], _arg: str) -> float:
    """Median latency of the compressed model over the original's, timed in alternation at the
    page's comparison batch on one thread."""
    spec = get_spec(s["model"])
    base, small = zoo_model(s["model"]), variant(s)
    batch = comparison_batch(spec)
    results = interleaved_latency(
        [(base, spec.example_input(base, batch)), (small, spec.example_input(small, batch))],
        threads=LATENCY_THREADS,
    )
    return results[1].median_s / results[0].median_s


@register("weight_sqnr", "db")
def weight_sqnr(s: Mapping[str, str], layer: str) -> float:
    """Weight SQNR of ``layer`` under the page's quantization settings (the error chart)."""
    spec = get_spec(s["model"])
    errors = layer_quant_error(zoo_model(s["model"]), spec, quant_settings(s))
    return float(errors.set_index("name").loc[layer, "sqnr_db"])


@register("teacher_top_probability", "fraction")
def teacher_top_probability(s: Mapping[str, str], _arg: str) -> float:
    """Mean over the test digits of the teacher's largest probability at temperature T."""
    model = zoo_model(s["model"])
    data = get_spec(s["model"]).load_data()
    with torch.inference_mode():
        logits = predict(model, data.x_test)
    probabilities = softened_probabilities(logits, float(s.get("temp", 4.0)))
    return float(probabilities.max(dim=-1).values.mean())


def distill_settings(s: Mapping[str, str]) -> DistillSettings:
    """The Compress page's distillation settings from its URL values."""
    return DistillSettings(
        width=float(s.get("width", DistillSettings.width)),
        temperature=float(s.get("temp", DistillSettings.temperature)),
        alpha=float(s.get("alpha", DistillSettings.alpha)),
        epochs=int(s.get("epochs", DistillSettings.epochs)),
        seed=int(s.get("seed", 0)),
    )


@functools.lru_cache(maxsize=8)
def _distilled(name: str, settings: DistillSettings) -> DistillResult:
    return distill(zoo_model(name), get_spec(name), settings)


@register("distilled_accuracy", "fraction")
def distilled_accuracy(s: Mapping[str, str], _arg: str) -> float:
    """Test accuracy of the distilled student after its last epoch."""
    return _distilled(s["model"], distill_settings(s)).student_accuracy


@register("scratch_accuracy", "fraction")
def scratch_accuracy(s: Mapping[str, str], _arg: str) -> float:
    """Test accuracy of the same student trained on the labels alone (the baseline)."""
    return _distilled(s["model"], distill_settings(s)).scratch_accuracy


@functools.lru_cache(maxsize=16)
def _llm_perplexity(name: str, variant: str) -> float:
    from components.llm import build_variant, validation_perplexity

    return validation_perplexity(build_variant(variant, zoo_model(name))).perplexity


@register("llm_perplexity_ratio", "ratio")
def llm_perplexity_ratio(s: Mapping[str, str], variant: str) -> float:
    """Validation perplexity of the code GPT's variant ``variant`` (a name of
    ``components.llm.variants.all_variants``; default the page's chosen one) over the fp32
    original's, as the Compress page's table shows it."""
    name = s.get("model", "gpt")
    chosen = variant or s.get("llm_variant", "int8_weight_only")
    return _llm_perplexity(name, chosen) / _llm_perplexity(name, "fp32")
