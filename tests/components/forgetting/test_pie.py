"""Pruning-identified exemplars: modal votes, an empty set for a population equal to the
original, seeded populations through components.pruning."""

from __future__ import annotations

import pytest
import torch

from components.fidelity import model_outputs
from components.forgetting import PieSettings, pie_from_probabilities, pruning_identified_exemplars
from components.forgetting.pie import modal_predictions
from components.shared_models import fingerprint
from tests.components.forgetting.tiny import tiny_spec, trained_tiny

pytestmark = pytest.mark.usefixtures("one_thread")


def one_hot(classes: list[int], n_classes: int = 3) -> torch.Tensor:
    return torch.nn.functional.one_hot(torch.tensor(classes), n_classes).float()


def test_modal_vote_and_ties_keep_the_original():
    population = torch.tensor([[1, 2, 0], [1, 2, 2], [0, 1, 2], [1, 1, 0]])
    original = torch.tensor([0, 2, 0])
    # column 0: 1 wins 3:1; column 1: 2 and 1 tie 2:2, the original (2) keeps it;
    # column 2: 0 and 2 tie, the original (0) keeps it
    assert modal_predictions(population, original).tolist() == [1, 2, 0]
    # a tie without the original's class goes to the smaller class
    assert modal_predictions(torch.tensor([[1], [2]]), torch.tensor([0])).tolist() == [1]


def test_hand_checked_pie():
    original = one_hot([0, 1, 2, 0])
    population = torch.stack([one_hot([0, 2, 2, 1]), one_hot([1, 2, 2, 1]), one_hot([0, 2, 1, 0])])
    result = pie_from_probabilities(original, population)
    assert result.indices == [1, 3]  # example 1: 3 of 3 vote 2; example 3: 2 of 3 vote 1
    assert result.modal == [2, 1]
    assert result.votes == pytest.approx([1.0, 2 / 3])
    assert result.original == [1, 0]
    assert result.population_probs[1].tolist() == pytest.approx([1 / 3, 2 / 3, 0.0])
    assert result.member_agreement == pytest.approx([0.5, 0.25, 0.5])


def test_a_population_equal_to_the_original_has_no_pie():
    probs = torch.randn(40, 3, generator=torch.Generator().manual_seed(0)).softmax(1)
    assert len(pie_from_probabilities(probs, probs.expand(5, -1, -1))) == 0


def test_unpruned_copies_give_no_pie():
    model = trained_tiny()
    spec = tiny_spec(model)
    before = fingerprint(model)
    result = pruning_identified_exemplars(model, spec, PieSettings(amounts=(0.0,), seeds=3))
    assert len(result) == 0
    assert result.member_agreement == [1.0, 1.0, 1.0]
    assert fingerprint(model) == before


def test_population_is_seeded_and_reports_progress():
    model = trained_tiny()
    spec = tiny_spec(model)
    settings = PieSettings(amounts=(0.6,), seeds=4, seed=3)
    seen: list[float] = []
    first = pruning_identified_exemplars(
        model, spec, settings, progress=lambda f, _message: seen.append(f)
    )
    again = pruning_identified_exemplars(
        model, spec, settings, original_outputs=model_outputs(model, spec)
    )
    assert first.indices == again.indices
    assert first.member_agreement == again.member_agreement
    assert len(set(first.member_agreement)) > 1  # different seeds prune different weights
    assert seen[0] == 0.0 and seen[-1] == 1.0 and len(seen) == 5


def test_settings_are_bounded():
    assert [(m.amount, m.seed) for m in PieSettings(amounts=(0.3, 0.5), seeds=2).members] == [
        (0.3, 0),
        (0.3, 1),
        (0.5, 0),
        (0.5, 1),
    ]
    assert len(PieSettings("l1_unstructured", (0.5, 0.7, 0.9), seeds=1).members) == 3
    with pytest.raises(ValueError, match="deterministic"):
        PieSettings("l1_unstructured", (0.5,), seeds=5)
    with pytest.raises(ValueError, match="at most"):
        PieSettings(amounts=(0.1, 0.2, 0.3), seeds=5)
    with pytest.raises(ValueError, match="amount"):
        PieSettings(amounts=(0.99,))
    with pytest.raises(ValueError, match="seeds"):
        PieSettings(seeds=0)
