"""Curves over the pruning amount, and how much each layer on its own can take."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import torch
from torch import nn

from components.fidelity import compare_outputs, model_outputs
from components.latency import interleaved_latency
from components.layers import get_layer
from components.profile import count_parameters, serialized_size_bytes
from components.progress import ProgressFn, no_progress
from components.pruning.apply import prune_model
from components.pruning.channels import channel_groups, output_layer
from components.pruning.masks import apply_masks, make_permanent
from components.pruning.settings import (
    PRUNE_METHODS,
    LayerFilter,
    PruneMethodName,
    PruneSettings,
    Scope,
)
from components.pruning.stats import flop_estimate, weights_gone
from components.pruning.targets import prunable_layers, weight_slots
from components.quality import evaluate
from components.shared_models import working_copy
from models.registry import ModelSpec

SWEEP_COLUMNS = [
    "amount",
    "sparsity",
    "quality",
    "agreement",
    "mean_cosine",
    "params",
    "size_bytes",
    "flops",
    "effective_flops",
    "latency_ms",
    "latency_iqr_ms",
    "latency_ratio",
    "physically_removed",
]
SENSITIVITY_COLUMNS = ["layer", "amount", "quality", "quality_drop", "pruned"]
# Per sweep point: long enough for a stable median of a small model, short enough that an
# 11-point LeNet sweep stays within a few seconds.
SWEEP_MIN_RUN_TIME = 0.03  # per timed block; blocks alternate original/variant
SWEEP_ROUNDS = 3  # alternations per point: enough for a stable ratio, cheap enough for 11 points


def amount_sweep(
    model: nn.Module,
    spec: ModelSpec,
    method: PruneMethodName,
    amounts: Sequence[float],
    scope: Scope = "layer",
    layers: LayerFilter = "all",
    picked: Sequence[str] = (),
    measure_latency: bool = True,
    batch_size: int = 64,
    progress: ProgressFn | None = None,
    *,
    seed: int = 0,
) -> pd.DataFrame:
    """Prune at each amount (no fine-tuning) and measure every variant against the original.

    Columns (:data:`SWEEP_COLUMNS`):

    * ``sparsity``: weights zeroed or removed in the chosen layers (:func:`weights_gone`;
      channel removal also counts the input slices it cuts);
    * ``quality``: the spec's metric; ``agreement``/``mean_cosine``: components.fidelity vs the
      original (outputs of the original computed once);
    * ``params``, ``size_bytes``; ``flops`` counted (dense) and ``effective_flops`` estimated
      (:func:`effective_flops`), both at batch 1;
    * ``latency_ms``/``latency_iqr_ms``: median and IQR at ``batch_size`` with the current
      thread count (NaN when ``measure_latency`` is False); ``latency_ratio``: against the
      original timed in alternation with it; ``physically_removed``.
    """
    report = progress or no_progress
    info = PRUNE_METHODS[method]
    chosen = prunable_layers(model, layers, picked)
    if info.structured and not info.physically_removes:  # prune_model leaves the output layer
        chosen = [name for name in chosen if name != output_layer(model)]
    reference = model_outputs(model, spec)  # once: every point compares with it
    rows = []
    for i, amount in enumerate(amounts):
        report(i / len(amounts), f"amount {amount:.2f} ({i + 1}/{len(amounts)})")
        settings = PruneSettings(method, float(amount), scope, layers, tuple(picked), seed=seed)
        result = prune_model(model, spec, settings)
        variant = result.model
        fid = compare_outputs(reference, model_outputs(variant, spec), spec.task)
        dense, effective = flop_estimate(variant, spec)
        latency = ratio = None
        if measure_latency:
            # Timed in alternation with the original: background load hits both alike, so the
            # ratio of this pair is trustworthy even when absolute times drift between points.
            base, latency = interleaved_latency(
                [
                    (model, spec.example_input(model, batch_size)),
                    (variant, spec.example_input(variant, batch_size)),
                ],
                rounds=SWEEP_ROUNDS,
                min_run_time=SWEEP_MIN_RUN_TIME,
            )
            ratio = latency.median_s / base.median_s
        rows.append(
            {
                "amount": float(amount),
                "sparsity": weights_gone(model, variant, chosen),
                "quality": evaluate(variant, spec).value,
                "agreement": fid.agreement,
                "mean_cosine": fid.mean_cosine,
                "params": count_parameters(variant),
                "size_bytes": serialized_size_bytes(variant),
                "flops": dense,
                "effective_flops": effective,
                "latency_ms": latency.median_ms if latency else float("nan"),
                "latency_iqr_ms": latency.iqr_ms if latency else float("nan"),
                "latency_ratio": ratio if ratio is not None else float("nan"),
                "physically_removed": result.physically_removed,
            }
        )
    report(1.0, "done")
    return pd.DataFrame(rows, columns=SWEEP_COLUMNS)


def layer_sensitivity(
    model: nn.Module,
    spec: ModelSpec,
    method: PruneMethodName,
    amounts: Sequence[float] = (0.3, 0.6, 0.9),
    layers: LayerFilter = "all",
    progress: ProgressFn | None = None,
    *,
    seed: int = 0,
) -> pd.DataFrame:
    """Prune ONE layer at a time (no fine-tuning) and measure the quality.

    One row per layer × amount (:data:`SENSITIVITY_COLUMNS`); ``quality_drop`` = original
    quality − quality. ``pruned`` is False for layers the method leaves alone, as
    :func:`prune_model` does: the output layer under structured methods, and under channel
    removal every layer coupled to the output width. Under channel removal a layer takes its
    coupled layers along (they share channels), so the layers of one group get the same numbers.
    """
    report = progress or no_progress
    names = prunable_layers(model, layers)
    baseline = evaluate(model, spec).value
    info = PRUNE_METHODS[method]
    if info.physically_removes:
        quality = _channel_sensitivity(model, spec, names, amounts, report)
    else:
        kept = output_layer(model) if info.structured else None
        pruned = [name for name in names if name != kept]
        quality = _masked_sensitivity(model, spec, method, pruned, amounts, seed, report)
    report(1.0, "done")
    rows = [
        {
            "layer": name,
            "amount": float(a),
            "quality": quality.get((name, float(a)), baseline),
            "quality_drop": baseline - quality.get((name, float(a)), baseline),
            "pruned": (name, float(a)) in quality,
        }
        for name in names
        for a in amounts
    ]
    return pd.DataFrame(rows, columns=SENSITIVITY_COLUMNS)


def _masked_sensitivity(
    model: nn.Module,
    spec: ModelSpec,
    method: PruneMethodName,
    names: list[str],
    amounts: Sequence[float],
    seed: int,
    report: ProgressFn,
) -> dict[tuple[str, float], float]:
    # One private copy; each layer is pruned, measured and restored: no copy per point.
    copy = working_copy(model).eval()
    info = PRUNE_METHODS[method]
    quality: dict[tuple[str, float], float] = {}
    steps = len(names) * len(amounts)
    for i, name in enumerate(names):
        slots = weight_slots(get_layer(copy, name))
        backup = [getattr(owner, pname).detach().clone() for owner, pname in slots]
        for j, amount in enumerate(amounts):
            report((i * len(amounts) + j) / steps, f"{name} at {amount:.2f}")
            apply_masks(copy, [name], info, float(amount), seed=seed)
            make_permanent(copy)
            quality[name, float(amount)] = evaluate(copy, spec).value
            with torch.no_grad():
                for (owner, pname), saved in zip(slots, backup, strict=True):
                    getattr(owner, pname).copy_(saved)
    return quality


def _channel_sensitivity(
    model: nn.Module,
    spec: ModelSpec,
    names: list[str],
    amounts: Sequence[float],
    report: ProgressFn,
) -> dict[tuple[str, float], float]:
    # Layers that share channels give the same result: prune each group once. Layers coupled to
    # the output width are in no group: they are never pruned.
    groups = [g for g in channel_groups(model, spec) if set(g) & set(names)]
    by_group: dict[tuple[int, float], float] = {}
    steps = max(len(groups) * len(amounts), 1)
    for i, group in enumerate(groups):
        for j, amount in enumerate(amounts):
            report((i * len(amounts) + j) / steps, f"{group[0]} at {amount:.2f}")
            settings = PruneSettings(
                "channel_removal", float(amount), layers="pick", picked=(group[0],)
            )
            by_group[i, float(amount)] = evaluate(
                prune_model(model, spec, settings).model, spec
            ).value
    return {
        (name, float(a)): by_group[i, float(a)]
        for i, group in enumerate(groups)
        for name in group
        for a in amounts
    }
