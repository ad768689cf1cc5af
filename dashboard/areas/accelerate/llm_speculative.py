"""Speculative decoding of the code GPT with its distilled 2-layer draft: acceptance, tokens/s
against the model alone, the speed-up (and, measured, why it is below 1 here), and whether the
output equals the model's plain greedy output token for token."""

from __future__ import annotations

import streamlit as st

from components.i18n import t, t_text
from components.llm.speed_sweep import SpeculativeComparison
from dashboard.areas.accelerate.cache import llm_prompt_ids, llm_speculative
from dashboard.areas.accelerate.params import LLM_DRAFT_TOKENS, LLM_SPEC_NEW
from dashboard.shell.errors import attempt
from dashboard.shell.live import live
from dashboard.shell.measured import measured_note
from dashboard.shell.page_header import PageContext

SPEC_STEP = 8  # new tokens slider step


def render(ctx: PageContext, prompt: str, threads: int, repeats: int) -> None:
    lang, s = ctx.lang, ctx.settings
    st.header(t("accelerate.llm.spec_title", lang))
    st.caption(t("accelerate.llm.spec_caption", lang))
    left, right = st.columns(2)
    k = left.slider(
        t("accelerate.llm.k", lang), *LLM_DRAFT_TOKENS, value=s["llm_k"], key=s.key("llm_k")
    )
    new_key = s.key("llm_spec_new")
    st.session_state[new_key] = max(
        LLM_SPEC_NEW[0], st.session_state[new_key] // SPEC_STEP * SPEC_STEP
    )
    new = right.slider(
        t("accelerate.llm.spec_new", lang),
        *LLM_SPEC_NEW,
        value=st.session_state[new_key],  # after the snap above
        step=SPEC_STEP,
        key=new_key,
    )
    if attempt(lang, lambda: llm_prompt_ids(prompt, new), level="error") is None:
        return
    args = (ctx.spec.name, prompt, new, k, threads, repeats)
    result = live(llm_speculative, *args, lang=lang, slot="accelerate_llm_spec")
    if result is None:
        return
    _metrics(lang, result)
    measured_note(lang, [llm_speculative.entry(*args)], key="accelerate_llm_spec_remeasure")
    _why(lang, result)
    _outputs(lang, result)


def _metrics(lang: str, r: SpeculativeComparison) -> None:
    a, b, c, d = st.columns(4)
    a.metric(
        t_text("accelerate.llm.acceptance", lang),
        f"{r.acceptance_rate:.1%}",
        help=t_text(
            "accelerate.llm.acceptance_help",
            lang,
            accepted=r.accepted,
            proposed=r.proposed,
            rounds=r.rounds,
        ),
    )
    b.metric(
        t_text("accelerate.llm.target_rate", lang),
        t_text("accelerate.llm.rate_value", lang, rate=r.target_tokens_per_s),
    )
    c.metric(
        t_text("accelerate.llm.spec_rate", lang),
        t_text("accelerate.llm.rate_value", lang, rate=r.speculative_tokens_per_s),
    )
    d.metric(t_text("accelerate.llm.spec_speedup", lang), f"{r.speedup:.2f}×")
    if r.identical:
        st.markdown(t("accelerate.llm.identical", lang, n=r.new_tokens))
    else:
        st.error(t("accelerate.llm.not_identical", lang, i=(r.first_difference or 0) + 1))
    st.caption(
        t(
            "accelerate.llm.spec_measured",
            lang,
            runs=r.runs,
            t_iqr=1000 * r.target_iqr_s,
            s_iqr=1000 * r.speculative_iqr_s,
            prompt=r.prompt_tokens,
            new=r.new_tokens,
            threads=r.threads,
        )
    )


def _why(lang: str, r: SpeculativeComparison) -> None:
    """The measured reason: a round's time against the model alone making as many tokens."""
    values = {
        "per_round": r.tokens_per_round,
        "round_ms": r.round_ms,
        "plain_ms": r.plain_ms_per_round,
    }
    if r.speedup >= 1:
        st.markdown(t("accelerate.llm.faster", lang, **values))
        return
    st.markdown(f"**{t('accelerate.llm.why_slower_title', lang)}**")
    st.markdown(
        t(
            "accelerate.llm.why_slower",
            lang,
            k=r.k,
            draft_ms=r.proposals_ms,
            draft_tok=r.draft_ms_per_token,
            target_tok=r.target_ms_per_token,
            rest_ms=r.rest_ms,
            **values,
        )
    )


def _outputs(lang: str, r: SpeculativeComparison) -> None:
    """Both continuations as code (generated text is data, never markdown)."""
    from models.gpt import load_tokenizer

    tokenizer = load_tokenizer()
    with st.expander(t("accelerate.llm.outputs", lang), expanded=False):
        left, right = st.columns(2)
        left.caption(t("accelerate.llm.output_target", lang))
        left.code(tokenizer.decode(list(r.target_ids)), language="python")
        right.caption(t("accelerate.llm.output_spec", lang))
        right.code(tokenizer.decode(list(r.speculative_ids)), language="python")
