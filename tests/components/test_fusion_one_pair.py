"""What the Fuse views show for one pair, on tiny models whose answer is known by hand:
probabilities, each method's split between image and speech, and the four coalition values."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import torch
from torch import nn

from components.fusion.attribution import FUSION_ATTRIBUTION_METHODS, shapley_attribution
from components.fusion.one_pair import (
    COALITIONS,
    PAIR_COLUMNS,
    pair_attributions,
    pair_coalitions,
    probability_rows,
)

LN2 = math.log(2.0)


class SumVotes(nn.Module):
    """Logits (w_image·Σimage + w_audio·Σaudio, 0, 0): class 0 gains what each modality adds."""

    def __init__(self, w_image: float = 1.0, w_audio: float = 1.0):
        super().__init__()
        self.w_image, self.w_audio = w_image, w_audio

    def forward(self, image: torch.Tensor, audio: torch.Tensor) -> torch.Tensor:
        z = self.w_image * image.flatten(1).sum(1) + self.w_audio * audio.flatten(1).sum(1)
        return torch.stack([z, torch.zeros_like(z), torch.zeros_like(z)], dim=1)


def pair(image_sum: float = LN2, audio_sum: float = LN2) -> tuple[torch.Tensor, torch.Tensor]:
    """One pair whose image sums to ``image_sum`` and whose speech sums to ``audio_sum``."""
    return torch.full((1, 1, 2, 2), image_sum / 4), torch.full((1, 1, 3, 3), audio_sum / 9)


def test_probability_rows_follow_the_mapping_and_the_softmax():
    image, audio = pair()
    rows = probability_rows({"both": SumVotes(), "image": SumVotes(w_audio=0.0)}, image, audio)
    assert rows.shape == (2, 3)
    # logit 2·ln 2 against 0, 0: 4 / (4 + 2); with ln 2 alone: 2 / (2 + 2)
    np.testing.assert_allclose(rows[0], [2 / 3, 1 / 6, 1 / 6], atol=1e-6)
    np.testing.assert_allclose(rows[1], [1 / 2, 1 / 4, 1 / 4], atol=1e-6)


def test_coalitions_and_shapley_by_hand():
    image, audio = pair()
    coalitions = pair_coalitions(SumVotes(), image, audio)
    assert coalitions.target == 0
    assert tuple(sorted(coalitions.values)) == tuple(sorted(COALITIONS))
    expected = {"both": 2 / 3, "image": 1 / 2, "audio": 1 / 2, "none": 1 / 3}
    assert coalitions.values == pytest.approx(expected, abs=1e-6)
    # φ = ½((1/2 − 1/3) + (2/3 − 1/2)) = 1/6 for each (the model is symmetric in the two)
    assert coalitions.shapley == pytest.approx((1 / 6, 1 / 6), abs=1e-6)
    assert coalitions.total == pytest.approx(1 / 3, abs=1e-6)
    assert sum(coalitions.shapley) == pytest.approx(coalitions.total, abs=1e-9)


def test_coalition_shapley_matches_the_attribution_method():
    image, audio = pair(1.5, -0.4)
    model = SumVotes(w_image=0.7, w_audio=2.0)
    coalitions = pair_coalitions(model, image, audio)
    direct = shapley_attribution(model, image, audio)
    assert coalitions.shapley == pytest.approx(
        (float(direct.image[0]), float(direct.audio[0])), abs=1e-6
    )


def test_pair_attributions_every_method_and_model():
    image, audio = pair()
    models = {"sum": SumVotes(), "image_only": SumVotes(w_audio=0.0)}
    frame = pair_attributions(models, image, audio)
    assert tuple(frame.columns) == PAIR_COLUMNS
    assert list(frame["strategy"]) == [n for n in models for _ in FUSION_ATTRIBUTION_METHODS]
    assert list(frame["method"]) == list(FUSION_ATTRIBUTION_METHODS) * 2
    assert set(frame["target"]) == {0}
    rows = frame.set_index(["strategy", "method"])
    # Shapley on the symmetric model: 1/6 each (see the coalitions above)
    assert rows.loc[("sum", "shapley"), "image"] == pytest.approx(1 / 6, abs=1e-6)
    assert rows.loc[("sum", "shapley"), "audio"] == pytest.approx(1 / 6, abs=1e-6)
    # ablation: v(both) − v(other alone) = 2/3 − 1/2
    assert rows.loc[("sum", "ablation"), "image"] == pytest.approx(1 / 6, abs=1e-6)
    # a model that ignores the speech gives it nothing, by every method
    assert rows.loc["image_only", "audio"].abs().max() < 1e-6
    # image alone: v(image) − v(none) = 1/2 − 1/3
    assert rows.loc[("image_only", "shapley"), "image"] == pytest.approx(1 / 6, abs=1e-6)
    # IG reports its completeness error; the exact methods have none
    assert abs(rows.loc[("sum", "integrated_gradients"), "delta"]) < 1e-3
    assert pd.isna(rows.loc[("sum", "shapley"), "delta"])
    assert pd.isna(rows.loc[("sum", "ablation"), "delta"])
