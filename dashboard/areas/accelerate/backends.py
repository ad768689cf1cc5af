"""Backends view: latency and throughput of each backend over batch sizes, speed-up against eager,
and achieved GFLOP/s against this machine's measured peak of each backend's precision."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.acceleration import BACKEND_PRECISION, OVER_PEAK, peak_ratios, roofline_frame
from components.acceleration.charts import (
    gflops_chart,
    latency_chart,
    speedup_chart,
    throughput_chart,
)
from components.acceleration.peak import PEAK_SIZES
from components.errors import UserFacingError
from components.figures import MAX_COLOURED_LINES
from components.i18n import format_bytes, t, t_text
from components.quantization.hardware import FASTER, cpu_features
from dashboard.areas.accelerate.cache import (
    ORIGINAL,
    budget,
    flops_per_sample,
    int8_share,
    peaks,
    peaks_entry,
    sweep_batches,
    sweep_entry,
)
from dashboard.areas.accelerate.controls import backend_label, backend_picker, sizes
from dashboard.areas.accelerate.params import BATCH_CHOICES
from dashboard.areas.accelerate.prepare import prepare_all, prepared_table
from dashboard.shell.measured import measured_note
from dashboard.shell.page_header import PageContext
from dashboard.shell.progress import run_or_warn
from dashboard.shell.report import show_chart, show_table


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


def highlighted(frame: pd.DataFrame, column: str, at) -> tuple[str, ...]:
    """The lines a chart with more than five backends keeps in colour: eager (the reference)
    and the fastest backend at ``column == at`` (the chosen batch or thread count)."""
    rows = frame[(frame[column] == at) & frame["median_ms"].notna()]
    fastest = rows.sort_values("median_ms")["backend"].head(1).tolist()
    return tuple(dict.fromkeys(["eager", *fastest]))


def highlight_caption(ctx: PageContext, ready, chosen: tuple[str, ...]) -> None:
    if len(ready) > MAX_COLOURED_LINES:
        names = " · ".join(backend_label(b, ctx.lang) for b in chosen)
        st.caption(t("accelerate.highlight_caption", ctx.lang, names=names))


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
    peaks(c.threads)  # measured now, so that the note below covers the peaks too
    sweep = sweep_entry(
        "batch", ctx.spec.name, ORIGINAL, tuple(ready), batches, c.threads, c.seq_len
    )
    measured_note(lang, [sweep, peaks_entry(c.threads)], key="accelerate_backends_remeasure")
    errors = frame[frame["error"].notna()]
    for _, row in errors.drop_duplicates("backend").iterrows():
        st.warning(
            t("accelerate.failed_at", lang, backend=names[row["backend"]], error=row["error"]),
            icon="⚠️",
        )
    chosen = highlighted(frame, "batch", c.batch)
    highlight_caption(ctx, ready, chosen)
    left, right = st.columns(2)
    batch_label = t_text("accelerate.batch", lang)
    show_chart(
        latency_chart(
            frame,
            names=names,
            title=t_text("accelerate.chart.latency", lang),
            x_label=batch_label,
            y_label=t_text("accelerate.axis.ms", lang),
            highlight=chosen,
        ),
        where=left,
        key="accelerate_latency_chart",
    )
    show_chart(
        throughput_chart(
            frame,
            names=names,
            title=t_text("accelerate.chart.throughput", lang),
            x_label=batch_label,
            y_label=t_text("accelerate.axis.items", lang),
            highlight=chosen,
        ),
        where=right,
        key="accelerate_throughput_chart",
    )
    left, right = st.columns(2)
    show_chart(
        speedup_chart(
            frame,
            names=names,
            title=t_text("accelerate.chart.speedup", lang),
            x_label=batch_label,
            y_label=t_text("accelerate.axis.speedup", lang),
            highlight=chosen,
        ),
        where=left,
        key="accelerate_speedup_chart",
    )
    roofline(ctx, frame, ready, c.threads, c.seq_len, right)
    with st.expander(t("accelerate.prepared_table", lang), expanded=False):
        show_table(
            prepared_table(ready, lang),
            title=t("accelerate.prepared_table", lang),
            hide_index=True,
        )
        st.caption(t("accelerate.prepared_caption", lang))
    lessons(ctx, frame, c.batch)
    peak_lessons(ctx, ready, peaks(c.threads))


def roofline(
    ctx: PageContext, frame, ready, threads: int, seq_len: int | None, where
) -> pd.DataFrame:
    """The GFLOP/s chart, each backend against its own precision's peak, with the table of
    shares at the chosen batch, the mixed int8 ceiling explained, and shares past the noise
    flagged."""
    lang, batch = ctx.lang, int(frame["batch"].max())
    names = {b: backend_label(b, lang) for b in ready}
    share = int8_share(ctx.spec.name, seq_len) if "int8_dynamic" in ready else None
    roof = roofline_frame(
        frame,
        flops_per_sample(ctx.spec.name, seq_len),
        peaks(threads).values(),
        int8_share=share,
    )
    lines = roof.dropna(subset=["peak_precision"]).drop_duplicates("peak_precision")
    show_chart(
        gflops_chart(
            roof,
            names=names,
            peak_labels={
                r.peak_precision: t_text(
                    "accelerate.peak_line", lang, precision=r.peak_precision, gflops=r.peak_gflops
                )
                for r in lines.itertuples()
            },
            title=t_text("accelerate.chart.gflops", lang),
            x_label=t_text("accelerate.batch", lang),
            y_label="GFLOP/s",
            highlight=highlighted(frame, "batch", batch),
        ),
        where=where,
        key="accelerate_gflops_chart",
    )
    low, high = PEAK_SIZES[0], PEAK_SIZES[-1]
    st.caption(t("accelerate.gflops_caption", lang, threads=threads, low=low, high=high))
    mixed = roof[roof["backend"] == "int8_dynamic"]["peak_gflops"].dropna()
    if share is not None and share < 1 and len(mixed):
        st.caption(t("accelerate.gflops_int8", lang, share=share, peak=float(mixed.iloc[0])))
    at_batch = roof[roof["batch"] == batch]
    show_table(
        pd.DataFrame(
            {
                t_text("accelerate.col.backend", lang): [names[b] for b in at_batch["backend"]],
                t_text("accelerate.col.peak_precision", lang): at_batch["peak_precision"]
                .fillna("—")
                .tolist(),
                t_text("accelerate.col.achieved", lang): at_batch["achieved_gflops"].round(1),
                t_text("accelerate.col.peak", lang): at_batch["peak_gflops"].round(1),
                t_text("accelerate.col.share", lang): [
                    "—" if pd.isna(f) else f"{f:.0%}" for f in at_batch["fraction_of_peak"]
                ],
            }
        ),
        title=t_text("accelerate.roofline_table", lang, batch=batch),
        hide_index=True,
    )
    for r in roof[roof["over_peak"]].itertuples():
        st.warning(
            t(
                "accelerate.over_peak",
                lang,
                backend=names[r.backend],
                share=r.fraction_of_peak,
                precision=r.peak_precision,
                batch=int(r.batch),
                limit=OVER_PEAK,
            ),
            icon="⚠️",
        )
    return roof


def peak_lessons(ctx: PageContext, ready, measured) -> None:
    """The measured "why" of reduced precision: each one's peak against fp32's here, and the
    instructions behind it (from the CPU's flags), for the precisions of the chosen backends."""
    lang = ctx.lang
    first = {}
    for backend in ready:
        first.setdefault(BACKEND_PRECISION.get(backend), backend)
    rows = [r for r in peak_ratios(measured, cpu_features()) if r["precision"] in first]
    if not rows:
        return
    st.markdown(f"**{t('accelerate.peaks_title', lang)}**")
    for r in rows:
        cause = t(r["cause_key"], lang, precision=r["precision"])
        st.markdown(
            f"- **{backend_label(first[r['precision']], lang)}**: "
            + t(
                "accelerate.peak_why",
                lang,
                precision=r["precision"],
                ratio=r["ratio"],
                peak=r["peak"],
                unit=r["unit"],
                fp32=r["fp32"],
                cause=cause,
            )
        )


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
