"""The Fuse page's own controls under the shared header: the task, the test-time noise and the
dropped modality; they decide which fusion models load and build the page's context."""

from __future__ import annotations

import streamlit as st

from components.fusion.samples import NoiseLevel
from components.i18n import t
from dashboard.areas.fuse.cache import loaded_models
from dashboard.areas.fuse.context import FuseContext
from dashboard.areas.fuse.params import FUSE_DROPS, FUSE_TASKS
from dashboard.shell.page_state import PageState
from models.av_digits import NoiseSettings
from models.fusion import FusionModel, FusionTask, fusion_model_names

SIGMA_STEP = 0.1  # pixel units
SNR_STEP = 0.5  # dB


def fuse_controls(lang: str, settings: PageState) -> FuseContext:
    """Draw the task, drop and noise controls, load the task's models (a message for each that
    does not load) and return the page's context."""
    task_col, drop_col = st.columns(2)
    image_col, audio_col = st.columns(2)
    with task_col:
        task = _choice(lang, settings, "task", FUSE_TASKS) or "digit"
    with image_col:
        sigma = _noise_slider(lang, settings, "sigma")
    with audio_col:
        snr = _noise_slider(lang, settings, "snr")
    with drop_col:
        drop = _choice(lang, settings, "drop", FUSE_DROPS) or "none"
    noise = NoiseLevel(
        round(float(sigma), 3), round(float(snr), 3), None if drop == "none" else drop
    )
    models = _models_or_messages(lang, task)
    return FuseContext(
        lang=lang, settings=settings, task=task, noise=noise, names=tuple(models), models=models
    )


def _choice(lang: str, settings: PageState, name: str, options: tuple[str, ...]) -> str | None:
    """A segmented control ``fuse.<name>`` over ``options`` (None when none is picked)."""
    return st.segmented_control(
        t(f"fuse.{name}", lang),
        options,
        default=settings[name] if settings[name] in options else None,
        format_func=lambda k: t(f"fuse.{name}.{k}", lang),
        key=settings.key(name),
        help=t(f"fuse.{name}_help", lang),
    )


def _noise_slider(lang: str, settings: PageState, name: str) -> float:
    """The image σ (``name`` "sigma") or speech SNR ("snr") slider over the noise bounds; its
    help names the level the models were trained at."""
    bounds = NoiseSettings()
    if name == "sigma":
        low, high, step, trained = (
            bounds.image_sigma_min,
            bounds.image_sigma_max,
            SIGMA_STEP,
            bounds.image_sigma,
        )
    else:
        low, high, step, trained = bounds.snr_db_min, bounds.snr_db_max, SNR_STEP, bounds.snr_db
    return st.slider(
        t(f"fuse.{name}", lang),
        low,
        high,
        step=step,
        value=settings[name],
        key=settings.key(name),
        help=t(f"fuse.{name}_help", lang, trained=trained),
    )


def _models_or_messages(lang: str, task: FusionTask) -> dict[str, FusionModel]:
    """The task's models that load; an error message for each that does not (it names the
    command that trains it)."""
    models, missing = loaded_models(tuple(fusion_model_names(task)))
    for name, reason in missing.items():
        st.error(
            t("fuse.missing", lang, strategy=t(f"fuse.strategy.{name}", lang), reason=reason),
            icon="🚫",
        )
    return models
