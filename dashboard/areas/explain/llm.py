"""Explain for the code GPT: a prompt and its greedy continuation, then why — token attribution
(captum's LLMAttribution), the logit lens, decoder attention and original vs quantized
attributions. The views live in ``llm_attribution.py`` and ``llm_inside.py``."""

from __future__ import annotations

import streamlit as st

from components.i18n import t
from components.llm.attribution import METHODS, SHAPLEY_SAMPLES
from components.llm.prompts import MAX_PROMPT_TOKENS, NEW_TOKENS_RANGE, check_prompt, visible
from dashboard.areas.explain import llm_attribution, llm_inside
from dashboard.areas.explain.cache import llm_continuation
from dashboard.shell.errors import attempt
from dashboard.shell.live import live
from dashboard.shell.page_header import PageContext
from models.gpt import load_tokenizer


def render(ctx: PageContext) -> None:
    """The code GPT's explanation view: controls, the continuation, then the four views."""
    lang, s = ctx.lang, ctx.settings
    st.caption(t("explain.llm_intro", lang))
    prompt = st.text_area(
        t("explain.llm_prompt", lang),
        value=s["llm_prompt"],
        key=s.key("llm_prompt"),
        height=110,
        help=t("explain.llm_prompt_help", lang, max=MAX_PROMPT_TOKENS),
    )
    c1, c2 = st.columns([1, 2])
    new = c1.slider(
        t("explain.llm_new", lang), *NEW_TOKENS_RANGE, value=s["llm_new"], key=s.key("llm_new")
    )
    methods = list(METHODS)
    method = c2.selectbox(
        t("explain.llm_method", lang),
        methods,
        index=s.index("llm_method", methods),
        format_func=lambda m: t(f"explain.llm_method.{m}", lang),
        key=s.key("llm_method"),
    )
    if attempt(lang, lambda: check_prompt(load_tokenizer(), prompt)) is None:
        return
    cont = live(
        llm_continuation, ctx.spec, ctx.model, prompt, new, lang=lang, slot="explain_llm_cont"
    )
    if cont is None:
        return
    tokens = " ".join(visible(load_tokenizer().decode([i])) for i in cont.new_ids)
    st.caption(t("explain.llm_continuation", lang, n=len(cont.new_ids), tokens=tokens))
    st.code(prompt + cont.completion, language="python")
    st.caption(t(f"explain.llm_method_help.{method}", lang, samples=SHAPLEY_SAMPLES))

    st.header(t("explain.llm_attr_header", lang))
    llm_attribution.render_attribution(ctx, cont, method)
    st.header(t("explain.llm_lens_header", lang))
    llm_inside.render_lens(ctx, cont)
    st.header(t("explain.llm_att_header", lang))
    llm_inside.render_attention(ctx, cont)
    st.header(t("explain.llm_cmp_header", lang))
    llm_attribution.render_comparison(ctx, cont, method)
