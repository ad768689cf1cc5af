"""Attention: where the transformers look (tiny_vit over patches, minilm between tokens)."""

from __future__ import annotations

import streamlit as st

from components.explain.attention import (
    TextAttention,
    count_tokens,
    head_view_lines,
    text_attention,
    vit_attention,
)
from components.explain.inputs import ImageCase
from components.explain.text import token_attributions
from components.explain.view_data import token_bar_values, vit_panels
from components.figures import (
    attention_lines,
    attribution_grid,
    heatmap,
    small_multiples,
    token_bars,
)
from components.i18n import t, t_text
from dashboard.shell.errors import attempt
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


def _layer_slider(ctx: PageContext, layers: int, key: str, where=st) -> int:
    """The layer to show, shared through the URL's ``layer`` by both attention views."""
    s = ctx.settings
    layer = where.slider(
        t("explain.att_layer", ctx.lang),
        0,
        layers - 1,
        value=min(int(s["layer"]), layers - 1),
        key=key,
    )
    st.session_state[s.key("layer")] = layer
    return layer


def render_vit(ctx: PageContext, case: ImageCase) -> None:
    """Class-token attention per layer and head over the digit, and the rollout."""
    s, lang = ctx.settings, ctx.lang
    att = vit_attention(ctx.model, case.x)
    c1, c2 = st.columns(2)
    layer = _layer_slider(ctx, att.layers, "explain_vit_layer", where=c1)
    heads = [-1, *range(att.heads)]
    head = c2.selectbox(
        t("explain.att_head", lang),
        heads,
        index=heads.index(s["head"]) if s["head"] in heads else 0,
        format_func=lambda h: t("explain.att_mean", lang) if h < 0 else str(h),
        key="explain_vit_head",
    )
    st.session_state[s.key("head")] = head
    maps = vit_panels(att, layer, None if head < 0 else head)
    panels = {
        t_text("explain.att_cls", lang, layer=layer): maps.cls_map,
        t_text("explain.att_rollout", lang, layer=layer): maps.rollout,
    }
    for h, head_map in enumerate(maps.heads):
        panels[t_text("explain.att_head_n", lang, head=h)] = head_map
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
    sentence, reference = _sentences(ctx)
    att = attempt(ctx.lang, lambda: text_attention(ctx.model, sentence, max_tokens=MAX_TOKENS))
    if att is None:
        return
    _token_notes(ctx.lang, att)
    c1, c2 = st.columns(2)
    layer = _layer_slider(ctx, att.layers, "explain_text_layer", where=c1)
    head = c2.slider(
        t("explain.att_head", ctx.lang),
        0,
        att.heads - 1,
        value=max(0, min(int(ctx.settings["head"]), att.heads - 1)),
        key="explain_text_head",
    )
    st.session_state[ctx.settings.key("head")] = head
    _head_view(ctx.lang, att, layer, head)
    _model_view(ctx.lang, att)
    _token_scores(ctx, att, sentence, reference)


def _sentences(ctx: PageContext) -> tuple[str, str]:
    """The sentence to read (typed, or one of the examples) and the reference it is compared to."""
    s, lang = ctx.settings, ctx.lang
    left, right = st.columns(2)
    sentence = left.text_area(
        t("explain.sentence", lang),
        value=s["sentence"],
        key=s.key("sentence"),
        height=80,
        max_chars=500,
    )

    def use_example() -> None:  # a callback: it runs before the text area is drawn again
        if st.session_state["explain_example"]:
            st.session_state[s.key("sentence")] = st.session_state["explain_example"]

    left.selectbox(
        t("explain.examples", lang), ["", *EXAMPLES], key="explain_example", on_change=use_example
    )
    reference = right.text_area(
        t("explain.reference", lang),
        value=s["reference"],
        key=s.key("reference"),
        height=80,
        max_chars=500,
    )
    return sentence, reference


def _token_notes(lang: str, att: TextAttention) -> None:
    """Say when the sentence was cut, or holds word pieces the vocabulary does not know."""
    if att.truncated:
        st.warning(
            t("explain.truncated", lang, n=att.n_tokens_original, max=att.max_tokens), icon="✂️"
        )
    if att.unknown_tokens:
        st.info(
            t("explain.unknown_tokens", lang, n=att.unknown_tokens, total=len(att.tokens)),
            icon="🈚",
        )


def _head_view(lang: str, att: TextAttention, layer: int, head: int) -> None:
    """One head's attention as lines between the tokens and as a matrix."""
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


def _model_view(lang: str, att: TextAttention) -> None:
    """Every layer's and head's matrix, small, in an expander."""
    layers, heads = att.maps.shape[:2]
    with st.expander(t("explain.model_view", lang)):
        show_chart(
            small_multiples(
                att.maps,
                title=t_text("explain.model_view", lang),
                row_titles=[t_text("explain.att_layer_n", lang, layer=r) for r in range(layers)],
                col_titles=[t_text("explain.att_head_n", lang, head=h) for h in range(heads)],
            ),
            key="explain_model_view",
        )


def _token_scores(ctx: PageContext, att: TextAttention, sentence: str, reference: str) -> None:
    """Integrated Gradients per token toward the reference, beside the attention each receives."""
    lang = ctx.lang
    attribution = attempt(
        lang, lambda: token_attributions(ctx.model, sentence, reference, max_tokens=MAX_TOKENS)
    )
    if attribution is None:
        return
    if (n_reference := count_tokens(ctx.model, reference)) > MAX_TOKENS:  # cut without a word
        st.warning(t("explain.reference_truncated", lang, n=n_reference, max=MAX_TOKENS), icon="✂️")
    scores, received = token_bar_values(attribution, att)
    show_chart(
        token_bars(
            att.tokens,
            {t("explain.ig_tokens", lang): scores, t("explain.att_received", lang): received},
            title=t_text("explain.tokens_title", lang, sim=attribution.similarity),
            y_label=t("explain.relative", lang),
        ),
        key="explain_token_bars",
    )
    st.caption(t("explain.tokens_caption", lang, ms=attribution.seconds * 1e3))
