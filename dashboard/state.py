"""Session state shared by every page, and its mirror in the URL query string."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from components.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from components.url_state import (
    UrlParam,
    UrlProblem,
    bounded_int,
    choice,
    read_params,
    write_params,
)
from dashboard.page_state import PageState
from dashboard.url_params import PAGE_PARAMS, all_known_keys
from models.registry import REGISTRY, model_names

MAX_SEED = 2**31 - 1

SHARED_PARAMS: list[UrlParam] = [
    # The registry itself, not a list taken at import: models brought at start-up join it later.
    UrlParam("model", model_names()[0], choice(REGISTRY)),
    UrlParam("lang", DEFAULT_LANGUAGE, choice(list(LANGUAGES))),
    UrlParam("seed", 0, bounded_int(0, MAX_SEED)),
]


def session_key(param_key: str) -> str:
    """Widget/session key of a shared URL parameter (``model`` → ``shared_model``)."""
    return f"shared_{param_key}"


@dataclass(frozen=True)
class SharedState:
    """What the sidebar chose; every page reads it."""

    model: str
    lang: str
    seed: int


def init_shared_state() -> list[UrlProblem]:
    """On a session's first run, take the shared values from the URL; return what was wrong."""
    if session_key("model") in st.session_state:
        return []
    values, problems = read_params(
        st.query_params.to_dict(), SHARED_PARAMS, known_keys=all_known_keys(SHARED_PARAMS)
    )
    for key, value in values.items():
        st.session_state[session_key(key)] = value
    return problems


def shared() -> SharedState:
    """The current shared state."""
    return SharedState(
        model=st.session_state[session_key("model")],
        lang=st.session_state[session_key("lang")],
        seed=int(st.session_state[session_key("seed")]),
    )


def sync_url() -> None:
    """Write the shared state into the address bar (every run: it must survive page switches)."""
    state = shared()
    st.query_params.update(write_params(state.__dict__, SHARED_PARAMS))


def page_state(page: str) -> PageState:
    """The settings of ``page`` (declared in :mod:`dashboard.url_params`)."""
    return PageState(page, PAGE_PARAMS[page], all_known_keys(SHARED_PARAMS))


def show_problems(problems: list[UrlProblem], lang: str) -> None:
    """One warning per ignored URL value."""
    for problem in problems:
        st.warning(t(problem.message, lang, **problem.values), icon="⚠️")
