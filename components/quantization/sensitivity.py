"""Which layers to keep in fp32: quantize one layer at a time and measure the model's output.

A layer's own output SQNR is a weak guide to what it does to the model: on MiniLM the
``intermediate.dense`` layers have the lowest SQNR, yet ``layer.0.output.dense`` moves the sentence
embeddings most (its error goes straight into the residual stream of every later layer).
Measured on MiniLM, dynamic int8 per-channel, mean cosine vs fp32 with the k top-ranked layers
kept in fp32 — ranked by layer SQNR: k=2 0.981, k=6 0.986; ranked by this sweep: k=1 0.981,
k=6 0.991. So the ranking runs the whole model once per layer (MiniLM: 38 forward passes).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import pandas as pd
import torch
import torch.nn.functional as F
from torch import nn

from components.progress import ProgressFn, no_progress
from components.quantization.error import ERROR_SAMPLES, error_batches, layer_forward, recorded_io
from components.quantization.schemes import ActivationRoundtrip, roundtrip_weight
from components.quantization.settings import QuantSettings
from components.quantization.targets import quantizable_layers
from components.shared_models import working_copy
from models.registry import ModelSpec

SENSITIVITY_COLUMNS = ["name", "type", "drift"]

# Rankings per shared model object (read-only by contract) and settings: the page asks for
# k = 1, 2, … in turn, and each would otherwise rerun the whole sweep.
_cache: weakref.WeakKeyDictionary[nn.Module, dict[tuple, pd.DataFrame]] = (
    weakref.WeakKeyDictionary()
)
_cache_lock = threading.Lock()


@contextmanager
def quantized_in_place(
    model: nn.Module, name: str, settings: QuantSettings, act: ActivationRoundtrip
) -> Iterator[None]:
    """While open, layer ``name`` computes with its weights and input in the method's format
    (its output is replaced by a forward hook, removed on exit)."""
    module = dict(model.named_modules())[name]
    approx = roundtrip_weight(module.weight, settings.method, settings.per_channel)
    handle = module.register_forward_hook(
        lambda m, args, _out: layer_forward(m, act(args[0]), approx)
    )
    try:
        yield
    finally:
        handle.remove()


def _drift(reference: torch.Tensor, output: torch.Tensor) -> float:
    """1 − mean cosine of per-sample outputs (logits or embeddings)."""
    cos = F.cosine_similarity(reference.flatten(1).double(), output.flatten(1).double(), dim=1)
    return float(1.0 - cos.mean())


@torch.inference_mode()
def layer_sensitivity(
    model: nn.Module,
    spec: ModelSpec,
    settings: QuantSettings | None = None,
    progress: ProgressFn | None = None,
) -> pd.DataFrame:
    """One row per convertible layer, most sensitive first: ``drift`` = 1 − mean cosine between
    the model's outputs with only that layer quantized and the fp32 outputs, on
    :data:`~components.quantization.error.ERROR_SAMPLES` real inputs (training digits or the
    shipped sentences). Default settings: dynamic int8, per-channel. ``model`` is not touched."""
    settings = replace(settings or QuantSettings(), keep_fp32=())
    key = (spec.name, settings)
    with _cache_lock:
        cached = _cache.get(model, {}).get(key)
    if cached is not None:
        return cached.copy()
    progress = progress or no_progress
    copy = working_copy(model).eval()
    layers = quantizable_layers(copy, settings.method)
    batches = error_batches(copy, spec, settings)
    acts = {name: ActivationRoundtrip(settings.method) for name, _ in layers}
    with recorded_io(copy, [name for name, _ in layers]) as records:  # static: calibrate ranges
        for args in batches:
            copy(*args)
    for name, act in acts.items():
        for x, _ in records[name]:
            act.observe(x)
    del records
    samples = batches[: max(1, ERROR_SAMPLES // settings.CALIBRATION_BATCH)]

    def outputs() -> torch.Tensor:
        return torch.cat([copy(*args) for args in samples])

    reference = outputs()
    rows = []
    for i, (name, module) in enumerate(layers):
        with quantized_in_place(copy, name, settings, acts[name]):
            drift = _drift(reference, outputs())
        rows.append({"name": name, "type": type(module).__name__, "drift": drift})
        progress((i + 1) / len(layers), f"layer {i + 1}/{len(layers)}: {name}")
    table = (
        pd.DataFrame(rows, columns=SENSITIVITY_COLUMNS)
        .sort_values("drift", ascending=False, kind="stable")
        .reset_index(drop=True)
    )
    with _cache_lock:
        _cache.setdefault(model, {})[key] = table
    return table.copy()


def sensitive_layers(
    model: nn.Module,
    spec: ModelSpec,
    k: int,
    settings: QuantSettings | None = None,
    progress: ProgressFn | None = None,
) -> list[str]:
    """The ``k`` layers whose quantization alone moves the output most (see
    :func:`layer_sensitivity`): the ones to keep in fp32 first."""
    if k <= 0:
        return []
    return layer_sensitivity(model, spec, settings, progress)["name"].head(k).tolist()
