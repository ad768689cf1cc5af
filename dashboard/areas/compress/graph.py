"""Architecture graph: the original's and a variant's graph one above the other, on the same
layout: removed channels and heads shrink their nodes, sparsity colours them, int8 modules are
diamonds; hover a node for its numbers. Repeated blocks are collapsed unless expanded."""

from __future__ import annotations

import streamlit as st

from components.graph import ModelGraph, collapse_blocks, graph_figure
from components.i18n import format_count, t, t_text
from dashboard.areas.compress.cache import graph_blocks, model_graph
from dashboard.areas.compress.forgetting import _pick_variant, _variants
from dashboard.shared.variants import ORIGINAL
from dashboard.shell.live import live
from dashboard.shell.page_header import PageContext
from dashboard.shell.report import show_chart

WORDS = ("members", "shape", "width", "heads", "params", "sparsity", "flops", "quantized")


def words(lang: str):
    """The hover's words in ``lang`` (a function the figure calls per word)."""
    return lambda word: t_text(f"graph.word.{word}", lang)


def tracer_caption(graph: ModelGraph, lang: str) -> str:
    """Which tracer made the graph, how long it took, and why the earlier ones failed."""
    text = t("graph.tracer", lang, tracer=graph.tracer, ms=graph.build_ms)
    for tracer, reason in graph.reasons.items():
        text += " " + t("graph.fallback", lang, tracer=tracer, reason=reason)
    return text


def _natural(block: str) -> list[tuple[int, int | str]]:
    """``layer.10`` after ``layer.9``."""
    return [(0, int(p)) if p.isdigit() else (1, p) for p in block.split(".")]


def expanded_blocks(blocks: dict[str, str], key: str, lang: str) -> frozenset[str]:
    """The repeated blocks the student opened (none: all collapsed)."""
    names = sorted(set(blocks.values()), key=_natural)
    if not names:
        return frozenset()
    picked = st.multiselect(
        t("graph.expand", lang), names, key=key, help=t("graph.expand_help", lang, n=len(names))
    )
    return frozenset(picked)


def render(ctx: PageContext) -> None:
    lang, name = ctx.lang, ctx.spec.name
    options = _variants(ctx)
    if not options:
        return
    recipe, label = options[_pick_variant(ctx, options)]
    original = live(model_graph, name, ORIGINAL, lang=lang, slot="compress_graph_original")
    variant = live(model_graph, name, recipe, lang=lang, slot="compress_graph_variant")
    if original is None or variant is None:
        return
    st.caption(tracer_caption(original, lang))
    if variant.tracer != original.tracer or variant.reasons != original.reasons:
        st.caption(f"{label}: " + tracer_caption(variant, lang))
    blocks = graph_blocks(name)
    expanded = expanded_blocks(blocks, "compress_graph_expand", lang)
    shown = [
        (t_text("cmp.original", lang), collapse_blocks(original, blocks, expanded)),
        (label, collapse_blocks(variant, blocks, expanded)),
    ]
    show_chart(
        graph_figure(
            shown,
            words=words(lang),
            colour_label=t_text("graph.word.sparsity", lang),
            title=t_text("graph.title", lang),
        ),
        key="compress_graph_chart",
    )
    cols = st.columns(3)
    cols[0].metric(t("graph.params_original", lang), format_count(original.params))
    cols[1].metric(
        t("graph.params_variant", lang),
        format_count(variant.params),
        delta=f"{variant.params / original.params - 1:+.0%}" if original.params else None,
        delta_color="off",
    )
    cols[2].metric(t("graph.nodes", lang), f"{len(shown[0][1].nodes)} / {len(original.nodes)}")
    st.caption(t("graph.legend", lang))
