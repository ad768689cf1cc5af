"""Explain for the code GPT: token attribution of a generated continuation (captum's
LLMAttribution), the logit lens and decoder attention, original vs quantized."""

from __future__ import annotations

import streamlit as st

from components.i18n import t
from dashboard.shell.page_header import PageContext


def render(ctx: PageContext) -> None:
    """The code GPT's explanation view (filled in by issue #22's page work)."""
    st.info(t("llm.page_pending", ctx.lang), icon="🧪")
