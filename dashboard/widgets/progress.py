"""Progress bars for long backend work, and the one way pages turn a UserFacingError into a
message."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components.errors import UserFacingError
from components.i18n import t
from components.progress import ProgressFn


def progress_bar() -> tuple[ProgressFn, Callable[[], None]]:
    """A progress bar drawn only when work reports progress (a cache hit draws nothing);
    returns the callback and a function that removes the bar."""
    slot = st.empty()

    def report(fraction: float, message: str) -> None:
        slot.progress(min(max(fraction, 0.0), 1.0), text=message)

    return report, slot.empty


def run_or_warn(lang: str, work: Callable[[ProgressFn], object]):
    """Run ``work(progress)``; on a :class:`UserFacingError` show its message and return None."""
    report, clear = progress_bar()
    try:
        return work(report)
    except UserFacingError as err:
        st.warning(t(err.key, lang, **err.values), icon="⚠️")
        return None
    finally:
        clear()
