"""Compress for the code GPT: weight-only int8 / int4, dynamic int8, head and FFN pruning and
the distilled student, judged by perplexity, size and tokens/s, side by side with the original."""

from __future__ import annotations

import streamlit as st

from components.i18n import t
from dashboard.shell.page_header import PageContext


def render(ctx: PageContext) -> None:
    """The code GPT's compression view (filled in by issue #22's page work)."""
    st.info(t("llm.page_pending", ctx.lang), icon="🧪")
