"""How closely a compressed or fused variant follows the original model on the same inputs."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from models.registry import ModelSpec
from models.training import predict
from models.user_models import predict_outputs


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
    """The variant-comparable output on the evaluation data: logits, sentence embeddings, or a
    brought model's raw outputs on its test inputs."""
    data = spec.load_data()
    if spec.task == "sentence-embedding":
        return model.encode(data.sentences)
    if hasattr(data, "test_inputs"):  # a brought model: maybe several inputs
        return predict_outputs(model, data.test_inputs)
    return predict(model, data.x_test)


def compare_outputs(reference: torch.Tensor, variant: torch.Tensor, task: str) -> Fidelity:
    """:class:`Fidelity` of ``variant`` outputs against ``reference`` outputs (same inputs)."""
    reference, variant = reference.float().flatten(1), variant.float().flatten(1)
    cosine = nn.functional.cosine_similarity(reference, variant, dim=1)
    if task in ("classification", "outputs"):
        # Without labels the largest output stands in for a prediction.
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
