"""The original-vs-variants table, as every compression section shows it."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from components.compare import VariantSummary, comparison_table
from components.i18n import format_bytes, format_count, t
from dashboard.shared.variants import comparison_entry
from dashboard.shell.measured import measured_note
from dashboard.shell.report import show_table


def _ratio(value: float) -> str:
    return f" (×{value:.2f})"


def display_table(rows: Sequence[VariantSummary], labels: Sequence[str], lang: str) -> pd.DataFrame:
    """Metrics as rows, one column per model, formatted for reading; ratios against column 1."""
    table = comparison_table(rows)
    columns = {}
    for label, (_, r) in zip(labels, table.iterrows(), strict=True):
        columns[label] = {
            t(f"metric.{r.quality_metric}", lang): f"{r.quality:.1%}",
            t("cmp.agreement", lang): f"{r.agreement:.1%}",
            t("cmp.cosine", lang): f"{r.mean_cosine:.4f}",
            t("col.params", lang): f"{r.params:,}",
            t("col.nonzero", lang): f"{r.nonzero_params:,}",
            t("card.size", lang): format_bytes(r.size_bytes) + _ratio(r.size_ratio),
            t("cmp.flops_dense", lang): format_count(r.flops) + _ratio(r.flops_ratio),
            t("cmp.flops_effective", lang): format_count(r.effective_flops)
            + _ratio(r.effective_flops_ratio),
            t("cmp.latency", lang): f"{r.latency_ms:.3f} ± {r.latency_iqr_ms / 2:.3f} ms"
            + _ratio(r.latency_ratio),
        }
    return pd.DataFrame(columns)


def render_comparison(
    rows: Sequence[VariantSummary],
    labels: Sequence[str],
    lang: str,
    *,
    csv_key: str | None = "compress_comparison_csv",
) -> None:
    """The table, with how latency was measured and which numbers are estimates; and, unless
    ``csv_key`` is None, a download of the raw numbers as CSV."""
    show_table(display_table(rows, labels, lang), title=t("cmp.title", lang), width="stretch")
    first = rows[0]
    st.caption(t("cmp.caption", lang, batch=first.batch_size, threads=first.threads))
    entry = comparison_entry(list(rows))
    if entry is not None:
        measured_note(lang, [entry], key="compress_cmp_remeasure")
    if csv_key:
        st.download_button(
            t("report.csv", lang),
            csv_bytes(rows, labels),
            file_name="modellens_comparison.csv",
            mime="text/csv",
            icon="⬇️",
            key=csv_key,
            on_click="ignore",
        )


def csv_bytes(rows: Sequence[VariantSummary], labels: Sequence[str]) -> bytes:
    """The raw comparison numbers (with ratios) as CSV."""
    table = comparison_table(rows)
    table.insert(0, "variant", list(labels))
    return table.to_csv(index=False).encode("utf-8")
