"""The model profile every page shows: size, per-layer table, FLOPs, quality and latency."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd
import torch
from torch import nn

from components.flops import FlopCount, count_flops
from components.latency import LatencyResult, measure_latency
from components.quality import Quality, evaluate
from models.registry import ModelSpec

# Modules that compute with their children's weights directly (MultiheadAttention calls
# F.multi_head_attention_forward with out_proj.weight), so the FLOP counter attributes all their
# work to the parent: the layer table treats them as one layer.
ATOMIC_MODULES: tuple[type[nn.Module], ...] = (nn.MultiheadAttention,)

LAYER_COLUMNS = ["name", "type", "shape", "params", "nonzero", "sparsity", "flops"]


def weight_tensors(model: nn.Module) -> list[torch.Tensor]:
    """Every learned tensor of ``model``: its parameters (shared ones once) and the packed
    weights and biases of quantized modules, which are no Parameters (an int8 Linear keeps its
    weights in ``_packed_params``), so that quantizing a model does not seem to remove weights."""
    tensors = list(model.parameters())
    for module in model.modules():
        if hasattr(module, "_packed_params") and callable(getattr(module, "weight", None)):
            bias = module.bias() if callable(getattr(module, "bias", None)) else None
            tensors += [module.weight()] + ([bias] if bias is not None else [])
    return tensors


def count_parameters(model: nn.Module) -> int:
    """Number of weights and biases (shared tensors counted once, quantized ones included)."""
    return sum(tensor.numel() for tensor in weight_tensors(model))


def serialized_size_bytes(model: nn.Module) -> int:
    """Bytes of the model's ``state_dict`` serialised with ``torch.save`` (what a checkpoint
    file of it weighs). Works for quantized modules too, whose packed weights are no Parameters."""
    buffer = io.BytesIO()
    torch.save(model.state_dict(), buffer)
    return buffer.getbuffer().nbytes


def iter_layers(model: nn.Module) -> Iterator[tuple[str, nn.Module]]:
    """Modules that hold weights and count as one layer: leaves with parameters, and the
    :data:`ATOMIC_MODULES` as a whole (their children are not listed again)."""
    skip: list[str] = []
    for name, module in model.named_modules():
        if any(name.startswith(prefix + ".") for prefix in skip):
            continue
        if isinstance(module, ATOMIC_MODULES):
            skip.append(name)
            yield name, module
        elif next(module.children(), None) is None and next(module.parameters(), None) is not None:
            yield name, module


def _weight_shape(module: nn.Module) -> str:
    weight = getattr(module, "weight", None)
    if weight is None:
        weight = getattr(module, "in_proj_weight", None)  # MultiheadAttention
    if not isinstance(weight, torch.Tensor):
        weight = next(module.parameters())
    return "×".join(str(d) for d in weight.shape)


def layer_table(model: nn.Module, flops: FlopCount | None = None) -> pd.DataFrame:
    """One row per layer: name, type, weight shape, parameters, non-zeros, sparsity, FLOPs."""
    rows = []
    for name, module in iter_layers(model):
        params = list(module.parameters())
        total = sum(p.numel() for p in params)
        nonzero = sum(int(torch.count_nonzero(p.detach())) for p in params)
        rows.append(
            {
                "name": name,
                "type": type(module).__name__,
                "shape": _weight_shape(module),
                "params": total,
                "nonzero": nonzero,
                "sparsity": 1.0 - nonzero / total if total else 0.0,
                "flops": flops.per_module.get(name, 0) if flops else 0,
            }
        )
    return pd.DataFrame(rows, columns=LAYER_COLUMNS)


def block_name(layer: str) -> str:
    """The block a layer belongs to: its name up to the first numeric part
    (``encoder.encoder.layer.3.attention.self.query`` → ``encoder.encoder.layer.3``), else its
    first part (``embed.proj`` → ``embed``)."""
    parts = layer.split(".")
    for i, part in enumerate(parts):
        if part.isdigit():
            return ".".join(parts[: i + 1])
    return parts[0] if len(parts) > 1 else layer


def group_layers(layers: pd.DataFrame, max_rows: int = 30) -> pd.DataFrame:
    """Sum a long layer table per block (see :func:`block_name`) so that a chart stays readable;
    tables with at most ``max_rows`` rows come back unchanged."""
    if len(layers) <= max_rows:
        return layers
    grouped = (
        layers.assign(name=layers["name"].map(block_name))
        .groupby("name", sort=False)[["params", "nonzero", "flops"]]
        .sum()
        .reset_index()
    )
    grouped["sparsity"] = 1.0 - grouped["nonzero"] / grouped["params"].where(grouped["params"] > 0)
    grouped["type"] = "block"
    grouped["shape"] = ""
    return grouped[LAYER_COLUMNS].fillna({"sparsity": 0.0})


def global_sparsity(model: nn.Module) -> float:
    """Fraction of all parameters that are exactly zero."""
    params = [p.detach() for p in model.parameters()]
    total = sum(p.numel() for p in params)
    return 1.0 - sum(int(torch.count_nonzero(p)) for p in params) / total


@dataclass(frozen=True)
class ModelProfile:
    """Measured facts about one model; every number is computed, none is typed in."""

    params: int
    size_bytes: int
    sparsity: float
    flops: FlopCount  # at batch 1
    layers: pd.DataFrame
    quality: Quality
    latency: LatencyResult | None  # None when profiled with ``with_latency=False``


def profile_model(
    model: nn.Module,
    spec: ModelSpec,
    *,
    batch_size: int = 1,
    threads: int | None = None,
    min_run_time: float = 0.3,
    with_latency: bool = True,
) -> ModelProfile:
    """Profile ``model`` (a model of ``spec``'s kind; it may be a pruned or quantized copy).

    FLOPs are counted at batch 1; latency is measured at ``batch_size`` with ``threads``, unless
    ``with_latency`` is False (interactive updates that measure latency separately).
    """
    single = spec.example_input(model, 1)
    flops = count_flops(model, single)
    return ModelProfile(
        params=count_parameters(model),
        size_bytes=serialized_size_bytes(model),
        sparsity=global_sparsity(model),
        flops=flops,
        layers=layer_table(model, flops),
        quality=evaluate(model, spec),
        latency=measure_latency(
            model, spec.example_input(model, batch_size), threads=threads, min_run_time=min_run_time
        )
        if with_latency
        else None,
    )
