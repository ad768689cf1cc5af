"""Backends view: latency and throughput of each backend over batch sizes, speed-up against eager,
and achieved GFLOP/s against this machine's measured peak of each backend's precision."""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from components.acceleration import OVER_PEAK, PeakResult, peak_ratios, roofline_frame
from components.acceleration.charts import (
    gflops_chart,
    latency_chart,
    speedup_chart,
    throughput_chart,
)
from components.acceleration.peak import PEAK_SIZES
from components.acceleration.readout import (
    failures,
    first_of_each_precision,
    highlighted,
    mixed_int8_peak,
    not_faster,
    roofline_table,
)
from components.figures import MAX_COLOURED_LINES
from components.i18n import format_bytes, t, t_text
from components.quantization.hardware import cpu_features
from dashboard.areas.accelerate.cache import (
    budget,
    flops_per_sample,
    int8_share,
    peaks,
    sweep_batches,
    sweep_entries,
    sweep_so_far,
)
from dashboard.areas.accelerate.controls import Controls, backend_label, backend_picker, sizes
from dashboard.areas.accelerate.params import BATCH_CHOICES
from dashboard.areas.accelerate.prepare import prepare_all, prepared_table
from dashboard.shared.figures import frame_key, shared_figure
from dashboard.shell.errors import attempt
from dashboard.shell.live import live
from dashboard.shell.measured import measured_note
from dashboard.shell.page_header import PageContext
from dashboard.shell.report import show_chart, show_table


def memory_ok(ctx: PageContext, batch: int, seq_len: int | None) -> bool:
    """The memory guard: a refused batch × sequence shows why, and nothing runs."""
    guard = attempt(ctx.lang, lambda: budget(ctx.spec.name, batch, seq_len), level="error")
    if guard is None:
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


def highlight_caption(ctx: PageContext, ready, chosen: tuple[str, ...]) -> None:
    if len(ready) > MAX_COLOURED_LINES:
        names = " · ".join(backend_label(b, ctx.lang) for b in chosen)
        st.caption(t("accelerate.highlight_caption", ctx.lang, names=names))


def render(ctx: PageContext) -> None:
    backends = backend_picker(ctx)
    c = sizes(ctx)
    if not memory_ok(ctx, c.batch, c.seq_len):
        return
    ready = prepare_all(ctx, backends, c.seq_len)
    batches = tuple(b for b in BATCH_CHOICES if b <= c.batch)
    args = (ctx.spec.name, tuple(ready), batches, c.threads, c.seq_len)
    # The points measured already are drawn at once; the missing ones are measured in the
    # background and join the charts as each lands.
    frame = sweep_so_far(*args)
    if frame is None or set(frame["batch"]) != set(batches):
        live(sweep_batches, *args, lang=ctx.lang, slot="accelerate_sweep", stream_parts=True)
        frame = sweep_so_far(*args)  # with what the call found cached or measured inline
    if frame is None:
        return
    names = {b: backend_label(b, ctx.lang) for b in ready}
    if (frame["batch"] == c.batch).any():
        _headline(ctx, frame, names, c)
    measured = live(peaks, c.threads, lang=ctx.lang, slot="accelerate_peaks")
    entries = [*sweep_entries(*args), peaks.entry(c.threads)]
    measured_note(ctx.lang, entries, key="accelerate_backends_remeasure")
    _failures(ctx.lang, frame, names)
    _charts(ctx, frame, ready, names, c, measured)
    _prepared_costs(ctx.lang, ready)
    lessons(ctx, frame, c.batch)
    if measured is not None:
        peak_lessons(ctx, ready, measured)


def _headline(ctx: PageContext, frame: pd.DataFrame, names: dict[str, str], c: Controls) -> None:
    """One metric per backend at the chosen batch, and what it was measured with."""
    lang = ctx.lang
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


def _failures(lang: str, frame: pd.DataFrame, names: dict[str, str]) -> None:
    for _, row in failures(frame).iterrows():
        st.warning(
            t("accelerate.failed_at", lang, backend=names[row["backend"]], error=row["error"]),
            icon="⚠️",
        )


def _charts(
    ctx: PageContext,
    frame: pd.DataFrame,
    ready,
    names: dict[str, str],
    c: Controls,
    measured: dict[str, PeakResult] | None,
):
    """Latency, throughput, speed-up and GFLOP/s over batch sizes, two to a row (GFLOP/s once
    this machine's peaks are measured)."""
    chosen = highlighted(frame, "batch", c.batch)
    highlight_caption(ctx, ready, chosen)
    draw = functools.partial(_batch_chart, ctx.lang, frame, names, chosen)
    left, right = st.columns(2)
    draw(latency_chart, "latency", "ms", left, "accelerate_latency_chart")
    draw(throughput_chart, "throughput", "items", right, "accelerate_throughput_chart")
    left, right = st.columns(2)
    draw(speedup_chart, "speedup", "speedup", left, "accelerate_speedup_chart")
    if measured is not None:
        with right:
            roofline(ctx, frame, ready, measured, c.seq_len)


def _batch_chart(lang, frame, names, chosen, chart, title: str, axis: str, where, key) -> None:
    """One chart over batch sizes: ``accelerate.chart.<title>`` by ``accelerate.axis.<axis>``
    (built once per measured table, for every session)."""
    cache_key = (key, frame_key(frame), tuple(names.items()), tuple(chosen), lang)
    fig = shared_figure(
        cache_key,
        lambda: chart(
            frame,
            names=names,
            title=t_text(f"accelerate.chart.{title}", lang),
            x_label=t_text("accelerate.batch", lang),
            y_label=t_text(f"accelerate.axis.{axis}", lang),
            highlight=chosen,
        ),
    )
    show_chart(fig, where=where, key=key)


def _prepared_costs(lang: str, ready) -> None:
    with st.expander(t("accelerate.prepared_table", lang), expanded=False):
        show_table(
            prepared_table(ready, lang),
            title=t("accelerate.prepared_table", lang),
            hide_index=True,
        )
        st.caption(t("accelerate.prepared_caption", lang))


def roofline(
    ctx: PageContext, frame, ready, measured: dict[str, PeakResult], seq_len: int | None
) -> pd.DataFrame:
    """The GFLOP/s chart, each backend against its own precision's peak, with the table of
    shares at the chosen batch, the mixed int8 ceiling explained, and shares past the noise
    flagged."""
    lang, batch = ctx.lang, int(frame["batch"].max())
    threads = int(frame["threads"].iloc[0])
    names = {b: backend_label(b, lang) for b in ready}
    share = int8_share(ctx.spec.name, seq_len) if "int8_dynamic" in ready else None
    roof = roofline_frame(
        frame,
        flops_per_sample(ctx.spec.name, seq_len),
        measured.values(),
        int8_share=share,
    )
    _gflops_chart(lang, roof, names, highlighted(frame, "batch", batch))
    low, high = PEAK_SIZES[0], PEAK_SIZES[-1]
    st.caption(t("accelerate.gflops_caption", lang, threads=threads, low=low, high=high))
    mixed = mixed_int8_peak(roof, share)
    if mixed is not None:
        st.caption(t("accelerate.gflops_int8", lang, share=share, peak=mixed))
    _shares_table(lang, roof, names, batch)
    _over_peak(lang, roof, names)
    return roof


def _gflops_chart(lang: str, roof: pd.DataFrame, names, chosen: tuple[str, ...]) -> None:
    """Achieved GFLOP/s over batch sizes under each precision's peak (built once per table)."""
    lines = roof.dropna(subset=["peak_precision"]).drop_duplicates("peak_precision")
    key = ("accelerate_gflops_chart", frame_key(roof), tuple(names.items()), tuple(chosen), lang)
    fig = shared_figure(
        key,
        lambda: gflops_chart(
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
            highlight=chosen,
        ),
    )
    show_chart(fig, key="accelerate_gflops_chart")


def _shares_table(lang: str, roof: pd.DataFrame, names, batch: int) -> None:
    table = roofline_table(roof, batch)
    table["backend"] = [names[b] for b in table["backend"]]
    show_table(
        table.rename(columns={c: t_text(f"accelerate.col.{c}", lang) for c in table.columns}),
        title=t_text("accelerate.roofline_table", lang, batch=batch),
        hide_index=True,
    )


def _over_peak(lang: str, roof: pd.DataFrame, names) -> None:
    """Shares above :data:`OVER_PEAK`, which no honest measurement reaches."""
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


def peak_lessons(ctx: PageContext, ready, measured) -> None:
    """The measured "why" of reduced precision: each one's peak against fp32's here, and the
    instructions behind it (from the CPU's flags), for the precisions of the chosen backends."""
    lang = ctx.lang
    first = first_of_each_precision(ready)
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
    """Say which backends did not get faster here, and why (a lesson, not a failure)."""
    lang = ctx.lang
    slower = not_faster(frame, batch)
    if slower.empty:
        return
    st.markdown(f"**{t('accelerate.why_title', lang)}**")
    for _, row in slower.iterrows():
        st.markdown(
            f"- **{backend_label(row['backend'], lang)}** "
            f"({t('accelerate.vs_eager', lang, x=row['speedup_vs_eager'])}): "
            + t(f"accelerate.why.{row['backend']}", lang)
        )
