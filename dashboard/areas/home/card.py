"""Home's model card of a zoo or brought model: profile, measured latency, layers, graph and
sample predictions (the code GPT has its own card: ``gpt_card``)."""

from __future__ import annotations

import streamlit as st

from components.figures import heatmap, image_grid, layer_bar_chart
from components.graph import collapse_blocks, graph_figure
from components.i18n import code_span, format_bytes, format_count, model_title, t, t_text
from components.latency import LatencyResult
from components.profile import ModelProfile, group_layers
from dashboard.areas.home.cache import (
    card_blocks,
    card_graph,
    card_latency,
    digit_samples,
    model_profile,
    sentence_samples,
)
from dashboard.areas.home.params import ARCHITECTURE_FOLD, CARD_TABS
from dashboard.shared.brought_model import (
    brought_model,
    is_user_model,
    model_applicability,
    reason_text,
)
from dashboard.shared.figures import shared_figure
from dashboard.shared.resources import server_threads
from dashboard.shell.folds import lazy_fold
from dashboard.shell.live import live
from dashboard.shell.presenter import grid_columns
from dashboard.shell.report import report_number, report_table, show_chart, show_table
from dashboard.shell.state import SharedState
from dashboard.shell.tabs import lazy_tabs
from models.minilm import PROFILE_TOKENS
from models.registry import ModelSpec, recorded_metrics

SAMPLE_DIGITS = 10
SAMPLE_PAIRS = 4


def render(spec: ModelSpec, state: SharedState) -> None:
    """The card's numbers, charts and samples for ``spec`` (the sidebar's model)."""
    profile = model_profile(state.model)
    _numbers(spec, state, profile)
    _layers(spec, state, profile)
    _samples(spec, state)
    if is_user_model(spec):
        brought_model(spec, state.lang)


def _numbers(spec: ModelSpec, state: SharedState, profile: ModelProfile) -> None:
    """Parameters, size, FLOPs, quality and the measured latency, with how they were taken."""
    lang = state.lang
    quality = profile.quality
    cols = st.columns(5)
    cols[0].metric(t("card.params", lang), f"{profile.params:,}")
    cols[1].metric(
        t("card.size", lang), format_bytes(profile.size_bytes), help=t("card.size_help", lang)
    )
    cols[2].metric(
        t("card.flops", lang),
        format_count(profile.flops.per_sample),
        help=t("card.flops_help", lang),
    )
    cols[3].metric(
        t(f"metric.{quality.metric}", lang),
        f"{quality.value:.1%}",
        help=t(f"metric.{quality.metric}_help", lang, n=quality.n),
    )
    with cols[4]:  # timed in the background: the note stands where the number will be
        latency = live(
            card_latency, state.model, 1, server_threads(), lang=lang, slot="home_latency"
        )
    for label, value in (
        (t("card.params", lang), f"{profile.params:,}"),
        (t("card.size", lang), format_bytes(profile.size_bytes)),
        (t("card.flops", lang), format_count(profile.flops.per_sample)),
        (t(f"metric.{quality.metric}", lang), f"{quality.value:.1%}"),
    ):
        report_number(label, value)
    if latency is not None:
        cols[4].metric(t("card.latency", lang), f"{latency.median_ms:.3f} ms")
        report_number(
            t("card.latency", lang), f"{latency.median_ms:.3f} ms (IQR {latency.iqr_ms:.3f} ms)"
        )
        _latency_caption(spec, lang, latency)
    recorded = recorded_metrics(spec)
    if recorded and spec.retrain_command:
        st.caption(
            t(
                "card.recorded",
                lang,
                acc=recorded["test_accuracy"],
                seconds=recorded["train_seconds"],
                threads=recorded["threads"],
                command=code_span(spec.retrain_command),
            )
        )


def _latency_caption(spec: ModelSpec, lang: str, latency: LatencyResult) -> None:
    """How the card's latency was taken: median, spread, runs, batch, threads and input."""
    if spec.input_kind == "text":
        seq = t("card.seq_text", lang, tokens=PROFILE_TOKENS)
    elif is_user_model(spec):
        shapes = " + ".join("×".join(map(str, x.shape[1:])) for x in spec.example_input(None, 1))
        seq = t("byom.input_shape", lang, shape=shapes)
    else:
        seq = t("card.seq_image", lang)
    st.caption(
        t(
            "card.latency_detail",
            lang,
            median=latency.median_ms,
            iqr=latency.iqr_ms,
            runs=latency.runs,
            batch=latency.batch_size,
            threads=latency.threads,
            backend=latency.backend,
            seq=seq,
        )
    )


def _layers(spec: ModelSpec, state: SharedState, profile: ModelProfile) -> None:
    """Parameters and FLOPs per block, the architecture graph and the layer table."""
    lang = state.lang
    layers = profile.layers
    blocks = group_layers(layers)
    if len(blocks) < len(layers):
        st.caption(t("card.grouped", lang, n=len(layers), blocks=len(blocks)))
    # Lazy tabs and fold: a fresh browser's first page draws one chart here, not three and a
    # data grid (whose code the browser would load first). With the one-markdown cards, Home's
    # first page finished 1.71 → 1.36 s (p50 of 16, bench_liveness: #16).
    params_tab, flops_tab, graph_tab = lazy_tabs(
        CARD_TABS,
        lambda lang: [t(f"card.{key}", lang) for key in ("layers_params", "layers_flops", "graph")],
        lang,
    )
    for tab, column, log_y in ((params_tab, "params", True), (flops_tab, "flops", False)):
        if not tab.open:
            continue
        title = t(f"card.layers_{column}", lang)
        fig = shared_figure(
            (f"home_{column}_chart", spec.name, lang),  # a card is one per model: built once
            lambda column=column, log_y=log_y, title=title: layer_bar_chart(
                blocks["name"],
                {t(f"col.{column}", lang): blocks[column]},
                value_label=t(f"col.{column}", lang),
                log_y=log_y,
                title=title,
            ),
        )
        show_chart(fig, where=tab, key=f"home_{column}_chart", title=title)
    if graph_tab.open:
        with graph_tab:  # traced once per server (MiniLM's torch.export: about a second)
            _graph_tab(spec, state)

    table = layers.rename(columns={c: t(f"col.{c}", lang) for c in layers.columns})
    fold = lazy_fold(t("card.architecture", lang), ARCHITECTURE_FOLD)
    if not fold.open:  # the download still holds it
        report_table(t("card.architecture", lang), table)
        return
    with fold:
        show_table(
            table,
            title=t("card.architecture", lang),
            hide_index=True,
            column_config={
                t("col.sparsity", lang): st.column_config.NumberColumn(format="percent")
            },
        )


def _graph_tab(spec: ModelSpec, state: SharedState) -> None:
    """The architecture graph, its repeated blocks folded unless the student expands them."""
    lang = state.lang
    graph = live(card_graph, state.model, lang=lang, slot="home_graph")
    if graph is not None:
        blocks = card_blocks(state.model)
        names = sorted(set(blocks.values()), key=lambda b: [b.count("."), len(b), b])
        expanded = (
            st.multiselect(t("graph.expand", lang), names, key="home_graph_expand") if names else []
        )
        title = model_title(spec.name, spec.title, lang)
        fig = shared_figure(
            ("home_graph_chart", spec.name, tuple(sorted(expanded)), lang),
            lambda: graph_figure(
                [(title, collapse_blocks(graph, blocks, frozenset(expanded)))],
                words=lambda word: t_text(f"graph.word.{word}", lang),
                colour_label=t_text("graph.word.sparsity", lang),
                title=t_text("card.graph_title", lang, model=title),
            ),
        )
        show_chart(fig, key="home_graph_chart", title=t("card.graph", lang))
        caption = t("graph.tracer", lang, tracer=graph.tracer, ms=graph.build_ms)
        for tracer, reason in graph.reasons.items():
            caption += " " + t("graph.fallback", lang, tracer=tracer, reason=reason)
        st.caption(caption + " " + t("graph.legend", lang))


def _samples(spec: ModelSpec, state: SharedState) -> None:
    """Sample predictions: digits with their classes, or sentences' similarities."""
    lang = state.lang
    pictures = (
        None if spec.task == "sentence-embedding" else model_applicability(state.model).images
    )
    if pictures:
        samples = digit_samples(state.model, SAMPLE_DIGITS, state.seed)
        captions = [
            t("card.sample_caption", lang, true=y, pred=p, prob=c)
            for y, p, c in zip(samples.true, samples.predicted, samples.confidence, strict=True)
        ]
        wrong = [y != p for y, p in zip(samples.true, samples.predicted, strict=True)]
        columns = grid_columns(5)
        fig = shared_figure(
            ("home_samples_chart", spec.name, state.seed, columns, lang),
            lambda: image_grid(
                samples.images,
                captions,
                columns=columns,
                highlight=wrong,
                title=t_text("card.samples_digits", lang, n=SAMPLE_DIGITS, seed=state.seed),
            ),
        )
        show_chart(fig, key="home_samples_chart")
    elif spec.task == "sentence-embedding":
        similarity = sentence_samples(state.model, SAMPLE_PAIRS, state.seed)
        short = [s if len(s) <= 38 else s[:36] + "…" for s in similarity.sentences]
        show_chart(
            heatmap(
                similarity.matrix,
                x_labels=short,
                y_labels=short,
                colorscale="Blues",
                zmid=None,
                title=t_text("card.samples_text", lang, n=len(short), seed=state.seed),
                value_label="cos",
                text_format="%{z:.2f}",
            ),
            key="home_samples_chart",
        )
    elif pictures is not None:  # e.g. a brought model on token ids, tabular rows or no labels
        st.caption("ℹ️ " + reason_text(pictures, lang))
