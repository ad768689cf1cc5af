"""Accelerate for the code GPT: prompt processing and generation speed with and without the KV
cache over the number of tokens, speculative decoding with the distilled draft
(:mod:`dashboard.areas.accelerate.llm_speculative`), and why torch.compile / ONNX Runtime are
not measured for it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.i18n import t, t_text
from components.llm.speed_charts import kv_chart
from components.llm.speed_sweep import MODES, kv_speedup
from dashboard.areas.accelerate import llm_speculative
from dashboard.areas.accelerate.cache import (
    llm_kv_entries,
    llm_kv_so_far,
    llm_kv_sweep,
    llm_prompt_ids,
)
from dashboard.areas.accelerate.controls import _snap
from dashboard.areas.accelerate.params import CORES, LLM_BATCHES, LLM_LENGTHS, LLM_REPEATS
from dashboard.shell.errors import attempt
from dashboard.shell.live import live
from dashboard.shell.measured import measured_note
from dashboard.shell.page_header import PageContext
from dashboard.shell.report import show_chart, show_table


def render(ctx: PageContext) -> None:
    """The prompt and shared controls, then the KV-cache sweep, speculative decoding, and the
    note on compiled backends."""
    lang, s = ctx.lang, ctx.settings
    st.caption(t("accelerate.llm.intro", lang))
    prompt = st.text_area(
        t("accelerate.llm.prompt", lang),
        value=s["llm_prompt"],
        key=s.key("llm_prompt"),
        height=80,
        max_chars=2000,
    )
    left, right = st.columns(2)
    threads = left.slider(
        t("accelerate.llm.threads", lang),
        1,
        CORES,
        value=s["llm_threads"],
        key=s.key("llm_threads"),
    )
    repeats = right.slider(
        t("accelerate.llm.repeats", lang),
        *LLM_REPEATS,
        value=s["llm_repeats"],
        key=s.key("llm_repeats"),
        help=t("accelerate.llm.repeats_help", lang),
    )
    ids = attempt(lang, lambda: llm_prompt_ids(prompt, 1), level="error")
    if ids is None:  # empty, or over the model's positions whatever the length
        return
    st.caption(t("accelerate.llm.prompt_tokens", lang, n=int(ids.shape[1])))
    kv_section(ctx, prompt, threads, repeats)
    llm_speculative.render(ctx, prompt, threads, repeats)
    st.header(t("accelerate.llm.compile_title", lang))
    st.markdown(t("accelerate.llm.compile_note", lang))


def kv_section(ctx: PageContext, prompt: str, threads: int, repeats: int) -> None:
    """Tokens/s and time per token over the lengths, points drawn as they are measured."""
    lang, s = ctx.lang, ctx.settings
    st.header(t("accelerate.llm.kv_title", lang))
    st.caption(t("accelerate.llm.kv_caption", lang))
    left, right = st.columns(2)
    _snap(s.key("llm_max_new"), LLM_LENGTHS)
    _snap(s.key("llm_batch"), LLM_BATCHES)
    max_new = left.select_slider(
        t("accelerate.llm.max_new", lang),
        LLM_LENGTHS,
        value=s["llm_max_new"],
        key=s.key("llm_max_new"),
        help=t("accelerate.llm.max_new_help", lang),
    )
    batch = right.select_slider(
        t("accelerate.llm.batch", lang), LLM_BATCHES, value=s["llm_batch"], key=s.key("llm_batch")
    )
    if attempt(lang, lambda: llm_prompt_ids(prompt, max_new), level="error") is None:
        return
    lengths = tuple(n for n in LLM_LENGTHS if n <= max_new)
    args = (ctx.spec.name, prompt, lengths, batch, threads, repeats)
    # Points measured already are drawn at once; the missing ones are measured in the
    # background and join the charts as each lands.
    frame = llm_kv_so_far(*args)
    if frame is None or set(frame["new_tokens"]) != set(lengths):
        live(llm_kv_sweep, *args, lang=lang, slot="accelerate_llm_kv", stream_parts=True)
        frame = llm_kv_so_far(*args)
    if frame is None:
        return
    _headline(lang, frame)
    names = {m: t_text(f"accelerate.llm.mode.{m}", lang) for m in MODES}
    _kv_charts(lang, frame, names)
    row = frame.iloc[0]
    st.caption(
        t(
            "accelerate.llm.kv_measured",
            lang,
            runs=int(row["runs"]),
            prompt=int(row["prompt_tokens"]),
            batch=int(row["batch"]),
            threads=int(row["threads"]),
        )
    )
    _growth_and_check(lang, frame)
    measured_note(lang, llm_kv_entries(*args), key="accelerate_llm_kv_remeasure")
    _table(lang, frame, names)


def _kv_charts(lang: str, frame, names: dict[str, str]) -> None:
    """Tokens/s of prefill and generation, and the time per generated token, side by side."""
    left, right = st.columns(2)
    show_chart(
        kv_chart(
            frame,
            "tokens_per_s",
            names=names,
            title=t_text("accelerate.llm.chart.rate", lang),
            x_label=t_text("accelerate.llm.axis.tokens", lang),
            y_label=t_text("accelerate.llm.axis.rate", lang),
            log_y=True,
        ),
        where=left,
        key="accelerate_llm_rate_chart",
    )
    show_chart(
        kv_chart(
            frame,
            "ms_per_token",
            names=names,
            modes=("cache", "no_cache"),
            title=t_text("accelerate.llm.chart.per_token", lang),
            x_label=t_text("accelerate.llm.axis.tokens", lang),
            y_label=t_text("accelerate.llm.axis.ms", lang),
            iqr_bars=True,
        ),
        where=right,
        key="accelerate_llm_per_token_chart",
    )


def _headline(lang: str, frame: pd.DataFrame) -> None:
    """Rates at the longest length measured so far, and the KV-cache speed-up there."""
    n = int(frame["new_tokens"].max())
    at = frame[frame["new_tokens"] == n].set_index("mode")
    columns = st.columns(4)
    for column, mode in zip(columns, MODES, strict=False):
        column.metric(
            t_text(f"accelerate.llm.metric.{mode}", lang),
            t_text("accelerate.llm.rate_value", lang, rate=at.loc[mode, "tokens_per_s"]),
        )
    columns[3].metric(
        t_text("accelerate.llm.speedup", lang, n=n),
        t_text("accelerate.llm.speedup_value", lang, x=kv_speedup(frame, n)),
        help=t_text("accelerate.llm.speedup_help", lang),
    )


def _growth_and_check(lang: str, frame: pd.DataFrame) -> None:
    """How the time per token grows from the shortest to the longest length, and whether the
    cached and uncached outputs were identical."""
    lengths = sorted(set(frame["new_tokens"]))
    if len(lengths) > 1:
        ms = frame.set_index(["mode", "new_tokens"])["ms_per_token"]
        low, high = lengths[0], lengths[-1]
        on = (ms["cache", low], ms["cache", high])
        off = (ms["no_cache", low], ms["no_cache", high])
        st.markdown(
            t(
                "accelerate.llm.growth",
                lang,
                low=low,
                high=high,
                off_low=off[0],
                off_high=off[1],
                off_x=off[1] / off[0],
                on_low=on[0],
                on_high=on[1],
                on_x=on[1] / on[0],
            )
        )
    differ = sorted(set(frame.loc[~frame["same_tokens"].astype(bool), "new_tokens"]))
    if differ:
        st.error(t("accelerate.llm.not_same_tokens", lang, lengths=", ".join(map(str, differ))))
    else:
        st.markdown(t("accelerate.llm.same_tokens", lang))


def _table(lang: str, frame: pd.DataFrame, names: dict[str, str]) -> None:
    with st.expander(t("accelerate.llm.table", lang), expanded=False):
        table = pd.DataFrame(
            {
                "new_tokens": frame["new_tokens"],
                "mode": [names[m] for m in frame["mode"]],
                "median_ms": 1000 * frame["median_s"],
                "iqr_ms": 1000 * frame["iqr_s"],
                "tokens_per_s": frame["tokens_per_s"],
                "ms_per_token": frame["ms_per_token"],
            }
        ).round(2)
        show_table(
            table.rename(columns={c: t_text(f"accelerate.llm.col.{c}", lang) for c in table}),
            title=t_text("accelerate.llm.table", lang),
            hide_index=True,
        )
