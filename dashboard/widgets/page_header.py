"""The opening of every technique page: title, intro, and its settings read from the URL."""

from __future__ import annotations

import streamlit as st

from components.i18n import t
from dashboard.page_state import PageState
from dashboard.state import SharedState, page_state, shared, show_problems
from models.registry import ModelSpec, get_spec


def page_header(page: str) -> tuple[SharedState, ModelSpec, PageState]:
    """Draw ``<page>.title`` and ``<page>.intro``, warn about bad URL values of the page, and
    return the shared state, the chosen model's spec and the page's settings."""
    state = shared()
    spec = get_spec(state.model)
    settings = page_state(page)
    st.title(t(f"{page}.title", state.lang))
    st.caption(t(f"{page}.intro", state.lang, model=spec.title))
    show_problems(settings.problems, state.lang)
    return state, spec, settings
