"""The code GPT's token attribution, and the same on a quantized copy beside it."""

from __future__ import annotations

import math

import plotly.graph_objects as go
import streamlit as st

from components.i18n import t, t_text
from components.llm.attribution import PromptAttribution
from components.llm.charts import token_bars, token_heatmap
from components.llm.compare import COMPARE_VARIANTS, AttributionComparison
from components.llm.prompts import Continuation, token_labels
from dashboard.areas.explain.cache import llm_attribution, llm_comparison
from dashboard.shell.live import live
from dashboard.shell.page_header import PageContext
from dashboard.shell.report import show_chart


def render_attribution(ctx: PageContext, cont: Continuation, method: str) -> None:
    """Prompt tokens × generated tokens as a heatmap, and the attribution to the whole
    continuation per prompt token."""
    lang = ctx.lang
    attr = live(
        llm_attribution,
        ctx.spec,
        ctx.model,
        cont.prompt,
        cont.completion,
        method,
        lang=lang,
        slot="explain_llm_attr",
        note=t_text("explain.llm_attr_running", lang),
    )
    if attr is None:
        return
    method_name = t_text(f"explain.llm_method.{method}", lang)
    show_chart(attribution_heatmap(attr, lang, method_name), key="explain_llm_attr_map")
    prompt_labels = token_labels(attr.input_tokens)
    show_chart(
        token_bars(
            prompt_labels,
            {method_name: attr.seq_attr.tolist()},
            title=t_text("explain.llm_seq_title", lang),
            x_title=t_text("explain.llm_prompt_token", lang),
            y_title=t_text("explain.llm_seq_y", lang),
        ),
        key="explain_llm_attr_seq",
    )
    st.caption(t("explain.llm_attr_caption", lang))


def attribution_heatmap(
    attr: PromptAttribution,
    lang: str,
    title_method: str,
    title: str | None = None,
    bound: float | None = None,
) -> go.Figure:
    """``attr.token_attr``: rows the generated tokens (top to bottom), columns the prompt's."""
    n_prompt = len(attr.input_tokens)
    return token_heatmap(
        attr.token_attr.numpy(),
        x_labels=token_labels(attr.input_tokens),
        y_labels=token_labels(attr.output_tokens, start=n_prompt),
        title=title or t_text("explain.llm_attr_title", lang, method=title_method),
        x_title=t_text("explain.llm_prompt_token", lang),
        y_title=t_text("explain.llm_generated_token", lang),
        value_label=t_text("explain.llm_attribution", lang),
        bound=bound,
    )


def render_comparison(ctx: PageContext, cont: Continuation, method: str) -> None:
    """The original's and a quantized copy's attributions of the same continuation."""
    lang = ctx.lang
    variant = st.selectbox(
        t("explain.llm_variant", lang),
        COMPARE_VARIANTS,
        index=ctx.settings.index("llm_variant", COMPARE_VARIANTS),
        format_func=lambda v: t(f"explain.llm_variant.{v}", lang),
        key=ctx.settings.key("llm_variant"),
    )
    result = live(
        llm_comparison,
        ctx.spec,
        ctx.model,
        cont.prompt,
        cont.completion,
        method,
        variant,
        lang=lang,
        slot="explain_llm_cmp",
    )
    if result is not None:
        _show_comparison(lang, result)


def _show_comparison(lang: str, result: AttributionComparison) -> None:
    variant = t_text(f"explain.llm_variant.{result.variant}", lang)
    original = t_text("explain.llm_original", lang)
    c1, c2, c3 = st.columns(3)
    c1.metric(t("explain.llm_rho_seq", lang), _rho(result.spearman_sequence))
    c2.metric(t("explain.llm_rho_cells", lang), _rho(result.spearman_tokens))
    c3.metric(
        t("explain.llm_top_same", lang),
        t_text("explain.yes" if result.same_top_token else "explain.no", lang),
    )
    show_chart(
        token_bars(
            token_labels(result.original.input_tokens),
            {
                original: result.original.seq_attr.tolist(),
                variant: result.quantized.seq_attr.tolist(),
            },
            title=t_text("explain.llm_cmp_title", lang, variant=variant),
            x_title=t_text("explain.llm_prompt_token", lang),
            y_title=t_text("explain.llm_seq_y", lang),
        ),
        key="explain_llm_cmp_bars",
    )
    # One colour scale for both maps: the same red means the same attribution in each.
    bound = float(
        max(result.original.token_attr.abs().max(), result.quantized.token_attr.abs().max())
    )
    left, right = st.columns(2)
    for where, name, attr in (
        (left, original, result.original),
        (right, variant, result.quantized),
    ):
        key = "explain_llm_cmp_q" if attr is result.quantized else "explain_llm_cmp_o"
        fig = attribution_heatmap(attr, lang, name, title=name, bound=bound or None)
        show_chart(fig, key=key, where=where)
    st.caption(t("explain.llm_cmp_caption", lang))


def _rho(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:.2f}"
