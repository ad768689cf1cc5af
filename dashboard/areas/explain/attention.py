"""Attention: where the transformers look (tiny_vit over patches, minilm between tokens)."""

from __future__ import annotations

import streamlit as st

from components.errors import UserFacingError
from components.explain.attention import (
    attention_rollout,
    attention_token_scores,
    count_tokens,
    head_view_lines,
    rollout_cls_map,
    text_attention,
    upsample_patch_map,
    vit_attention,
)
from components.explain.text import token_attributions
from components.figures import (
    attention_lines,
    attribution_grid,
    heatmap,
    small_multiples,
    token_bars,
)
from components.i18n import t, t_text
from dashboard.areas.explain.case import ImageCase
from dashboard.shell.page_header import PageContext
from dashboard.shell.report import show_chart

MAX_TOKENS = 64  # the attention views read at most this many word pieces; the page says so
EXAMPLES = (
    "The cat is sleeping on the sofa.",
    "Neural networks learn patterns from data.",
    "The train to the airport was delayed by an hour.",
    "猫在沙发上睡觉。",
    "神经网络从数据中学习规律。",
)


def render_vit(ctx: PageContext, case: ImageCase) -> None:
    """Class-token attention per layer and head over the digit, and the rollout."""
    s, lang = ctx.settings, ctx.lang
    att = vit_attention(ctx.model, case.x)
    c1, c2 = st.columns(2)
    layer = c1.slider(
        t("explain.att_layer", lang),
        0,
        att.layers - 1,
        value=min(int(s["layer"]), att.layers - 1),
        key="explain_vit_layer",
    )
    st.session_state[s.key("layer")] = layer
    heads = [-1, *range(att.heads)]
    head = c2.selectbox(
        t("explain.att_head", lang),
        heads,
        index=heads.index(s["head"]) if s["head"] in heads else 0,
        format_func=lambda h: t("explain.att_mean", lang) if h < 0 else str(h),
        key="explain_vit_head",
    )
    st.session_state[s.key("head")] = head
    panels = {
        t_text("explain.att_cls", lang, layer=layer): upsample_patch_map(
            att.cls_map(layer, None if head < 0 else head)
        ),
        t_text("explain.att_rollout", lang, layer=layer): upsample_patch_map(
            rollout_cls_map(attention_rollout(att.maps, upto_layer=layer), att.grid)
        ),
    }
    for h in range(att.heads):
        panels[t_text("explain.att_head_n", lang, head=h)] = upsample_patch_map(
            att.cls_map(layer, h)
        )
    show_chart(
        attribution_grid(
            case.preview,
            panels,
            signed=False,
            opacity=float(s["opacity"]),
            columns=3,
            title=t_text("explain.att_title", lang, layer=layer),
        ),
        key="explain_vit_attention",
    )
    st.caption(t("explain.att_caption", lang))


def render_text(ctx: PageContext) -> None:
    """BertViz-style head view and model view for minilm, and token attributions."""
    s, lang = ctx.settings, ctx.lang
    left, right = st.columns(2)
    sentence = left.text_area(
        t("explain.sentence", lang), key=s.key("sentence"), height=80, max_chars=500
    )

    def use_example() -> None:  # a callback: it runs before the text area is drawn again
        if st.session_state["explain_example"]:
            st.session_state[s.key("sentence")] = st.session_state["explain_example"]

    left.selectbox(
        t("explain.examples", lang), ["", *EXAMPLES], key="explain_example", on_change=use_example
    )
    reference = right.text_area(
        t("explain.reference", lang), key=s.key("reference"), height=80, max_chars=500
    )
    try:
        att = text_attention(ctx.model, sentence, max_tokens=MAX_TOKENS)
    except UserFacingError as err:
        st.warning(t(err.key, lang, **err.values), icon="⚠️")
        return
    if att.truncated:
        st.warning(
            t("explain.truncated", lang, n=att.n_tokens_original, max=att.max_tokens), icon="✂️"
        )
    if att.unknown_tokens:
        st.info(
            t("explain.unknown_tokens", lang, n=att.unknown_tokens, total=len(att.tokens)),
            icon="🈚",
        )
    c1, c2 = st.columns(2)
    layer = c1.slider(
        t("explain.att_layer", lang),
        0,
        att.layers - 1,
        value=min(int(s["layer"]), att.layers - 1),
        key="explain_text_layer",
    )
    st.session_state[s.key("layer")] = layer
    head = c2.slider(
        t("explain.att_head", lang),
        0,
        att.heads - 1,
        value=max(0, min(int(s["head"]), att.heads - 1)),
        key="explain_text_head",
    )
    st.session_state[s.key("head")] = head
    h1, h2 = st.columns([1, 1])
    show_chart(
        attention_lines(
            att.tokens,
            head_view_lines(att, layer, head),
            title=t_text("explain.head_view", lang, layer=layer, head=head),
        ),
        where=h1,
        key="explain_head_lines",
    )
    show_chart(
        heatmap(
            att.maps[layer, head],
            x_labels=att.tokens,
            y_labels=att.tokens,
            colorscale="Blues",
            zmid=None,
            title=t_text("explain.head_matrix", lang),
            value_label=t_text("explain.att_weight", lang),
        ),
        where=h2,
        key="explain_head_matrix",
    )
    with st.expander(t("explain.model_view", lang)):
        show_chart(
            small_multiples(
                att.maps,
                title=t_text("explain.model_view", lang),
                row_titles=[
                    t_text("explain.att_layer_n", lang, layer=r) for r in range(att.maps.shape[0])
                ],
                col_titles=[
                    t_text("explain.att_head_n", lang, head=h) for h in range(att.maps.shape[1])
                ],
            ),
            key="explain_model_view",
        )
    try:
        attribution = token_attributions(ctx.model, sentence, reference, max_tokens=MAX_TOKENS)
    except UserFacingError as err:
        st.warning(t(err.key, lang, **err.values), icon="⚠️")
        return
    if (n_reference := count_tokens(ctx.model, reference)) > MAX_TOKENS:  # cut without a word
        st.warning(t("explain.reference_truncated", lang, n=n_reference, max=MAX_TOKENS), icon="✂️")
    scores = attribution.scores / (abs(attribution.scores).max() or 1.0)
    received = attention_token_scores(att, words_only=True)  # [CLS] alone takes ~0.7
    show_chart(
        token_bars(
            att.tokens,
            {
                t("explain.ig_tokens", lang): scores,
                t("explain.att_received", lang): received / (received.max() or 1),
            },
            title=t_text("explain.tokens_title", lang, sim=attribution.similarity),
            y_label=t("explain.relative", lang),
        ),
        key="explain_token_bars",
    )
    st.caption(t("explain.tokens_caption", lang, ms=attribution.seconds * 1e3))
