"""The environment panel: what this machine is, and which backends can run on it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.acceleration import BACKENDS, environment_report
from components.i18n import t
from dashboard.acceleration.controls import backend_label
from dashboard.widgets.page_header import PageContext
from dashboard.widgets.report import show_table


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
            reason = why.reason_key or why.note_key
            rows.append(
                (
                    backend_label(backend, lang),
                    "✅" if why.available else "—",
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
