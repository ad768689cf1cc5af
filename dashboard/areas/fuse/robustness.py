"""Robustness: every strategy's test accuracy under the chosen noise and drop, over noise levels,
and without each modality; on the "same digit?" task, which fusion can model the interaction."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.figures import MAX_COLOURED_LINES
from components.fusion.figures import (
    AUDIO_COLOR,
    IMAGE_COLOR,
    SUCCESS_COLOR,
    accuracy_bars,
    grouped_bars,
    noise_curve_chart,
    strategy_colors,
)
from components.i18n import t, t_text
from dashboard.areas.fuse.cache import accuracies, curve, drop_accuracies, interaction_table
from dashboard.areas.fuse.context import FuseContext
from dashboard.shell.live import live
from dashboard.shell.report import show_chart, show_table
from models.fusion import get_fusion_spec, recorded_fusion_metrics


def _fused(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(n for n in names if get_fusion_spec(n).family != "unimodal")


def _noise_text(ctx: FuseContext) -> str:
    drop = t(f"fuse.drop.{ctx.noise.drop or 'none'}", ctx.lang)
    return t(
        "fuse.noise_text", ctx.lang, sigma=ctx.noise.image_sigma, snr=ctx.noise.snr_db, drop=drop
    )


DROPS = ("none", "image", "audio")
DROP_COLORS = {"none": SUCCESS_COLOR, "image": IMAGE_COLOR, "audio": AUDIO_COLOR}


def render(ctx: FuseContext) -> None:
    if not ctx.names:
        return
    show_accuracy(ctx)
    if ctx.task == "digit":
        st.info(t("fuse.late_note", ctx.lang), icon="💡")
    else:
        render_interaction(ctx)
    show_curves(ctx)
    show_drops(ctx)


def show_accuracy(ctx: FuseContext) -> None:
    """Every strategy's accuracy at the chosen noise, next to its recorded accuracy."""
    lang, names = ctx.lang, ctx.names
    recorded = {
        n: m["test_accuracy"] for n in names if (m := recorded_fusion_metrics(n)) is not None
    }
    show_chart(
        accuracy_bars(
            accuracies(ctx.task, names, ctx.noise),
            ctx.labels(),
            strategy_colors(names),
            reference=recorded,
            reference_label=t("fuse.recorded", lang),
            chance=ctx.chance,
            chance_label=t("fuse.chance", lang, p=ctx.chance),
            title=t_text("fuse.accuracy_title", lang, noise=_noise_text(ctx)),
            y_label=t("fuse.accuracy", lang),
        ),
        key="fuse_accuracy_bars",
    )


def show_curves(ctx: FuseContext) -> None:
    """Accuracy over image noise and over speech noise, side by side."""
    s = ctx.settings
    # Ten lines are too many colours: the strategies the page has picked (the Attribution view's
    # strategy, the Compare view's pair) keep theirs.
    chosen = [n for n in dict.fromkeys([s["strategy"], *s["compare"]]) if n in ctx.names]
    left, right = st.columns(2)
    with left:
        show_curve(ctx, "image", chosen)
    with right:
        show_curve(ctx, "audio", chosen)
    st.caption(t("fuse.curves_caption", ctx.lang))
    if len(ctx.names) > MAX_COLOURED_LINES and chosen:
        shown = " · ".join(ctx.label(n) for n in chosen)
        st.caption(t("fuse.highlight_caption", ctx.lang, names=shown))


def show_curve(ctx: FuseContext, axis: str, highlight: list[str]) -> None:
    """Accuracy over image σ (``axis`` "image", speech as set) or over speech SNR ("audio")."""
    lang, noise = ctx.lang, ctx.noise
    if axis == "image":
        title = t_text("fuse.curve_image_title", lang, snr=noise.snr_db)
    else:
        title = t_text("fuse.curve_audio_title", lang, sigma=noise.image_sigma)
    frame = live(curve, ctx.task, ctx.names, axis, noise, lang=lang, slot=f"fuse_curve_{axis}")
    if frame is None:
        return
    show_chart(
        noise_curve_chart(
            frame,
            ctx.labels(),
            strategy_colors(ctx.names),
            current=noise.image_sigma if axis == "image" else noise.snr_db,
            chance=ctx.chance,
            chance_label=t("fuse.chance", lang, p=ctx.chance),
            title=title,
            x_label=t_text("fuse.sigma" if axis == "image" else "fuse.snr", lang),
            y_label=t_text("fuse.accuracy", lang),
            noisier_to_the_right=axis == "image",  # more SNR is less noise
            fused=_fused(ctx.names),
            highlight=highlight,
        ),
        key=f"fuse_curve_{axis}",
    )


def show_drops(ctx: FuseContext) -> None:
    """Accuracy with both modalities, without the image and without the speech."""
    lang, noise = ctx.lang, ctx.noise
    drops = drop_accuracies(ctx.task, ctx.names, noise)
    title = t_text("fuse.drop_title", lang, sigma=noise.image_sigma, snr=noise.snr_db)
    show_chart(
        grouped_bars(
            drops,
            x="strategy",
            group="drop",
            y="accuracy",
            x_labels=ctx.labels(),
            group_labels={d: t(f"fuse.drop.{d}", lang) for d in DROPS},
            group_colors=DROP_COLORS,
            title=title,
            y_label=t("fuse.accuracy", lang),
        ),
        key="fuse_drop_bars",
    )
    st.caption(t("fuse.drop_caption", lang))
    table = drops.pivot(index="strategy", columns="drop", values="accuracy").loc[list(ctx.names)]
    table = (
        table[list(DROPS)]
        .rename(columns={d: t_text(f"fuse.drop.{d}", lang) for d in DROPS}, index=ctx.labels())
        .rename_axis(index=t_text("fuse.col.strategy", lang), columns=None)
    )
    show_table(table, title=title)


def render_interaction(ctx: FuseContext) -> None:
    """The interaction task's lesson: a sum of per-modality scores cannot tell "same"."""
    lang = ctx.lang
    st.info(t("fuse.same_note", lang), icon="🧩")
    table = interaction_table(ctx.names, ctx.noise)
    shown = pd.DataFrame(
        {
            t("fuse.col.strategy", lang): [ctx.label(n) for n in table["strategy"]],
            t("fuse.col.accuracy", lang): table["accuracy"],
            t("fuse.col.said_same_on_same", lang): table["said_same_on_same"],
            t("fuse.col.said_same_on_different", lang): table["said_same_on_different"],
            t("fuse.col.interaction", lang): table["interaction"].round(4),
        }
    )
    show_table(shown, title=t("fuse.interaction_title", lang), hide_index=True)
    st.caption(t("fuse.interaction_caption", lang))
