"""Modality attribution: how much of a prediction comes from the image and how much from the
speech (exact Shapley, Integrated Gradients, ablation), per pair and over the test set; and why
a gate or an attention weight is not that number."""

from __future__ import annotations

import streamlit as st

from components.fusion.attribution import FUSION_ATTRIBUTION_METHODS
from components.fusion.figures import attribution_bars, coalition_bars, signal_chart
from components.fusion.one_pair import COALITIONS, pair_attributions, pair_coalitions
from components.fusion.samples import Pair
from components.fusion.signals import SIGNAL_CONDITIONS
from components.i18n import t, t_text
from dashboard.areas.fuse.cache import SIGNAL_MODELS, attribution_averages, signals
from dashboard.areas.fuse.context import FuseContext
from dashboard.areas.fuse.pair import pair_title, pick_pair
from dashboard.shell.live import live, shown_on_request
from dashboard.shell.report import show_chart, show_table


def method_labels(lang: str) -> dict[str, str]:
    return {m: t(f"fuse.method.{m}", lang) for m in FUSION_ATTRIBUTION_METHODS}


def modality_labels(lang: str) -> dict[str, str]:
    return {"image": t("fuse.image", lang), "audio": t("fuse.audio", lang)}


def render(ctx: FuseContext) -> None:
    lang = ctx.lang
    if not ctx.names:
        return
    st.caption(t("fuse.attr_intro", lang))
    controls, focus = st.columns([1, 1.4])
    with controls:
        pair = pick_pair(ctx)
    if pair is None:
        return
    frame = pair_attributions(ctx.models, pair.image, pair.audio)
    show_chart(
        attribution_bars(
            frame,
            ctx.labels(),
            method_labels(lang),
            modality_labels(lang),
            title=t_text("fuse.attr_pair_title", lang, pair=pair_title(ctx, pair)),
            y_label=t("fuse.attr_axis", lang),
        ),
        key="fuse_attr_pair",
    )
    with focus:
        render_coalitions(ctx, pair)
    table = frame.assign(
        strategy=[ctx.label(n) for n in frame["strategy"]],
        method=[method_labels(lang)[m] for m in frame["method"]],
        target=[ctx.class_names[c] for c in frame["target"]],
    ).rename(columns=_columns(lang))
    with st.expander(t("fuse.attr_table", lang)):
        show_table(table, title=t("fuse.attr_table", lang), hide_index=True)
    st.divider()
    render_averages(ctx)
    if ctx.task == "digit":
        st.divider()
        render_signals(ctx)


def _columns(lang: str) -> dict[str, str]:
    return {
        "strategy": t("fuse.col.strategy", lang),
        "method": t("fuse.col.method", lang),
        "image": t("fuse.image", lang),
        "audio": t("fuse.audio", lang),
        "target": t("fuse.col.target", lang),
        "delta": t("fuse.col.delta", lang),
        "image_share": t("fuse.col.image_share", lang),
        "samples": t("fuse.col.samples", lang),
        "max_delta": t("fuse.col.max_delta", lang),
    }


def render_coalitions(ctx: FuseContext, pair: Pair) -> None:
    """The four coalition values of one strategy: where the two Shapley numbers come from."""
    lang, s = ctx.lang, ctx.settings
    name = st.selectbox(
        t("fuse.strategy", lang),
        ctx.names,
        index=s.index("strategy", ctx.names),
        format_func=ctx.label,
        key=s.key("strategy"),
    )
    coalitions = pair_coalitions(ctx.models[name], pair.image, pair.audio)
    labels = {k: t(f"fuse.coalition.{k}", lang) for k in COALITIONS}
    show_chart(
        coalition_bars(
            coalitions.values,
            labels,
            title=t_text("fuse.coalition_title", lang, cls=ctx.class_names[coalitions.target]),
            y_label=t("fuse.probability", lang),
        ),
        key="fuse_coalitions",
    )
    phi_image, phi_audio = coalitions.shapley
    st.caption(
        t("fuse.shapley_formula", lang, image=phi_image, audio=phi_audio, total=coalitions.total)
    )


def render_averages(ctx: FuseContext) -> None:
    """Test-set averages of the three methods (a heavy job: on request, cached per server)."""
    lang = ctx.lang
    st.header(t("fuse.attr_average_title", lang))
    args = (ctx.task, ctx.names, ctx.noise)
    shown = shown_on_request(attribution_averages, *args)
    if not shown and not st.button(t("fuse.attr_average_run", lang), key="fuse_attr_run"):
        st.caption(t("fuse.attr_average_hint", lang))
        return
    frame = live(attribution_averages, *args, lang=lang, slot="fuse_averages")
    if frame is None:
        return
    show_chart(
        attribution_bars(
            frame,
            ctx.labels(),
            method_labels(lang),
            modality_labels(lang),
            title=t("fuse.attr_average_chart", lang),
            y_label=t("fuse.attr_axis", lang),
        ),
        key="fuse_attr_average",
    )
    table = frame.assign(
        strategy=[ctx.label(n) for n in frame["strategy"]],
        method=[method_labels(lang)[m] for m in frame["method"]],
    ).rename(columns=_columns(lang))
    show_table(table, title=t("fuse.attr_average_chart", lang), hide_index=True)
    st.caption(t("fuse.attr_average_caption", lang))


def render_signals(ctx: FuseContext) -> None:
    """Attention weights and gates are not importance: the contrast as one chart."""
    lang = ctx.lang
    if not all(name in ctx.models for name in SIGNAL_MODELS):
        return
    st.header(t("fuse.signals_title", lang))
    frame = live(signals, ctx.noise, lang=lang, slot="fuse_signals")
    if frame is None:
        return
    show_chart(
        signal_chart(
            frame,
            ctx.labels(),
            {c: t(f"fuse.condition.{c}", lang) for c in SIGNAL_CONDITIONS},
            {
                "accuracy": t("fuse.accuracy", lang),
                "shapley_image_share": t("fuse.col.image_share", lang),
                "signal": t("fuse.signal", lang),
            },
            title=t("fuse.signals_chart", lang),
            y_label=t("fuse.signals_axis", lang),
        ),
        key="fuse_signals",
    )
    clean = frame[frame["condition"] == "clean"].set_index("strategy")
    noisy = frame[frame["condition"] == "image_noise"].set_index("strategy")
    st.info(
        t(
            "fuse.signals_lesson",
            lang,
            acc_clean=clean.loc["gated", "accuracy"],
            acc_noise=noisy.loc["gated", "accuracy"],
            gate_clean=clean.loc["gated", "signal"],
            gate_noise=noisy.loc["gated", "signal"],
            att_clean=clean.loc["graph", "signal"],
            att_noise=noisy.loc["graph", "signal"],
        ),
        icon="⚖️",
    )
    st.caption(t("fuse.signals_caption", lang))
