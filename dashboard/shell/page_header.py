"""The opening of every technique page: title, intro, its settings read from the URL, and the
context its sections work from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import streamlit as st

from components.i18n import model_title, t
from dashboard.shared.resources import model_or_stop, server_threads
from dashboard.shell.lesson_panel import lesson_panel
from dashboard.shell.page_state import PageState
from dashboard.shell.state import page_state, shared, show_problems
from models.registry import ModelSpec, get_spec

if TYPE_CHECKING:
    from torch import nn


@dataclass(frozen=True)
class PageContext:
    """What every section of a page needs; ``model`` is the shared, read-only original."""

    spec: ModelSpec
    model: nn.Module
    lang: str
    seed: int
    threads: int
    settings: PageState


def page_opening(page: str, **intro: object) -> tuple[str, PageState]:
    """Draw ``<page>.title`` and ``<page>.intro`` (filled with ``intro``), warn about bad URL
    values of the page and show its lesson panel; the language and the page's settings.

    Every page opens with it; a page that works on the sidebar's model calls
    :func:`page_header`, which also loads that model.
    """
    lang = shared().lang
    server_threads()  # this script run's thread gets the server's torch thread count
    settings = page_state(page)
    st.title(t(f"{page}.title", lang))
    st.caption(t(f"{page}.intro", lang, **intro))
    show_problems(settings.problems, lang, where=page)
    lesson_panel(page)
    return lang, settings


def page_header(page: str) -> PageContext:
    """:func:`page_opening`, then the chosen model (or a message, and the page stops): the
    page's context."""
    state = shared()
    spec = get_spec(state.model)
    lang, settings = page_opening(page, model=model_title(spec.name, spec.title, state.lang))
    return PageContext(
        spec=spec,
        model=model_or_stop(state.model, lang),
        lang=lang,
        seed=state.seed,
        threads=server_threads(),
        settings=settings,
    )


def pick_view(settings: PageState, lang: str, options: Sequence[str], name: str = "view") -> str:
    """A page's view picker, the same on every page: a horizontal radio over ``options``
    labelled ``<page>.<name>``, each option ``<page>.<name>.<option>``, its value in the URL."""
    page = settings.page
    return st.radio(
        t(f"{page}.{name}", lang),
        options,
        index=settings.index(name, options),
        format_func=lambda option: t(f"{page}.{name}.{option}", lang),
        key=settings.key(name),
        horizontal=True,
    )
