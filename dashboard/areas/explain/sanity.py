"""Sanity check: randomise the model from the top and watch whether the map changes."""

from __future__ import annotations

import streamlit as st

from components.explain import explain
from components.explain.sanity import cascading_randomisation
from components.figures import attribution_grid, line_chart
from components.i18n import t, t_text
from components.result_cache import ResultCache
from dashboard.areas.explain.attributions import chosen_methods, focus_method
from dashboard.areas.explain.case import ImageCase
from dashboard.shell.page_header import PageContext
from dashboard.shell.report import show_chart

_RUNS: ResultCache = ResultCache("sanity", max_entries=16)


def render(ctx: PageContext, case: ImageCase) -> None:
    lang = ctx.lang
    methods, params = chosen_methods(ctx)
    if not methods:
        st.info(t("explain.no_methods", lang), icon="👆")
        return
    method = focus_method(ctx, methods, "explain_sanity_method")
    st.caption(t("explain.sanity_caption", lang))
    key = (ctx.spec.name, case.key, case.target, method, str(params.get(method)), ctx.seed)
    slot = st.empty()

    def run():
        def report(fraction: float, message: str) -> None:
            slot.progress(min(max(fraction, 0.0), 1.0), text=message)

        return cascading_randomisation(
            ctx.model,
            case.x,
            case.target,
            lambda m, x, target: explain(m, x, target, method, params.get(method)).attribution,
            seed=ctx.seed,
            progress=report,
        )

    if key not in _RUNS and not st.button(
        t("explain.sanity_run", lang), key="explain_sanity_run", icon="🎲"
    ):
        return
    steps = _RUNS.get_or_compute(key, run)
    slot.empty()
    names = [t_text("explain.trained", lang)] + [
        t_text("explain.randomised_upto", lang, layer=step.layer) for step in steps[1:]
    ]
    show_chart(
        attribution_grid(
            case.preview,
            {n: s.attribution for n, s in zip(names, steps, strict=True)},
            signed=bool(ctx.settings["signed"]),
            opacity=float(ctx.settings["opacity"]),
            columns=min(5, len(steps)),
            captions={n: f"ρ = {s.spearman:.2f}" for n, s in zip(names, steps, strict=True)},
            scale_label=t_text(
                "explain.scale." + ("signed" if ctx.settings["signed"] else "absolute"), lang
            ),
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
