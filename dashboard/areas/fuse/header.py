"""The opening of the Fuse page: title, intro, URL problems, the task and the test-time noise.

The shared page_header() loads the sidebar's model, which this page does not use: the fusion
zoo has its own models, loaded here.
"""

from __future__ import annotations

import streamlit as st

from components.fusion.samples import NoiseLevel
from components.i18n import t
from dashboard.areas.fuse.cache import loaded_models
from dashboard.areas.fuse.context import FuseContext
from dashboard.areas.fuse.params import FUSE_DROPS, FUSE_TASKS
from dashboard.shared.resources import server_threads
from dashboard.shell.lesson_panel import lesson_panel
from dashboard.shell.state import page_state, shared, show_problems
from models.av_digits import NoiseSettings
from models.fusion import fusion_model_names

SIGMA_STEP = 0.1  # pixel units
SNR_STEP = 0.5  # dB


def fuse_header() -> FuseContext:
    """Draw the header and the shared controls; return the page's context."""
    lang = shared().lang
    server_threads()  # the torch thread pool is configured once per server
    settings = page_state("fuse")
    st.title(t("fuse.title", lang))
    st.caption(t("fuse.intro", lang))
    show_problems(settings.problems, lang)
    lesson_panel("fuse")
    bounds = NoiseSettings()
    task_col, drop_col = st.columns(2)
    image_col, audio_col = st.columns(2)
    with task_col:
        task = (
            st.segmented_control(
                t("fuse.task", lang),
                FUSE_TASKS,
                format_func=lambda k: t(f"fuse.task.{k}", lang),
                key=settings.key("task"),
                help=t("fuse.task_help", lang),
            )
            or "digit"
        )
    with image_col:
        sigma = st.slider(
            t("fuse.sigma", lang),
            bounds.image_sigma_min,
            bounds.image_sigma_max,
            step=SIGMA_STEP,
            key=settings.key("sigma"),
            help=t("fuse.sigma_help", lang, trained=bounds.image_sigma),
        )
    with audio_col:
        snr = st.slider(
            t("fuse.snr", lang),
            bounds.snr_db_min,
            bounds.snr_db_max,
            step=SNR_STEP,
            key=settings.key("snr"),
            help=t("fuse.snr_help", lang, trained=bounds.snr_db),
        )
    with drop_col:
        drop = (
            st.segmented_control(
                t("fuse.drop", lang),
                FUSE_DROPS,
                format_func=lambda k: t(f"fuse.drop.{k}", lang),
                key=settings.key("drop"),
                help=t("fuse.drop_help", lang),
            )
            or "none"
        )
    noise = NoiseLevel(
        round(float(sigma), 3), round(float(snr), 3), None if drop == "none" else drop
    )
    models, missing = loaded_models(tuple(fusion_model_names(task)))
    for name, reason in missing.items():
        st.error(
            t("fuse.missing", lang, strategy=t(f"fuse.strategy.{name}", lang), reason=reason),
            icon="🚫",
        )
    return FuseContext(
        lang=lang,
        settings=settings,
        task=task,
        noise=noise,
        names=tuple(models),
        models=models,
    )
