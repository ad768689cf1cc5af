"""A page's own settings: read from the URL on the session's first visit to the page, kept in
session state across page switches, and written back to the URL on every run.

Streamlit forgets a widget's value when its page is not rendered, and ``st.navigation`` drops a
page's query parameters on a switch, so each value is also kept under a non-widget key.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components.url_state import UrlParam, UrlProblem, read_params, write_params

# Set by a run that the server starts on its own (a streamed result landed: see
# ``dashboard.shell.live``) for the next run, which is then known to be no student's action.
SERVER_RUN_KEY = "_server_started_run"
DRAWN_KEY = "_widgets_drawn_last_run"  # the widget keys the last finished run drew
REPORTED_KEY = "_widgets_the_browser_reported"  # widget keys in the browser's last request


def request_server_run() -> None:
    """Mark the run that the caller is about to start (``st.rerun`` with no user action)."""
    st.session_state[SERVER_RUN_KEY] = True


def server_run() -> bool:
    """Whether this run was started by the server, not by a student's action."""
    return bool(st.session_state.get(SERVER_RUN_KEY))


def resync(keys: Sequence[str]) -> None:
    """Re-assert (before they are drawn) those of the widgets ``keys`` that the browser may lack,
    so that this run sends their values to the browser.

    Streamlit sends a widget's value only in the run that set it through session state (a URL
    read, a lesson link, a page switch) and otherwise relies on the browser's own copy. A browser
    without that copy shows the proto default (a slider at its minimum, an empty multiselect)
    while the server keeps the real value, and the next key press moves from there (issue #16).
    It lacks the copy when the last finished run did not draw the widget (a view that waited for
    a streamed result and returned early), and when its last request did not report the widget:
    a polling fragment can ask for its run before the browser has mounted a widget the run before
    drew, and the page's rerun that the fragment then starts draws it without its value.
    Widgets the browser has are left alone: re-sending a value the student is changing would
    make it jump back. A widget drawn with its setting's value as its default (see
    :class:`PageState`) shows the right value in both cases even so; this covers any that is not.
    """
    drawn = st.session_state.get(DRAWN_KEY, frozenset())
    reported = st.session_state.get(REPORTED_KEY)
    for key in keys:
        if key not in st.session_state:
            continue
        if key not in drawn or (reported is not None and key not in reported):
            st.session_state[key] = st.session_state[key]


def note_browser_report() -> None:
    """Record which widgets the browser reported with the request that started this run (call
    it before any widget of the run is drawn: the app's first lines, a fragment's first line).

    Runs that ``st.rerun`` starts carry no report; the last one is kept for them.
    """
    reported = _reported_widget_keys()
    if reported:
        st.session_state[REPORTED_KEY] = reported


def _reported_widget_keys() -> frozenset[str] | None:
    """The user keys of the widget states that came with this run's request (Streamlit's own
    record, read before the run registers widgets); None where that record is missing."""
    ctx = get_script_run_ctx()
    state = getattr(getattr(ctx, "session_state", None), "_state", None)
    states = getattr(getattr(state, "_new_widget_state", None), "states", None)
    mapper = getattr(state, "_key_id_mapper", None)
    ids = getattr(mapper, "id_key_mapping", None)
    if states is None or ids is None:
        return None
    return frozenset(ids.get(widget_id, widget_id) for widget_id in states)


def section_run() -> bool:
    """Whether this script run reruns sections of the page only (Streamlit fragments: see
    ``dashboard.shell.section``), not the whole page."""
    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def run_finished() -> None:
    """Record the widgets this run drew and end its server-run mark (the router calls it after
    the page; an interrupted run keeps the record of the last finished one)."""
    keys = drawn_widget_keys()
    if keys is not None:
        st.session_state[DRAWN_KEY] = keys
    st.session_state.pop(SERVER_RUN_KEY, None)


def section_run_finished() -> None:
    """After a section's own run: the widgets it drew are in the browser now, as are the ones
    the last page run drew (a section's run sends nothing else). Without this, a widget first
    drawn in a section's run (another view) was re-sent at every later run of that section, and
    a value re-sent while the student presses on moves the slider back (issue #16)."""
    keys = drawn_widget_keys()
    if keys is not None:
        st.session_state[DRAWN_KEY] = st.session_state.get(DRAWN_KEY, frozenset()) | keys


def drawn_widget_keys() -> frozenset[str] | None:
    """The user keys of the widgets drawn so far in this run (Streamlit records them to refuse
    duplicates); None where that record is missing (another Streamlit version)."""
    ctx = get_script_run_ctx()
    keys = getattr(getattr(ctx, "shared", ctx), "widget_user_keys_this_run", None)
    if keys is None:
        return None
    snapshot = getattr(keys, "snapshot", None)  # a thread-safe set since Streamlit 1.5x
    return snapshot() if snapshot is not None else frozenset(keys)


def forget_page(page: str, params: Sequence[UrlParam]) -> None:
    """Make the next :class:`PageState` of ``page`` read the URL again, as on a first visit.

    Lesson links use it: they open a page with their own settings even when the student has
    visited (and changed) that page before in this session.
    """
    st.session_state.pop(f"_{page}_initialised", None)
    for param in params:
        st.session_state.pop(f"{page}_{param.key}", None)


def index_in(value: Any, options: Sequence[Any]) -> int:
    """Where ``value`` is in ``options``: the ``index=`` of a select box or radio that shows it
    (0, the first option, where it is not one of them: the widget's own fallback)."""
    try:
        return list(options).index(value)
    except ValueError:
        return 0


def among(values: Sequence[Any], options: Sequence[Any]) -> list[Any]:
    """Those of ``values`` that are in ``options``: the ``default=`` of a multiselect or
    segmented control that shows them (Streamlit refuses a default that is not an option)."""
    return [value for value in values if value in options]


class PageState:
    """Settings of one page, declared as :class:`UrlParam` (key, default, validating parser).

    Every widget of a setting is drawn with the setting's value as its default too
    (``value=s["amount"]``, ``index=s.index("method", options)``, ``default=...``), not only
    with its key. Streamlit sends the value itself only in a run that set it through session
    state; a browser that mounts the widget without its own copy of the value shows the
    widget's default and sends that back as the student's choice. :func:`resync` re-sends the
    value where the server knows the browser lacks it; the default covers what the server
    cannot know (a kept variant was once recorded at 0 %, the slider's minimum, though the
    link and the server said 30 %: issue #16).
    """

    def __init__(self, page: str, params: Sequence[UrlParam], known_keys: set[str]):
        self.page = page
        self.params = list(params)
        self.problems: list[UrlProblem] = []
        init_flag = f"_{page}_initialised"
        if init_flag not in st.session_state:
            values, self.problems = read_params(
                st.query_params.to_dict(), self.params, known_keys=known_keys
            )
            # Unknown keys are reported once by the router; keep only this page's value problems.
            self.problems = [p for p in self.problems if p.message != "url.unknown_param"]
            for name, value in values.items():
                st.session_state[self._store(name)] = value
            st.session_state[init_flag] = True
        self.restore()

    def restore(self) -> None:
        """Give back their values to the widgets that Streamlit forgot (not drawn in its last
        full run: another page, another view) and :func:`resync` the page's widgets. A page's
        run does it first, and so does a run of one of its sections alone: the widgets that
        section draws may be ones Streamlit forgot or the browser lacks."""
        for param in self.params:
            # Restore a widget forgotten on a page switch; never overwrite a fresh user change.
            if self.key(param.key) not in st.session_state:
                st.session_state[self.key(param.key)] = st.session_state[self._store(param.key)]
        resync([self.key(param.key) for param in self.params])

    def index(self, name: str, options: Sequence[Any]) -> int:
        """The ``index=`` of the select box or radio of setting ``name`` (see the class)."""
        return index_in(self[name], options)

    def key(self, name: str) -> str:
        """Widget key of setting ``name`` (``compress`` + ``amount`` → ``compress_amount``)."""
        return f"{self.page}_{name}"

    def _store(self, name: str) -> str:
        return f"_{self.page}_{name}_kept"

    def __getitem__(self, name: str) -> Any:
        return st.session_state[self.key(name)]

    def commit(self) -> None:
        """Keep the current widget values and mirror them in the URL (call after the widgets)."""
        values = {}
        for param in self.params:
            value = st.session_state.get(self.key(param.key), param.default)
            if value is None and param.default is not None:  # a control left without a choice
                value = param.default
            st.session_state[self._store(param.key)] = value
            values[param.key] = value
        st.query_params.update(write_params(values, self.params))
