"""Inside the code GPT: the logit lens (each layer's next-token guess) and decoder attention per
layer and head over the prompt and its continuation."""

from __future__ import annotations

import streamlit as st

from components.figures import small_multiples
from components.i18n import t, t_text
from components.llm.attention import DecoderAttention
from components.llm.attribution import LogitLens
from components.llm.charts import token_heatmap
from components.llm.prompts import Continuation, token_labels, visible
from dashboard.areas.explain.cache import llm_attention, llm_logit_lens
from dashboard.shell.live import live
from dashboard.shell.page_header import PageContext
from dashboard.shell.page_state import index_in
from dashboard.shell.report import show_chart


def layer_names(n_layers: int, lang: str) -> list[str]:
    """ "embedding", "layer 1", …, "layer n (output)" in ``lang`` (the logit lens's rows)."""
    return (
        [t_text("explain.llm_embedding", lang)]
        + [t_text("explain.llm_layer_n", lang, n=i) for i in range(1, n_layers)]
        + [t_text("explain.llm_output_layer", lang, n=n_layers)]
    )


def render_lens(ctx: PageContext, cont: Continuation) -> None:
    """Each layer's likeliest next token per position (text in the cells), coloured by its
    probability."""
    lang = ctx.lang
    lens = live(
        llm_logit_lens,
        ctx.spec,
        ctx.model,
        cont.prompt + cont.completion,
        lang=lang,
        slot="explain_llm_lens",
    )
    if lens is not None:
        show_chart(lens_heatmap(lens, lang), key="explain_llm_lens")
        st.caption(t("explain.llm_lens_caption", lang))


def lens_heatmap(lens: LogitLens, lang: str):
    """Rows: the positions in reading order; columns: the embedding, then every layer (the
    model's output last). A layer's column is wide enough for its guessed tokens, however long
    the text (positions as columns left each cell a few pixels)."""
    return token_heatmap(
        lens.top_probs.numpy().T,
        x_labels=layer_names(len(lens.layers) - 1, lang),
        y_labels=token_labels(lens.tokens),
        title=t_text("explain.llm_lens_title", lang),
        x_title=t_text("explain.llm_lens_y", lang),
        y_title=t_text("explain.llm_lens_x", lang),
        value_label=t_text("explain.llm_probability", lang),
        signed=False,
        cell_text=[
            [visible(tok) for tok in column] for column in zip(*lens.top_tokens, strict=True)
        ],
    )


def render_attention(ctx: PageContext, cont: Continuation) -> None:
    """One layer's attention (one head or their mean), and every layer and head, small."""
    lang, s = ctx.lang, ctx.settings
    att = live(llm_attention, ctx.spec, ctx.model, cont, lang=lang, slot="explain_llm_att")
    if att is None:
        return
    layer_key, head_key = s.key("llm_layer"), s.key("llm_head")
    # The URL allows more layers and heads than this model has: clamp before drawing.
    st.session_state[layer_key] = min(max(int(st.session_state[layer_key]), 1), att.layers)
    heads = [-1, *range(att.heads)]
    if st.session_state[head_key] not in heads:
        st.session_state[head_key] = -1
    c1, c2 = st.columns(2)
    layer = c1.slider(
        t("explain.llm_att_layer", lang),
        1,
        att.layers,
        value=st.session_state[layer_key],
        key=layer_key,
    )
    head = c2.selectbox(
        t("explain.llm_att_head", lang),
        heads,
        index=index_in(st.session_state[head_key], heads),
        format_func=lambda h: (
            t_text("explain.llm_att_mean", lang)
            if h < 0
            else t_text("explain.llm_head_n", lang, n=h)
        ),
        key=head_key,
    )
    show_chart(attention_heatmap(att, layer, head, lang), key="explain_llm_att_map")
    st.caption(t("explain.llm_att_caption", lang, first=att.n_prompt))
    with st.expander(t("explain.llm_model_view", lang)):
        show_chart(
            small_multiples(
                att.maps,
                title=t_text("explain.llm_model_view", lang),
                row_titles=[
                    t_text("explain.llm_layer_n", lang, n=r + 1) for r in range(att.layers)
                ],
                col_titles=[t_text("explain.llm_head_n", lang, n=h) for h in range(att.heads)],
            ),
            key="explain_llm_att_all",
        )


def attention_heatmap(att: DecoderAttention, layer: int, head: int, lang: str):
    """Layer ``layer`` (1-based, as the logit lens names it), head ``head`` (-1: the mean)."""
    labels = token_labels(att.tokens)
    head_name = (
        t_text("explain.llm_att_mean", lang)
        if head < 0
        else t_text("explain.llm_head_n", lang, n=head)
    )
    return token_heatmap(
        att.matrix(layer - 1, None if head < 0 else head),
        x_labels=labels,
        y_labels=labels,
        title=t_text("explain.llm_att_title", lang, layer=layer, head=head_name),
        x_title=t_text("explain.llm_att_key", lang),
        y_title=t_text("explain.llm_att_query", lang),
        value_label=t_text("explain.llm_att_weight", lang),
        signed=False,
    )
