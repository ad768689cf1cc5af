"""Session state shared by every page, and its mirror in the URL query string."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from components.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from components.kept_variants import KeptVariant, kept_parser, kept_text
from components.lessons import BY_ID as LESSONS
from components.lessons import LESSON_KEY
from components.url_state import (
    UrlParam,
    UrlProblem,
    bounded_int,
    choice,
    read_params,
    write_params,
)
from dashboard.page_state import PageState, forget_page
from dashboard.url_params import PAGE_PARAMS, all_known_keys
from models.registry import REGISTRY, model_names
from models.rng import SEED_RANGE

MAX_SEED = SEED_RANGE[1]

SHARED_PARAMS: list[UrlParam] = [
    # The registry itself, not a list taken at import: models brought at start-up join it later.
    UrlParam("model", model_names()[0], choice(REGISTRY)),
    UrlParam("lang", DEFAULT_LANGUAGE, choice(list(LANGUAGES))),
    UrlParam("seed", 0, bounded_int(0, MAX_SEED)),
    # The compressed variants kept for comparison: the Compress page's comparison and the
    # Accelerate page's compressed view both show them, so they travel with every link.
    UrlParam("kept", (), kept_parser(REGISTRY), to_text=kept_text),
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
    kept: tuple[KeptVariant, ...] = ()


def init_shared_state() -> list[UrlProblem]:
    """On a session's first run, take the shared values from the URL; return what was wrong.

    A lesson link (``lesson=<id>`` in the URL) is applied on any run: see :func:`apply_lesson`.
    """
    lesson_problems = apply_lesson()
    if session_key("model") in st.session_state:
        return lesson_problems
    values, problems = read_params(
        st.query_params.to_dict(), SHARED_PARAMS, known_keys=all_known_keys(SHARED_PARAMS)
    )
    for key, value in values.items():
        st.session_state[session_key(key)] = value
    return lesson_problems + problems


def apply_lesson() -> list[UrlProblem]:
    """Apply a lesson link's settings even if this session has seen its page before.

    Pages read their URL settings only on a session's first visit, so a lesson link carries a
    one-shot marker, ``lesson=<id>`` (see :mod:`components.lessons`). On the run it arrives the
    marker is removed from the URL (so the student's later changes stick), the shared values the
    link names (e.g. ``model``) are taken from it, and the lesson's page reads its URL again.
    """
    lesson_id = st.query_params.get(LESSON_KEY)
    if lesson_id is None:
        return []
    del st.query_params[LESSON_KEY]
    lesson = LESSONS.get(lesson_id)
    if lesson is None:
        return [
            UrlProblem("url.bad_value", {"key": LESSON_KEY, "value": lesson_id[:40], "default": ""})
        ]
    if session_key("model") in st.session_state:  # on a first run everything is read anyway
        query = st.query_params.to_dict()
        named = [p for p in SHARED_PARAMS if p.key in query]
        values, problems = read_params(query, named, known_keys=set(query))
        for key, value in values.items():
            st.session_state[session_key(key)] = value
    else:
        problems = []
    if lesson.page in PAGE_PARAMS:
        forget_page(lesson.page, PAGE_PARAMS[lesson.page])
    return problems


def shared() -> SharedState:
    """The current shared state."""
    return SharedState(
        model=st.session_state[session_key("model")],
        lang=st.session_state[session_key("lang")],
        seed=int(st.session_state[session_key("seed")]),
        kept=tuple(st.session_state.get(session_key("kept"), ())),
    )


def kept_variants(model: str) -> list[KeptVariant]:
    """The variants of ``model`` kept this session, oldest first."""
    return [v for v in shared().kept if v.model == model]


def set_kept(kept: Sequence[KeptVariant]) -> None:
    """Replace the kept variants (of every model); the URL follows on this run."""
    st.session_state[session_key("kept")] = tuple(kept)
    sync_url()


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
