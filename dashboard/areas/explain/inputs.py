"""Choosing what to explain: a test digit, an uploaded image or a drawing; or a sentence."""

from __future__ import annotations

import hashlib

import streamlit as st

from components.errors import UserFacingError
from components.explain import predict_topk
from components.explain.inputs import PreparedImage, prepare_test_digit
from components.figures import image_grid, probability_bars
from components.i18n import t, t_text
from components.images import display_images
from dashboard.areas.explain.case import ImageCase
from dashboard.areas.explain.params import EXPLAIN_SOURCES
from dashboard.shared.brought_model import (
    is_user_model,
    model_applicability,
    model_capabilities,
    reason_text,
)
from dashboard.shared.digit_input import outside_digit
from dashboard.shell.page_header import PageContext
from dashboard.shell.presenter import column_widths
from dashboard.shell.report import show_chart


def _brought(ctx: PageContext) -> PreparedImage:
    """A test row of a brought model's own data (digit uploads and drawings fit only digits)."""
    data = ctx.spec.load_data()
    last = len(data.x_test) - 1
    key = ctx.settings.key("index")
    st.session_state[key] = min(int(st.session_state[key]), last)
    index = int(st.number_input(t("explain.index", ctx.lang), 0, last, key=key))
    x = data.x_test[index : index + 1]
    return PreparedImage(model_input=x, preview=display_images(data, x)[0], steps=[])


def _prepared(ctx: PageContext, source: str) -> PreparedImage | None:
    s, lang = ctx.settings, ctx.lang
    if is_user_model(ctx.spec):
        return _brought(ctx)
    if source == "test":
        index = st.number_input(t("explain.index", lang), 0, 449, key=s.key("index"))
        return prepare_test_digit(int(index))
    return outside_digit(source, lang, "explain")


def explains_images(ctx: PageContext) -> bool:
    """Whether the image views apply to the model (one float image batch in, one score per class
    out); if not, says why on the page, in the words of the chosen view."""
    explain = model_applicability(ctx.spec.name).explain
    if not explain:
        view = t_text(f"explain.view.{ctx.settings['view']}", ctx.lang)
        st.info(reason_text(explain, ctx.lang, view), icon="ℹ️")
    return explain.ok


def why_no_attention(ctx: PageContext) -> None:
    """Say why the attention view is not offered (asked for in the link, say, on a CNN)."""
    attention = model_capabilities(ctx.spec.name).attention
    view = t_text("explain.view.attention", ctx.lang)
    st.info(reason_text(attention, ctx.lang, view), icon="ℹ️")


def image_case(ctx: PageContext) -> ImageCase | None:
    """Draw the input controls and the prediction; the case to explain, or None (with a message)."""
    s, lang = ctx.settings, ctx.lang
    if not explains_images(ctx):
        return None
    left, middle, right = st.columns(column_widths([1.3, 0.8, 2], [1.3, 1.6, 2]))
    with left:
        sources = ("test",) if is_user_model(ctx.spec) else EXPLAIN_SOURCES
        source = (
            st.segmented_control(
                t("explain.source", lang),
                sources,
                format_func=lambda k: t(f"explain.source.{k}", lang),
                key=s.key("source"),
            )
            or "test"
        )
        try:
            prepared = _prepared(ctx, source)
        except UserFacingError as err:
            st.warning(t(err.key, lang, **err.values), icon="⚠️")
            return None
    if prepared is None:
        return None
    steps = ", ".join(t(step, lang) for step in prepared.steps)
    show_chart(
        image_grid([prepared.preview], [t("explain.model_sees", lang)], columns=1),
        where=middle,
        key="explain_preview",
    )
    if steps:
        middle.caption(steps)
    class_names = ctx.spec.load_data().class_names or tuple(  # a brought model without labels
        str(i) for i in range(ctx.model(prepared.model_input).shape[-1])
    )
    top = predict_topk(ctx.model, prepared.model_input, k=len(class_names))
    probs = [0.0] * len(class_names)
    for cls, p in top:
        probs[cls] = p
    predicted = top[0][0]
    with right:
        target = st.selectbox(
            t("explain.target", lang),
            [-1, *range(len(class_names))],
            format_func=lambda c: t("explain.target_predicted", lang) if c < 0 else str(c),
            key=s.key("target"),
        )
        top5 = " · ".join(f"{c}: {p:.1%}" for c, p in top[:5])
        show_chart(
            probability_bars(
                {t_text("explain.probability", lang): probs},
                class_names,
                title=t_text("explain.prediction", lang, cls=predicted, top5=top5),
            ),
            key="explain_probs",
        )
    digest = hashlib.sha1(prepared.model_input.numpy().tobytes()).hexdigest()[:16]
    # Overlays are drawn on a grey picture; a colour input is averaged over its channels.
    preview = prepared.preview.mean(-1) if prepared.preview.ndim == 3 else prepared.preview
    return ImageCase(
        prepared.model_input, preview, predicted if target < 0 else int(target), digest
    )
