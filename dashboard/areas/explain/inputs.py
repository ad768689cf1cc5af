"""Choosing what to explain: a test digit, an uploaded image or a drawing; or a sentence."""

from __future__ import annotations

import numpy as np
import streamlit as st

from components.explain.inputs import (
    ImageCase,
    Prediction,
    PreparedImage,
    predict_classes,
    prepare_data_row,
    prepare_test_digit,
)
from components.figures import image_grid, probability_bars
from components.i18n import t, t_text
from dashboard.areas.explain.params import EXPLAIN_SOURCES
from dashboard.shared.brought_model import (
    is_user_model,
    model_applicability,
    model_capabilities,
    reason_text,
)
from dashboard.shared.digit_input import outside_digit
from dashboard.shared.figures import array_key, shared_figure
from dashboard.shell.errors import attempt
from dashboard.shell.page_header import PageContext
from dashboard.shell.presenter import column_widths
from dashboard.shell.report import show_chart


def _brought(ctx: PageContext) -> PreparedImage:
    """A test row of a brought model's own data (digit uploads and drawings fit only digits)."""
    data = ctx.spec.load_data()
    last = len(data.x_test) - 1
    key = ctx.settings.key("index")
    st.session_state[key] = min(int(st.session_state[key]), last)
    index = st.number_input(
        t("explain.index", ctx.lang), 0, last, value=st.session_state[key], key=key
    )
    return prepare_data_row(data, int(index))


def _prepared(ctx: PageContext, source: str) -> PreparedImage | None:
    s, lang = ctx.settings, ctx.lang
    if is_user_model(ctx.spec):
        return _brought(ctx)
    if source == "test":
        # A brought model's row can be past 449: the default must be in range all the same.
        default = min(int(s["index"]), 449)
        index = st.number_input(t("explain.index", lang), 0, 449, value=default, key=s.key("index"))
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
    if not explains_images(ctx):
        return None
    left, middle, right = st.columns(column_widths([1.3, 0.8, 2], [1.3, 1.6, 2]))
    with left:
        prepared = _source_input(ctx)
    if prepared is None:
        return None
    _preview(ctx.lang, prepared, middle)
    prediction = predict_classes(ctx.model, prepared.model_input, ctx.spec.load_data().class_names)
    with right:
        target = _target_and_prediction(ctx, prediction)
    return ImageCase.from_prepared(prepared, prediction.target(target))


def _source_input(ctx: PageContext) -> PreparedImage | None:
    """The source picker and its input (a test digit, an upload, a drawing), converted; None
    while there is nothing to convert, or after saying why it cannot be."""
    lang, chosen = ctx.lang, ctx.settings["source"]
    sources = ("test",) if is_user_model(ctx.spec) else EXPLAIN_SOURCES
    source = (
        st.segmented_control(
            t("explain.source", lang),
            sources,
            default=chosen if chosen in sources else "test",  # as the "or" below
            format_func=lambda k: t(f"explain.source.{k}", lang),
            key=ctx.settings.key("source"),
            required=True,  # one is always chosen: no deselected "None" in the URL
        )
        or "test"
    )
    return attempt(lang, lambda: _prepared(ctx, source))


def _preview(lang: str, prepared: PreparedImage, where) -> None:
    """What the model sees, and the steps that turned the input into it."""
    fig = shared_figure(
        ("explain_preview", array_key(prepared.preview), lang),
        lambda: image_grid([prepared.preview], [t("explain.model_sees", lang)], columns=1),
    )
    show_chart(fig, where=where, key="explain_preview")
    if steps := ", ".join(t(step, lang) for step in prepared.steps):
        where.caption(steps)


def _target_and_prediction(ctx: PageContext, prediction: Prediction) -> int:
    """The class to explain (-1: the predicted one) and the model's probabilities."""
    lang = ctx.lang
    n_classes = len(prediction.class_names)
    targets = [-1, *range(n_classes)]
    target = st.selectbox(
        t("explain.target", lang),
        targets,
        index=ctx.settings.index("target", targets),
        format_func=lambda c: t("explain.target_predicted", lang) if c < 0 else str(c),
        key=ctx.settings.key("target"),
    )
    top5 = " · ".join(f"{c}: {p:.1%}" for c, p in prediction.top[:5])
    probabilities = np.asarray(prediction.probabilities)
    names = tuple(prediction.class_names)
    fig = shared_figure(
        ("explain_probs", array_key(probabilities), names, lang),
        lambda: probability_bars(
            {t_text("explain.probability", lang): prediction.probabilities},
            prediction.class_names,
            title=t_text("explain.prediction", lang, cls=prediction.predicted, top5=top5),
            y_label=t("explain.probability", lang),
        ),
    )
    show_chart(fig, key="explain_probs")
    return target
