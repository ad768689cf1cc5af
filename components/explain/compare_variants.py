"""Original vs compressed: the same explanation of the same input on both models.

The page's signature view: both heatmaps, their difference and how well they agree — and how
that agreement falls as pruning removes more weights.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch
from torch import nn

from components.explain.agreement import DEFAULT_TOPK, spearman, topk_overlap
from components.explain.attributions import Explanation, explain, explain_in_place
from components.explain.methods import ParamValue
from components.progress import ProgressFn, no_progress
from components.pruning import PruneMethodName, PruneSettings, prune_model
from models.registry import ModelSpec

DEFAULT_AMOUNTS = tuple(i / 10 for i in range(10))  # 0 … 0.9: 0 is the original itself
SWEEP_COLUMNS = ("amount", "spearman", "topk_overlap", "prediction", "prediction_prob", "prob")


@dataclass(frozen=True, eq=False)
class VariantExplanations:
    """One method on the original and on a variant, same input, target and seed."""

    original: Explanation
    variant: Explanation
    difference: np.ndarray  # variant − original, (H, W)
    agreement: float  # Spearman rank correlation of |attribution| (1: same ranking)
    topk_overlap: float  # IoU of the top-10 % pixel sets


def _compare(original: Explanation, variant: Explanation, k: float) -> VariantExplanations:
    return VariantExplanations(
        original=original,
        variant=variant,
        difference=variant.attribution - original.attribution,
        agreement=spearman(original.attribution, variant.attribution),
        topk_overlap=topk_overlap(original.attribution, variant.attribution, k),
    )


def explain_variant_pair(
    original: nn.Module,
    variant: nn.Module,
    x: torch.Tensor,
    target: int,
    method: str,
    params: Mapping[str, ParamValue] | None = None,
    seed: int = 0,
    *,
    k: float = DEFAULT_TOPK,
) -> VariantExplanations:
    """Explain ``x`` for ``target`` with ``method`` on both models (each on a private copy).

    A Grad-CAM layer named for the original (``conv2``) is found in a wrapped variant too
    (``inner.conv2`` in a half-precision copy).

    Raises:
        UserFacingError: as :func:`explain`, e.g. ``explain.error.method_na`` for a gradient
            method on an int8 variant (quantized layers have no gradients).
    """
    first = explain(original, x, target, method, params, seed=seed, model_name="original")
    second = explain(variant, x, target, method, params, seed=seed, model_name="variant")
    return _compare(first, second, k)


def _prediction(model: nn.Module, x: torch.Tensor, target: int) -> tuple[int, float, float]:
    with torch.inference_mode():
        probs = torch.softmax(model(x).float(), dim=-1)[0]
    top = int(probs.argmax())
    return top, float(probs[top]), float(probs[target])


def agreement_vs_pruning(
    model: nn.Module,
    spec: ModelSpec,
    x: torch.Tensor,
    target: int,
    method: str,
    prune_method: PruneMethodName = "l1_unstructured",
    amounts: Sequence[float] = DEFAULT_AMOUNTS,
    params: Mapping[str, ParamValue] | None = None,
    progress: ProgressFn | None = None,
    *,
    seed: int = 0,
    k: float = DEFAULT_TOPK,
) -> pd.DataFrame:
    """How far ``method``'s map on pruned copies drifts from the original's, amount by amount.

    Each amount prunes a fresh copy with :func:`components.pruning.prune_model` (no
    fine-tuning) and explains it with the same input, target, parameters and seed.

    Returns:
        One row per amount: ``amount``, ``spearman`` and ``topk_overlap`` against the original's
        map, the pruned model's ``prediction`` (top class) and its ``prediction_prob``, and
        ``prob``, the probability the pruned model gives the explained ``target`` class.
    """
    report = progress or no_progress
    reference = explain(model, x, target, method, params, seed=seed, model_name=spec.name)
    rows = []
    for i, amount in enumerate(amounts):
        report(i / len(amounts), f"pruning {amount:.0%}, explaining")
        pruned = prune_model(model, spec, PruneSettings(prune_method, amount, seed=seed)).model
        # prune_model returns a private copy with masks folded in: captum may hook it directly.
        variant = explain_in_place(
            pruned, x, target, method, params, seed=seed, model_name=spec.name
        )
        prediction, prediction_prob, prob = _prediction(pruned, x, target)
        rows.append(
            (
                amount,
                spearman(reference.attribution, variant.attribution),
                topk_overlap(reference.attribution, variant.attribution, k),
                prediction,
                prediction_prob,
                prob,
            )
        )
    report(1.0, "done")
    return pd.DataFrame(rows, columns=list(SWEEP_COLUMNS))
