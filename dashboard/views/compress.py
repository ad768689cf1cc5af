"""Compress: pruning, quantization and distillation, always side by side with the original."""

from __future__ import annotations

import streamlit as st

from components.i18n import t
from dashboard.resources import model_or_stop, server_threads
from dashboard.sections import SectionContext, distillation, pruning, quantization, variants
from dashboard.state import page_state, shared, show_problems
from dashboard.url_params import COMPRESS_TECHNIQUES
from models.registry import get_spec

SECTIONS = {
    "prune": pruning.render,
    "quantize": quantization.render,
    "distill": distillation.render,
    "compare": variants.render,
}

state = shared()
lang = state.lang
spec = get_spec(state.model)
settings = page_state("compress")

st.title(t("compress.title", lang))
st.caption(t("compress.intro", lang, model=spec.title))
show_problems(settings.problems, lang)
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
