"""How good a model is on its task: accuracy for classifiers, a label-free measure for encoders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import nn

from models.data import DigitsSplit, SentencePairs
from models.registry import ModelSpec
from models.training import accuracy


@dataclass(frozen=True)
class Quality:
    """One quality number with what it measures (``metric`` is a translation key)."""

    metric: str  # "accuracy" | "paraphrase_top1"
    value: float  # in [0, 1]
    n: int  # how many test items it is computed over


def classification_quality(model: nn.Module, data: DigitsSplit) -> Quality:
    """Accuracy on the fixed test split."""
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


def evaluate(model: nn.Module, spec: ModelSpec) -> Quality:
    """The quality measure of ``spec``'s task, computed on its evaluation data."""
    return EVALUATORS[spec.task](model, spec.load_data())
