"""What the fusion strategies say about one pair: class probabilities, the predicted class, each
attribution method's split between image and speech, and the four coalition values behind exact
Shapley. The Fuse page's sample, attribution and compare views draw these.

Every function reads the first sample of ``image`` / ``audio`` (a pair is a batch of one).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch
from torch import nn

from components.fusion.attribution import (
    FUSION_ATTRIBUTION_METHODS,
    coalition_scores,
    modality_attribution,
    predicted,
)
from components.fusion.robustness import predictions

PAIR_COLUMNS = ("strategy", "method", "image", "audio", "target", "delta")
COALITIONS = ("none", "image", "audio", "both")


def probability_rows(
    models: Mapping[str, nn.Module], image: torch.Tensor, audio: torch.Tensor
) -> np.ndarray:
    """(models, classes) class probabilities of each model on the pair, in the mapping's order."""
    return np.stack([predictions(model, image, audio)[0].numpy() for model in models.values()])


def pair_attributions(
    models: Mapping[str, nn.Module], image: torch.Tensor, audio: torch.Tensor
) -> pd.DataFrame:
    """Every method on every model for the pair, each explaining the model's predicted class.

    Returns columns strategy, method, image, audio, target (the predicted class) and delta (IG's
    completeness error; None for the exact methods), one row per model and method.
    """
    rows = []
    for name, model in models.items():
        target = predicted(model, image, audio)
        for method in FUSION_ATTRIBUTION_METHODS:
            result = modality_attribution(method, model, image, audio, target)
            rows.append(
                {
                    "strategy": name,
                    "method": method,
                    "image": float(result.image[0]),
                    "audio": float(result.audio[0]),
                    "target": int(target[0]),
                    "delta": None if result.delta is None else float(result.delta[0]),
                }
            )
    return pd.DataFrame(rows, columns=list(PAIR_COLUMNS))


@dataclass(frozen=True)
class Coalitions:
    """``v(S)`` of the four coalitions for the pair's predicted class (probability output)."""

    target: int
    values: dict[str, float]  # keys COALITIONS

    @property
    def total(self) -> float:
        """``v(both) − v(none)``: what the two Shapley values share out."""
        return self.values["both"] - self.values["none"]

    @property
    def shapley(self) -> tuple[float, float]:
        """(φ_image, φ_audio): each modality's marginal gain averaged over the two orders."""
        v = self.values
        image = 0.5 * ((v["image"] - v["none"]) + (v["both"] - v["audio"]))
        audio = 0.5 * ((v["audio"] - v["none"]) + (v["both"] - v["image"]))
        return image, audio


def pair_coalitions(model: nn.Module, image: torch.Tensor, audio: torch.Tensor) -> Coalitions:
    """The coalition values of ``model`` on the pair, explaining its predicted class."""
    target = predicted(model, image, audio)
    scores = coalition_scores(model, image, audio, target)
    return Coalitions(int(target[0]), {k: float(x[0]) for k, x in scores.items()})
