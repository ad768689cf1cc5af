"""A visible keyboard focus on every control (issue #17).

Streamlit's inputs draw their focus (a border in the theme's primary colour), but its page links
and some buttons draw none: a keyboard user tabbing through Home could not see where the focus
was. One rule gives every focusable element a ring when focused from the keyboard
(``:focus-visible``: a mouse click draws none), in the theme's primary colour.
"""

from __future__ import annotations

import streamlit as st


def focus_css(colour: str) -> str:
    """The stylesheet: a 2 px ring in ``colour`` around whatever has the keyboard focus."""
    return (
        "<style>:is(a, button, summary, [role='tab'], [tabindex]):focus-visible"
        f" {{ outline: 2px solid {colour} !important; outline-offset: 2px; }}</style>"
    )


def show_focus() -> None:
    """Add the stylesheet to this run's page (an ``st.html`` of only a style takes no room)."""
    st.html(focus_css(st.get_option("theme.primaryColor") or "#1a6aa3"))
