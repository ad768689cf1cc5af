"""Distillation section: a small student taught by the model, next to the same student trained
from scratch, trained live with curves."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.distillation import (
    DISTILLED,
    SCRATCH,
    DistillResult,
    DistillSettings,
    teacher_soft_targets,
)
from components.figures import CHART_CONFIG, curves_chart, probability_bars
from components.i18n import t, t_text
from dashboard.areas.compress.cache import curve_recorder, curves_so_far
from dashboard.areas.compress.common import keep_variant_button, side_by_side
from dashboard.shared.brought_model import model_applicability, reason_text
from dashboard.shared.comparison import live_comparison, render_comparison
from dashboard.shared.variants import distilled
from dashboard.shell.live import live, shown_on_request
from dashboard.shell.page_header import PageContext
from dashboard.shell.report import show_chart
from dashboard.shell.section import section


def _controls(ctx: PageContext) -> DistillSettings:
    s, lang = ctx.settings, ctx.lang
    c1, c2, c3, c4 = st.columns(4)
    c1.slider(
        t("distill.width", lang),
        *DistillSettings.WIDTH_RANGE,
        step=DistillSettings.WIDTH_STEP,
        value=s["width"],
        key=s.key("width"),
        format="percent",
        help=t("distill.width_help", lang),
    )
    c2.slider(
        t("distill.temp", lang),
        *DistillSettings.TEMPERATURE_RANGE,
        step=DistillSettings.TEMPERATURE_STEP,
        value=s["temp"],
        key=s.key("temp"),
        help=t("distill.temp_help", lang),
    )
    c3.slider(
        t("distill.alpha", lang),
        *DistillSettings.ALPHA_RANGE,
        step=DistillSettings.ALPHA_STEP,
        value=s["alpha"],
        key=s.key("alpha"),
        help=t("distill.alpha_help", lang),
    )
    c4.slider(
        t("distill.epochs", lang),
        *DistillSettings.EPOCHS_RANGE,
        value=s["epochs"],
        key=s.key("epochs"),
    )
    return DistillSettings(
        width=float(s["width"]),
        temperature=float(s["temp"]),
        alpha=float(s["alpha"]),
        epochs=int(s["epochs"]),
        seed=ctx.seed,
    )


def _soft_targets(ctx: PageContext, temperature: float) -> None:
    """The teacher's distribution at T = 1 and at the chosen T for one seeded test digit."""
    lang = ctx.lang
    data = ctx.spec.load_data()
    soft = teacher_soft_targets(ctx.model, data, ctx.seed, (1.0, temperature))
    show_chart(
        probability_bars(
            {f"T = {temp:g}": probs for temp, probs in soft.probabilities.items()},
            data.class_names,
            title=t_text("distill.soft_title", lang, index=soft.index, label=soft.label),
            y_label=t("distill.probability", lang),
            log_y=True,
        ),
        key="compress_distill_soft",
    )
    st.caption(t("distill.soft_caption", lang))


def _series_names(lang: str) -> dict[str, str]:
    return {
        DISTILLED: t("distill.series.distilled", lang),
        SCRATCH: t("distill.series.scratch", lang),
    }


def render(ctx: PageContext) -> None:
    """The whole distillation section."""
    lang = ctx.lang
    distillation = model_applicability(ctx.spec.name).distillation
    if not distillation:
        st.info(reason_text(distillation, lang), icon="ℹ️")
        return
    settings = _controls(ctx)
    st.caption(t("distill.lesson", lang))
    ready = distilled.ready(ctx.spec.name, settings)
    clicked = st.button(
        t("distill.train", lang),
        key="compress_distill_train",
        icon="🎓",
        type="primary",
        disabled=ready,
    )
    left, right = st.columns([3, 2])
    with right:
        _soft_targets(ctx, settings.temperature)
    if not (clicked or shown_on_request(distilled, ctx.spec.name, settings)):
        left.info(t("distill.hint", lang), icon="👆")
        return
    with left:
        result = _training(ctx, settings)
    if result is not None:
        _results(ctx, settings, result)


def _accuracy_chart(curves: pd.DataFrame, lang: str) -> go.Figure:
    return curves_chart(
        curves,
        x="epoch",
        y="test_accuracy",
        series="model",
        names=_series_names(lang),
        title=t_text("distill.curve_acc", lang),
        x_label=t_text("distill.epoch", lang),
        percent=True,
    )


def _training(ctx: PageContext, settings: DistillSettings) -> DistillResult | None:
    """Train both students in the background (or fetch them), the accuracy curve growing while
    they train; then both curves."""
    lang, name = ctx.lang, ctx.spec.name

    def so_far() -> None:
        curves = curves_so_far(name, settings)
        if curves is not None:
            st.plotly_chart(
                _accuracy_chart(curves, lang), key="compress_distill_live", config=CHART_CONFIG
            )

    record = curve_recorder(name, settings)
    result = live(distilled, name, settings, record, lang=lang, slot="distill", partial=so_far)
    if result is None:
        return None
    show_chart(_accuracy_chart(result.curves, lang), key="compress_distill_acc")
    show_chart(_loss_chart(result, settings, lang), key="compress_distill_loss")
    return result


def _loss_chart(result: DistillResult, settings: DistillSettings, lang: str) -> go.Figure:
    names = _series_names(lang)
    return curves_chart(
        result.curves,
        x="epoch",
        y="loss",
        series="model",
        names=names,
        title=t_text("distill.curve_loss", lang),
        x_label=t_text("distill.epoch", lang),
        y_label=t_text("distill.loss_axis", lang),
        # The distilled run minimised another loss, on another scale: its own axis.
        y2="objective",
        y2_names={DISTILLED: t_text("distill.series.objective", lang, name=names[DISTILLED])}
        if settings.alpha > 0
        else None,
        y2_label=t_text("distill.objective_axis", lang),
    )


def _results(ctx: PageContext, settings: DistillSettings, result: DistillResult) -> None:
    """Teacher, distilled and scratch students compared, and the student's predictions."""
    lang, names = ctx.lang, _series_names(ctx.lang)
    st.header(t("cmp.title", lang))
    recipes = (("distill", settings), ("scratch", settings))
    comparison = live_comparison(ctx.spec.name, recipes, ctx.threads, lang, slot="compress_cmp")
    if comparison is not None:
        labels = [t("distill.teacher", lang), names[DISTILLED], names[SCRATCH]]
        render_comparison(comparison, labels, lang)
    c1, c2 = st.columns(2)
    c1.metric(t("distill.agreement", lang), f"{result.agreement:.1%}")
    c2.metric(t("distill.scratch_agreement", lang), f"{result.scratch_agreement:.1%}")
    keep_variant_button(ctx, "distill", settings)
    st.header(t("cmp.side_by_side", lang))
    recipe = ("distill", settings)  # a section: its "disagreements first" box reruns only it
    section(
        "pairs",
        ctx.settings,
        side_by_side,
        ctx,
        names[DISTILLED],
        "distill",
        recipe,
    )
