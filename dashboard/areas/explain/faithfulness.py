"""Faithfulness: does removing what a method calls important really change the prediction?"""

from __future__ import annotations

import numpy as np
import streamlit as st

from components.explain import ATTRIBUTION_METHODS, explain
from components.explain.faithfulness import infidelity_and_sensitivity
from components.explain.inputs import ImageCase
from components.explain.view_data import (
    FaithfulnessCurves,
    attribution_fn,
    faithfulness_curves,
    masked_previews,
)
from components.figures import image_grid, line_chart
from components.i18n import t, t_text
from dashboard.areas.explain.attributions import focus_method, methods_or_hint
from dashboard.shell.page_header import PageContext
from dashboard.shell.report import show_chart


def render(ctx: PageContext, case: ImageCase) -> None:
    lang = ctx.lang
    methods, params = methods_or_hint(ctx)
    if not methods:
        return
    method = focus_method(ctx, methods, "explain_focus_method")
    result = explain(ctx.model, case.x, case.target, method, params.get(method), seed=ctx.seed)
    curves = faithfulness_curves(ctx.model, case.x, case.target, result.attribution, ctx.seed)
    c1, c2, c3, c4 = st.columns(4)
    _auc_metrics(lang, curves, c1, c2)
    left, right = st.columns([2, 1])
    _curve_chart(ctx, case, t(ATTRIBUTION_METHODS[method].label_key, lang), curves, left)
    with right:
        _masked_inputs(ctx, case, result.attribution)
    st.caption(t("explain.curves_caption", lang))
    if st.button(t("explain.infidelity_run", lang), key="explain_infidelity", icon="📏"):
        with st.spinner(t("explain.computing", lang)):
            infidelity, sensitivity = infidelity_and_sensitivity(
                ctx.model,
                case.x,
                case.target,
                attribution_fn(method, params.get(method)),
                seed=ctx.seed,
            )
        c3.metric(t("explain.infidelity", lang), f"{infidelity:.3g}")
        c4.metric(t("explain.sensitivity", lang), f"{sensitivity:.3g}")
        st.caption(t("explain.infidelity_caption", lang))


def _auc_metrics(lang: str, curves: FaithfulnessCurves, c1, c2) -> None:
    """The areas under the deletion and insertion curves, against a random order's."""
    deletion, insertion = curves.deletion, curves.insertion
    c1.metric(
        t("explain.deletion_auc", lang),
        f"{deletion.auc:.3f}",
        t("explain.vs_random", lang, delta=deletion.auc - curves.random_deletion.auc),
        delta_color="inverse",
    )
    c2.metric(
        t("explain.insertion_auc", lang),
        f"{insertion.auc:.3f}",
        t("explain.vs_random", lang, delta=insertion.auc - curves.random_insertion.auc),
    )


def _curve_chart(
    ctx: PageContext, case: ImageCase, name: str, curves: FaithfulnessCurves, where
) -> None:
    """The target probability as pixels are deleted or inserted, by the map and at random."""
    lang = ctx.lang
    random_deletion, random_insertion = (
        t("explain.random_deletion", lang),
        t("explain.random_insertion", lang),
    )
    show_chart(
        line_chart(
            curves.deletion.fractions,
            {
                t_text("explain.deletion", lang, method=name): curves.deletion.probabilities,
                t_text("explain.insertion", lang, method=name): curves.insertion.probabilities,
                random_deletion: curves.random_deletion.probabilities,
                random_insertion: curves.random_insertion.probabilities,
            },
            dashed=(random_deletion, random_insertion),
            x_label=t("explain.fraction", lang),
            y_label=t_text("explain.target_prob", lang, target=case.target),
            x_percent=True,
            y_percent=True,
            marker_x=float(ctx.settings["k"]),
            title=t("explain.curves_title", lang),
        ),
        where=where,
        key="explain_curves",
    )


def _masked_inputs(ctx: PageContext, case: ImageCase, attribution: np.ndarray) -> None:
    """The k % slider and the input with its top k % deleted, and with only them inserted."""
    lang, s = ctx.lang, ctx.settings
    k = st.slider(
        t("explain.k", lang),
        0.0,
        1.0,
        value=s["k"],
        step=0.05,
        key=s.key("k"),
        format="percent",
    )
    shown = masked_previews(case.x, attribution, k, ctx.spec.load_data().denormalise)
    show_chart(
        image_grid(
            list(shown),
            [t_text("explain.deleted", lang, k=k), t_text("explain.inserted", lang, k=k)],
            columns=2,
        ),
        key="explain_masked",
    )
