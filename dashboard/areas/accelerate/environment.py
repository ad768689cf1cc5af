"""The environment panel: what this machine is, which backends can run on it, and the measured
peak of each precision at the page's thread count."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.acceleration import BACKENDS, environment_report, peak_table
from components.acceleration.peak import PEAK_BLOCKS, PEAK_SIZES
from components.i18n import t, t_text
from dashboard.areas.accelerate.cache import peaks
from dashboard.areas.accelerate.controls import backend_label
from dashboard.shell.live import live
from dashboard.shell.page_header import PageContext
from dashboard.shell.report import show_table


def _yes_no(value: str, lang: str) -> str:
    return {"True": "✅", "False": "—"}.get(value, value)


def render(ctx: PageContext) -> None:
    lang = ctx.lang
    report = environment_report()
    with st.expander(t("accelerate.environment", lang), expanded=False):
        left, right = st.columns(2)
        show_table(
            pd.DataFrame(
                [(t(f"accelerate.env.{k}", lang), _yes_no(v, lang)) for k, v in report.rows()],
                columns=[t("accelerate.env.field", lang), t("accelerate.env.value", lang)],
            ),
            where=left,
            title=t("accelerate.environment", lang),
            hide_index=True,
        )
        rows = []
        for backend in BACKENDS:
            why = report.backends[backend]
            reason = why.reason_key
            rows.append(
                (
                    backend_label(backend, lang),
                    "✅" if why.ok else "—",
                    t(reason, lang, **why.reason_values) if reason else "",
                )
            )
        show_table(
            pd.DataFrame(
                rows,
                columns=[
                    t("accelerate.col.backend", lang),
                    t("accelerate.env.available", lang),
                    t("accelerate.env.why", lang),
                ],
            ),
            where=right,
            title=t("report.backends", lang),
            hide_index=True,
        )
        peak_panel(ctx)


def peak_panel(ctx: PageContext) -> None:
    """Each precision's peak (measured once per server at this thread count; the Backends view
    uses the same cached values)."""
    lang, threads = ctx.lang, int(ctx.settings["threads"])
    measured = live(peaks, threads, lang=lang, slot="accelerate_env_peaks")
    if measured is None:
        return
    table = peak_table(measured.values())
    table["emulated"] = table["emulated"].map({True: "⚠️", False: "—"})
    for column in ("median", "iqr", "best"):
        table[column] = table[column].map(lambda v: f"{v:.1f}")
    show_table(
        table.rename(columns={c: t_text(f"accelerate.peak_col.{c}", lang) for c in table.columns}),
        title=t_text("accelerate.peaks", lang),
        hide_index=True,
    )
    st.caption(
        t(
            "accelerate.peaks_caption",
            lang,
            threads=threads,
            low=PEAK_SIZES[0],
            high=PEAK_SIZES[-1],
            blocks=PEAK_BLOCKS,
        )
    )
