"""The opening of every technique page: title, intro, its settings read from the URL, and the
context its sections work from."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from torch import nn

from components.i18n import model_title, t
from dashboard.shared.resources import model_or_stop, server_threads
from dashboard.shell.lesson_panel import lesson_panel
from dashboard.shell.page_state import PageState
from dashboard.shell.state import page_state, shared, show_problems
from models.registry import ModelSpec, get_spec


@dataclass(frozen=True)
class PageContext:
    """What every section of a page needs; ``model`` is the shared, read-only original."""

    spec: ModelSpec
    model: nn.Module
    lang: str
    seed: int
    threads: int
    settings: PageState


def page_header(page: str) -> PageContext:
    """Draw ``<page>.title`` and ``<page>.intro``, warn about bad URL values of the page, load
    the chosen model (or stop with a message) and return the page's context."""
    state = shared()
    spec = get_spec(state.model)
    settings = page_state(page)
    st.title(t(f"{page}.title", state.lang))
    st.caption(t(f"{page}.intro", state.lang, model=model_title(spec.name, spec.title, state.lang)))
    show_problems(settings.problems, state.lang)
    lesson_panel(page)
    return PageContext(
        spec=spec,
        model=model_or_stop(state.model, state.lang),
        lang=state.lang,
        seed=state.seed,
        threads=server_threads(),
        settings=settings,
    )
