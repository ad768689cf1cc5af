"""Distillation section: a small student taught by the model, next to the same student trained
from scratch, trained live with curves."""

from __future__ import annotations

import streamlit as st
import torch

from components.distillation import DISTILLED, SCRATCH, DistillSettings, softened_probabilities
from components.figures import curves_chart, probability_bars
from components.i18n import t, t_text
from dashboard.areas.compress.common import keep_variant_button, side_by_side
from dashboard.shared.brought_model import model_applicability, reason_text
from dashboard.shared.comparison import render_comparison
from dashboard.shared.variants import (
    compare,
    distillation_ready,
    distilled,
)
from dashboard.shell.page_header import PageContext
from dashboard.shell.progress import run_or_warn
from dashboard.shell.report import show_chart


def _controls(ctx: PageContext) -> DistillSettings:
    s, lang = ctx.settings, ctx.lang
    c1, c2, c3, c4 = st.columns(4)
    c1.slider(
        t("distill.width", lang),
        *DistillSettings.WIDTH_RANGE,
        step=DistillSettings.WIDTH_STEP,
        key=s.key("width"),
        format="percent",
        help=t("distill.width_help", lang),
    )
    c2.slider(
        t("distill.temp", lang),
        *DistillSettings.TEMPERATURE_RANGE,
        step=DistillSettings.TEMPERATURE_STEP,
        key=s.key("temp"),
        help=t("distill.temp_help", lang),
    )
    c3.slider(
        t("distill.alpha", lang),
        *DistillSettings.ALPHA_RANGE,
        step=DistillSettings.ALPHA_STEP,
        key=s.key("alpha"),
        help=t("distill.alpha_help", lang),
    )
    c4.slider(t("distill.epochs", lang), *DistillSettings.EPOCHS_RANGE, key=s.key("epochs"))
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
    index = int(
        torch.randint(len(data.y_test), (1,), generator=torch.Generator().manual_seed(ctx.seed))
    )
    with torch.inference_mode():
        logits = ctx.model(data.x_test[index : index + 1])
    show_chart(
        probability_bars(
            {
                "T = 1": softened_probabilities(logits, 1.0)[0].tolist(),
                f"T = {temperature:g}": softened_probabilities(logits, temperature)[0].tolist(),
            },
            data.class_names,
            title=t_text("distill.soft_title", lang, index=index, label=int(data.y_test[index])),
            y_label=t("distill.probability", lang),
            log_y=True,
        ),
        key="compress_distill_soft",
    )
    st.caption(t("distill.soft_caption", lang))


def render(ctx: PageContext) -> None:
    """The whole distillation section."""
    lang = ctx.lang
    distillation = model_applicability(ctx.spec.name).distillation
    if not distillation:
        st.info(reason_text(distillation, lang), icon="ℹ️")
        return
    settings = _controls(ctx)
    st.caption(t("distill.lesson", lang))
    names = {
        DISTILLED: t("distill.series.distilled", lang),
        SCRATCH: t("distill.series.scratch", lang),
    }
    ready = distillation_ready(ctx.spec.name, settings)
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
    if not (ready or clicked):
        left.info(t("distill.hint", lang), icon="👆")
        return
    with left:
        live = st.empty()

        def accuracy_chart(curves):
            return curves_chart(
                curves,
                x="epoch",
                y="test_accuracy",
                series="model",
                names=names,
                title=t_text("distill.curve_acc", lang),
                x_label=t_text("distill.epoch", lang),
                percent=True,
            )

        def on_epoch(curves) -> None:
            live.plotly_chart(accuracy_chart(curves), key=f"compress_distill_live_{len(curves)}")

        result = run_or_warn(
            ctx.lang,
            lambda report: distilled(ctx.spec.name, settings, report, on_epoch),
        )
        if result is None:
            return
        show_chart(accuracy_chart(result.curves), where=live, key="compress_distill_acc")
        show_chart(
            curves_chart(
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
                y2_names={
                    DISTILLED: t_text("distill.series.objective", lang, name=names[DISTILLED])
                }
                if settings.alpha > 0
                else None,
                y2_label=t_text("distill.objective_axis", lang),
            ),
            key="compress_distill_loss",
        )
    with st.spinner(t("cmp.measuring", lang)):
        orig, student, scratch = compare(
            ctx.spec.name, (("distill", settings), ("scratch", settings)), ctx.threads
        )
    st.subheader(t("cmp.title", lang))
    render_comparison(
        [orig, student, scratch],
        [t("distill.teacher", lang), names[DISTILLED], names[SCRATCH]],
        lang,
    )
    c1, c2 = st.columns(2)
    c1.metric(t("distill.agreement", lang), f"{result.agreement:.1%}")
    c2.metric(t("distill.scratch_agreement", lang), f"{result.scratch_agreement:.1%}")
    keep_variant_button(ctx, "distill", settings)
    st.subheader(t("cmp.side_by_side", lang))
    side_by_side(ctx, result.student, names[DISTILLED], "distill")
