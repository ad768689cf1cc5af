"""Progress bars for long backend work; :func:`run_or_warn` runs work under one."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components.i18n import t
from components.progress import ProgressFn
from dashboard.shell.errors import attempt


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


def run_or_warn(lang: str, work: Callable[[ProgressFn], object]):
    """Run ``work(progress)``; on a :class:`UserFacingError` show its message and return None."""
    report, clear = progress_bar(lang)
    try:
        return attempt(lang, lambda: work(report))
    finally:
        clear()
