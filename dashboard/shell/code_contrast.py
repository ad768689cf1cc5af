"""Readable syntax colours in code blocks (issue #17, found on the code GPT's views).

Streamlit's code highlighting draws keywords, strings, comments and punctuation in light
colours (1.9–3.7 : 1 on the code background); axe reports them as serious colour-contrast
failures once a page shows Python code (a prompt and what the model wrote). The same hues,
darkened to at least 4.5 : 1 on the code background, keep the highlighting readable.
"""

from __future__ import annotations

import streamlit as st

# Prism token classes → a colour of at least 4.5 : 1 on Streamlit's code background (#fcfcfb).
TOKEN_COLOURS = {
    "keyword": "#0b5cad",
    "builtin": "#0b5cad",
    "function": "#0b5cad",
    "class-name": "#0b5cad",
    "parameter": "#006d8f",
    "variable": "#006d8f",
    "decorator": "#006d8f",
    "string": "#18794e",
    "char": "#18794e",
    "boolean": "#18794e",
    "number": "#18794e",
    "constant": "#18794e",
    "comment": "#595d6e",
    "punctuation": "#595d6e",
    "operator": "#595d6e",
}


def code_contrast_css() -> str:
    """The stylesheet: one rule per token class of :data:`TOKEN_COLOURS`."""
    rules = " ".join(
        f"code .token.{name} {{ color: {colour} !important; }}"
        for name, colour in TOKEN_COLOURS.items()
    )
    return f"<style>{rules}</style>"


def show_code_contrast() -> None:
    """Add the stylesheet to this run's page (an ``st.html`` of only a style takes no room)."""
    st.html(code_contrast_css())
