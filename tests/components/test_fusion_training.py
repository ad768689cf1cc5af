"""Live retraining reproduces the shipped accuracy with the shipped settings."""

from __future__ import annotations

import pytest

from components.fusion.training import TRAINABLE, RetrainSettings, retrain, shipped_hidden
from models.fusion import recorded_fusion_metrics

pytestmark = [pytest.mark.usefixtures("one_thread"), pytest.mark.slow]


def test_shipped_settings_reproduce_the_shipped_accuracy():
    metrics = recorded_fusion_metrics("image_only")
    steps = []
    result = retrain(
        "image_only",
        metrics["epochs"],
        shipped_hidden("image_only"),
        progress=lambda f, m: steps.append(f),
    )
    assert result.test_accuracy == pytest.approx(metrics["test_accuracy"], abs=0.02)
    assert result.parameters == metrics["parameters"]
    assert list(result.history["epoch"]) == list(range(1, metrics["epochs"] + 1))
    assert steps[-1] == 1.0 and not result.model.training


def test_hidden_size_changes_the_model():
    small = retrain("concat", 1, 8)
    assert small.hidden == 8 and small.epochs == 1
    assert small.parameters < recorded_fusion_metrics("concat")["parameters"]
    assert 0.0 <= small.test_accuracy <= 1.0


def test_bad_requests():
    with pytest.raises(ValueError, match="cannot be retrained"):
        retrain("graph", 1, 8)
    with pytest.raises(ValueError, match="at least 1"):
        retrain("concat", 0, 8)
    assert set(TRAINABLE) <= set(recorded_fusion_metrics.__globals__["FUSION_MODELS"])
    assert RetrainSettings.hidden in RetrainSettings.HIDDEN_CHOICES
