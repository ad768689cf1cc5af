"""Compress: pruning, quantization and distillation, always side by side with the original."""

from __future__ import annotations

import streamlit as st

from components.i18n import t
from dashboard.areas.compress import (
    compare,
    distillation,
    forgetting,
    graph,
    llm,
    pruning,
    quantization,
)
from dashboard.areas.compress.params import COMPRESS_TECHNIQUES
from dashboard.shell.page_header import page_header
from models.registry import generative

SECTIONS = {
    "prune": pruning.render,
    "quantize": quantization.render,
    "distill": distillation.render,
    "compare": compare.render,
    "forget": forgetting.render,
    "graph": graph.render,
}

ctx = page_header("compress")
lang, settings = ctx.lang, ctx.settings
try:
    if generative(ctx.spec):  # a language model: its own view, judged by perplexity
        llm.render(ctx)
    else:
        technique = st.radio(
            t("compress.technique", lang),
            COMPRESS_TECHNIQUES,
            format_func=lambda k: t(f"compress.technique.{k}", lang),
            key=settings.key("technique"),
            horizontal=True,
        )
        SECTIONS[technique](ctx)
finally:
    settings.commit()
