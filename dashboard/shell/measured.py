"""Under every cached timing: when and under what load it was measured, a note when the machine
was busy, and a "Re-measure" button that drops exactly that cache entry, so the next run (this
session's, and everyone's after it) measures again."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence

import streamlit as st

from components.i18n import Markdown, t
from components.machine_load import combined
from components.result_cache import CacheEntry

AGAIN_KEY = "measured_again"  # session: the button key whose results are being measured again


def measured_note(lang: str, entries: Sequence[CacheEntry], *, key: str) -> None:
    """The caption and button for the result cached under ``entries`` (several when a result
    was measured in parts); nothing when none of them is cached. ``key`` names the button."""
    taken = [m for e in entries if (m := e.measured_at()) is not None]
    if not taken:
        return
    at = combined(taken)
    caption, button = st.columns([5, 1], vertical_alignment="center")
    text = t(
        "measured.when",
        lang,
        when=Markdown(time.strftime("%H:%M:%S", time.localtime(at.taken_at))),
        load=at.load,
        cores=at.cores,
    )
    if not math.isnan(at.others):  # /proc/stat was readable
        text = Markdown(text + t("measured.others", lang, share=at.others))
    caption.caption(text)
    if at.busy:  # not in the caption: its faded text would fade the badge below 4.5:1 contrast
        caption.markdown(t("measured.busy", lang))
    button.button(
        t("measured.remeasure", lang),
        key=key,
        icon="🔁",
        help=t("measured.remeasure_help", lang),
        on_click=_remeasure,
        args=(tuple(entries), key),
    )


def _remeasure(entries: tuple[CacheEntry, ...], key: str) -> None:
    for entry in entries:
        entry.discard()
    st.session_state[AGAIN_KEY] = key


def remeasuring(key: str) -> bool:
    """Whether this run follows a press of the button ``key`` (a view that measures only on
    request then runs without waiting for its own button)."""
    if st.session_state.get(AGAIN_KEY) != key:
        return False
    del st.session_state[AGAIN_KEY]
    return True
