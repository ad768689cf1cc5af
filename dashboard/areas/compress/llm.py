"""Compress for the code GPT: weight-only int8 / int4, dynamic int8, head and FFN pruning and
the distilled student, judged by perplexity, size and tokens/s, side by side with the original."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.i18n import t, t_text
from components.llm.side_by_side import SideBySide, check_prompt
from components.llm.variant_report import (
    NUMBER_FORMATS,
    TABLE_COLUMNS,
    quality_chart,
    speed_chart,
    speed_ratios,
    variant_table,
)
from dashboard.areas.compress import cache
from dashboard.areas.compress.params import LLM_COMPARED, LLM_NEW_TOKENS, MAX_LLM_PROMPT_CHARS
from dashboard.shell.errors import attempt
from dashboard.shell.live import live
from dashboard.shell.page_header import PageContext
from dashboard.shell.report import show_chart, show_table
from models.gpt import EVAL_TOKENS, load_tokenizer


def render(ctx: PageContext) -> None:
    """The table and charts of every variant, then one variant next to the original."""
    _variants_table(ctx)
    st.divider()
    _side_by_side(ctx)


def _label(variant: str, lang: str) -> str:
    return t_text(f"compress.llm.variant.{variant}", lang)


def _variants_table(ctx: PageContext) -> None:
    lang, name = ctx.lang, ctx.spec.name
    st.header(t("compress.llm.table_title", lang))
    quality = live(
        cache.llm_quality,
        name,
        lang=lang,
        slot="compress_llm_quality",
        note=t("compress.llm.measuring_quality", lang),
    )
    if quality is None:
        return
    speed = live(
        cache.llm_speed,
        name,
        ctx.threads,
        lang=lang,
        slot="compress_llm_speed",
        note=t("compress.llm.measuring_speed", lang),
    )
    labels = {v: _label(v, lang) for v in quality["variant"]}
    columns = {
        key: t_text(f"compress.llm.col.{key}", lang, new=cache.LLM_SPEED_NEW_TOKENS)
        for key in TABLE_COLUMNS
    }
    table = variant_table(quality, speed, labels, columns)
    show_table(
        table,
        title=t_text("compress.llm.table_title", lang),
        hide_index=True,
        column_config={
            columns[key]: st.column_config.NumberColumn(format=fmt)
            for key, fmt in NUMBER_FORMATS.items()
        },
    )
    prompt_tokens = int(speed["prompt_tokens"].iloc[0]) if speed is not None else 7
    runs = int(speed["runs"].iloc[0]) if speed is not None else cache.LLM_SPEED_ROUNDS
    st.caption(
        t(
            "compress.llm.table_caption",
            lang,
            tokens=EVAL_TOKENS,
            new=cache.LLM_SPEED_NEW_TOKENS,
            prompt=prompt_tokens,
            threads=ctx.threads,
            runs=runs,
        )
    )
    st.caption(t("compress.llm.pruning_note", lang))
    _variant_charts(ctx, quality, speed, labels)


def _variant_charts(
    ctx: PageContext, quality: pd.DataFrame, speed: pd.DataFrame | None, labels: dict[str, str]
) -> None:
    """Size against perplexity, then tokens/s once timed, each with what it shows in words."""
    lang = ctx.lang
    size = quality.set_index("variant")["size_bytes"] / 1e6
    st.info(
        t(
            "compress.llm.int4_note",
            lang,
            int4_mb=size["int4_weight_only"],
            int8_mb=size["int8_weight_only"],
        ),
        icon="ℹ️",
    )
    quality_fig = quality_chart(
        quality,
        labels,
        title=t_text("compress.llm.chart_title", lang),
        x_label=t_text("compress.llm.chart_x", lang),
        y_label=t_text("compress.llm.chart_y", lang),
    )
    show_chart(quality_fig, key="compress_llm_quality_chart")
    if speed is not None:
        speed_fig = speed_chart(
            speed,
            labels,
            cache.LLM_SPEED_NEW_TOKENS,
            title=t_text("compress.llm.speed_chart_title", lang, threads=ctx.threads),
            y_label=t_text("compress.llm.col.tokens_s", lang),
        )
        show_chart(speed_fig, key="compress_llm_speed_chart")
        ratio = speed_ratios(speed)
        fastest = ratio.idxmax()
        st.info(
            t(
                "compress.llm.speed_note",
                lang,
                int8=ratio["int8_weight_only"],
                int4=ratio["int4_weight_only"],
                dyn=ratio["dynamic_int8"],
                fastest=_label(fastest, lang),
                fastest_ratio=ratio[fastest],
            ),
            icon="⏱️",
        )


def _side_by_side(ctx: PageContext) -> None:
    lang, settings, name = ctx.lang, ctx.settings, ctx.spec.name
    st.header(t("compress.llm.side_title", lang))
    st.caption(t("compress.llm.side_caption", lang))
    pick, length = st.columns([2, 1])
    variant = pick.selectbox(
        t("compress.llm.side_variant", lang),
        LLM_COMPARED,
        index=settings.index("llm_variant", LLM_COMPARED),
        format_func=lambda v: _label(v, lang),
        key=settings.key("llm_variant"),
    )
    new_tokens = length.slider(
        t("compress.llm.side_new_tokens", lang),
        *LLM_NEW_TOKENS,
        value=settings["llm_new_tokens"],
        key=settings.key("llm_new_tokens"),
    )
    prompt = st.text_area(
        t("compress.llm.side_prompt", lang),
        value=settings["llm_prompt"],
        key=settings.key("llm_prompt"),
        max_chars=MAX_LLM_PROMPT_CHARS,
        height=90,
    )
    if attempt(lang, lambda: check_prompt(load_tokenizer(), prompt, new_tokens)) is None:
        return
    result = live(
        cache.llm_side_by_side,
        name,
        variant,
        prompt,
        new_tokens,
        lang=lang,
        slot="compress_llm_side",
    )
    if result is not None:
        _show_pair(result, _label(variant, lang), lang)


def _show_pair(result: SideBySide, variant_label: str, lang: str) -> None:
    left, right = st.columns(2)
    left.markdown(f"**{t('compress.llm.side_original', lang)}**")
    left.code(result.prompt + result.original_text, language="python", wrap_lines=True)
    right.markdown(f"**{variant_label}**")
    right.code(result.prompt + result.variant_text, language="python", wrap_lines=True)
    d = result.divergence
    st.metric(
        t("compress.llm.diverge_metric", lang),
        t_text("compress.llm.diverge_none", lang) if d.index is None else d.index,
    )
    if d.index is None:
        st.success(t("compress.llm.same", lang, n=len(result.original_ids)), icon="✅")
    else:
        st.warning(
            t(
                "compress.llm.diverge",
                lang,
                index=d.index,
                a=repr(d.original_token),
                b=repr(d.variant_token),
            ),
            icon="🔀",
        )
