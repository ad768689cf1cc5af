"""The lesson panel at the top of the page a lesson opens: its text, the numbered steps, the
measured check of the step reached, reset, and the previous and next lesson."""

from __future__ import annotations

import time

import streamlit as st

from components.i18n import Markdown, t
from components.lesson_checks import CheckResult, check_step, describe, step_is_measured
from components.lessons import BY_ID as BY_LESSON
from components.lessons import LESSONS, Lesson
from dashboard.shell.pages import page_file
from dashboard.shell.state import close_lesson, open_lesson, shared


def lesson_panel(page: str) -> None:
    """Draw the panel when the session studies a lesson taught on ``page``."""
    state = shared()
    lesson = BY_LESSON.get(state.study)
    if lesson is None or lesson.page != page:
        return
    lang = state.lang
    with st.container(border=True, key="lesson_panel"):
        title, close = st.columns([5, 1], vertical_alignment="center")
        key = "lesson.panel.title" if state.step else "lesson.panel.title_start"
        name = t(lesson.title_key, lang)
        title.markdown(t(key, lang, title=name, step=state.step, n=len(lesson.steps)))
        close.button(t("lesson.panel.close", lang), key="lesson_close", on_click=close_lesson)
        st.write(t(lesson.text_key, lang))
        _steps(lesson, state.step, lang)
        if state.step:
            _checks(lesson, state.step - 1, lang)
        _navigation(lesson, lang)


def _steps(lesson: Lesson, reached: int, lang: str) -> None:
    for index in range(len(lesson.steps)):
        number, text = st.columns([1, 11], vertical_alignment="center")
        done = index + 1 <= reached
        number.button(
            f"{index + 1}",
            key=f"lesson_step_{index + 1}",
            type="primary" if index + 1 == reached else "secondary",
            help=t("lesson.panel.go_help", lang, n=index + 1),
            on_click=open_lesson,
            args=(lesson, index + 1),
        )
        text.markdown(("✓ " if done else "") + t(lesson.step_key(index), lang))


def _checks(lesson: Lesson, index: int, lang: str) -> None:
    """What the student should now see, and the same claim measured on the step's settings."""
    st.info(t("lesson.panel.see", lang, text=t(lesson.see_key(index), lang)), icon="👀")
    if not lesson.steps[index].expect:
        return
    remeasure = st.session_state.pop("lesson_remeasure", False)
    # Measuring can take seconds (timings, parallel runs): the student asks for it.
    if not (remeasure or step_is_measured(lesson, index)) and not st.button(
        t("lesson.panel.measure", lang), key=f"lesson_measure_{index}"
    ):
        st.caption(t("lesson.panel.measure_help", lang))
        return
    with st.spinner(t("lesson.panel.measuring", lang)):
        results = check_step(lesson, index, fresh=remeasure)
    for result in results:
        _result_line(result, lesson, lang)
    latest = max((m for r in results for m in r.measured), key=lambda m: m.taken_at)
    st.caption(
        t(
            "lesson.panel.measured_when",
            lang,
            when=Markdown(time.strftime("%H:%M:%S", time.localtime(latest.taken_at))),
            load=max(m.load for r in results for m in r.measured),
            cores=latest.cores,
        )
    )
    if any(r.timed for r in results):
        st.button(
            t("lesson.panel.remeasure", lang),
            key=f"lesson_remeasure_{index}",
            on_click=st.session_state.__setitem__,
            args=("lesson_remeasure", True),
        )


def _result_line(result: CheckResult, lesson: Lesson, lang: str) -> None:
    if result.ok:
        st.markdown(t("lesson.panel.holds", lang, line=describe(result, lang, lesson.page)))
    else:
        key = "lesson.panel.differs_busy" if result.busy else "lesson.panel.differs"
        st.warning(t(key, lang, line=describe(result, lang, lesson.page)), icon="⚠️")


def _navigation(lesson: Lesson, lang: str) -> None:
    order = list(LESSONS)
    at = order.index(lesson)
    reset, previous, following = st.columns(3)
    reset.button(
        t("lesson.panel.reset", lang),
        key="lesson_reset",
        on_click=open_lesson,
        args=(lesson, 0),
    )
    for column, other, key in (
        (previous, order[at - 1] if at > 0 else None, "lesson.panel.previous"),
        (following, order[at + 1] if at + 1 < len(order) else None, "lesson.panel.next"),
    ):
        if other is not None:
            column.page_link(
                page_file(other.page),
                label=t(key, lang, title=t(other.title_key, lang)),
                query_params=other.query(),
            )
