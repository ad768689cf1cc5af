"""A page with a section and a section inside it, for tests/browser/test_sections.py: counts
the runs of the page and of each section on screen, keeps its settings in the URL as every
ModelLens page does."""

from __future__ import annotations

import streamlit as st

from components.url_state import UrlParam, bounded_int, choice
from dashboard.shell.page_state import PageState, note_browser_report, run_finished
from dashboard.shell.section import section

note_browser_report()
st.session_state["page_runs"] = st.session_state.get("page_runs", 0) + 1
st.text(f"page runs: {st.session_state['page_runs']}")
settings = PageState(
    "demo",
    [
        UrlParam("view", "a", choice(("a", "b"))),
        UrlParam("n", 2, bounded_int(0, 9)),
        UrlParam("m", 3, bounded_int(0, 9)),
    ],
    set(),
)


def inner() -> None:
    st.session_state["inner_runs"] = st.session_state.get("inner_runs", 0) + 1
    st.slider("Inner", 0, 9, key=settings.key("m"))
    st.text(f"inner runs: {st.session_state['inner_runs']}")


def part() -> None:
    st.session_state["section_runs"] = st.session_state.get("section_runs", 0) + 1
    view = st.radio("View", ("a", "b"), key=settings.key("view"), horizontal=True)
    if view == "a":  # the slider is not drawn in view b: Streamlit forgets its value there
        st.slider("Number", 0, 9, key=settings.key("n"))
    st.text(f"section runs: {st.session_state['section_runs']}")
    section("inner", settings, inner)


section("part", settings, part)
settings.commit()
run_finished()
