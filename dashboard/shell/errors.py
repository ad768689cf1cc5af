"""The one way a page shows a :class:`UserFacingError`: its translated message, as text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, TypeVar

import streamlit as st

from components.errors import UserFacingError
from components.i18n import t

T = TypeVar("T")
Level = Literal["warning", "error", "info"]
ICONS = {"warning": "⚠️", "error": "🚫", "info": "ℹ️"}


def show_error(err: UserFacingError, lang: str, level: Level = "warning", about: str = "") -> None:
    """Show ``err`` in ``lang``; ``about`` (already translated) names what it is about."""
    message = t(err.key, lang, **err.values)
    if about:
        message = t("error.about", lang, about=about, message=message)
    getattr(st, level)(message, icon=ICONS[level])


def attempt(
    lang: str, work: Callable[[], T], level: Level = "warning", about: str = ""
) -> T | None:
    """``work()``, or None after showing its :class:`UserFacingError` (the page goes on)."""
    try:
        return work()
    except UserFacingError as err:
        show_error(err, lang, level, about)
        return None
