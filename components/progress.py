"""The progress callback that long backend work reports through (pages draw it with st.progress)."""

from __future__ import annotations

from collections.abc import Callable

from components.jobs import WaitFn

# progress(fraction_done in [0, 1], short English status such as "epoch 3/10")
ProgressFn = Callable[[float, str], None]


def no_progress(_fraction: float, _message: str) -> None:
    """The default callback: report nothing."""


def on_wait(progress: ProgressFn | None) -> WaitFn | None:
    """The queue reporter a progress callback carries as ``progress.waiting`` (None: none).

    A page's progress bar sets it, so that a heavy job queued behind others says so in the same
    bar (``components.jobs.WaitFn``: jobs ahead, 0 when another session runs the same job).
    """
    return getattr(progress, "waiting", None)
