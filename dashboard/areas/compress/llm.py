"""Compress for the code GPT: weight-only int8 / int4, dynamic int8, head and FFN pruning and
the distilled student, judged by perplexity, size and tokens/s, side by side with the original."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.figures import ORIGINAL_COLOR, VARIANT_COLOR, style
from components.i18n import t, t_text
from components.llm.side_by_side import SideBySide, check_prompt
from dashboard.areas.compress import cache
from dashboard.areas.compress.params import LLM_COMPARED, LLM_NEW_TOKENS, MAX_LLM_PROMPT_CHARS
from dashboard.shell.errors import attempt
from dashboard.shell.live import live
from dashboard.shell.page_header import PageContext
from dashboard.shell.report import show_chart
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
    table = _table(quality, speed, lang)
    st.dataframe(table, hide_index=True, width="stretch", column_config=_formats(lang))
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
    show_chart(_quality_chart(quality, lang), key="compress_llm_quality_chart")
    if speed is not None:
        show_chart(_speed_chart(speed, lang, ctx.threads), key="compress_llm_speed_chart")
        ratio = speed.set_index("variant")["tokens_per_s"]
        ratio = ratio / ratio["fp32"]
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


def _table(quality: pd.DataFrame, speed: pd.DataFrame | None, lang: str) -> pd.DataFrame:
    """The shown table: values and ratios against fp32 (speed columns once measured)."""
    q = quality.set_index("variant")
    col = lambda key, **v: t_text(f"compress.llm.col.{key}", lang, **v)  # noqa: E731
    table = pd.DataFrame(
        {
            col("variant"): [_label(v, lang) for v in q.index],
            col("params"): q["params"].map("{:,}".format).values,
            col("size"): (q["size_bytes"] / 1e6).round(2).values,
            col("size_ratio"): (q["size_bytes"] / q.loc["fp32", "size_bytes"]).round(2).values,
            col("ppl"): q["perplexity"].round(2).values,
            col("ppl_ratio"): (q["perplexity"] / q.loc["fp32", "perplexity"]).round(3).values,
        }
    )
    if speed is not None:
        s = speed.set_index("variant").reindex(q.index)
        table[col("tokens_s")] = s["tokens_per_s"].round(0).values
        table[col("speed_ratio")] = (
            (s["tokens_per_s"] / s.loc["fp32", "tokens_per_s"]).round(2).values
        )
        table[col("time", new=cache.LLM_SPEED_NEW_TOKENS)] = [
            f"{m:.3f} ± {i:.3f}" for m, i in zip(s["median_s"], s["iqr_s"], strict=True)
        ]
    return table


# One colour and symbol per variant, the original in red, so the legend names the points
# (labels beside the points overlap: the quantized ones lie within 0.4 MB of each other).
# Okabe & Ito's colour-blind-safe colours (components.figures), one per family, and a symbol
# per member: the original blue as everywhere, quantized orange / sky blue / black, pruned
# bluish green (heads) and vermillion (FFN), the student reddish purple.
_STYLE = {
    "fp32": (ORIGINAL_COLOR, "star"),
    "int8_weight_only": (VARIANT_COLOR, "circle"),
    "int4_weight_only": ("#56B4E9", "circle"),
    "dynamic_int8": ("#000000", "circle"),
    "heads_25": ("#009E73", "triangle-up"),
    "heads_50": ("#009E73", "triangle-down"),
    "ffn_25": ("#D55E00", "square"),
    "ffn_50": ("#D55E00", "diamond"),
    cache.LLM_STUDENT: ("#CC79A7", "hexagon"),
}


def _formats(lang: str) -> dict[str, st.column_config.NumberColumn]:
    """Fixed decimals: a ratio of 1.000 reads as exactly the original, not as a rounded "1"."""
    col = lambda key: t_text(f"compress.llm.col.{key}", lang)  # noqa: E731
    formats = {"size": "%.2f", "size_ratio": "%.2f×", "ppl": "%.2f", "ppl_ratio": "%.3f×"}
    formats |= {"tokens_s": "%.0f", "speed_ratio": "%.2f×"}
    return {col(k): st.column_config.NumberColumn(format=f) for k, f in formats.items()}


def _quality_chart(quality: pd.DataFrame, lang: str) -> go.Figure:
    fig = go.Figure()
    for row in quality.itertuples():
        colour, symbol = _STYLE.get(row.variant, ("#7f7f7f", "circle"))
        label = _label(row.variant, lang)
        fig.add_trace(
            go.Scatter(
                x=[row.size_bytes / 1e6],
                y=[row.perplexity],
                mode="markers",
                name=label,
                marker={"size": 13, "color": colour, "symbol": symbol},
                hovertemplate=f"{label}<br>%{{x:.2f}} MB<br>ppl %{{y:.2f}}<extra></extra>",
            )
        )
    fig.update_xaxes(title=t_text("compress.llm.chart_x", lang))
    fig.update_yaxes(title=t_text("compress.llm.chart_y", lang), type="log")
    fig = style(fig, t_text("compress.llm.chart_title", lang), height=460)
    fig.update_layout(legend={"orientation": "h"})
    return fig


def _speed_chart(speed: pd.DataFrame, lang: str, threads: int) -> go.Figure:
    new = cache.LLM_SPEED_NEW_TOKENS
    rate = new / speed["median_s"]
    # the IQR of the time as a range of tokens/s: new / (median ± IQR/2)
    high = new / (speed["median_s"] - speed["iqr_s"] / 2).clip(lower=1e-9) - rate
    low = rate - new / (speed["median_s"] + speed["iqr_s"] / 2)
    fig = go.Figure(
        go.Bar(
            x=[_label(v, lang) for v in speed["variant"]],
            y=rate,
            error_y={"type": "data", "symmetric": False, "array": high, "arrayminus": low},
            marker_color=[_STYLE.get(v, ("#7f7f7f", ""))[0] for v in speed["variant"]],
            hovertemplate="%{x}<br>%{y:.0f} tokens/s<extra></extra>",
        )
    )
    fig.update_yaxes(title=t_text("compress.llm.col.tokens_s", lang))
    fig.update_xaxes(tickangle=-30)
    return style(fig, t_text("compress.llm.speed_chart_title", lang, threads=threads), height=440)


def _side_by_side(ctx: PageContext) -> None:
    lang, settings, name = ctx.lang, ctx.settings, ctx.spec.name
    st.header(t("compress.llm.side_title", lang))
    st.caption(t("compress.llm.side_caption", lang))
    pick, length = st.columns([2, 1])
    variant = pick.selectbox(
        t("compress.llm.side_variant", lang),
        LLM_COMPARED,
        format_func=lambda v: _label(v, lang),
        key=settings.key("llm_variant"),
    )
    new_tokens = length.slider(
        t("compress.llm.side_new_tokens", lang),
        *LLM_NEW_TOKENS,
        key=settings.key("llm_new_tokens"),
    )
    prompt = st.text_area(
        t("compress.llm.side_prompt", lang),
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
