"""The original-vs-variants table, as every compression section shows it: the exact numbers at
once, the latencies streamed in when they are measured (``dashboard.shell.live``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.compare import VariantSummary, comparison_batch, comparison_table
from components.i18n import format_bytes, format_count, t
from components.result_cache import CacheEntry
from dashboard.shared.variants import Recipe, exact_rows, latencies, timed_rows
from dashboard.shell.live import live
from dashboard.shell.measured import measured_note
from dashboard.shell.report import show_table
from models.registry import get_spec


@dataclass(frozen=True)
class Comparison:
    """The rows a page shows: exact numbers, and latencies once measured (``entry``: the
    timing's cache entry for its note and re-measure button; None while it is measured)."""

    rows: list[VariantSummary]
    entry: CacheEntry | None
    batch: int  # what the latencies are (or will be) measured with
    threads: int

    @property
    def timed(self) -> bool:
        return self.entry is not None


def live_comparison(
    name: str, recipes: tuple[Recipe, ...], threads: int, lang: str, *, slot: str
) -> Comparison | None:
    """The original and each recipe's variant: None (and a progress note) while even the exact
    numbers are computed in the background; else the rows, timed once their latencies are in
    (until then a note where the timing will appear). ``slot`` names the place on the page."""
    rows = live(exact_rows, name, recipes, lang=lang, slot=f"{slot}_rows")
    if rows is None:
        return None
    batch = comparison_batch(get_spec(name))
    note = t("live.latency", lang)
    timings = live(latencies, name, recipes, threads, lang=lang, slot=f"{slot}_timing", note=note)
    if timings is None:
        return Comparison(rows, None, batch, threads)
    entry = latencies.entry(name, recipes, threads)
    return Comparison(timed_rows(rows, timings), entry, batch, threads)


def _ratio(value: float) -> str:
    return f" (×{value:.2f})"


def _latency(row: pd.Series, lang: str) -> str:
    if pd.isna(row.latency_ms):
        return t("cmp.latency_pending", lang)
    return f"{row.latency_ms:.3f} ± {row.latency_iqr_ms / 2:.3f} ms" + _ratio(row.latency_ratio)


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
            t("cmp.latency", lang): _latency(r, lang),
        }
    return pd.DataFrame(columns)


def render_comparison(
    comparison: Comparison,
    labels: Sequence[str],
    lang: str,
    *,
    csv_key: str | None = "compress_comparison_csv",
) -> None:
    """The table, with how latency was measured and which numbers are estimates; and, unless
    ``csv_key`` is None, a download of the raw numbers as CSV (once they are timed)."""
    rows = comparison.rows
    show_table(
        display_table(rows, labels, lang),
        title=t("cmp.title", lang),
        width="stretch",
        # Room for the longest metric name ("FLOPs / sample if zeros were skipped (estimate)"):
        # the grid's default width cut it off mid-word.
        column_config={"_index": st.column_config.Column(width="large")},
    )
    st.caption(t("cmp.caption", lang, batch=comparison.batch, threads=comparison.threads))
    if comparison.entry is None:
        return
    measured_note(lang, [comparison.entry], key="compress_cmp_remeasure")
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
