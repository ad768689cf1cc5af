"""Explain: attributions, faithfulness, sanity checks, attention and gradients — and how
compression changes them."""

from __future__ import annotations

import streamlit as st

from components.i18n import t
from dashboard.explain import (
    ExplainContext,
    attention,
    attributions,
    compressed,
    faithfulness,
    gradients,
    sanity,
)
from dashboard.explain.inputs import image_case
from dashboard.resources import model_or_stop, server_threads
from dashboard.state import page_state, shared, show_problems
from dashboard.url_params import EXPLAIN_VIEWS
from models.registry import get_spec

IMAGE_VIEWS = {
    "attributions": attributions.render,
    "faithfulness": faithfulness.render,
    "sanity": sanity.render,
    "attention": attention.render_vit,
    "gradients": gradients.render,
    "compressed": compressed.render,
}

state = shared()
lang = state.lang
spec = get_spec(state.model)
settings = page_state("explain")

st.title(t("explain.title", lang))
st.caption(t("explain.intro", lang, model=spec.title))
show_problems(settings.problems, lang)
ctx = ExplainContext(
    spec=spec,
    model=model_or_stop(state.model, lang),
    lang=lang,
    seed=state.seed,
    threads=server_threads(),
    settings=settings,
)
try:
    if spec.input_kind == "text":
        attention.render_text(ctx)
    else:
        views = [
            v
            for v in EXPLAIN_VIEWS
            if v != "attention" or hasattr(ctx.model, "forward_with_attention")
        ]
        if st.session_state[settings.key("view")] not in views:  # e.g. attention on a CNN
            st.session_state[settings.key("view")] = views[0]
        view = st.radio(
            t("explain.view", lang),
            views,
            horizontal=True,
            format_func=lambda v: t(f"explain.view.{v}", lang),
            key=settings.key("view"),
        )
        case = image_case(ctx)
        if case is not None:
            st.divider()
            IMAGE_VIEWS[view](ctx, case)
finally:
    settings.commit()
