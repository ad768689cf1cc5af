"""Original vs compressed across backends: the variants kept on the Compress page (or, when there
are none, three standard ones), each timed on every chosen backend at one batch size."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.acceleration import availability
from components.errors import UserFacingError
from components.figures import layer_bar_chart
from components.i18n import t, t_text
from components.kept_variants import variant_label
from components.pruning import PruneSettings
from components.quality import evaluate
from components.quantization import QuantSettings
from dashboard.areas.accelerate.backends import memory_ok
from dashboard.areas.accelerate.cache import (
    ORIGINAL,
    Variant,
    model_of,
    sweep_batches,
    sweep_entry,
)
from dashboard.areas.accelerate.controls import backend_label, backend_picker, sizes
from dashboard.areas.accelerate.prepare import prepare_all
from dashboard.shared.kept_variants import usable_kept
from dashboard.shell.measured import measured_note
from dashboard.shell.page_header import PageContext
from dashboard.shell.progress import run_or_warn
from dashboard.shell.report import show_chart, show_table
from models.registry import get_spec

# Shown when the Compress page kept nothing: the three kinds the lesson is about.
STANDARD: tuple[tuple[str, Variant], ...] = (
    # One epoch of fine-tuning: without it LeNet drops to ≈0.47 and the speed comparison is moot.
    (
        "accelerate.variant.channels",
        ("prune", PruneSettings("channel_removal", 0.5, finetune_epochs=1)),
    ),
    ("accelerate.variant.masked", ("prune", PruneSettings("l1_unstructured", 0.5))),
    ("accelerate.variant.int8", ("quantize", QuantSettings("dynamic_int8"))),
)


@st.cache_data(show_spinner=False, max_entries=32)
def _quality(name: str, variant: Variant) -> tuple[str, float]:
    """(metric, value) of the variant on the model's test data."""
    quality = evaluate(model_of(name, variant), get_spec(name))
    return quality.metric, quality.value


def variants(ctx: PageContext) -> list[tuple[str, Variant]]:
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
    lang = ctx.lang
    backends = backend_picker(ctx)
    c = sizes(ctx)
    if not memory_ok(ctx, c.batch, c.seq_len):
        return
    rows = []
    skipped = []
    timed = []  # each variant's sweep: one note and one button for the table
    for label, variant in variants(ctx):
        try:
            model = model_of(ctx.spec.name, variant)
        except UserFacingError as err:  # e.g. channel removal on a model it cannot trace
            st.warning(f"{label}: {t(err.key, lang, **err.values)}", icon="⚠️")
            continue
        usable = tuple(b for b in backends if availability(b, model).available)
        skipped += [f"{backend_label(b, lang)} × {label}" for b in backends if b not in usable]
        ready = prepare_all(ctx, usable, c.seq_len, variant)
        frame = run_or_warn(
            lang,
            lambda report, ready=ready, variant=variant: sweep_batches(
                ctx.spec.name, tuple(ready), (c.batch,), c.threads, c.seq_len, variant, report
            ),
        )
        if frame is None:
            continue
        timed.append(
            sweep_entry(
                "batch", ctx.spec.name, variant, tuple(ready), (c.batch,), c.threads, c.seq_len
            )
        )
        metric, quality = _quality(ctx.spec.name, variant)
        for _, row in frame.iterrows():
            rows.append(
                {
                    "variant": label,
                    "backend": backend_label(row["backend"], lang),
                    "median_ms": row["median_ms"],
                    "iqr_ms": row["iqr_ms"],
                    "quality": quality,
                }
            )
    if skipped:
        st.caption(t("accelerate.variants_skipped", lang, pairs="; ".join(skipped)))
    if not rows:
        return
    table = pd.DataFrame(rows)
    labels = list(dict.fromkeys(table["variant"]))
    latency = table.pivot_table(index="variant", columns="backend", values="median_ms", sort=False)
    series = {backend: latency.loc[labels, backend].tolist() for backend in latency.columns}
    show_chart(
        layer_bar_chart(
            labels,
            series,
            title=t_text("accelerate.chart.variants", lang, batch=c.batch, threads=c.threads),
            value_label=t("accelerate.axis.ms", lang),
        ),
        key="accelerate_variants_chart",
    )
    shown = table.rename(
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
    measured_note(lang, timed, key="accelerate_variants_remeasure")
