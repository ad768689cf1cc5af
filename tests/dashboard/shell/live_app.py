"""A one-result app for tests/dashboard/shell/test_live.py: a slider and a result that takes
as long as the test says (``GATE``)."""

from __future__ import annotations

import threading

import streamlit as st

from components.result_cache import ResultCache

GATE = threading.Event()  # set: the computation may finish
CACHE: ResultCache[int] = ResultCache("live_test", 8)


@CACHE.cached()
def slow_square(x: int, progress=None) -> int:
    if progress is not None:
        progress(0.5, f"squaring {x}")
    GATE.wait(30)
    if progress is not None:
        progress(1.0, "done")  # where a job nobody wants any more stops
    return x * x


def main() -> None:
    from dashboard.shell.live import live

    x = st.slider("x", 1, 9, 3, key="x")
    value = live(slow_square, x, lang="en", slot="square")
    st.markdown("square: " + ("pending" if value is None else str(value)))
    st.button("other widget", key="other")
