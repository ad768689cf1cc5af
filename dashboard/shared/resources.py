"""Cached access to models and measurements. Cached models are shared by every session: read-only.

Work that changes a model or hooks into it must use ``components.shared_models.working_copy``.
"""

from __future__ import annotations

import sys

import streamlit as st
from torch import nn

from components.errors import UserFacingError
from components.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from components.runtime import configure_torch
from models.registry import ModelLoadError, load_model
from models.user_models import register_from_startup, user_model_paths_from_env_and_argv


def server_threads() -> int:
    """torch's thread count, chosen once for the whole server (``components.runtime``) and
    applied to this script run's thread: with OpenMP the count is per thread, and a new thread
    inherits whatever another session set last."""
    return configure_torch()


@st.cache_resource(show_spinner=False)
def startup_user_models() -> tuple[tuple[str, ...], tuple[tuple[str, dict], ...]]:
    """Register the models brought at start-up (``-- --model my_model.py`` or
    ``MODELLENS_USER_MODELS``) once per server: their names, and the problems as (key, values).

    This runs the user's own file on the user's own machine: it is a start-up option, never an
    upload from the browser.
    """
    errors: list[tuple[str, dict]] = []
    try:
        names = register_from_startup(
            sys.argv[1:], on_error=lambda _path, err: errors.append((err.key, dict(err.values)))
        )
    except UserFacingError as err:  # a malformed --model flag
        names = []
        errors.append((err.key, dict(err.values)))
    return tuple(names), tuple(errors)


def startup_user_models_shown() -> tuple[tuple[str, ...], tuple[tuple[str, dict], ...]]:
    """:func:`startup_user_models` under a spinner that names the files while they build (the
    first run of the server; later runs are cache hits, too quick for the spinner to show)."""
    try:
        files = ", ".join(p.name for p in user_model_paths_from_env_and_argv(sys.argv[1:]))
    except UserFacingError:  # a malformed --model flag: reported by startup_user_models
        files = ""
    if not files:
        return startup_user_models()
    lang = st.query_params.get("lang", DEFAULT_LANGUAGE)
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    with st.spinner(t("byom.building", lang, files=files), show_time=True):
        return startup_user_models()


@st.cache_resource(show_spinner=False, max_entries=8)
def shared_model(name: str) -> nn.Module:
    """The zoo model ``name``, loaded once per server. Never mutate it."""
    return load_model(name)


def model_or_stop(name: str, lang: str) -> nn.Module:
    """The shared model, or a clear message on the page (and the page stops) when it can't load."""
    try:
        return shared_model(name)
    except ModelLoadError as err:
        st.error(t("error.model_load", lang, model=name, reason=str(err)), icon="🚫")
        st.stop()
