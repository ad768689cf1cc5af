"""The controls every Accelerate view shares: backends, batch size, threads, sequence length."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from components.acceleration import BACKEND_INFO, BACKENDS, availability
from components.i18n import t
from dashboard.areas.accelerate.params import BATCH_CHOICES, CORES, SEQ_CHOICES
from dashboard.shell.page_header import PageContext


@dataclass(frozen=True)
class Controls:
    backends: tuple[str, ...]  # available ones, eager first
    batch: int
    threads: int
    seq_len: int | None  # None for image models


def backend_label(backend: str, lang: str) -> str:
    return t(BACKEND_INFO[backend].label_key, lang)


def _snap(key: str, choices: tuple[int, ...]) -> None:
    """A URL value between two choices of a log slider goes to the nearest lower choice."""
    value = st.session_state[key]
    if value not in choices:
        st.session_state[key] = max([c for c in choices if c <= value] or [choices[0]])


def backend_picker(ctx: PageContext, key: str = "backends") -> tuple[str, ...]:
    """Multiselect of backends; unavailable ones are listed with the reason, never offered."""
    lang, s = ctx.lang, ctx.settings
    usable = [b for b in BACKENDS if availability(b, ctx.model).ok]
    chosen = [b for b in st.session_state[s.key(key)] if b in usable]
    if list(st.session_state[s.key(key)]) != chosen:
        st.session_state[s.key(key)] = tuple(chosen)
    picked = st.multiselect(
        t("accelerate.backends", lang),
        usable,
        # The chosen ones as the default too: when the list of usable backends changes, so does
        # the widget's identity, and a browser that builds it anew shows its default (issue #16:
        # an empty default emptied the choice at the next interaction).
        default=chosen,
        format_func=lambda b: backend_label(b, lang),
        key=s.key(key),
        help=t("accelerate.backends_help", lang),
    )
    missing = [b for b in BACKENDS if b not in usable]
    if missing:
        with st.expander(t("accelerate.unavailable", lang, n=len(missing))):
            for b in missing:
                why = availability(b, ctx.model)
                st.markdown(
                    f"- **{backend_label(b, lang)}** — "
                    + t(why.reason_key or "accelerate.error.unavailable", lang, **why.reason_values)
                )
    return ("eager", *[b for b in BACKENDS if b in picked and b != "eager"])


def sizes(ctx: PageContext, *, batch: bool = True, threads: bool = True) -> Controls:
    """Batch size (a log slider), threads and, for text, sequence length, in one row."""
    lang, s = ctx.lang, ctx.settings
    columns = st.columns(3)
    batch_value = threads_value = 0
    if batch:
        _snap(s.key("batch"), BATCH_CHOICES)
        batch_value = columns[0].select_slider(
            t("accelerate.batch", lang),
            BATCH_CHOICES,
            value=s["batch"],
            key=s.key("batch"),
            help=t("accelerate.batch_help", lang),
        )
    if threads:
        threads_value = columns[1].slider(
            t("accelerate.threads", lang), 1, CORES, value=s["threads"], key=s.key("threads")
        )
    seq_len = None
    if ctx.spec.input_kind == "text":
        _snap(s.key("seq"), SEQ_CHOICES)
        seq_len = columns[2].select_slider(
            t("accelerate.seq", lang), SEQ_CHOICES, value=s["seq"], key=s.key("seq")
        )
    return Controls((), int(batch_value), int(threads_value), seq_len)
