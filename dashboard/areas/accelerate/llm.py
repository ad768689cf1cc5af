"""Accelerate for the code GPT: prompt processing and generation speed with and without the KV
cache, and speculative decoding with the distilled draft."""

from __future__ import annotations

import streamlit as st

from components.i18n import t
from dashboard.shell.page_header import PageContext


def render(ctx: PageContext) -> None:
    """The code GPT's acceleration view (filled in by issue #22's page work)."""
    st.info(t("llm.page_pending", ctx.lang), icon="🧪")
