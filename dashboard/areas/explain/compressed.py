"""The signature view: the same explanation for the original and a compressed variant."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from components.explain import ATTRIBUTION_METHODS, VariantExplanations, explain_variant_pair
from components.explain.inputs import ImageCase
from components.figures import attribution_grid, line_chart
from components.i18n import t, t_text
from components.pruning import PruneResult
from components.quantization import QUANT_METHODS, QuantResult, QuantSettings
from dashboard.areas.explain.attributions import focus_method, methods_or_hint
from dashboard.areas.explain.cache import agreement_curve
from dashboard.areas.explain.pruned_picker import pruned_settings
from dashboard.shared.variants import pruned, quantized
from dashboard.shell.errors import attempt
from dashboard.shell.live import live, shown_on_request
from dashboard.shell.page_header import PageContext
from dashboard.shell.report import show_chart


@dataclass(frozen=True)
class Variant:
    """The compressed model beside the original (``result.model``), its label, and its pruning
    method (None for a quantized variant: the agreement curve sweeps pruning amounts only)."""

    result: PruneResult | QuantResult
    label: str
    prune_method: str | None = None


def render(ctx: PageContext, case: ImageCase) -> None:
    lang = ctx.lang
    methods, params = methods_or_hint(ctx)
    if not methods:
        return
    c0, c1, c2, c3 = st.columns([0.8, 1, 1.2, 1.2])
    kinds = ("prune", "quantize")
    kind = c0.radio(
        t("explain.variant", lang),
        kinds,
        index=ctx.settings.index("cmp_kind", kinds),
        format_func=lambda k: t(f"explain.variant.{k}", lang),
        key=ctx.settings.key("cmp_kind"),
    )
    method = focus_method(ctx, methods, "explain_cmp_method", where=c1)
    variant = _quantized_variant(ctx, c2) if kind == "quantize" else _pruned_variant(ctx, c2, c3)
    if variant is None:
        return
    pair = attempt(  # e.g. a gradient method on int8 layers, which have none
        lang,
        lambda: explain_variant_pair(
            ctx.model,
            variant.result.model,
            case.x,
            case.target,
            method,
            params.get(method),
            seed=ctx.seed,
        ),
    )
    if pair is None:
        return
    _show_pair(ctx, case, method, variant.label, pair)
    if variant.prune_method is not None:
        _agreement_curve(ctx, case, method, params.get(method), variant.prune_method)


def _quantized_variant(ctx: PageContext, where) -> Variant | None:
    """The quantization picker and its variant, or None after showing why it cannot be built."""
    lang = ctx.lang
    qmethods = list(QUANT_METHODS)
    qmethod = where.selectbox(
        t("quant.method", lang),
        qmethods,
        index=ctx.settings.index("cmp_qmethod", qmethods),
        format_func=lambda m: t(f"quant.method.{m}", lang),
        key=ctx.settings.key("cmp_qmethod"),
    )
    result = attempt(lang, lambda: quantized(ctx.spec.name, QuantSettings(qmethod)))
    return None if result is None else Variant(result, t(f"quant.method.{qmethod}", lang))


def _pruned_variant(ctx: PageContext, method_column, amount_column) -> Variant:
    """The pruning method and amount pickers, and their variant."""
    lang = ctx.lang
    settings = pruned_settings(ctx, method_column, amount_column)
    method = t(f"prune.method.{settings.method}", lang)
    label = t("prune.variant_label", lang, method=method, amount=settings.amount)
    return Variant(pruned(ctx.spec.name, settings), label, settings.method)


def _show_pair(
    ctx: PageContext, case: ImageCase, method: str, label: str, pair: VariantExplanations
) -> None:
    """The original's map, the variant's and their difference, and how far they agree."""
    lang = ctx.lang
    show_chart(
        attribution_grid(
            case.preview,
            {
                t("cmp.original", lang): pair.original.attribution,
                label: pair.variant.attribution,
                t("explain.difference", lang): pair.difference,
            },
            signed=True,
            opacity=float(ctx.settings["opacity"]),
            title=t_text(
                "explain.cmp_title",
                lang,
                method=t(ATTRIBUTION_METHODS[method].label_key, lang),
                target=case.target,
            ),
            # One colour range for the three panels: a small difference must look small.
            shared_scale=True,
            scale_label=t_text("explain.scale.shared", lang),
        ),
        key="explain_cmp_grid",
    )
    m1, m2 = st.columns(2)
    m1.metric(t("explain.cmp_spearman", lang), f"{pair.agreement:.2f}")
    m2.metric(t("explain.cmp_topk", lang), f"{pair.topk_overlap:.2f}")


def _agreement_curve(
    ctx: PageContext, case: ImageCase, method: str, params: dict | None, prune_method: str
) -> None:
    """On request (or at once when cached), the agreement over pruning amounts."""
    lang = ctx.lang
    args = (ctx.spec, ctx.model, case, method, params, prune_method)
    if not shown_on_request(agreement_curve, *args) and not st.button(
        t("explain.cmp_curve_run", lang), key="explain_cmp_curve", icon="📉"
    ):
        return
    curve = live(agreement_curve, *args, lang=lang, slot="explain_agreement_curve")
    if curve is None:
        return
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
            marker_x=float(ctx.settings["pamount"]),
            title=t_text(
                "explain.cmp_curve_title",
                lang,
                method=t(ATTRIBUTION_METHODS[method].label_key, lang),
            ),
        ),
        key="explain_cmp_curve_chart",
    )
