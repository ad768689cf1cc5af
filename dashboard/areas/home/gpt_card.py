"""Home's card of the code GPT: validation perplexity, parameters, size, tokens/s and text it
generates live from the student's prompt."""

from __future__ import annotations

import streamlit as st

from components.i18n import t
from dashboard.shell.state import SharedState
from models.registry import ModelSpec


def render(spec: ModelSpec, state: SharedState) -> None:
    """The code GPT's card (filled in by issue #22's page work)."""
    st.info(t("llm.page_pending", state.lang), icon="🧪")
