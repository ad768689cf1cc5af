"""Fuse: multimodal fusion on image + speech digits — feature, deep, late and graph fusion."""

from __future__ import annotations

import streamlit as st

from components.i18n import t
from dashboard.areas.fuse import (
    attention,
    attribution,
    compare,
    robustness,
    sample,
    training,
)
from dashboard.areas.fuse.context import FuseContext
from dashboard.areas.fuse.controls import fuse_controls
from dashboard.areas.fuse.params import FUSE_VIEWS
from dashboard.shell.page_header import page_opening, pick_view
from dashboard.shell.page_state import PageState
from dashboard.shell.section import section

VIEWS = {
    "sample": sample.render,
    "robustness": robustness.render,
    "attribution": attribution.render,
    "attention": attention.render,
    "compare": compare.render,
    "train": training.render,
}


def keep_choices_valid(ctx: FuseContext) -> None:
    """The task decides which strategies exist: reset choices that belong to the other task."""
    s = ctx.settings
    if ctx.names and s["strategy"] not in ctx.names:
        st.session_state[s.key("strategy")] = ctx.names[-1]
    compared = tuple(n for n in s["compare"] if n in ctx.names)
    if len(compared) < len(s["compare"]):  # a strategy of the other task
        st.session_state[s.key("compare")] = compared or ctx.names[-2:]


def body(lang: str, settings: PageState) -> None:
    """Everything under the header: one section (its controls rerun only it)."""
    ctx = fuse_controls(lang, settings)
    keep_choices_valid(ctx)
    view = pick_view(settings, lang, FUSE_VIEWS)
    st.caption(t(f"fuse.view.{view}.intro", ctx.lang))
    section("view", settings, VIEWS[view], ctx)  # its own controls rerun only the view


lang, settings = page_opening("fuse")
try:
    section("body", settings, body, lang, settings)
finally:
    settings.commit()
