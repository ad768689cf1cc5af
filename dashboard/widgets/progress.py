"""Progress bars for long backend work, and the one way pages turn a UserFacingError into a
message."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components.errors import UserFacingError
from components.i18n import t
from components.jobs import WaitFn
from components.progress import ProgressFn


def progress_bar(lang: str) -> tuple[ProgressFn, Callable[[], None]]:
    """A progress bar drawn only when work reports progress (a cache hit draws nothing);
    returns the callback and a function that removes the bar.

    The callback also carries ``report.waiting(jobs_ahead)`` (see :func:`on_wait`): a heavy job
    queued behind others says so in the same bar.
    """
    slot = st.empty()

    def report(fraction: float, message: str) -> None:
        slot.progress(min(max(fraction, 0.0), 1.0), text=message)

    def waiting(ahead: int) -> None:
        # 0: the same job runs for another session (components.jobs.WaitFn)
        text = t("jobs.shared", lang) if ahead == 0 else t("jobs.waiting", lang, n=ahead)
        slot.progress(0.0, text=text)

    report.waiting = waiting  # type: ignore[attr-defined]
    return report, slot.empty


def on_wait(progress: ProgressFn | None) -> WaitFn | None:
    """The queue reporter of a :func:`progress_bar` callback (None for any other callback)."""
    return getattr(progress, "waiting", None)


def run_or_warn(lang: str, work: Callable[[ProgressFn], object]):
    """Run ``work(progress)``; on a :class:`UserFacingError` show its message and return None."""
    report, clear = progress_bar(lang)
    try:
        return work(report)
    except UserFacingError as err:
        st.warning(t(err.key, lang, **err.values), icon="⚠️")
        return None
    finally:
        clear()
