"""Tab bars that draw only their open tab (issue #16).

Streamlit draws every tab's content in every run and the browser mounts it all, hidden or not:
a page's first run then sends and draws charts nobody looks at yet. A lazy tab bar reruns the
page when the student opens another tab (about 0.1 s) and draws only the open one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st
from streamlit.elements.lib.mutable_tab_container import TabContainer

from components.i18n import LANGUAGES


def lazy_tabs(
    key: str, labels: Callable[[str], Sequence[str]], lang: str
) -> Sequence[TabContainer]:
    """A tab bar of ``labels(lang)`` whose tabs say whether they are open (``tab.open``): draw
    into the open one only. The open tab (its state is its label) stays open across a language
    switch."""
    chosen = st.session_state.get(key)
    if chosen is not None:
        for other in LANGUAGES:
            named = list(labels(other))
            if chosen in named:
                st.session_state[key] = labels(lang)[named.index(chosen)]
                break
    return st.tabs(list(labels(lang)), key=key, on_change="rerun")
