"""Live training: retrain one strategy with chosen epochs and hidden size, next to the shipped
weights."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.fusion.figures import training_chart
from components.fusion.training import TRAINABLE, RetrainResult, RetrainSettings, shipped_hidden
from components.i18n import t, t_text
from dashboard.areas.fuse.cache import retrained, shipped_parameters
from dashboard.areas.fuse.context import FuseContext
from dashboard.shell.live import live, shown_on_request
from dashboard.shell.report import show_chart, show_table
from models.fusion import recorded_fusion_metrics


def render(ctx: FuseContext) -> None:
    lang = ctx.lang
    st.caption(t("fuse.train_intro", lang))
    if ctx.task != "digit":
        st.info(t("fuse.train_digit_only", lang), icon="ℹ️")
    name, epochs, hidden = training_controls(ctx)
    shown = shown_on_request(retrained, name, epochs, hidden)
    if not shown and not st.button(t("fuse.train_run", lang), key="fuse_train_run", type="primary"):
        st.caption(t("fuse.train_hint", lang))
        return
    result = live(retrained, name, epochs, hidden, lang=lang, slot="fuse_training")
    if result is None:
        return
    metrics = recorded_fusion_metrics(name) or {}
    show_curves(ctx, name, result, metrics.get("test_accuracy"))
    show_runs(ctx, name, result, metrics)
    st.caption(t("fuse.train_caption", lang, threads=metrics.get("threads", "?")))


def training_controls(ctx: FuseContext) -> tuple[str, int, int]:
    """The strategy, epochs and hidden-size controls; their values."""
    lang, s = ctx.lang, ctx.settings
    hidden_key = s.key("hidden")
    if st.session_state[hidden_key] not in RetrainSettings.HIDDEN_CHOICES:  # e.g. 50 in a URL
        st.session_state[hidden_key] = RetrainSettings.nearest_hidden(st.session_state[hidden_key])
    a, b, c = st.columns(3)
    strategies = list(TRAINABLE)
    name = a.selectbox(
        t("fuse.train_strategy", lang),
        strategies,
        index=s.index("rstrategy", strategies),
        format_func=ctx.label,
        key=s.key("rstrategy"),
    )
    epochs = b.slider(
        t("fuse.epochs", lang),
        *RetrainSettings.EPOCHS_RANGE,
        value=s["epochs"],
        key=s.key("epochs"),
    )
    hidden = c.select_slider(
        t("fuse.hidden", lang),
        RetrainSettings.HIDDEN_CHOICES,
        value=st.session_state[hidden_key],
        key=hidden_key,
        help=t("fuse.hidden_help", lang, shipped=shipped_hidden(name)),
    )
    return name, epochs, hidden


def show_curves(ctx: FuseContext, name: str, result: RetrainResult, shipped: float | None) -> None:
    """Train and test accuracy per epoch, with the shipped weights' accuracy as a line."""
    lang = ctx.lang
    show_chart(
        training_chart(
            result.history,
            shipped=shipped,
            shipped_label=t("fuse.shipped", lang),
            curve_labels={
                "train_accuracy": t("fuse.train_accuracy", lang),
                "test_accuracy": t("fuse.test_accuracy", lang),
            },
            title=t_text("fuse.train_title", lang, strategy=ctx.label(name)),
            x_label=t("fuse.epoch", lang),
            y_label=t("fuse.accuracy", lang),
        ),
        key="fuse_train_curves",
    )


def show_runs(ctx: FuseContext, name: str, result: RetrainResult, metrics: dict) -> None:
    """The shipped run and this one side by side: epochs, width, size, accuracy, time."""
    lang = ctx.lang
    table = pd.DataFrame(
        {
            t("fuse.col.run", lang): [t("fuse.shipped", lang), t("fuse.retrained", lang)],
            t("fuse.epochs", lang): [metrics.get("epochs"), result.epochs],
            t("fuse.hidden", lang): [shipped_hidden(name), result.hidden],
            t("fuse.col.parameters", lang): [shipped_parameters(name), result.parameters],
            t("fuse.test_accuracy", lang): [metrics.get("test_accuracy"), result.test_accuracy],
            t("fuse.col.seconds", lang): [metrics.get("train_seconds"), round(result.seconds, 1)],
        }
    )
    show_table(table, title=t("fuse.train_table", lang), hide_index=True)
