"""Original vs compressed variants: one summary row per model, and predictions side by side."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace

import pandas as pd
import torch
from torch import nn

from components.fidelity import Fidelity, compare_outputs, model_outputs
from components.flops import count_flops
from components.images import display_images
from components.latency import LatencyResult
from components.profile import count_parameters, serialized_size_bytes, weight_tensors
from components.quality import evaluate, quality_of_outputs
from models.registry import ModelSpec

# Latency batch of comparison rows: big enough that kernels, not Python overhead, dominate, and
# small enough that a sentence-encoder comparison stays interactive (8 × 32 tokens ≈ 30 ms).
COMPARE_BATCH = {"image": 64, "text": 8, "multimodal": 64}
DEFAULT_COMPARE_BATCH = 64  # any other input (a brought model's tokens, features, several inputs)


def comparison_batch(spec: ModelSpec) -> int:
    """The batch size at which variants of ``spec``'s model are timed against each other."""
    return COMPARE_BATCH.get(spec.input_kind, DEFAULT_COMPARE_BATCH)


@dataclass(frozen=True)
class VariantSummary:
    """The numbers of one model variant that the comparison table shows. All measured, except
    ``effective_flops``, which is an estimate (what a sparse kernel could skip). The latency
    fields are None until the variant is timed (:func:`with_latency`): the exact numbers come
    first, the timing streams in."""

    label: str
    quality_metric: str  # "accuracy" | "paraphrase_top1"
    quality: float
    agreement: float  # with the original (1.0 for the original itself)
    mean_cosine: float
    params: int
    nonzero_params: int
    size_bytes: int
    flops: int  # dense FLOPs per sample, counted
    effective_flops: int  # estimate: dense FLOPs scaled by each layer's weight density
    latency_ms: float | None = None
    latency_iqr_ms: float | None = None
    batch_size: int | None = None
    threads: int | None = None

    @property
    def timed(self) -> bool:
        return self.latency_ms is not None

    def as_row(self) -> dict[str, object]:
        return asdict(self)


def with_latency(summary: VariantSummary, latency: LatencyResult) -> VariantSummary:
    """``summary`` with the latency measured for it."""
    return replace(
        summary,
        latency_ms=latency.median_ms,
        latency_iqr_ms=latency.iqr_ms,
        batch_size=latency.batch_size,
        threads=latency.threads,
    )


def nonzero_parameters(model: nn.Module) -> int:
    """Weights and biases that are not exactly zero (quantized ones: their integer value)."""
    return sum(int(torch.count_nonzero(_values(t).detach())) for t in weight_tensors(model))


def _values(tensor: torch.Tensor) -> torch.Tensor:
    return tensor.int_repr() if tensor.is_quantized else tensor


def summarize_variant(
    label: str,
    model: nn.Module,
    spec: ModelSpec,
    reference_outputs: torch.Tensor,
    *,
    effective_flops: int | None = None,
    flops: int | None = None,
    outputs: torch.Tensor | None = None,
) -> VariantSummary:
    """The exact numbers of ``model`` against the original's outputs on the same evaluation
    data; no timing (see :func:`with_latency` and ``components.latency.interleaved_latency``).

    Args:
        reference_outputs: :func:`components.fidelity.model_outputs` of the original.
        effective_flops: the estimate from the pruning backend (defaults to the dense count).
        flops: FLOPs to report instead of counting them: torch's counter does not see int8
            kernels, and lower precision does the same multiply-adds as fp32.
        outputs: ``model``'s own outputs when they are at hand (a cache): not computed again.
    """
    if outputs is None:
        outputs = model_outputs(model, spec)
    quality = quality_of_outputs(outputs, spec) or evaluate(model, spec)
    agreement: Fidelity = compare_outputs(reference_outputs, outputs, spec.task)
    if flops is None:
        flops = int(count_flops(model, spec.example_input(model, 1)).per_sample)
    params = count_parameters(model)
    return VariantSummary(
        label=label,
        quality_metric=quality.metric,
        quality=quality.value,
        agreement=agreement.agreement,
        mean_cosine=agreement.mean_cosine,
        params=params,
        nonzero_params=nonzero_parameters(model) if params else 0,
        size_bytes=serialized_size_bytes(model),
        flops=flops,
        effective_flops=int(effective_flops if effective_flops is not None else flops),
    )


def comparison_table(rows: Sequence[VariantSummary]) -> pd.DataFrame:
    """One row per variant, with ratios against the first row (the original)."""
    table = pd.DataFrame([r.as_row() for r in rows])
    if table.empty:
        return table
    base = table.iloc[0]
    table["size_ratio"] = table["size_bytes"] / base["size_bytes"]
    latency = table["latency_ms"].astype(float)  # NaN while the rows are not timed yet
    table["latency_ratio"] = latency / latency.iloc[0]
    table["flops_ratio"] = table["flops"] / base["flops"]
    table["effective_flops_ratio"] = table["effective_flops"] / base["flops"]
    return table


@torch.inference_mode()
def class_probabilities(
    models: Mapping[str, nn.Module], inputs: torch.Tensor
) -> dict[str, torch.Tensor]:
    """Softmax probabilities of every model on the same inputs: name → (N, classes)."""
    return {name: model(inputs).float().softmax(1) for name, model in models.items()}


@dataclass(frozen=True)
class PredictionPairs:
    """Original and variant predictions on the same test digits."""

    indices: list[int]  # positions in the test split
    images: list  # (28, 28) arrays in [0, 1]
    true: list[int]
    original: list[int]
    original_conf: list[float]
    variant: list[int]
    variant_conf: list[float]
    disagreements: int  # on the whole test split
    total: int


def prediction_pairs(
    original_outputs: torch.Tensor,
    variant_outputs: torch.Tensor,
    data,
    *,
    n: int = 10,
    seed: int = 0,
    disagreements_first: bool = True,
) -> PredictionPairs:
    """Predictions of both models on ``n`` seeded test digits; digits where they disagree come
    first when asked, so a student sees at once what pruning changed.

    Args:
        original_outputs, variant_outputs: both models' logits on ``data.x_test``
            (:func:`components.fidelity.model_outputs`): the cached ones, nothing is re-run.
    """
    c_orig, y_orig = original_outputs.float().softmax(1).max(1)
    c_var, y_var = variant_outputs.float().softmax(1).max(1)
    order = torch.randperm(len(data.y_test), generator=torch.Generator().manual_seed(seed))
    differ = (y_orig != y_var)[order]
    if disagreements_first:
        order = torch.cat([order[differ], order[~differ]])
    chosen = order[: max(1, min(n, len(order)))]
    images = display_images(data, data.x_test[chosen])
    return PredictionPairs(
        indices=chosen.tolist(),
        images=list(images),
        true=data.y_test[chosen].tolist(),
        original=y_orig[chosen].tolist(),
        original_conf=c_orig[chosen].tolist(),
        variant=y_var[chosen].tolist(),
        variant_conf=c_var[chosen].tolist(),
        disagreements=int((y_orig != y_var).sum()),
        total=len(data.y_test),
    )
