"""Robustness: every strategy's test accuracy under the chosen noise and drop, over noise levels,
and without each modality; on the "same digit?" task, which fusion can model the interaction."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.figures import MAX_COLOURED_LINES
from components.fusion.figures import (
    accuracy_bars,
    grouped_bars,
    noise_curve_chart,
    strategy_colors,
)
from components.i18n import t, t_text
from dashboard.areas.fuse.cache import accuracies, curve, drop_accuracies, interaction_table
from dashboard.areas.fuse.context import FuseContext
from dashboard.shell.report import show_chart, show_table
from models.fusion import get_fusion_spec, recorded_fusion_metrics


def _fused(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(n for n in names if get_fusion_spec(n).family != "unimodal")


def _noise_text(ctx: FuseContext) -> str:
    drop = t(f"fuse.drop.{ctx.noise.drop or 'none'}", ctx.lang)
    return t(
        "fuse.noise_text", ctx.lang, sigma=ctx.noise.image_sigma, snr=ctx.noise.snr_db, drop=drop
    )


def render(ctx: FuseContext) -> None:
    lang, names, s = ctx.lang, ctx.names, ctx.settings
    if not names:
        return
    labels, colors = ctx.labels(), strategy_colors(names)
    chance_label = t("fuse.chance", lang, p=ctx.chance)
    accuracy = accuracies(ctx.task, names, ctx.noise)
    recorded = {
        n: m["test_accuracy"] for n in names if (m := recorded_fusion_metrics(n)) is not None
    }
    show_chart(
        accuracy_bars(
            accuracy,
            labels,
            colors,
            reference=recorded,
            reference_label=t("fuse.recorded", lang),
            chance=ctx.chance,
            chance_label=chance_label,
            title=t_text("fuse.accuracy_title", lang, noise=_noise_text(ctx)),
            y_label=t("fuse.accuracy", lang),
        ),
        key="fuse_accuracy_bars",
    )
    if ctx.task == "digit":
        st.info(t("fuse.late_note", lang), icon="💡")
    else:
        render_interaction(ctx)
    left, right = st.columns(2)
    fused = _fused(names)
    # Ten lines are too many colours: the strategies the page has picked (the Attribution view's
    # strategy, the Compare view's pair) keep theirs.
    chosen = [n for n in dict.fromkeys([s["strategy"], *s["compare"]]) if n in names]
    with left:
        frame = curve(ctx.task, names, "image", ctx.noise)
        show_chart(
            noise_curve_chart(
                frame,
                labels,
                colors,
                current=ctx.noise.image_sigma,
                chance=ctx.chance,
                chance_label=chance_label,
                title=t_text("fuse.curve_image_title", lang, snr=ctx.noise.snr_db),
                x_label=t_text("fuse.sigma", lang),
                y_label=t_text("fuse.accuracy", lang),
                fused=fused,
                highlight=chosen,
            ),
            key="fuse_curve_image",
        )
    with right:
        frame = curve(ctx.task, names, "audio", ctx.noise)
        show_chart(
            noise_curve_chart(
                frame,
                labels,
                colors,
                current=ctx.noise.snr_db,
                chance=ctx.chance,
                chance_label=chance_label,
                title=t_text("fuse.curve_audio_title", lang, sigma=ctx.noise.image_sigma),
                x_label=t_text("fuse.snr", lang),
                y_label=t_text("fuse.accuracy", lang),
                noisier_to_the_right=False,
                fused=fused,
                highlight=chosen,
            ),
            key="fuse_curve_audio",
        )
    st.caption(t("fuse.curves_caption", lang))
    if len(names) > MAX_COLOURED_LINES and chosen:
        shown = " · ".join(labels[n] for n in chosen)
        st.caption(t("fuse.highlight_caption", lang, names=shown))
    drops = drop_accuracies(ctx.task, names, ctx.noise)
    show_chart(
        grouped_bars(
            drops,
            x="strategy",
            group="drop",
            y="accuracy",
            x_labels=labels,
            group_labels={d: t(f"fuse.drop.{d}", lang) for d in ("none", "image", "audio")},
            group_colors={"none": "#2ca02c", "image": "#1f77b4", "audio": "#ff7f0e"},
            title=t_text(
                "fuse.drop_title", lang, sigma=ctx.noise.image_sigma, snr=ctx.noise.snr_db
            ),
            y_label=t("fuse.accuracy", lang),
        ),
        key="fuse_drop_bars",
    )
    st.caption(t("fuse.drop_caption", lang))
    table = drops.pivot(index="strategy", columns="drop", values="accuracy").loc[list(names)]
    table = (
        table[["none", "image", "audio"]]
        .rename(
            columns={d: t_text(f"fuse.drop.{d}", lang) for d in ("none", "image", "audio")},
            index=labels,
        )
        .rename_axis(index=t_text("fuse.col.strategy", lang), columns=None)
    )
    show_table(
        table,
        title=t_text("fuse.drop_title", lang, sigma=ctx.noise.image_sigma, snr=ctx.noise.snr_db),
    )


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
