"""Compress: pruning, quantization and distillation, always side by side with the original."""

from __future__ import annotations

import streamlit as st

from components.i18n import t
from dashboard.resources import model_or_stop, server_threads
from dashboard.sections import SectionContext, distillation, pruning, quantization, variants
from dashboard.url_params import COMPRESS_TECHNIQUES
from dashboard.widgets.page_header import page_header

SECTIONS = {
    "prune": pruning.render,
    "quantize": quantization.render,
    "distill": distillation.render,
    "compare": variants.render,
}

state, spec, settings = page_header("compress")
lang = state.lang
technique = st.radio(
    t("compress.technique", lang),
    COMPRESS_TECHNIQUES,
    format_func=lambda k: t(f"compress.technique.{k}", lang),
    key=settings.key("technique"),
    horizontal=True,
)
ctx = SectionContext(
    spec=spec,
    model=model_or_stop(state.model, lang),
    lang=lang,
    seed=state.seed,
    threads=server_threads(),
    settings=settings,
)
try:
    SECTIONS[technique](ctx)
finally:
    settings.commit()
