"""Side by side: two strategies on the same pair and the same noise."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.figures import probability_bars
from components.fusion.attribution import METHODS, modality_attribution, predicted
from components.fusion.robustness import predictions
from components.i18n import t, t_text
from dashboard.areas.fuse.attribution import method_labels
from dashboard.areas.fuse.cache import accuracies, drop_accuracies
from dashboard.areas.fuse.context import FuseContext
from dashboard.areas.fuse.pair import pick_and_show_pair
from dashboard.shell.report import show_chart, show_table


def render(ctx: FuseContext) -> None:
    lang, s = ctx.lang, ctx.settings
    if len(ctx.names) < 2:
        return
    chosen = st.multiselect(
        t("fuse.compare", lang),
        ctx.names,
        format_func=ctx.label,
        max_selections=2,
        key=s.key("compare"),
    )
    if len(chosen) != 2:
        st.info(t("fuse.compare_hint", lang), icon="👆")
        return
    pair = pick_and_show_pair(ctx, key="fuse_compare")
    if pair is None:
        return
    probs = {
        ctx.label(n): predictions(ctx.models[n], pair.image, pair.audio)[0].tolist() for n in chosen
    }
    show_chart(
        probability_bars(
            probs,
            ctx.class_names,
            title=t("fuse.compare_probs", lang),
            y_label=t("fuse.probability", lang),
        ),
        key="fuse_compare_probs",
    )
    accuracy = accuracies(ctx.task, tuple(chosen), ctx.noise)
    drops = drop_accuracies(ctx.task, tuple(chosen), ctx.noise)
    columns = st.columns(2)
    for column, name in zip(columns, chosen, strict=True):
        model = ctx.models[name]
        with column:
            st.markdown(f"#### {ctx.label(name)}")
            st.caption(t(f"fuse.strategy.{name}.description", lang))
            target = predicted(model, pair.image, pair.audio)
            st.metric(t("fuse.col.prediction", lang), ctx.class_names[int(target[0])])
            mine = drops[drops["strategy"] == name].set_index("drop")["accuracy"]
            a, b, c = st.columns(3)
            a.metric(t("fuse.acc_here", lang), f"{accuracy[name]:.1%}")
            b.metric(t("fuse.drop.image", lang), f"{mine['image']:.1%}")
            c.metric(t("fuse.drop.audio", lang), f"{mine['audio']:.1%}")
            rows = []
            for method in METHODS:
                result = modality_attribution(method, model, pair.image, pair.audio, target)
                rows.append(
                    {
                        t("fuse.col.method", lang): method_labels(lang)[method],
                        t("fuse.image", lang): float(result.image[0]),
                        t("fuse.audio", lang): float(result.audio[0]),
                    }
                )
            show_table(
                pd.DataFrame(rows).round(3),
                title=t_text("fuse.compare_attr", lang, strategy=ctx.label(name)),
                hide_index=True,
            )
