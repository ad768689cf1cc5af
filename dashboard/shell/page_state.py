"""A page's own settings: read from the URL on the session's first visit to the page, kept in
session state across page switches, and written back to the URL on every run.

Streamlit forgets a widget's value when its page is not rendered, and ``st.navigation`` drops a
page's query parameters on a switch, so each value is also kept under a non-widget key.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from components.url_state import UrlParam, UrlProblem, read_params, write_params


def forget_page(page: str, params: Sequence[UrlParam]) -> None:
    """Make the next :class:`PageState` of ``page`` read the URL again, as on a first visit.

    Lesson links use it: they open a page with their own settings even when the student has
    visited (and changed) that page before in this session.
    """
    st.session_state.pop(f"_{page}_initialised", None)
    for param in params:
        st.session_state.pop(f"{page}_{param.key}", None)


class PageState:
    """Settings of one page, declared as :class:`UrlParam` (key, default, validating parser)."""

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
        for param in self.params:
            # Restore a widget forgotten on a page switch; never overwrite a fresh user change.
            if self.key(param.key) not in st.session_state:
                st.session_state[self.key(param.key)] = st.session_state[self._store(param.key)]

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
            st.session_state[self._store(param.key)] = value
            values[param.key] = value
        st.query_params.update(write_params(values, self.params))
