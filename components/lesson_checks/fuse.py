"""Measures of the Fuse page's lessons: what fusion wins and loses under noise, whether a gate
follows the real importance of the image, and what the graph model does when the image and the
speech disagree.

Every measure reads the page's URL values (``sigma``, ``snr``, ``drop``, ``index``, ``clip``)
and runs the Fuse page's backend on the shipped fusion models with the page's seeded test noise.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
import torch

from components.fusion.robustness import accuracy_table, predictions
from components.fusion.samples import OWN_SPEECH, NoiseLevel, clip_rows, pair_from_test
from components.fusion.signals import image_signal, signal_vs_importance
from components.lesson_checks.registry import MeasureFn, register
from models.av_digits import NoiseSettings, noisy_test_set
from models.fusion import FusionModel, load_fusion_model

# The strategies whose test accuracy the feature-fusion lesson compares (late fusion is built
# from the two unimodal models, so these four cost three forward passes of the split).
ACCURACY_STRATEGIES = ("image_only", "audio_only", "concat", "late")


@functools.lru_cache(maxsize=16)
def fusion_model(name: str) -> FusionModel:
    """The zoo's fusion model ``name`` with its shipped weights (read-only, as on the page)."""
    return load_fusion_model(name)


def noise_level(s: Mapping[str, str]) -> NoiseLevel:
    """The Fuse page's test-time noise from its URL values (rounded as the page rounds them)."""
    drop = s.get("drop", "none")
    return NoiseLevel(
        round(float(s.get("sigma", NoiseSettings.image_sigma)), 3),
        round(float(s.get("snr", NoiseSettings.snr_db)), 3),
        None if drop == "none" else drop,
    )


def _test_set(noise: NoiseLevel) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    return noisy_test_set(noise.image_sigma, noise.snr_db, noise.drop, noise.seed)


# --- feature fusion: accuracy of a strategy on the 450 test pairs -------------------------------


@functools.lru_cache(maxsize=32)
def _accuracies(noise: NoiseLevel) -> dict[str, float]:
    models = {name: fusion_model(name) for name in ACCURACY_STRATEGIES}
    return accuracy_table(models, _test_set(noise))


def _accuracy_of(name: str) -> MeasureFn:
    def measure(s: Mapping[str, str], _arg: str) -> float:
        return _accuracies(noise_level(s))[name]

    measure.__doc__ = f"Test accuracy of {name} under the page's noise and drop (the top bars)."
    return measure


for _name in ACCURACY_STRATEGIES:
    register(f"fuse_accuracy_{_name}", "fraction")(_accuracy_of(_name))


# --- deep fusion: the gate against the Shapley share, modality by modality replaced -------------


@functools.lru_cache(maxsize=16)
def _gated_signals(image_sigma: float, snr_db: float) -> pd.DataFrame:
    """The gated model's rows of the page's "gates are not importance" study, by condition
    (the page ignores the drop setting there: dropping is one of the conditions)."""
    image, audio, labels = _test_set(NoiseLevel(image_sigma, snr_db))
    frame = signal_vs_importance({"gated": fusion_model("gated")}, image, audio, labels)
    return frame.set_index("condition")


def _signal(s: Mapping[str, str], condition: str, column: str) -> float:
    noise = noise_level(s)
    return float(_gated_signals(noise.image_sigma, noise.snr_db).loc[condition or "clean", column])


@register("gate_image_weight", "share")
def gate_image_weight(s: Mapping[str, str], condition: str) -> float:
    """The gated model's mean gate value for the image, in ``condition`` ("clean" by default)."""
    return _signal(s, condition, "signal")


@register("gated_image_share", "share")
def gated_image_share(s: Mapping[str, str], condition: str) -> float:
    """The image's mean Shapley share of the gated model's predicted class, in ``condition``."""
    return _signal(s, condition, "shapley_image_share")


@register("gated_condition_accuracy", "fraction")
def gated_condition_accuracy(s: Mapping[str, str], condition: str) -> float:
    """The gated model's test accuracy in ``condition``."""
    return _signal(s, condition, "accuracy")


@register("gate_change", "share")
def gate_change(s: Mapping[str, str], condition: str) -> float:
    """How far the gate's image weight moves from "as is" to ``condition`` (absolute)."""
    return abs(_signal(s, condition, "signal") - _signal(s, "clean", "signal"))


@register("gated_image_share_change", "share")
def gated_image_share_change(s: Mapping[str, str], condition: str) -> float:
    """How far the image's Shapley share moves from "as is" to ``condition`` (absolute)."""
    column = "shapley_image_share"
    return abs(_signal(s, condition, column) - _signal(s, "clean", column))


# --- graph fusion: one pair, and the image and the speech in conflict ---------------------------


def _pair_details(s: Mapping[str, str], name: str) -> tuple[np.ndarray, dict, int, int]:
    """The model's probabilities and details on the page's test pair, and its two digits."""
    if s.get("source", "test") != "test":
        raise ValueError("the fuse measures read test pairs only")
    pair = pair_from_test(int(s.get("index", 0)), int(s.get("clip", OWN_SPEECH)), noise_level(s))
    with torch.inference_mode():
        logits, details = fusion_model(name).forward_with_details(pair.image, pair.audio)
    probabilities = logits.softmax(-1)[0].numpy()
    return probabilities, details, int(pair.image_digit), pair.audio_digit


def _pair_probability(name: str, of: str) -> MeasureFn:
    def measure(s: Mapping[str, str], _arg: str) -> float:
        probabilities, _, image_digit, audio_digit = _pair_details(s, name)
        return float(probabilities[image_digit if of == "image" else audio_digit])

    measure.__doc__ = f"{name}'s probability of the {of} digit of the page's pair."
    return measure


register("image_only_p_image_digit", "fraction")(_pair_probability("image_only", "image"))
register("graph_p_image_digit", "fraction")(_pair_probability("graph", "image"))
register("graph_p_speech_digit", "fraction")(_pair_probability("graph", "audio"))


@register("graph_attention_to_image", "share")
def graph_attention_to_image(s: Mapping[str, str], _arg: str) -> float:
    """The attention the graph's audio-frame nodes pay to image-patch nodes on the page's pair
    (mean over frames, heads and layers: the mean of "Each frame's attention to the image")."""
    _, details, _, _ = _pair_details(s, "graph")
    return float(image_signal(details)[0])


@functools.lru_cache(maxsize=8)
def _conflicts(noise: NoiseLevel) -> dict[str, float]:
    """The graph model on every test image heard with each stored clip of another digit:
    the share of predictions that are the image's digit, the speech's, or neither."""
    image, audio, labels = _test_set(noise)
    model = fusion_model("graph")
    follows = {"image": 0, "speech": 0}
    total = 0
    for row in clip_rows():
        spoken = labels[row]
        other = labels != spoken
        heard = audio[row : row + 1].expand(int(other.sum()), -1, -1, -1)
        predicted = predictions(model, image[other], heard).argmax(-1)
        follows["image"] += int((predicted == labels[other]).sum())
        follows["speech"] += int((predicted == spoken).sum())
        total += int(other.sum())
    shares = {k: v / total for k, v in follows.items()}
    shares["neither"] = 1.0 - shares["image"] - shares["speech"]
    return shares


def _conflict_share(which: str) -> Callable[[Mapping[str, str], str], float]:
    def measure(s: Mapping[str, str], _arg: str) -> float:
        return _conflicts(noise_level(s))[which]

    measure.__doc__ = f"Over all conflicting test pairs, the share of graph predictions: {which}."
    return measure


for _which in ("image", "speech", "neither"):
    register(f"graph_conflict_{_which}", "share")(_conflict_share(_which))
