"""Comparison section: the variants kept this session next to the original, and every model's
prediction on the same test input."""

from __future__ import annotations

import streamlit as st

from components.compare import VariantSummary, class_probabilities
from components.figures import image_grid, layer_bar_chart, probability_bars
from components.i18n import t
from components.images import display_images
from components.kept_variants import MAX_KEPT, KeptVariant, variant_label
from dashboard.shared.brought_model import model_applicability, reason_text
from dashboard.shared.comparison import csv_bytes, live_comparison, render_comparison
from dashboard.shared.kept_variants import usable_kept
from dashboard.shared.variants import variant_model
from dashboard.shell.page_header import PageContext
from dashboard.shell.report import show_chart
from dashboard.shell.state import set_kept, shared


def render(ctx: PageContext) -> None:
    """The whole comparison section."""
    lang = ctx.lang
    st.caption(t("variants.caption", lang, n=MAX_KEPT))
    kept = usable_kept(ctx)
    if not kept:
        st.info(t("variants.empty", lang), icon="📌")
        return
    recipes = tuple(v.recipe for v in kept)
    comparison = live_comparison(ctx.spec.name, recipes, ctx.threads, lang, slot="compress_kept")
    if comparison is None:
        return
    labels = [t("cmp.original", lang)] + [variant_label(v.kind, v.settings, lang) for v in kept]
    render_comparison(comparison, labels, lang, csv_key=None)  # its own CSV button is below
    _table_buttons(ctx, comparison.rows, labels)
    if comparison.timed:  # the chart has latency ratios
        _ratio_chart(ctx, comparison.rows, labels)
    st.header(t("cmp.side_by_side", lang))
    _one_input(ctx, kept, labels)


def _table_buttons(ctx: PageContext, rows: list[VariantSummary], labels: list[str]) -> None:
    """Download the table as CSV; forget this model's kept variants."""
    lang = ctx.lang
    c1, c2 = st.columns([1, 1])
    c1.download_button(
        t("variants.csv", lang),
        csv_bytes(rows, labels),
        file_name=f"modellens_{ctx.spec.name}_compare.csv",
        mime="text/csv",
        icon="⬇️",
        key="compress_variants_csv",
    )
    if c2.button(t("variants.clear", lang), key="compress_variants_clear", icon="🗑️"):
        set_kept([v for v in shared().kept if v.model != ctx.spec.name])
        st.rerun()


def _ratio_chart(ctx: PageContext, rows: list[VariantSummary], labels: list[str]) -> None:
    """Size, latency and quality of every model relative to the original."""
    lang = ctx.lang
    ratios = {
        t("cmp.size_ratio", lang): [r.size_bytes / rows[0].size_bytes for r in rows],
        t("cmp.latency_ratio", lang): [r.latency_ms / rows[0].latency_ms for r in rows],
        t(f"metric.{rows[0].quality_metric}", lang): [r.quality for r in rows],
    }
    show_chart(
        layer_bar_chart(labels, ratios, title=t("variants.chart", lang), value_label="×"),
        key="compress_variants_chart",
    )


def _one_input(ctx: PageContext, kept: list[KeptVariant], labels: list[str]) -> None:
    """Every model's class probabilities on one chosen test input, next to the input."""
    lang = ctx.lang
    if ctx.spec.task == "sentence-embedding":
        st.caption(t("variants.text_hint", lang))
        return
    pictures = model_applicability(ctx.spec.name).images
    if not pictures:  # a brought model: tokens, tables, several inputs, no labels …
        st.caption("ℹ️ " + reason_text(pictures, lang))
        return
    data = ctx.spec.load_data()
    s = ctx.settings
    last = len(data.y_test) - 1  # the URL allows more rows than this model may have
    st.session_state[s.key("sample")] = min(int(st.session_state[s.key("sample")]), last)
    sample = st.session_state[s.key("sample")]
    label = t("variants.sample", lang)
    index = int(st.number_input(label, 0, last, value=sample, key=s.key("sample")))
    models = {labels[0]: ctx.model} | {
        label: variant_model(v.kind, ctx.spec.name, v.settings)
        for label, v in zip(labels[1:], kept, strict=True)
    }
    probs = class_probabilities(models, data.x_test[index : index + 1])
    left, right = st.columns([1, 3])
    image = display_images(data, data.x_test[index : index + 1])[0]
    show_chart(
        image_grid([image], [t("variants.true", lang, label=int(data.y_test[index]))], columns=1),
        where=left,
        key="compress_variants_digit",
    )
    show_chart(
        probability_bars(
            {k: v[0].tolist() for k, v in probs.items()},
            data.class_names,
            y_label=t("distill.probability", lang),
        ),
        where=right,
        key="compress_variants_probs",
    )
