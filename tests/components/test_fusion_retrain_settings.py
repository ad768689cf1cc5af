"""The retraining controls' bounds and the parameter count the page shows beside a run."""

from __future__ import annotations

import pytest
from torch import nn

from components.fusion.training import RetrainSettings, parameter_count


@pytest.mark.parametrize(
    ("asked", "snapped"),
    [(50, 64), (8, 8), (1, 8), (24, 16), (48, 32), (100, 128), (96, 64), (999, 128)],
)
def test_a_width_from_a_url_snaps_to_the_nearest_choice(asked, snapped):
    # 24 and 48 and 96 are halfway: the smaller choice wins
    assert RetrainSettings.nearest_hidden(asked) == snapped


def test_every_choice_is_its_own_nearest():
    for hidden in RetrainSettings.HIDDEN_CHOICES:
        assert RetrainSettings.nearest_hidden(hidden) == hidden


def test_parameter_count_by_hand():
    # 3·4 + 4 weights and biases, then 4·2 + 2
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    assert parameter_count(model) == 16 + 10
    assert parameter_count(nn.Linear(5, 1, bias=False)) == 5
