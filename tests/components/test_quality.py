"""Quality measures: accuracy for classifiers, paraphrase retrieval for encoders."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from components.quality import evaluate, paraphrase_retrieval
from models.data import load_digits_split, load_sentence_pairs
from models.registry import get_spec, load_model
from models.training import accuracy


class OneHotEncoder(nn.Module):
    """Encodes a shipped sentence as the one-hot vector of a chosen slot."""

    def __init__(self, slots: dict[str, int], size: int):
        super().__init__()
        self.slots, self.size = slots, size

    def encode(self, sentences: list[str]) -> torch.Tensor:
        index = torch.tensor([self.slots[s] for s in sentences])
        return nn.functional.one_hot(index, self.size).float()


def pair_encoder(permutation: list[int]) -> OneHotEncoder:
    """First sentence of pair i → slot i; second sentence of pair i → slot permutation[i]."""
    pairs = load_sentence_pairs().pairs
    slots = {a: i for i, (a, _) in enumerate(pairs)}
    slots.update({b: permutation[i] for i, (_, b) in enumerate(pairs)})
    return OneHotEncoder(slots, len(pairs))


def test_evaluate_lenet(monkeypatch):
    monkeypatch.delenv("MODELLENS_WEIGHTS_DIR", raising=False)
    model = load_model("lenet")
    data = load_digits_split()
    quality = evaluate(model, get_spec("lenet"))
    assert quality.metric == "accuracy"
    assert quality.n == 450
    assert quality.value == accuracy(model, data.x_test, data.y_test)
    assert quality.value >= 0.95


def test_perfect_encoder_scores_one():
    n = len(load_sentence_pairs().pairs)
    quality = paraphrase_retrieval(pair_encoder(list(range(n))), load_sentence_pairs())
    assert quality.metric == "paraphrase_top1"
    assert quality.n == n == 32
    assert quality.value == 1.0


def test_shuffled_encoder_scores_less():
    n = len(load_sentence_pairs().pairs)
    swapped = list(range(n))
    swapped[0], swapped[1] = 1, 0  # two pairs mixed up
    quality = paraphrase_retrieval(pair_encoder(swapped), load_sentence_pairs())
    assert quality.value == pytest.approx((n - 2) / n)
    rolled = [(i + 1) % n for i in range(n)]  # every partner wrong
    assert paraphrase_retrieval(pair_encoder(rolled), load_sentence_pairs()).value == 0.0


def test_quality_of_outputs_is_the_accuracy_evaluate_measures():
    from components.fidelity import model_outputs
    from components.quality import quality_of_outputs

    spec, model = get_spec("lenet"), load_model("lenet")
    assert quality_of_outputs(model_outputs(model, spec), spec) == evaluate(model, spec)
    assert quality_of_outputs(torch.zeros(3, 384), get_spec("minilm")) is None
