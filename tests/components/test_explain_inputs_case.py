"""The case an Explain view explains: the prediction, the target class, the grey preview and
the digest that keys the caches (tiny models and tensors built here)."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest
import torch
from torch import nn

from components.explain.inputs import (
    ImageCase,
    PreparedImage,
    input_digest,
    predict_classes,
    prepare_data_row,
)

PROBS = (0.2, 0.5, 0.3)


class FixedLogits(nn.Module):
    """Whatever the input, logits whose softmax is ``PROBS``."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.log(torch.tensor([PROBS])).expand(x.shape[0], -1)


def test_prediction_holds_every_class_in_order_and_best_first():
    prediction = predict_classes(FixedLogits(), torch.zeros(1, 1, 2, 2), ("a", "b", "c"))
    assert prediction.class_names == ("a", "b", "c")
    np.testing.assert_allclose(prediction.probabilities, PROBS, atol=1e-6)
    assert [c for c, _ in prediction.top] == [1, 2, 0]
    assert prediction.top[0][1] == pytest.approx(0.5)
    assert prediction.predicted == 1


def test_unlabelled_classes_are_numbered_by_the_output_width():
    prediction = predict_classes(FixedLogits(), torch.zeros(1, 1, 2, 2), None)
    assert prediction.class_names == ("0", "1", "2")
    assert math.fsum(prediction.probabilities) == pytest.approx(1.0)


def test_target_minus_one_is_the_predicted_class():
    prediction = predict_classes(FixedLogits(), torch.zeros(1, 1, 2, 2), ("a", "b", "c"))
    assert prediction.target(-1) == 1
    assert prediction.target(2) == 2
    assert prediction.target(np.int64(0)) == 0 and type(prediction.target(np.int64(0))) is int


def test_digest_depends_on_the_values_only():
    zeros = torch.zeros(1, 1, 2, 2)  # 16 zero bytes as float32
    assert input_digest(zeros) == "e129f27c5103bc5c"  # sha1(bytes(16)), first 16 hex digits
    assert input_digest(zeros.clone()) == input_digest(zeros)
    changed = zeros.clone()
    changed[0, 0, 1, 1] = 1e-6
    assert input_digest(changed) != input_digest(zeros)
    assert input_digest(torch.zeros(1, 1, 2, 2, requires_grad=True)) == input_digest(zeros)


def test_case_from_a_grey_input_keeps_its_preview():
    x = torch.arange(4.0).reshape(1, 1, 2, 2)
    preview = np.array([[0.0, 0.25], [0.5, 1.0]])
    case = ImageCase.from_prepared(PreparedImage(x, preview, []), target=7)
    assert case.x is x and case.target == 7
    assert case.preview is preview
    assert case.key == input_digest(x)


def test_case_from_a_colour_input_averages_the_channels():
    x = torch.zeros(1, 3, 2, 2)
    preview = np.broadcast_to(np.array([0.0, 0.3, 0.6]), (2, 2, 3))
    case = ImageCase.from_prepared(PreparedImage(x, preview, []), target=0)
    assert case.preview.shape == (2, 2)
    np.testing.assert_allclose(case.preview, 0.3)


@pytest.mark.parametrize("channels", [1, 3])
def test_data_row_is_the_row_itself(channels):
    x_test = torch.arange(3 * channels * 4, dtype=torch.float32).reshape(3, channels, 2, 2) / 40
    data = SimpleNamespace(x_test=x_test, denormalise=lambda x: x * 2)
    prepared = prepare_data_row(data, 1)
    assert torch.equal(prepared.model_input, x_test[1:2])
    assert prepared.steps == []
    shown = (x_test[1] * 2).clamp(0, 1)
    expected = shown.permute(1, 2, 0).numpy() if channels == 3 else shown[0].numpy()
    np.testing.assert_allclose(prepared.preview, expected)
