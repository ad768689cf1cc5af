"""How closely a compressed or fused variant follows the original model on the same inputs."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from models.registry import ModelSpec
from models.training import predict


@dataclass(frozen=True)
class Fidelity:
    """Agreement of a variant with the original.

    For classifiers ``agreement`` is the fraction of test items where both predict the same class
    and ``mean_cosine`` compares the logit vectors; for encoders ``agreement`` is the fraction of
    sentences whose nearest neighbour (among all shipped sentences) is unchanged and
    ``mean_cosine`` compares the embeddings.
    """

    agreement: float
    mean_cosine: float
    n: int


def model_outputs(model: nn.Module, spec: ModelSpec) -> torch.Tensor:
    """The variant-comparable output on the evaluation data: logits or sentence embeddings."""
    data = spec.load_data()
    if spec.task == "classification":
        return predict(model, data.x_test)
    return model.encode(data.sentences)


def compare_outputs(reference: torch.Tensor, variant: torch.Tensor, task: str) -> Fidelity:
    """:class:`Fidelity` of ``variant`` outputs against ``reference`` outputs (same inputs)."""
    reference, variant = reference.float(), variant.float()
    cosine = nn.functional.cosine_similarity(reference, variant, dim=1)
    if task == "classification":
        same = reference.argmax(1) == variant.argmax(1)
    else:
        # Nearest other sentence under each model: does the neighbourhood structure survive?
        def neighbours(e: torch.Tensor) -> torch.Tensor:
            sim = e @ e.T
            sim.fill_diagonal_(-2.0)
            return sim.argmax(1)

        same = neighbours(reference) == neighbours(variant)
    return Fidelity(
        agreement=float(same.float().mean()), mean_cosine=float(cosine.mean()), n=len(reference)
    )


def fidelity(original: nn.Module, variant: nn.Module, spec: ModelSpec) -> Fidelity:
    """Compare ``variant`` with ``original`` on ``spec``'s evaluation data."""
    return compare_outputs(model_outputs(original, spec), model_outputs(variant, spec), spec.task)
