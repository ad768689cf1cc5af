"""Explain: attributions, faithfulness, sanity checks, attention, gradients, training-data
influence and concepts — and how compression changes them."""

from __future__ import annotations

import streamlit as st

from components.explain.scale import input_scale
from components.i18n import t
from dashboard.areas.explain import (
    attention,
    attributions,
    compressed,
    concepts,
    faithfulness,
    gradients,
    influence,
    llm,
    sanity,
)
from dashboard.areas.explain.inputs import ImageCase, image_case, why_no_attention
from dashboard.areas.explain.params import EXPLAIN_VIEWS
from dashboard.shell.page_header import PageContext, page_header, pick_view
from dashboard.shell.section import section
from models.registry import generative

IMAGE_VIEWS = {
    "attributions": attributions.render,
    "faithfulness": faithfulness.render,
    "sanity": sanity.render,
    "attention": attention.render_vit,
    "gradients": gradients.render,
    "compressed": compressed.render,
    "influence": influence.render,
    "concepts": concepts.render,
}


def body(ctx: PageContext) -> None:
    """Everything under the header: one section; an image model's view is a section inside it
    (its controls rerun the view, not the input and the prediction above it)."""
    lang, settings, spec = ctx.lang, ctx.settings, ctx.spec
    if generative(spec):  # a language model: token attribution, logit lens, attention
        llm.render(ctx)
        return
    if spec.input_kind == "text":
        attention.render_text(ctx)
        # Influence and concepts need the training data and checkpoints: MiniLM has neither here.
        st.caption(t("explain.text_no_influence", lang))
        return
    views = [
        v for v in EXPLAIN_VIEWS if v != "attention" or hasattr(ctx.model, "forward_with_attention")
    ]
    if st.session_state[settings.key("view")] not in views:  # e.g. attention on a CNN
        st.session_state[settings.key("view")] = views[0]
        why_no_attention(ctx)
    view = pick_view(settings, lang, views)
    case = image_case(ctx)
    if case is not None:
        st.divider()
        section("view", settings, image_view, ctx, view, case)


def image_view(ctx: PageContext, view: str, case: ImageCase) -> None:
    """The chosen view of the case (a section of its own)."""
    with input_scale(ctx.spec.load_data()):  # what "black" is for this model's inputs
        IMAGE_VIEWS[view](ctx, case)


ctx = page_header("explain")
try:
    section("body", ctx.settings, body, ctx)
finally:
    ctx.settings.commit()
