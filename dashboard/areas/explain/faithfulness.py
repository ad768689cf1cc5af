"""Faithfulness: does removing what a method calls important really change the prediction?"""

from __future__ import annotations

import streamlit as st

from components.explain import METHODS, explain
from components.explain.faithfulness import (
    deletion_curve,
    infidelity_and_sensitivity,
    insertion_curve,
    masked_input,
    random_curve,
)
from components.figures import image_grid, line_chart
from components.i18n import t, t_text
from dashboard.areas.explain.attributions import chosen_methods
from dashboard.areas.explain.case import ImageCase
from dashboard.shell.page_header import PageContext
from dashboard.shell.report import show_chart


def render(ctx: PageContext, case: ImageCase) -> None:
    s, lang = ctx.settings, ctx.lang
    methods, params = chosen_methods(ctx)
    if not methods:
        st.info(t("explain.no_methods", lang), icon="👆")
        return
    focus = s["focus"][0] if s["focus"] and s["focus"][0] in methods else methods[0]
    method = st.selectbox(
        t("explain.focus", lang),
        methods,
        index=methods.index(focus),
        format_func=lambda m: t(METHODS[m].label_key, lang),
        key="explain_focus_method",
    )
    st.session_state[s.key("focus")] = (method,)
    result = explain(ctx.model, case.x, case.target, method, params.get(method), seed=ctx.seed)
    deletion = deletion_curve(ctx.model, case.x, case.target, result.attribution)
    insertion = insertion_curve(ctx.model, case.x, case.target, result.attribution)
    rand_del = random_curve(ctx.model, case.x, case.target, seed=ctx.seed, mode="deletion")
    rand_ins = random_curve(ctx.model, case.x, case.target, seed=ctx.seed, mode="insertion")
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(
        t("explain.deletion_auc", lang),
        f"{deletion.auc:.3f}",
        t("explain.vs_random", lang, delta=deletion.auc - rand_del.auc),
        delta_color="inverse",
    )
    c2.metric(
        t("explain.insertion_auc", lang),
        f"{insertion.auc:.3f}",
        t("explain.vs_random", lang, delta=insertion.auc - rand_ins.auc),
    )
    left, right = st.columns([2, 1])
    name = t(METHODS[method].label_key, lang)
    show_chart(
        line_chart(
            deletion.fractions,
            {
                t_text("explain.deletion", lang, method=name): deletion.probabilities,
                t_text("explain.insertion", lang, method=name): insertion.probabilities,
                t("explain.random_deletion", lang): rand_del.probabilities,
                t("explain.random_insertion", lang): rand_ins.probabilities,
            },
            dashed=(t("explain.random_deletion", lang), t("explain.random_insertion", lang)),
            x_label=t("explain.fraction", lang),
            y_label=t_text("explain.target_prob", lang, target=case.target),
            x_percent=True,
            y_percent=True,
            marker_x=float(s["k"]),
            title=t("explain.curves_title", lang),
        ),
        where=left,
        key="explain_curves",
    )
    with right:
        k = st.slider(t("explain.k", lang), 0.0, 1.0, step=0.05, key=s.key("k"), format="percent")
        data = ctx.spec.load_data()
        shown = [
            data.denormalise(masked_input(case.x, result.attribution, k, mode=mode))[0, 0]
            .clamp(0, 1)
            .numpy()
            for mode in ("deletion", "insertion")
        ]
        show_chart(
            image_grid(
                shown,
                [t_text("explain.deleted", lang, k=k), t_text("explain.inserted", lang, k=k)],
                columns=2,
            ),
            key="explain_masked",
        )
    st.caption(t("explain.curves_caption", lang))
    if st.button(t("explain.infidelity_run", lang), key="explain_infidelity", icon="📏"):
        with st.spinner(t("explain.computing", lang)):
            infidelity, sensitivity = infidelity_and_sensitivity(
                ctx.model,
                case.x,
                case.target,
                lambda m, x, target: explain(m, x, target, method, params.get(method)).attribution,
                seed=ctx.seed,
            )
        c3.metric(t("explain.infidelity", lang), f"{infidelity:.3g}")
        c4.metric(t("explain.sensitivity", lang), f"{sensitivity:.3g}")
        st.caption(t("explain.infidelity_caption", lang))
