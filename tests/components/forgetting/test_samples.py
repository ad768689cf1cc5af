"""The fixed test samples: even across classes, seeded, sorted."""

from __future__ import annotations

import torch

from components.forgetting import evaluation_sample, stratified_indices
from models.registry import get_spec, load_model


def test_three_hundred_digits_are_thirty_of_each():
    labels = get_spec("lenet").load_data().y_test
    indices = stratified_indices(labels, 300, seed=0)
    assert len(indices) == 300 == len(set(indices.tolist()))
    assert torch.bincount(labels[indices]).tolist() == [30] * 10
    assert indices.tolist() == sorted(indices.tolist())
    assert torch.equal(indices, stratified_indices(labels, 300, seed=0))
    assert not torch.equal(indices, stratified_indices(labels, 300, seed=1))


def test_uneven_classes_give_what_they_have():
    labels = torch.tensor([0] * 8 + [1] * 2)
    assert torch.bincount(labels[stratified_indices(labels, 6)]).tolist() == [4, 2]
    assert len(stratified_indices(labels, 99)) == 10


def test_evaluation_sample_of_the_digits():
    spec = get_spec("lenet")
    sample = evaluation_sample(spec, load_model("lenet"), 100, seed=2)
    data = spec.load_data()
    assert sample.n == 100 and sample.stratified
    assert torch.equal(sample.inputs[0], data.x_test[sample.indices])
    assert torch.equal(sample.labels, data.y_test[sample.indices])
