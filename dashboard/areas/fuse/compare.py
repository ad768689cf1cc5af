"""Side by side: two strategies on the same pair and the same noise."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.figures import probability_bars
from components.fusion.one_pair import pair_attributions, probability_rows
from components.fusion.samples import Pair
from components.i18n import t, t_text
from dashboard.areas.fuse.attribution import method_labels
from dashboard.areas.fuse.cache import accuracies, drop_accuracies
from dashboard.areas.fuse.context import FuseContext
from dashboard.areas.fuse.pair import pick_and_show_pair
from dashboard.shell.page_state import among
from dashboard.shell.report import show_chart, show_table
from models.fusion import FusionModel


def render(ctx: FuseContext) -> None:
    lang, s = ctx.lang, ctx.settings
    if len(ctx.names) < 2:
        return
    chosen = st.multiselect(
        t("fuse.compare", lang),
        ctx.names,
        format_func=ctx.label,
        default=among(s["compare"], ctx.names)[:2],
        max_selections=2,
        key=s.key("compare"),
    )
    if len(chosen) != 2:
        st.info(t("fuse.compare_hint", lang), icon="👆")
        return
    pair = pick_and_show_pair(ctx, key="fuse_compare")
    if pair is None:
        return
    models = {name: ctx.models[name] for name in chosen}
    show_probabilities(ctx, models, pair)
    attributions = pair_attributions(models, pair.image, pair.audio)
    accuracy = accuracies(ctx.task, tuple(chosen), ctx.noise)
    drops = drop_accuracies(ctx.task, tuple(chosen), ctx.noise)
    for column, name in zip(st.columns(2), chosen, strict=True):
        with column:
            mine = attributions[attributions["strategy"] == name]
            show_strategy(ctx, name, mine, accuracy[name], drops[drops["strategy"] == name])


def show_probabilities(ctx: FuseContext, models: dict[str, FusionModel], pair: Pair) -> None:
    """Both strategies' class probabilities on the pair, as grouped bars."""
    rows = probability_rows(models, pair.image, pair.audio)
    show_chart(
        probability_bars(
            {ctx.label(n): row.tolist() for n, row in zip(models, rows, strict=True)},
            ctx.class_names,
            title=t("fuse.compare_probs", ctx.lang),
            y_label=t("fuse.probability", ctx.lang),
        ),
        key="fuse_compare_probs",
    )


def show_strategy(
    ctx: FuseContext,
    name: str,
    attributions: pd.DataFrame,
    accuracy: float,
    drops: pd.DataFrame,
) -> None:
    """One strategy's column: its prediction, its accuracy with and without each modality, and
    what each attribution method gives the image and the speech on this pair."""
    lang = ctx.lang
    st.header(ctx.label(name))  # h2 under the page's h1: a screen reader's outline skips no level
    st.caption(t(f"fuse.strategy.{name}.description", lang))
    st.metric(t("fuse.col.prediction", lang), ctx.class_names[int(attributions["target"].iloc[0])])
    mine = drops.set_index("drop")["accuracy"]
    a, b, c = st.columns(3)
    a.metric(t("fuse.acc_here", lang), f"{accuracy:.1%}")
    b.metric(t("fuse.drop.image", lang), f"{mine['image']:.1%}")
    c.metric(t("fuse.drop.audio", lang), f"{mine['audio']:.1%}")
    table = pd.DataFrame(
        {
            t("fuse.col.method", lang): [method_labels(lang)[m] for m in attributions["method"]],
            t("fuse.image", lang): attributions["image"].to_numpy(),
            t("fuse.audio", lang): attributions["audio"].to_numpy(),
        }
    )
    show_table(
        table.round(3),
        title=t_text("fuse.compare_attr", lang, strategy=ctx.label(name)),
        hide_index=True,
    )
