"""Accuracy of the fusion strategies under noise and missing modalities, on the real test split."""

from __future__ import annotations

import pytest

from components.fusion.robustness import (
    accuracy_table,
    drop_table,
    noise_curves,
    noise_levels,
    predictions,
)
from models.av_digits import NoiseSettings, noisy_test_set, same_digit_test_set
from models.fusion import (
    FUSION_MODELS,
    fusion_model_names,
    load_fusion_model,
    recorded_fusion_metrics,
)

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def models():
    return {name: load_fusion_model(name) for name in FUSION_MODELS}


def test_shipped_accuracies_reproduce_the_recorded_values(models):
    digit = accuracy_table({n: models[n] for n in fusion_model_names("digit")}, noisy_test_set())
    same = accuracy_table({n: models[n] for n in fusion_model_names("same")}, same_digit_test_set())
    for name, accuracy in {**digit, **same}.items():
        assert accuracy == pytest.approx(recorded_fusion_metrics(name)["test_accuracy"], abs=0.02)
    assert digit["late"] > max(digit["image_only"], digit["audio_only"]) + 0.1


def test_dropping_a_modality_of_a_unimodal_model(models):
    unimodal = {n: models[n] for n in ("image_only", "audio_only")}
    frame = drop_table(unimodal, lambda drop: noisy_test_set(drop=drop))
    acc = frame.set_index(["strategy", "drop"])["accuracy"]
    # the other modality: nothing changes, to the last digit
    assert acc["image_only", "audio"] == acc["image_only", "none"]
    assert acc["audio_only", "image"] == acc["audio_only", "none"]
    # its own: a constant input, a constant answer, the share of one digit (chance)
    assert acc["image_only", "image"] == pytest.approx(0.1, abs=0.02)
    assert acc["audio_only", "audio"] == pytest.approx(0.1, abs=0.02)
    assert len(frame) == 6


def test_fusion_keeps_the_remaining_modality(models):
    fused = {n: models[n] for n in ("late", "graph", "concat")}
    frame = drop_table(fused, lambda drop: noisy_test_set(drop=drop)).set_index(
        ["strategy", "drop"]
    )
    for name in fused:
        assert frame.loc[(name, "image"), "accuracy"] > 0.4  # speech alone still carries it
        assert frame.loc[(name, "none"), "accuracy"] > frame.loc[(name, "image"), "accuracy"]


def test_noise_at_both_slider_ends(models):
    bounds = NoiseSettings()
    chosen = {n: models[n] for n in ("image_only", "audio_only", "late")}
    clean = accuracy_table(chosen, noisy_test_set(bounds.image_sigma_min, bounds.snr_db_max))
    worst = accuracy_table(chosen, noisy_test_set(bounds.image_sigma_max, bounds.snr_db_min))
    assert clean["image_only"] > 0.9 and worst["image_only"] < 0.45
    assert worst["audio_only"] < 0.2
    for name in chosen:
        assert 0.0 <= worst[name] < clean[name] <= 1.0
    probs = predictions(
        models["late"], *noisy_test_set(bounds.image_sigma_max, bounds.snr_db_min)[:2]
    )
    assert probs.isfinite().all() and probs.sum(1).sub(1).abs().max() < 1e-5


def test_noise_curves_go_down_with_noise(models):
    chosen = {n: models[n] for n in ("image_only", "audio_only")}
    levels = noise_levels(0.0, 4.0, 1.3, n=3)
    assert levels == (0.0, 1.3, 2.0, 4.0)
    steps = []
    frame = noise_curves(
        chosen,
        lambda s: noisy_test_set(image_sigma=s),
        levels,
        progress=lambda f, m: steps.append(f),
    )
    assert list(frame.columns) == ["strategy", "level", "accuracy"] and len(frame) == 8
    image = frame[frame["strategy"] == "image_only"]["accuracy"].tolist()
    audio = frame[frame["strategy"] == "audio_only"]["accuracy"].tolist()
    assert image == sorted(image, reverse=True) and image[0] - image[-1] > 0.5
    assert max(audio) == min(audio)  # the speech model does not see the image noise
    assert steps[-1] == 1.0
