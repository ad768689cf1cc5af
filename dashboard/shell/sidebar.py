"""The shared sidebar: model picker, language switch, random seed, presenter mode."""

from __future__ import annotations

import streamlit as st

from components.i18n import LANGUAGES, t
from dashboard.shell.page_state import index_in
from dashboard.shell.state import MAX_SEED, SharedState, session_key, shared
from models.registry import REGISTRY


def render_sidebar(threads: int) -> SharedState:
    """Draw the shared controls (their values live in session state) and return the choice."""
    lang = st.session_state[session_key("lang")]
    with st.sidebar:
        st.radio(
            t("sidebar.language", lang),
            options=list(LANGUAGES),
            index=index_in(lang, list(LANGUAGES)),
            format_func=LANGUAGES.__getitem__,
            key=session_key("lang"),
            horizontal=True,
        )
        lang = st.session_state[session_key("lang")]
        st.selectbox(
            t("sidebar.model", lang),
            options=list(REGISTRY),
            index=index_in(st.session_state[session_key("model")], list(REGISTRY)),
            # One label in every language: a format that changes with the language makes a new
            # widget, and the chosen model would fall back to the default on a language switch.
            format_func=lambda name: REGISTRY[name].title,
            key=session_key("model"),
        )
        st.number_input(
            t("sidebar.seed", lang),
            min_value=0,
            max_value=MAX_SEED,
            step=1,
            value=st.session_state[session_key("seed")],
            key=session_key("seed"),
            help=t("sidebar.seed_help", lang),
        )
        st.toggle(
            t("sidebar.present", lang),
            value=st.session_state[session_key("present")],
            key=session_key("present"),
            help=t("sidebar.present_help", lang),
        )
        st.caption(t("sidebar.share", lang))
        st.caption(t("sidebar.threads", lang, threads=threads))
    return shared()
