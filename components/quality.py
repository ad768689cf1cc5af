"""How good a model is on its task: accuracy for classifiers, a label-free measure for encoders."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import nn

from models.data import DigitsSplit, SentencePairs
from models.registry import ModelSpec, load_model
from models.training import accuracy
from models.user_models import predict_outputs


@dataclass(frozen=True)
class Quality:
    """One quality number with what it measures (``metric`` is a translation key)."""

    metric: str  # "accuracy" | "paraphrase_top1" | "fidelity"
    value: float  # in [0, 1]
    n: int  # how many test items it is computed over


def classification_quality(model: nn.Module, data: DigitsSplit) -> Quality:
    """Accuracy on the fixed test split (every input of a brought model with several)."""
    inputs = getattr(data, "test_inputs", (data.x_test,))
    if len(inputs) > 1:
        hits = predict_outputs(model, inputs).argmax(1) == data.y_test
        return Quality("accuracy", float(hits.float().mean()), len(data.y_test))
    return Quality("accuracy", accuracy(model, data.x_test, data.y_test), len(data.y_test))


def paraphrase_retrieval(model: nn.Module, data: SentencePairs) -> Quality:
    """Top-1 paraphrase retrieval: for each first sentence, is its own partner the most similar
    of all second sentences? Needs no labels beyond the shipped pairs."""
    a = model.encode([p[0] for p in data.pairs])
    b = model.encode([p[1] for p in data.pairs])
    similarity = a @ b.T  # embeddings are unit length: this is the cosine
    hits = similarity.argmax(1) == torch.arange(len(data.pairs))
    return Quality("paraphrase_top1", float(hits.float().mean()), len(data.pairs))


EVALUATORS: dict[str, Callable[[nn.Module, object], Quality]] = {
    "classification": classification_quality,
    "sentence-embedding": paraphrase_retrieval,
}


@functools.lru_cache(maxsize=8)
def _original_outputs(spec: ModelSpec) -> torch.Tensor:
    from components.fidelity import model_outputs

    return model_outputs(load_model(spec.name), spec)


def fidelity_quality(model: nn.Module, spec: ModelSpec) -> Quality:
    """Without labels: agreement of the largest output with the original model's (freshly
    loaded from its file and weights), so a variant's quality is its fidelity; the original
    scores 1 by construction."""
    from components.fidelity import compare_outputs, model_outputs

    fid = compare_outputs(_original_outputs(spec), model_outputs(model, spec), spec.task)
    return Quality("fidelity", fid.agreement, fid.n)


def quality_of_outputs(outputs: torch.Tensor, spec: ModelSpec) -> Quality | None:
    """A classifier's accuracy from its outputs on the evaluation data
    (``components.fidelity.model_outputs``), sparing a second pass over the test split; None for
    tasks whose measure needs other inputs."""
    if spec.task != "classification":
        return None
    labels = spec.load_data().y_test
    hits = outputs.argmax(1) == labels
    return Quality("accuracy", float(hits.float().mean()), len(labels))


def evaluate(model: nn.Module, spec: ModelSpec) -> Quality:
    """The quality measure of ``spec``'s task, computed on its evaluation data."""
    if spec.task == "outputs":
        return fidelity_quality(model, spec)
    return EVALUATORS[spec.task](model, spec.load_data())
