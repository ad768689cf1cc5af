"""Accelerate: backends, threads and batch size measured on this machine; model, pipeline and
data parallelism on local processes; and compressed models across backends."""

from __future__ import annotations

import streamlit as st

from components.i18n import t
from dashboard.areas.accelerate import (
    backends,
    compressed,
    environment,
    llm,
    parallel,
    profile,
    threads,
)
from dashboard.areas.accelerate.params import ACCELERATE_VIEWS
from dashboard.shell.page_header import page_header
from models.registry import generative

VIEWS = {
    "backends": backends.render,
    "threads": threads.render,
    "parallel": parallel.render,
    "compressed": compressed.render,
    "profile": profile.render,
}

ctx = page_header("accelerate")
try:
    environment.render(ctx)
    if generative(ctx.spec):  # a language model: tokens/s, the KV cache, speculative decoding
        llm.render(ctx)
    else:
        view = st.radio(
            t("accelerate.view", ctx.lang),
            ACCELERATE_VIEWS,
            format_func=lambda v: t(f"accelerate.view.{v}", ctx.lang),
            key=ctx.settings.key("view"),
            horizontal=True,
        )
        st.caption(t(f"accelerate.view.{view}.intro", ctx.lang))
        VIEWS[view](ctx)
finally:
    ctx.settings.commit()
