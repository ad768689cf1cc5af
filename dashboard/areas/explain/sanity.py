"""Sanity check: randomise the model from the top and watch whether the map changes."""

from __future__ import annotations

import streamlit as st

from components.explain.inputs import ImageCase
from components.explain.sanity import RandomisationStep
from components.figures import attribution_grid, line_chart
from components.i18n import t, t_text
from dashboard.areas.explain.attributions import focus_method, methods_or_hint, scale_label
from dashboard.areas.explain.cache import sanity_steps
from dashboard.shell.live import live, shown_on_request
from dashboard.shell.page_header import PageContext
from dashboard.shell.report import show_chart


def render(ctx: PageContext, case: ImageCase) -> None:
    lang = ctx.lang
    methods, params = methods_or_hint(ctx)
    if not methods:
        return
    method = focus_method(ctx, methods, "explain_sanity_method")
    st.caption(t("explain.sanity_caption", lang))
    args = (ctx.spec, ctx.model, case, method, params.get(method), ctx.seed)
    if not shown_on_request(sanity_steps, *args) and not st.button(
        t("explain.sanity_run", lang), key="explain_sanity_run", icon="🎲"
    ):
        return
    steps = live(sanity_steps, *args, lang=lang, slot="explain_sanity")
    if steps is not None:
        _show_steps(ctx, case, steps)


def _show_steps(ctx: PageContext, case: ImageCase, steps: list[RandomisationStep]) -> None:
    """The maps step by step, and their rank correlation with the trained model's map."""
    lang, signed = ctx.lang, bool(ctx.settings["signed"])
    names = [t_text("explain.trained", lang)] + [
        t_text("explain.randomised_upto", lang, layer=step.layer) for step in steps[1:]
    ]
    show_chart(
        attribution_grid(
            case.preview,
            {n: s.attribution for n, s in zip(names, steps, strict=True)},
            signed=signed,
            opacity=float(ctx.settings["opacity"]),
            columns=min(5, len(steps)),
            captions={n: f"ρ = {s.spearman:.2f}" for n, s in zip(names, steps, strict=True)},
            scale_label=scale_label(lang, signed),
        ),
        key="explain_sanity_grid",
    )
    show_chart(
        line_chart(
            list(range(len(steps))),
            {"Spearman ρ": [s.spearman for s in steps]},
            x_label=t_text("explain.layers_randomised", lang),
            y_label="ρ",
            title=t_text("explain.sanity_title", lang),
        ),
        key="explain_sanity_curve",
    )
    st.caption(t("explain.sanity_input_note", lang))
