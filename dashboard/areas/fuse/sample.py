"""One pair, and what every strategy predicts for it, with its probabilities."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from components.fusion.figures import probability_matrix
from components.fusion.one_pair import probability_rows
from components.fusion.samples import Pair
from components.i18n import t
from dashboard.areas.fuse.context import FuseContext
from dashboard.areas.fuse.pair import pick_and_show_pair
from dashboard.shared.figures import array_key, shared_figure
from dashboard.shell.report import show_chart, show_table


def pair_label(ctx: FuseContext, pair: Pair) -> int | None:
    """The right answer for this pair (None for a drawing nobody labelled)."""
    if ctx.task == "digit":
        return pair.image_digit if pair.image_digit is not None else None
    if pair.image_digit is None:
        return None
    return int(pair.image_digit == pair.audio_digit)


def render(ctx: FuseContext) -> None:
    lang = ctx.lang
    pair = pick_and_show_pair(ctx, key="fuse_sample")
    if pair is None:
        return
    probs = probability_rows(ctx.models, pair.image, pair.audio)
    truth = pair_label(ctx, pair)
    labels = [ctx.label(n) for n in ctx.names]
    fig = shared_figure(
        ("fuse_sample_probs", array_key(probs), tuple(labels), tuple(ctx.class_names), lang),
        lambda: probability_matrix(
            probs,
            labels,
            ctx.class_names,
            title=t("fuse.predictions_title", lang),
            value_label=t("fuse.probability", lang),
        ),
    )
    show_chart(fig, key="fuse_sample_probs")
    show_predictions(ctx, probs, truth)
    if truth is None:
        st.caption(t("fuse.unlabelled", lang))


def show_predictions(ctx: FuseContext, probs: np.ndarray, truth: int | None) -> None:
    """Each strategy's predicted class, its probability and whether it is right."""
    lang = ctx.lang
    rows = []
    for name, row in zip(ctx.names, probs, strict=True):
        predicted = int(row.argmax())
        rows.append(
            {
                t("fuse.col.strategy", lang): ctx.label(name),
                t("fuse.col.prediction", lang): ctx.class_names[predicted],
                t("fuse.col.probability", lang): float(row[predicted]),
                t("fuse.col.correct", lang): None if truth is None else predicted == truth,
            }
        )
    show_table(
        pd.DataFrame(rows),
        title=t("fuse.predictions_title", lang),
        hide_index=True,
        column_config={
            t("fuse.col.probability", lang): st.column_config.ProgressColumn(
                format="percent", min_value=0.0, max_value=1.0
            )
        },
    )
