"""Attention views: the cross-attention map (audio frames × image patches) and the graph's
cross-modal edge attention, drawn over the image and the spectrogram."""

from __future__ import annotations

import numpy as np
import streamlit as st

from components.figures import heatmap
from components.fusion.attention_maps import FRAMES, GRID, cross_modal_maps
from components.fusion.figures import image_with_overlay, spectrogram_chart
from components.fusion.samples import FRAME_SECONDS, Pair
from components.i18n import t
from dashboard.areas.fuse.context import FuseContext
from dashboard.areas.fuse.pair import COLUMN_SECONDS, pick_and_show_pair
from dashboard.shell.report import show_chart

ATTENTION_MODELS = ("cross_attention", "graph")


def _patch_labels() -> list[str]:
    return [f"r{r + 1}c{c + 1}" for r in range(GRID) for c in range(GRID)]


def _frame_labels() -> list[str]:
    step = FRAME_SECONDS * 1000
    return [f"{i * step:.0f}–{(i + 1) * step:.0f} ms" for i in range(FRAMES)]


def render(ctx: FuseContext) -> None:
    lang = ctx.lang
    present = [name for name in ATTENTION_MODELS if name in ctx.models]
    if not present:
        st.info(t("fuse.attention_none", lang), icon="ℹ️")
        return
    pair = pick_and_show_pair(ctx, key="fuse_attention")
    if pair is None:
        return
    st.caption(t("fuse.attention_intro", lang))
    for name in present:
        st.header(ctx.label(name))
        render_model(ctx, name, pair)


def render_model(ctx: FuseContext, name: str, pair: Pair) -> None:
    lang = ctx.lang
    maps = cross_modal_maps(ctx.models[name], pair.image, pair.audio)
    left, middle, right = st.columns([1.5, 1, 1.3])
    with left:
        show_chart(
            heatmap(
                maps.frame_to_patch.astype(np.float64),
                x_labels=_patch_labels(),
                y_labels=_frame_labels(),
                title=t(f"fuse.map_title.{maps.kind}", lang),
                colorscale="Reds",
                zmid=None,
                value_label=t("fuse.attention_weight", lang),
            )
            .update_xaxes(title=t("fuse.patch_axis", lang), tickangle=-60)
            .update_yaxes(title=t("fuse.frame_axis", lang)),
            key=f"fuse_map_{name}",
        )
    with middle:
        show_chart(
            image_with_overlay(
                pair.clean_preview,
                maps.patch,
                title=t(f"fuse.patch_title.{maps.patch_meaning}", lang),
                value_label=t("fuse.attention_weight", lang),
            ),
            key=f"fuse_patch_{name}",
        )
    with right:
        frames = maps.frame if maps.frame is not None else maps.frame_to_patch.max(1)
        meaning = "cross_share" if maps.frame is not None else "peak"
        show_chart(
            spectrogram_chart(
                pair.spectrogram_db,
                frame_values=frames,
                frame_seconds=FRAME_SECONDS,
                column_seconds=COLUMN_SECONDS,
                title=t(f"fuse.frame_title.{meaning}", lang),
                x_label=t("fuse.time_ms", lang),
                y_label=t("fuse.mel_band", lang),
                frame_label=t("fuse.attention_weight", lang),
            ),
            key=f"fuse_frames_{name}",
        )
    st.caption(t(f"fuse.map_caption.{maps.kind}", lang))
