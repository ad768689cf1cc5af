"""Session state shared by every page, and its mirror in the URL query string."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from components.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from components.kept_variants import KeptVariant, kept_parser, kept_text
from components.lessons import BY_ID as LESSONS
from components.lessons import LESSON_KEY, MAX_STEPS, Lesson
from components.url_state import (
    UrlParam,
    UrlProblem,
    bool_text,
    boolean,
    bounded_int,
    choice,
    read_params,
    write_params,
)
from dashboard.shell.page_state import PageState, forget_page, resync, server_run
from dashboard.shell.url_params import PAGE_PARAMS, all_known_keys
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
    # The lesson shown in its page's lesson panel ("": none) and the step reached (0: the
    # lesson's own settings, before step 1): a link made during a lesson reopens it there.
    UrlParam("study", "", choice(("", *LESSONS))),
    UrlParam("step", 0, bounded_int(0, MAX_STEPS)),
    # Presenter mode (large type for a projector): a teacher's lesson link may carry it.
    UrlParam("present", False, boolean, to_text=bool_text),
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
    study: str = ""  # the lesson in the panel of its page ("" none)
    step: int = 0  # the step of it reached (0: not started)
    present: bool = False  # presenter mode: large type, sidebar folded


def init_shared_state() -> list[UrlProblem]:
    """On a session's first run, take the shared values from the URL; return what was wrong.

    A lesson link (``lesson=<id>`` in the URL) is applied on any run: see :func:`open_lesson`.
    """
    lesson, problems = _lesson_marker()
    opened = session_key("model") in st.session_state
    if not opened:
        values, url_problems = read_params(
            st.query_params.to_dict(), SHARED_PARAMS, known_keys=all_known_keys(SHARED_PARAMS)
        )
        for key, value in values.items():
            st.session_state[session_key(key)] = value
        problems += url_problems
    if lesson is not None:
        open_lesson(lesson, 0)
        if opened:  # a new session has just read it with the rest of the URL
            problems += _presenter_from_link()
    resync([session_key(p.key) for p in SHARED_PARAMS])
    return problems


def _presenter_from_link() -> list[UrlProblem]:
    """A lesson link that says ``present=…`` switches presenter mode (a teacher's prepared
    link), even in a session that is already open; a link without it leaves the mode as is."""
    if "present" not in st.query_params:
        return []
    (param,) = [p for p in SHARED_PARAMS if p.key == "present"]
    values, problems = read_params(
        {"present": st.query_params["present"]}, [param], known_keys={"present"}
    )
    st.session_state[session_key("present")] = values["present"]  # the default if invalid
    return problems


def _lesson_marker() -> tuple[Lesson | None, list[UrlProblem]]:
    """The lesson a link opens (``lesson=<id>``), the marker removed from the URL at once.

    Pages read their URL settings only on a session's first visit, so a lesson link carries a
    one-shot marker (see :mod:`components.lessons`): it is applied on the run it arrives, and
    removed so that the student's later changes stick.
    """
    lesson_id = st.query_params.get(LESSON_KEY)
    if lesson_id is None:
        return None, []
    del st.query_params[LESSON_KEY]
    if lesson_id in LESSONS:
        return LESSONS[lesson_id], []
    value = lesson_id[:40]
    return None, [UrlProblem("url.bad_value", {"key": LESSON_KEY, "value": value, "default": ""})]


def open_lesson(lesson: Lesson, step: int) -> None:
    """Show ``lesson`` in its page's panel at ``step`` (0: the lesson's own settings, before
    step 1) and give the page exactly that step's settings: the page's other values go back to
    their defaults, the shared ones the lesson names (``model``) are taken, and the page reads
    its URL again. Safe in a widget callback (the next run sees it all)."""
    settings = lesson.settings_at(step - 1)
    page_params = PAGE_PARAMS.get(lesson.page, [])
    for param in page_params:
        if param.key in st.query_params:
            del st.query_params[param.key]
    st.query_params.update(settings)
    named = [p for p in SHARED_PARAMS if p.key in settings]
    values, _ = read_params(settings, named, known_keys=set(settings))  # lessons parse (tested)
    for key, value in values.items():
        st.session_state[session_key(key)] = value
    st.session_state[session_key("study")] = lesson.id
    st.session_state[session_key("step")] = step
    forget_page(lesson.page, page_params)


def close_lesson() -> None:
    """Hide the lesson panel (the page keeps its current settings)."""
    st.session_state[session_key("study")] = ""
    st.session_state[session_key("step")] = 0


def shared() -> SharedState:
    """The current shared state."""
    return SharedState(
        model=st.session_state[session_key("model")],
        lang=st.session_state[session_key("lang")],
        seed=int(st.session_state[session_key("seed")]),
        kept=tuple(st.session_state.get(session_key("kept"), ())),
        study=st.session_state.get(session_key("study"), ""),
        step=int(st.session_state.get(session_key("step"), 0)),
        present=bool(st.session_state.get(session_key("present"), False)),
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
    """The settings of ``page`` (declared in :mod:`dashboard.shell.url_params`)."""
    return PageState(page, PAGE_PARAMS[page], all_known_keys(SHARED_PARAMS))


def show_problems(problems: list[UrlProblem], lang: str, where: str = "shared") -> None:
    """One warning per ignored URL value, kept on screen until the student's next action.

    The URL is read once, so its problems exist in one run only; a run that the server starts
    on its own (a streamed result landing: :func:`server_run`) would otherwise wipe the
    warnings a moment after the page opened. ``where`` names the caller (shared or a page).
    """
    kept = f"_url_problems_{where}"
    if problems:
        st.session_state[kept] = list(problems)
    elif server_run():
        problems = st.session_state.get(kept, [])
    else:
        st.session_state.pop(kept, None)
    for problem in problems:
        st.warning(t(problem.message, lang, **problem.values), icon="⚠️")
