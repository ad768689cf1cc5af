"""Where the learning signal is: the gradient of the loss for each layer's parameters."""

from __future__ import annotations

import streamlit as st

from components.explain.inputs import ImageCase
from components.explain.param_grads import gradient_values, parameter_gradients
from components.figures import histogram_overlay, layer_bar_chart
from components.i18n import t, t_text
from dashboard.shell.page_header import PageContext
from dashboard.shell.page_state import index_in
from dashboard.shell.report import show_chart, show_table


def render(ctx: PageContext, case: ImageCase) -> None:
    lang = ctx.lang
    st.caption(t("explain.grads_caption", lang, target=case.target))
    table = parameter_gradients(ctx.model, case.x, case.target)
    names = [f"{row.layer}.{row.param}" for row in table.itertuples()]
    left, right = st.columns(2)
    show_chart(
        layer_bar_chart(
            names,
            {
                t("explain.grad_norm", lang): table["grad_norm"],
                t("explain.grad_ratio", lang): table["ratio"],
            },
            log_y=True,
            title=t("explain.grads_title", lang),
            value_label=t("explain.grad_axis", lang),
        ),
        where=left,
        key="explain_grad_bars",
    )
    with right:
        layers = list(dict.fromkeys(table["layer"]))
        key = ctx.settings.key("grad_layer")
        if st.session_state[key] not in layers:  # "" or a name from the URL
            st.session_state[key] = layers[0]
        layer = st.selectbox(
            t("prune.inspect", lang),
            layers,
            index=index_in(st.session_state[key], layers),
            key=key,
        )
        show_chart(
            histogram_overlay(
                {
                    t("explain.gradient", lang): gradient_values(
                        ctx.model, case.x, case.target, layer
                    )
                },
                title=t_text("explain.grad_hist_layer", lang, layer=layer),
                x_label=t("explain.gradient", lang),
                y_label=t("chart.count", lang),
                log_y=True,
            ),
            key="explain_grad_hist",
        )
    show_table(
        table, title=t("explain.grads_title", lang), csv="explain_gradients", hide_index=True
    )
