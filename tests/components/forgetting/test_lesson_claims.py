"""The numbers the proposed lesson card "What does compression forget?" states, measured on
the shipped LeNet (components/strings/forgetting.py: ``lesson.forgetting.text`` and the steps'
``…see`` texts)."""

from __future__ import annotations

import pytest
import torch

from components.fidelity import model_outputs
from components.forgetting import AttackSettings, class_damage, input_range, robust_accuracy
from components.pruning import PruneSettings, prune_model
from models.registry import get_spec, load_model

pytestmark = [
    pytest.mark.usefixtures("one_thread"),
    pytest.mark.filterwarnings("ignore:Input Tensor 0 did not already require gradients"),
]


@pytest.fixture(scope="module")
def lenet_at_70():
    spec, model = get_spec("lenet"), load_model("lenet")
    pruned = prune_model(model, spec, PruneSettings("l1_unstructured", 0.7)).model
    return spec, model, pruned


def test_nines_are_forgotten_first(lenet_at_70):
    spec, model, pruned = lenet_at_70
    data = spec.load_data()
    damage = class_damage(
        data.y_test,
        model_outputs(model, spec).argmax(1),
        model_outputs(pruned, spec).argmax(1),
        data.class_names,
    )
    drop = damage.original_accuracy - damage.variant_accuracy
    assert 0.09 <= drop <= 0.13  # "11 points overall"
    assert damage.order[0] == 9  # the most damaged digit …
    assert 0.6 <= damage.damage[9] <= 0.72  # … loses two thirds
    now = damage.variant_confusion[9]
    assert set(torch.tensor(now).argsort(descending=True)[:3].tolist()) == {1, 3, 9}


def test_the_gap_doubles_under_fgsm(lenet_at_70):
    spec, model, pruned = lenet_at_70
    data = spec.load_data()
    settings = AttackSettings(epsilons=(0.0, 0.1))
    curves = robust_accuracy(
        {"original": model, "pruned": pruned}, data.x_test, data.y_test, settings, input_range(data)
    )
    original, variant = (curve.accuracy for curve in curves.curves)
    clean_gap, attacked_gap = original[0] - variant[0], original[1] - variant[1]
    assert attacked_gap >= 1.8 * clean_gap
    assert 0.19 <= attacked_gap <= 0.25  # "about 22 points"
    assert 0.9 <= original[1] <= 0.94 and 0.67 <= variant[1] <= 0.73  # "about 92 % … 70 %"
