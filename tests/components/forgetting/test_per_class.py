"""Per-class accuracy and confusion: hand-checked numbers and the identity with accuracy."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from components.fidelity import model_outputs
from components.forgetting import class_damage, confusion_matrix
from components.pruning import PruneSettings, prune_model
from models.registry import get_spec, load_model

pytestmark = pytest.mark.usefixtures("one_thread")


def test_hand_checked_example():
    labels = torch.tensor([0, 0, 1, 1, 2, 2, 2])
    original = torch.tensor([0, 0, 1, 1, 2, 2, 1])
    variant = torch.tensor([0, 1, 1, 1, 2, 0, 0])
    damage = class_damage(labels, original, variant, ("a", "b", "c"))
    assert damage.counts.tolist() == [2, 2, 3]
    assert damage.original_recall == pytest.approx([1.0, 1.0, 2 / 3])
    assert damage.variant_recall == pytest.approx([0.5, 1.0, 1 / 3])
    assert damage.damage == pytest.approx([0.5, 0.0, 1 / 3])
    assert damage.order == [0, 2, 1]
    assert damage.variant_confusion.tolist() == [[1, 1, 0], [0, 2, 0], [2, 0, 1]]
    assert damage.confusion_difference.tolist() == [[-1, 1, 0], [0, 0, 0], [2, -1, -1]]
    assert damage.original_accuracy == pytest.approx(6 / 7)
    assert damage.variant_accuracy == pytest.approx(4 / 7)


def test_class_counts_weight_recall_into_accuracy():
    generator = torch.Generator().manual_seed(0)
    labels = torch.randint(0, 5, (200,), generator=generator)
    original = torch.where(torch.rand(200, generator=generator) < 0.8, labels, 0)
    variant = torch.randint(0, 5, (200,), generator=generator)
    damage = class_damage(labels, original, variant, list("abcde"))
    for recall, predicted in (
        (damage.original_recall, original),
        (damage.variant_recall, variant),
    ):
        weighted = float((recall * damage.counts).sum() / damage.counts.sum())
        assert weighted == pytest.approx(float((predicted == labels).float().mean()))


def test_a_class_without_examples_has_no_recall():
    damage = class_damage(torch.tensor([0, 0]), torch.tensor([0, 1]), torch.tensor([0, 0]), "ab")
    assert np.isnan(damage.original_recall[1])
    assert damage.order[0] == 0  # NaN damage never sorts first


def test_confusion_rows_are_true_classes():
    matrix = confusion_matrix(torch.tensor([2, 2, 0]), torch.tensor([1, 2, 0]), 3)
    assert matrix.tolist() == [[1, 0, 0], [0, 0, 0], [0, 1, 1]]


def test_lenet_pruned_identity_holds_on_the_zoo():
    spec, model = get_spec("lenet"), load_model("lenet")
    data = spec.load_data()
    pruned = prune_model(model, spec, PruneSettings("l1_unstructured", 0.7)).model
    damage = class_damage(
        data.y_test,
        model_outputs(model, spec).argmax(1),
        model_outputs(pruned, spec).argmax(1),
        data.class_names,
    )
    assert damage.counts.sum() == 450
    weighted = float((damage.variant_recall * damage.counts).sum() / 450)
    assert weighted == pytest.approx(damage.variant_accuracy)
