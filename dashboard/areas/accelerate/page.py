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
from dashboard.shell.page_header import PageContext, page_header, pick_view
from dashboard.shell.section import section
from models.registry import generative

VIEWS = {
    "backends": backends.render,
    "threads": threads.render,
    "parallel": parallel.render,
    "compressed": compressed.render,
    "profile": profile.render,
}


def body(ctx: PageContext) -> None:
    """Everything under the environment panel: one section (its controls rerun only it)."""
    if generative(ctx.spec):  # a language model: tokens/s, the KV cache, speculative decoding
        llm.render(ctx)
        return
    view = pick_view(ctx.settings, ctx.lang, ACCELERATE_VIEWS)
    st.caption(t(f"accelerate.view.{view}.intro", ctx.lang))
    VIEWS[view](ctx)


ctx = page_header("accelerate")
try:
    environment.render(ctx)  # the machine: no control of the page changes it
    section("body", ctx.settings, body, ctx)
finally:
    ctx.settings.commit()
