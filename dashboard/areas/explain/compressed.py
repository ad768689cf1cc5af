"""The signature view: the same explanation for the original and a compressed variant."""

from __future__ import annotations

import numpy as np
import streamlit as st

from components.errors import UserFacingError
from components.explain import METHODS, agreement_vs_pruning, explain_variant_pair
from components.figures import attribution_grid, line_chart
from components.i18n import t, t_text
from components.pruning import METHODS as PRUNE_METHODS
from components.pruning import PruneSettings
from components.quantization import METHODS as QUANT_METHODS
from components.quantization import QuantSettings
from components.result_cache import ResultCache
from dashboard.areas.explain.attributions import chosen_methods, focus_method
from dashboard.areas.explain.case import ImageCase
from dashboard.shared.variants import pruned, quantized
from dashboard.shell.page_header import PageContext
from dashboard.shell.report import show_chart

CURVE_AMOUNTS = tuple(np.round(np.linspace(0.0, 0.9, 10), 2))
_CURVES: ResultCache = ResultCache("explain_agreement_curves", max_entries=16)


def run_or_warn_model(ctx: PageContext, make):
    """The variant, or None after showing why it cannot be built."""
    try:
        return make().model
    except UserFacingError as err:
        st.warning(t(err.key, ctx.lang, **err.values), icon="⚠️")
        return None


def render(ctx: PageContext, case: ImageCase) -> None:
    s, lang = ctx.settings, ctx.lang
    methods, params = chosen_methods(ctx)
    if not methods:
        st.info(t("explain.no_methods", lang), icon="👆")
        return
    c0, c1, c2, c3 = st.columns([0.8, 1, 1.2, 1.2])
    kind = c0.radio(
        t("explain.variant", lang),
        ("prune", "quantize"),
        format_func=lambda k: t(f"explain.variant.{k}", lang),
        key=s.key("cmp_kind"),
    )
    method = focus_method(ctx, methods, "explain_cmp_method", where=c1)
    prune_method = None
    if kind == "quantize":
        qmethod = c2.selectbox(
            t("quant.method", lang),
            list(QUANT_METHODS),
            format_func=lambda m: t(f"quant.method.{m}", lang),
            key=s.key("cmp_qmethod"),
        )
        variant = run_or_warn_model(ctx, lambda: quantized(ctx.spec.name, QuantSettings(qmethod)))
        label = t(f"quant.method.{qmethod}", lang)
    else:
        prune_method = c2.selectbox(
            t("prune.method", lang),
            [m for m in PRUNE_METHODS if m != "channel_removal"],
            format_func=lambda m: t(f"prune.method.{m}", lang),
            key=s.key("pmethod"),
        )
        c3.slider(
            t("prune.amount", lang),
            *PruneSettings.AMOUNT_RANGE,
            step=0.05,
            key=s.key("pamount"),
            format="percent",
        )
        settings = PruneSettings(method=prune_method, amount=float(s["pamount"]), seed=ctx.seed)
        variant = pruned(ctx.spec.name, settings).model
        label = t(
            "prune.variant_label",
            lang,
            method=t(f"prune.method.{prune_method}", lang),
            amount=settings.amount,
        )
    if variant is None:
        return
    try:
        pair = explain_variant_pair(
            ctx.model, variant, case.x, case.target, method, params.get(method), seed=ctx.seed
        )
    except UserFacingError as err:  # e.g. a gradient method on int8 layers, which have none
        st.warning(t(err.key, lang, **err.values), icon="⚠️")
        return
    name = t(METHODS[method].label_key, lang)
    show_chart(
        attribution_grid(
            case.preview,
            {
                t("cmp.original", lang): pair.original.attribution,
                label: pair.variant.attribution,
                t("explain.difference", lang): pair.difference,
            },
            signed=True,
            opacity=float(s["opacity"]),
            title=t_text("explain.cmp_title", lang, method=name, target=case.target),
            # One colour range for the three panels: a small difference must look small.
            shared_scale=True,
            scale_label=t_text("explain.scale.shared", lang),
        ),
        key="explain_cmp_grid",
    )
    m1, m2 = st.columns(2)
    m1.metric(t("explain.cmp_spearman", lang), f"{pair.agreement:.2f}")
    m2.metric(t("explain.cmp_topk", lang), f"{pair.topk_overlap:.2f}")
    if prune_method is None:  # the agreement curve sweeps pruning amounts only
        return
    key = (ctx.spec.name, case.key, case.target, method, str(params.get(method)), prune_method)
    if key not in _CURVES and not st.button(
        t("explain.cmp_curve_run", lang), key="explain_cmp_curve", icon="📉"
    ):
        return
    slot = st.empty()

    def report(fraction: float, message: str) -> None:
        slot.progress(min(max(fraction, 0.0), 1.0), text=message)

    curve = _CURVES.get_or_compute(
        key,
        lambda: agreement_vs_pruning(
            ctx.model,
            ctx.spec,
            case.x,
            case.target,
            method,
            prune_method=prune_method,
            amounts=CURVE_AMOUNTS,
            params=params.get(method),
            progress=report,
        ),
    )
    slot.empty()
    show_chart(
        line_chart(
            curve["amount"],
            {
                t("explain.cmp_spearman", lang): curve["spearman"],
                t("explain.cmp_topk", lang): curve["topk_overlap"],
                t_text("explain.target_prob", lang, target=case.target): curve["prob"],
            },
            x_label=t_text("prune.amount", lang),
            x_percent=True,
            marker_x=float(s["pamount"]),
            title=t_text("explain.cmp_curve_title", lang, method=name),
        ),
        key="explain_cmp_curve_chart",
    )
