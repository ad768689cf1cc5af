"""Syntax colours in code blocks reach WCAG AA (4.5 : 1) on the code background; the page
carries the stylesheet (the browser check is tests/browser/test_accessibility.py)."""

from __future__ import annotations

import pytest

from dashboard.shell.code_contrast import TOKEN_COLOURS, code_contrast_css

CODE_BACKGROUND = "#fcfcfb"  # Streamlit's code block background in the light theme


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("token", list(TOKEN_COLOURS))
def test_every_token_colour_reaches_aa(token):
    fg, bg = _luminance(TOKEN_COLOURS[token]), _luminance(CODE_BACKGROUND)
    assert (max(fg, bg) + 0.05) / (min(fg, bg) + 0.05) >= 4.5


def test_the_stylesheet_has_a_rule_per_token():
    css = code_contrast_css()
    for token, colour in TOKEN_COLOURS.items():
        assert f"code .token.{token} {{ color: {colour} !important; }}" in css
