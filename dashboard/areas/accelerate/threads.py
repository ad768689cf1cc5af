"""Threads view: how each backend scales from one thread to every core at one batch size."""

from __future__ import annotations

import streamlit as st

from components.acceleration.charts import latency_chart, thread_scaling_chart
from components.acceleration.readout import highlighted
from components.i18n import t, t_text
from dashboard.areas.accelerate.backends import highlight_caption, memory_ok
from dashboard.areas.accelerate.cache import sweep_threads
from dashboard.areas.accelerate.controls import backend_label, backend_picker, sizes
from dashboard.areas.accelerate.params import CORES
from dashboard.areas.accelerate.prepare import prepare_all
from dashboard.shell.live import live
from dashboard.shell.measured import measured_note
from dashboard.shell.page_header import PageContext
from dashboard.shell.report import show_chart


def render(ctx: PageContext) -> None:
    lang = ctx.lang
    backends = backend_picker(ctx)
    c = sizes(ctx, threads=False)
    if not memory_ok(ctx, c.batch, c.seq_len):
        return
    ready = prepare_all(ctx, backends, c.seq_len)
    counts = tuple(range(1, CORES + 1))
    args = (ctx.spec.name, tuple(ready), c.batch, counts, c.seq_len)
    frame = live(sweep_threads, *args, lang=lang, slot="accelerate_threads")
    if frame is None:
        return
    names = {b: backend_label(b, lang) for b in ready}
    chosen = highlighted(frame, "threads", max(counts))
    highlight_caption(ctx, ready, chosen)
    left, right = st.columns(2)
    show_chart(
        thread_scaling_chart(
            frame,
            names=names,
            ideal_label=t_text("accelerate.ideal", lang),
            title=t_text("accelerate.chart.scaling", lang, batch=c.batch),
            x_label=t_text("accelerate.threads", lang),
            y_label=t_text("accelerate.axis.scaling", lang),
            highlight=chosen,
        ),
        where=left,
        key="accelerate_scaling_chart",
    )
    show_chart(
        latency_chart(
            frame.assign(batch=frame["threads"]),
            names=names,
            title=t_text("accelerate.chart.latency_threads", lang, batch=c.batch),
            x_label=t_text("accelerate.threads", lang),
            y_label=t_text("accelerate.axis.ms", lang),
            highlight=chosen,
        ),
        where=right,
        key="accelerate_threads_latency_chart",
    )
    st.caption(t("accelerate.threads_caption", lang, cores=CORES, batch=c.batch))
    measured_note(lang, [sweep_threads.entry(*args)], key="accelerate_threads_remeasure")
