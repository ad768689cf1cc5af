"""Cached fusion work for the Fuse page.

The fusion models are loaded once per server (``st.cache_resource``) and shared by every
session: read-only (captum gets a private copy inside ``components.fusion.attribution``).
Accuracy tables and curves are small and keyed by the noise settings (``st.cache_data``).
Whole-test-set attribution, the signal-vs-importance study and live retraining are heavy jobs:
:class:`ResultCache` with ``HEAVY_JOBS``, so they draw progress and run a bounded number at once.
They are :meth:`ResultCache.cached` calls: ``f(*args, progress=…)`` computes or finds a result,
``f.ready(*args)`` says whether it is there (a "Run" button shows only until it is).
"""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st
import torch

from components.fusion.attribution import attribution_summary
from components.fusion.interaction import same_task_table
from components.fusion.robustness import accuracy_table, drop_table, noise_curves, noise_levels
from components.fusion.samples import NoiseLevel
from components.fusion.signals import signal_vs_importance
from components.fusion.training import RetrainResult, parameter_count, retrain
from components.jobs import HEAVY_JOBS
from components.lessons import Lesson
from components.progress import ProgressFn, no_progress
from components.result_cache import ResultCache
from components.warmup import WarmupJob
from models.av_digits import NoiseSettings, noisy_test_set, same_digit_test_set
from models.fusion import FusionModel, FusionTask, fusion_model_names, load_fusion_model
from models.weights import ModelLoadError

CURVE_POINTS = 6  # levels per noise curve (plus the current one): 7 × ~0.25 s on 2 cores
SUMMARY_IG_SAMPLES = 100  # IG costs 64 backward passes a pair: the first 100 test pairs
SIGNAL_MODELS = ("gated", "graph")  # the strategies whose gate / attention the page contrasts

TestSet = tuple[torch.Tensor, torch.Tensor, torch.Tensor]

_SUMMARIES: ResultCache[pd.DataFrame] = ResultCache("fusion_attribution", 16, HEAVY_JOBS)
_SIGNALS: ResultCache[pd.DataFrame] = ResultCache("fusion_signals", 16, HEAVY_JOBS)
_RETRAINED: ResultCache[RetrainResult] = ResultCache("fusion_retrained", 8, HEAVY_JOBS)
# Noise curves: every strategy at every noise level, a sweep (it streams in on the page).
_CURVES: ResultCache[pd.DataFrame] = ResultCache("fusion_noise_curves", 64, HEAVY_JOBS)


@st.cache_resource(show_spinner=False, max_entries=16)
def fusion_model(name: str) -> FusionModel:
    """The zoo's fusion model ``name`` with its shipped weights, loaded once per server."""
    return load_fusion_model(name)


def loaded_models(names: tuple[str, ...]) -> tuple[dict[str, FusionModel], dict[str, str]]:
    """The models that load, and for each that does not the reason (it names the retrain
    command). Failures are not cached: a model whose weights appear later loads then."""
    models: dict[str, FusionModel] = {}
    missing: dict[str, str] = {}
    for name in names:
        try:
            models[name] = fusion_model(name)
        except ModelLoadError as err:
            missing[name] = str(err)
    return models, missing


def test_set(task: FusionTask, noise: NoiseLevel) -> TestSet:
    """The task's test split with this noise (the digit task's is cached per setting in
    ``models.av_digits.noisy_test_set``)."""
    make = noisy_test_set if task == "digit" else same_digit_test_set
    return make(noise.image_sigma, noise.snr_db, noise.drop, noise.seed)


@st.cache_data(show_spinner=False, max_entries=256)
def accuracies(task: FusionTask, names: tuple[str, ...], noise: NoiseLevel) -> dict[str, float]:
    """Test accuracy of each strategy under ``noise`` (one forward pass of the split each)."""
    models, _ = loaded_models(names)
    return accuracy_table(models, test_set(task, noise))


@st.cache_data(show_spinner=False, max_entries=64)
def drop_accuracies(task: FusionTask, names: tuple[str, ...], noise: NoiseLevel) -> pd.DataFrame:
    """Accuracy with both modalities, without the image and without the speech."""
    models, _ = loaded_models(names)
    return drop_table(
        models, lambda drop: test_set(task, NoiseLevel(noise.image_sigma, noise.snr_db, drop))
    )


@_CURVES.cached(key=lambda *args: ("curve", *args))
def curve(
    task: FusionTask,
    names: tuple[str, ...],
    axis: str,
    noise: NoiseLevel,
    progress: ProgressFn | None = None,
) -> pd.DataFrame:
    """Accuracy over image σ (``axis`` "image", speech at its current level) or over speech SNR
    (``axis`` "audio", image at its current σ); the current level is one of the points."""
    models, _ = loaded_models(names)
    bounds = NoiseSettings()
    if axis == "image":
        levels = noise_levels(
            bounds.image_sigma_min, bounds.image_sigma_max, noise.image_sigma, CURVE_POINTS
        )

        def make(level: float) -> TestSet:
            return test_set(task, NoiseLevel(level, noise.snr_db, noise.drop))
    else:
        levels = noise_levels(bounds.snr_db_min, bounds.snr_db_max, noise.snr_db, CURVE_POINTS)

        def make(level: float) -> TestSet:
            return test_set(task, NoiseLevel(noise.image_sigma, level, noise.drop))

    return noise_curves(models, make, levels)


@st.cache_data(show_spinner=False, max_entries=64)
def interaction_table(names: tuple[str, ...], noise: NoiseLevel) -> pd.DataFrame:
    """The "same digit?" table: accuracy, answers on same / different pairs, interaction."""
    models, _ = loaded_models(names)
    return same_task_table(models, *test_set("same", noise))


@_SUMMARIES.cached(key=lambda task, names, noise: ("summary", task, names, noise))
def attribution_averages(
    task: FusionTask,
    names: tuple[str, ...],
    noise: NoiseLevel,
    progress: ProgressFn | None = None,
) -> pd.DataFrame:
    """Shapley, ablation (every test pair) and IG (the first 100) per strategy, averaged."""
    models, _ = loaded_models(names)
    image, audio, _ = test_set(task, noise)
    return attribution_summary(
        models, image, audio, ig_samples=SUMMARY_IG_SAMPLES, progress=progress or no_progress
    )


def _without_drop(noise: NoiseLevel) -> NoiseLevel:
    """The drop setting is ignored by the signal study: dropping is one of its conditions."""
    return NoiseLevel(noise.image_sigma, noise.snr_db, None, noise.seed)


@_SIGNALS.cached(key=lambda noise: ("signals", _without_drop(noise)))
def signals(noise: NoiseLevel, progress: ProgressFn | None = None) -> pd.DataFrame:
    """Gate / graph attention against accuracy and Shapley share, modality by modality replaced
    by noise or dropped (on the digit test split at the chosen noise)."""
    models, _ = loaded_models(SIGNAL_MODELS)
    image, audio, labels = test_set("digit", _without_drop(noise))
    return signal_vs_importance(models, image, audio, labels, progress=progress or no_progress)


@_RETRAINED.cached(key=lambda name, epochs, hidden: (name, int(epochs), int(hidden)))
def retrained(
    name: str, epochs: int, hidden: int, progress: ProgressFn | None = None
) -> RetrainResult:
    """A live retrain of ``name`` (seed 0), once per server and settings. The result's model is
    shared by every session that asks for the same settings: read-only."""
    return retrain(name, epochs, hidden, progress=progress or no_progress)


def shipped_parameters(name: str) -> int:
    """The parameter count of the shipped model ``name`` (counted as a retrain counts it)."""
    return parameter_count(fusion_model(name))


def model_warmup_jobs() -> list[WarmupJob]:
    """The digit task's fusion models, loaded once."""
    names = tuple(fusion_model_names("digit"))
    return [WarmupJob("fusion models", functools.partial(loaded_models, names))]


def warmup_jobs(lesson: Lesson, _threads: int) -> list[WarmupJob]:
    """The attribution lesson's test-set averages and gate / attention signals."""
    s = lesson.settings
    if s.get("view") != "attribution":
        return []
    noise = NoiseLevel(float(s["sigma"]), float(s["snr"]), None)
    names = tuple(fusion_model_names("digit"))
    averages = functools.partial(attribution_averages, s["task"], names, noise)
    return [
        WarmupJob("fuse test-set averages", averages),
        WarmupJob("fuse signals", functools.partial(signals, noise)),
    ]
