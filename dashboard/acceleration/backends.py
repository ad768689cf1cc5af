"""Backends view: latency and throughput of each backend over batch sizes, speed-up against eager,
and achieved GFLOP/s against this machine's measured matmul peak."""

from __future__ import annotations

import streamlit as st

from components.acceleration import roofline_frame
from components.acceleration.charts import (
    gflops_chart,
    latency_chart,
    speedup_chart,
    throughput_chart,
)
from components.errors import UserFacingError
from components.i18n import format_bytes, t
from components.quantization.hardware import FASTER
from dashboard.accelerate_resources import budget, flops_per_sample, peak, sweep_batches
from dashboard.acceleration.controls import backend_label, backend_picker, sizes
from dashboard.acceleration.prepare import prepare_all, prepared_table
from dashboard.url_params import BATCH_CHOICES
from dashboard.widgets.page_header import PageContext
from dashboard.widgets.progress import run_or_warn
from dashboard.widgets.report import show_chart, show_table


def memory_ok(ctx: PageContext, batch: int, seq_len: int | None) -> bool:
    """The memory guard: a refused batch × sequence shows why, and nothing runs."""
    try:
        guard = budget(ctx.spec.name, batch, seq_len)
    except UserFacingError as err:
        st.error(t(err.key, ctx.lang, **err.values), icon="🧮")
        return False
    st.caption(
        t(
            "accelerate.memory",
            ctx.lang,
            need=format_bytes(guard.estimate_bytes),
            limit=format_bytes(guard.limit_bytes),
        )
    )
    return True


def render(ctx: PageContext) -> None:
    lang = ctx.lang
    backends = backend_picker(ctx)
    c = sizes(ctx)
    if not memory_ok(ctx, c.batch, c.seq_len):
        return
    ready = prepare_all(ctx, backends, c.seq_len)
    batches = tuple(b for b in BATCH_CHOICES if b <= c.batch)
    frame = run_or_warn(
        lang,
        lambda report: sweep_batches(
            ctx.spec.name, tuple(ready), batches, c.threads, c.seq_len, progress=report
        ),
    )
    if frame is None:
        return
    names = {b: backend_label(b, lang) for b in ready}
    at_batch = frame[frame["batch"] == c.batch]
    columns = st.columns(len(at_batch))
    for column, (_, row) in zip(columns, at_batch.iterrows(), strict=True):
        speedup = row["speedup_vs_eager"]
        column.metric(
            names[row["backend"]],
            t("accelerate.ms", lang, ms=row["median_ms"], iqr=row["iqr_ms"]),
            t("accelerate.vs_eager", lang, x=speedup),
            delta_color="off" if row["backend"] == "eager" else "normal",
            # The text never starts with "-", so say which way it points.
            delta_arrow="off" if row["backend"] == "eager" else "up" if speedup >= 1 else "down",
        )
    runs = int(at_batch["runs"].min())
    if c.seq_len is None:
        st.caption(t("accelerate.measured", lang, threads=c.threads, batch=c.batch, runs=runs))
    else:
        st.caption(
            t(
                "accelerate.measured_text",
                lang,
                threads=c.threads,
                batch=c.batch,
                seq=c.seq_len,
                runs=runs,
            )
        )
    errors = frame[frame["error"].notna()]
    for _, row in errors.drop_duplicates("backend").iterrows():
        st.warning(
            t("accelerate.failed_at", lang, backend=names[row["backend"]], error=row["error"]),
            icon="⚠️",
        )
    left, right = st.columns(2)
    batch_label = t("accelerate.batch", lang)
    show_chart(
        latency_chart(
            frame,
            names=names,
            title=t("accelerate.chart.latency", lang),
            x_label=batch_label,
            y_label=t("accelerate.axis.ms", lang),
        ),
        where=left,
        key="accelerate_latency_chart",
    )
    show_chart(
        throughput_chart(
            frame,
            names=names,
            title=t("accelerate.chart.throughput", lang),
            x_label=batch_label,
            y_label=t("accelerate.axis.items", lang),
        ),
        where=right,
        key="accelerate_throughput_chart",
    )
    left, right = st.columns(2)
    show_chart(
        speedup_chart(
            frame,
            names=names,
            title=t("accelerate.chart.speedup", lang),
            x_label=batch_label,
            y_label=t("accelerate.axis.speedup", lang),
        ),
        where=left,
        key="accelerate_speedup_chart",
    )
    measured_peak = peak(c.threads)
    roof = roofline_frame(frame, flops_per_sample(ctx.spec.name, c.seq_len), measured_peak)
    show_chart(
        gflops_chart(
            roof,
            names=names,
            peak_label=t("accelerate.peak_line", lang, gflops=measured_peak.gflops),
            title=t("accelerate.chart.gflops", lang),
            x_label=batch_label,
            y_label="GFLOP/s",
        ),
        where=right,
        key="accelerate_gflops_chart",
    )
    st.caption(
        t(
            "accelerate.gflops_caption",
            lang,
            size=measured_peak.size,
            threads=measured_peak.threads,
            gflops=measured_peak.gflops,
            best=measured_peak.best_gflops,
        )
    )
    with st.expander(t("accelerate.prepared_table", lang), expanded=False):
        show_table(
            prepared_table(ready, lang),
            title=t("accelerate.prepared_table", lang),
            hide_index=True,
        )
        st.caption(t("accelerate.prepared_caption", lang))
    lessons(ctx, frame, c.batch)


def lessons(ctx: PageContext, frame, batch: int) -> None:
    """Say which backends did not get faster here, and why (a lesson, not a failure). Within
    ±10 % counts as "not faster": timings on a shared machine swing that much."""
    lang = ctx.lang
    rows = frame[(frame["batch"] == batch) & (frame["backend"] != "eager")]
    slower = [r for _, r in rows.iterrows() if r["speedup_vs_eager"] < 1 / FASTER]
    if not slower:
        return
    st.markdown(f"**{t('accelerate.why_title', lang)}**")
    for row in slower:
        st.markdown(
            f"- **{backend_label(row['backend'], lang)}** "
            f"({t('accelerate.vs_eager', lang, x=row['speedup_vs_eager'])}): "
            + t(f"accelerate.why.{row['backend']}", lang)
        )
