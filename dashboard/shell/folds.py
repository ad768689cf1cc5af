"""Folds that draw their content only while unfolded (issue #16).

A keyed expander with ``on_change="rerun"`` says whether it is open, so its content (a data grid,
a table) is sent only when a student unfolds it. Streamlit counts the label in an expander's
identity, so a language switch would make a new, folded one: the fold starts as the session
left it instead.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.elements.lib.mutable_expander_container import ExpanderContainer


def lazy_fold(
    label: str, key: str, *, where: DeltaGenerator | None = None, icon: str | None = None
) -> ExpanderContainer:
    """An expander keyed ``key`` whose ``open`` says whether to draw into it; it stays open
    (or folded) across a language switch."""
    return (where or st).expander(
        label,
        expanded=bool(st.session_state.get(key)),
        key=key,
        icon=icon,
        on_change="rerun",
    )
