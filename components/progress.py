"""The progress callback that long backend work reports through (pages draw it with st.progress)."""

from __future__ import annotations

from collections.abc import Callable

# progress(fraction_done in [0, 1], short English status such as "epoch 3/10")
ProgressFn = Callable[[float, str], None]


def no_progress(_fraction: float, _message: str) -> None:
    """The default callback: report nothing."""
