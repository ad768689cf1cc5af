"""What the Accelerate page reads out of a sweep (:data:`SWEEP_COLUMNS`) or a roofline frame
(:func:`roofline_frame`): the lines a chart keeps in colour, the backends that did not get
faster, the failures to explain, the table of shares of peak, and the latency of each compressed
variant. Plain pandas, no streamlit: the page only translates and draws what these return."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from components.acceleration.peak import BACKEND_PRECISION
from components.quantization.hardware import FASTER

ROOFLINE_TABLE_COLUMNS = ("backend", "peak_precision", "achieved", "peak", "share")


def highlighted(frame: pd.DataFrame, column: str, at: object) -> tuple[str, ...]:
    """The lines a chart with many backends keeps in colour: eager (the reference) and the
    fastest backend where ``frame[column] == at`` (the chosen batch or thread count)."""
    rows = frame[(frame[column] == at) & frame["median_ms"].notna()]
    fastest = rows.sort_values("median_ms")["backend"].head(1).tolist()
    return tuple(dict.fromkeys(["eager", *fastest]))


def not_faster(frame: pd.DataFrame, batch: int) -> pd.DataFrame:
    """The rows at ``batch`` of backends other than eager that did not get faster: a speed-up
    below 1 / :data:`FASTER` (≈ 1.11×) counts as "not faster", since timings on a shared
    machine swing ±10 %; a failed row (NaN) is not one of them."""
    rows = frame[(frame["batch"] == batch) & (frame["backend"] != "eager")]
    return rows[rows["speedup_vs_eager"] < 1 / FASTER]


def failures(frame: pd.DataFrame) -> pd.DataFrame:
    """The first failed row of each backend that failed somewhere in the sweep."""
    return frame[frame["error"].notna()].drop_duplicates("backend")


def first_of_each_precision(backends: Iterable[str]) -> dict[str | None, str]:
    """Precision → the first of ``backends`` that runs in it (:data:`BACKEND_PRECISION`; None
    for a backend with no precision of its own, such as a GPU)."""
    first: dict[str | None, str] = {}
    for backend in backends:
        first.setdefault(BACKEND_PRECISION.get(backend), backend)
    return first


def mixed_int8_peak(roof: pd.DataFrame, int8_share: float | None) -> float | None:
    """The ceiling dynamic int8 is held to when only part of the model's FLOPs are int8
    (``int8_share`` < 1), else None: that mix is what the page explains."""
    mixed = roof[roof["backend"] == "int8_dynamic"]["peak_gflops"].dropna()
    if int8_share is None or int8_share >= 1 or not len(mixed):
        return None
    return float(mixed.iloc[0])


def roofline_table(roof: pd.DataFrame, batch: int) -> pd.DataFrame:
    """One row per backend at ``batch``: its peak's precision ("—" when none), achieved and
    peak GFLOP/s (one decimal) and its share of that peak ("—" when unknown)."""
    at_batch = roof[roof["batch"] == batch]
    return pd.DataFrame(
        {
            "backend": at_batch["backend"].tolist(),
            "peak_precision": at_batch["peak_precision"].fillna("—").tolist(),
            "achieved": at_batch["achieved_gflops"].round(1).tolist(),
            "peak": at_batch["peak_gflops"].round(1).tolist(),
            "share": ["—" if pd.isna(f) else f"{f:.0%}" for f in at_batch["fraction_of_peak"]],
        },
        columns=list(ROOFLINE_TABLE_COLUMNS),
    )


def variant_latencies(
    rows: Iterable[Mapping[str, object]],
) -> tuple[list[str], dict[str, list[float]]]:
    """(variant labels in first-seen order, backend → median ms of each variant) from rows
    with ``variant``, ``backend`` and ``median_ms``; a backend a variant did not run on is NaN."""
    table = pd.DataFrame(list(rows))
    labels = list(dict.fromkeys(table["variant"]))
    latency = table.pivot_table(index="variant", columns="backend", values="median_ms", sort=False)
    latency = latency.reindex(labels)
    return labels, {str(backend): latency[backend].tolist() for backend in latency.columns}
