"""Original vs compressed across backends: the variants kept on the Compress page (or, when there
are none, three standard ones), each timed on every chosen backend at one batch size."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.acceleration import availability
from components.acceleration.readout import variant_latencies
from components.figures import layer_bar_chart
from components.i18n import t, t_text
from components.kept_variants import variant_label
from components.pruning import PruneSettings
from components.quantization import QuantSettings
from components.result_cache import CacheEntry
from dashboard.areas.accelerate.backends import memory_ok
from dashboard.areas.accelerate.cache import ORIGINAL, batch_point, model_of, quality
from dashboard.areas.accelerate.controls import Controls, backend_label, backend_picker, sizes
from dashboard.areas.accelerate.prepare import prepare_all
from dashboard.shared.kept_variants import usable_kept
from dashboard.shared.variants import Recipe
from dashboard.shell.errors import attempt
from dashboard.shell.live import live
from dashboard.shell.measured import measured_note
from dashboard.shell.page_header import PageContext
from dashboard.shell.report import show_chart, show_table

# Shown when the Compress page kept nothing: the three kinds the lesson is about.
STANDARD: tuple[tuple[str, Recipe], ...] = (
    # One epoch of fine-tuning: without it LeNet drops to ≈0.47 and the speed comparison is moot.
    (
        "accelerate.variant.channels",
        ("prune", PruneSettings("channel_removal", 0.5, finetune_epochs=1)),
    ),
    ("accelerate.variant.masked", ("prune", PruneSettings("l1_unstructured", 0.5))),
    ("accelerate.variant.int8", ("quantize", QuantSettings("dynamic_int8"))),
)


def variants(ctx: PageContext) -> list[tuple[str, Recipe]]:
    """(label, recipe) of the original and each variant to compare."""
    kept = usable_kept(ctx)
    if kept:
        chosen = [(variant_label(v.kind, v.settings, ctx.lang), v.recipe) for v in kept]
        st.caption(t("accelerate.variants_kept", ctx.lang, n=len(kept)))
    else:
        chosen = [(t(key, ctx.lang), recipe) for key, recipe in STANDARD]
        st.caption(t("accelerate.variants_standard", ctx.lang))
    return [(t("cmp.original", ctx.lang), ORIGINAL), *chosen]


def render(ctx: PageContext) -> None:
    backends = backend_picker(ctx)
    c = sizes(ctx)
    if not memory_ok(ctx, c.batch, c.seq_len):
        return
    rows: list[dict[str, object]] = []
    skipped: list[str] = []
    timed: list[CacheEntry] = []  # each variant's sweep: one note and one button for the table
    metric = ""
    for index, (label, variant) in enumerate(variants(ctx)):
        found = _time_variant(ctx, index, label, variant, backends, c, skipped)
        if found is not None:
            metric, entry, variant_rows = found
            timed.append(entry)
            rows += variant_rows
    if skipped:
        st.caption(t("accelerate.variants_skipped", ctx.lang, pairs="; ".join(skipped)))
    if rows:
        _results(ctx, rows, metric, c)
        measured_note(ctx.lang, timed, key="accelerate_variants_remeasure")


def _time_variant(
    ctx: PageContext,
    index: int,
    label: str,
    variant: Recipe,
    backends: tuple[str, ...],
    c: Controls,
    skipped: list[str],
) -> tuple[str, CacheEntry, list[dict[str, object]]] | None:
    """(quality metric, the sweep's cache entry, one row per backend) of one variant timed on
    the backends it can run on (the others are added to ``skipped``); None when it failed or
    is being measured. ``index`` numbers the variant's place on the page."""
    lang, name = ctx.lang, ctx.spec.name
    # e.g. channel removal on a model it cannot trace
    model = attempt(lang, lambda: model_of(name, variant), about=label)
    if model is None:
        return None
    usable = tuple(b for b in backends if availability(b, model).ok)
    skipped += [f"{backend_label(b, lang)} × {label}" for b in backends if b not in usable]
    slot = f"accelerate_variant_{index}"
    ready = tuple(prepare_all(ctx, usable, c.seq_len, variant, slot=f"{slot}_prepare"))
    args = (name, ready, c.batch, c.threads, c.seq_len, variant)
    frame = live(batch_point, *args, lang=lang, slot=slot, about=label)
    if frame is None:
        return None
    entry = batch_point.entry(*args)
    metric, value = quality(name, variant)
    rows = [
        {
            "variant": label,
            "backend": backend_label(row["backend"], lang),
            "median_ms": row["median_ms"],
            "iqr_ms": row["iqr_ms"],
            "quality": value,
        }
        for _, row in frame.iterrows()
    ]
    return metric, entry, rows


def _results(ctx: PageContext, rows: list[dict[str, object]], metric: str, c: Controls) -> None:
    """The latency of each variant on each backend, as a chart and as a table."""
    lang = ctx.lang
    labels, series = variant_latencies(rows)
    show_chart(
        layer_bar_chart(
            labels,
            series,
            title=t_text("accelerate.chart.variants", lang, batch=c.batch, threads=c.threads),
            value_label=t("accelerate.axis.ms", lang),
        ),
        key="accelerate_variants_chart",
    )
    shown = pd.DataFrame(rows).rename(
        columns={
            "variant": t("accelerate.col.variant", lang),
            "backend": t("accelerate.col.backend", lang),
            "median_ms": t("accelerate.col.median", lang),
            "iqr_ms": t("accelerate.col.iqr", lang),
            "quality": t(f"metric.{metric}", lang),
        }
    )
    show_table(
        shown.round(4),
        title=t("accelerate.view.compressed", lang),
        csv="accelerate_variants",
        hide_index=True,
    )
    st.caption(t("accelerate.variants_caption", lang, batch=c.batch, threads=c.threads))
