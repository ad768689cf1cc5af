"""The teacher's soft targets on one seeded test example, against hand-computed softmaxes."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest
import torch
from torch import nn

from components.distillation import teacher_soft_targets


@pytest.fixture
def identity_teacher() -> nn.Module:
    """Logits equal to the input: the expected probabilities are a plain softmax of a row."""
    model = nn.Linear(3, 3, bias=False)
    with torch.no_grad():
        model.weight.copy_(torch.eye(3))
    return model.eval()


@pytest.fixture
def data() -> SimpleNamespace:
    x = torch.tensor([[2.0, 0.0, 0.0], [0.0, 1.0, math.log(3.0)], [0.0, 0.0, 4.0]])
    return SimpleNamespace(x_test=x, y_test=torch.tensor([0, 2, 2]))


def softmax(row: list[float], temperature: float) -> list[float]:
    e = [math.exp(v / temperature) for v in row]
    return [v / sum(e) for v in e]


def test_probabilities_are_the_softened_softmax_of_the_drawn_row(identity_teacher, data):
    soft = teacher_soft_targets(identity_teacher, data, seed=0, temperatures=(1.0, 4.0))
    assert 0 <= soft.index < 3
    assert soft.label == int(data.y_test[soft.index])
    row = data.x_test[soft.index].tolist()
    assert list(soft.probabilities) == [1.0, 4.0]
    for temperature, probs in soft.probabilities.items():
        assert probs == pytest.approx(softmax(row, temperature), abs=1e-6)
        assert sum(probs) == pytest.approx(1.0, abs=1e-6)


def test_row_one_by_hand(identity_teacher, data):
    """Logits (0, 1, ln 3) at T = 1: weights 1, e, 3 over 4 + e."""
    seed = next(
        s for s in range(100) if teacher_soft_targets(identity_teacher, data, s, (1.0,)).index == 1
    )
    soft = teacher_soft_targets(identity_teacher, data, seed, (1.0,))
    total = 4 + math.e
    assert soft.probabilities[1.0] == pytest.approx([1 / total, math.e / total, 3 / total])
    assert soft.label == 2


def test_a_higher_temperature_is_flatter(identity_teacher, data):
    soft = teacher_soft_targets(identity_teacher, data, seed=3, temperatures=(1.0, 10.0))
    sharp, flat = soft.probabilities[1.0], soft.probabilities[10.0]
    assert max(flat) <= max(sharp)
    assert min(flat) >= min(sharp)


def test_same_seed_same_example_and_teacher_untouched(identity_teacher, data):
    before = identity_teacher.weight.clone()
    first = teacher_soft_targets(identity_teacher, data, seed=7, temperatures=(2.0,))
    again = teacher_soft_targets(identity_teacher, data, seed=7, temperatures=(2.0,))
    assert first == again
    assert {teacher_soft_targets(identity_teacher, data, s, (1.0,)).index for s in range(30)} == {
        0,
        1,
        2,
    }
    assert torch.equal(identity_teacher.weight, before)


def test_temperature_one_twice_is_one_series(identity_teacher, data):
    soft = teacher_soft_targets(identity_teacher, data, seed=0, temperatures=(1.0, 1.0))
    assert list(soft.probabilities) == [1.0]
