"""Plotly charts of the Accelerate page, built from the sweep DataFrames of
:mod:`components.acceleration.timing` and :func:`~components.acceleration.peak.roofline_frame`.

Builders take already-translated labels and compute nothing about models. Each backend keeps one
colour on every chart (eager is the app's "original" blue).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import pandas as pd
import plotly.graph_objects as go

from components.acceleration.backends import BACKENDS
from components.figures import (
    SERIES_COLORS,
    emphasize,
    emphasized,
    log_axis,
    style,
)

# SERIES_COLORS has six colours; the two GPU backends continue plotly's default sequence.
BACKEND_COLORS: dict[str, str] = dict(
    zip(BACKENDS, [*SERIES_COLORS, "#e377c2", "#7f7f7f"], strict=True)
)
# The fp32 peak, which several backends share, in no backend's colour: in the highlight colour
# it was dynamic int8's own, next to int8's peak line in that colour too.
FP32_PEAK_COLOR = "#444444"


def _styled(fig: go.Figure, title: str | None) -> go.Figure:
    """The house style (legend under the plot: these charts sit two to a row)."""
    return style(fig, title, height=400)


def _series(frame: pd.DataFrame, x: str, names: Mapping[str, str] | None):
    """(backend, display name, rows sorted by x) for each backend with measured rows."""
    measured = frame[frame["median_ms"].notna()].sort_values(x, kind="stable")
    # one groupby, not a boolean mask per backend: charts are rebuilt at each new batch size
    for backend, rows in measured.groupby("backend", sort=False):
        label = (names or {}).get(backend) or str(rows["label"].iloc[0])
        yield backend, label, rows


def _lines(
    frame: pd.DataFrame,
    x: str,
    y: str,
    names: Mapping[str, str] | None,
    *,
    error_bars: bool = False,
    hover_unit: str = "",
    highlight: Collection[str] = (),
) -> go.Figure:
    """One line per backend; with more than five, only the ``highlight``-ed backends (keys)
    keep their colours (:func:`~components.figures.emphasized`)."""
    traces, labels = [], {}
    for backend, label, rows in _series(frame, x, names):
        labels[backend] = label
        trace = {
            "type": "scatter",
            "x": rows[x].tolist(),
            "y": rows[y].tolist(),
            "name": label,
            "mode": "lines+markers",
            "line": {"color": BACKEND_COLORS.get(backend, SERIES_COLORS[0])},
            "customdata": rows[["threads", "batch", "runs"]].to_numpy().tolist(),
            "hovertemplate": f"{label}: %{{y:.3g}} {hover_unit}<br>batch %{{customdata[1]}}, "
            "%{customdata[0]} threads, %{customdata[2]} runs<extra></extra>",
        }
        if error_bars:
            trace["error_y"] = {
                "type": "data",
                "symmetric": False,
                "array": (rows["q3_ms"] - rows["median_ms"]).tolist(),
                "arrayminus": (rows["median_ms"] - rows["q1_ms"]).tolist(),
            }
        traces.append(trace)
    traces = emphasized(traces, [labels[b] for b in highlight if b in labels])
    # all traces in one go: add_scatter per backend validated the figure again at each line
    return go.Figure(data=traces)


def _log_batch_axis(fig: go.Figure, frame: pd.DataFrame, label: str) -> None:
    batches = sorted(frame["batch"].unique().tolist())
    fig.update_xaxes(title=label, type="log", tickvals=batches, ticktext=[str(b) for b in batches])


def latency_chart(
    sweep: pd.DataFrame,
    *,
    names: Mapping[str, str] | None = None,
    title: str | None = None,
    x_label: str = "batch",
    y_label: str = "ms",
    highlight: Collection[str] = (),
) -> go.Figure:
    """Median latency against batch size per backend, IQR error bars (q1–q3), log–log axes;
    with more than five backends only ``highlight`` keeps its colours."""
    fig = _lines(
        sweep, "batch", "median_ms", names, error_bars=True, hover_unit="ms", highlight=highlight
    )
    _log_batch_axis(fig, sweep, x_label)
    log_axis(fig, [*sweep["q1_ms"], *sweep["q3_ms"], *sweep["median_ms"]], title=y_label)
    return _styled(fig, title)


def throughput_chart(
    sweep: pd.DataFrame,
    *,
    names: Mapping[str, str] | None = None,
    title: str | None = None,
    x_label: str = "batch",
    y_label: str = "items/s",
    highlight: Collection[str] = (),
) -> go.Figure:
    """Items per second against batch size per backend (log batch axis)."""
    fig = _lines(sweep, "batch", "throughput", names, hover_unit="/s", highlight=highlight)
    _log_batch_axis(fig, sweep, x_label)
    fig.update_yaxes(title=y_label, rangemode="tozero")
    return _styled(fig, title)


def speedup_chart(
    sweep: pd.DataFrame,
    *,
    names: Mapping[str, str] | None = None,
    title: str | None = None,
    x_label: str = "batch",
    y_label: str = "× eager",
    highlight: Collection[str] = (),
) -> go.Figure:
    """Speed-up over eager fp32 (same batch, same run) per backend; a dashed line at 1×."""
    fig = _lines(sweep, "batch", "speedup_vs_eager", names, hover_unit="×", highlight=highlight)
    fig.add_hline(y=1.0, line_dash="dash", line_color="#888888")
    _log_batch_axis(fig, sweep, x_label)
    log_axis(fig, [1.0, *sweep["speedup_vs_eager"]], title=y_label)
    return _styled(fig, title)


def thread_scaling_chart(
    threads_sweep: pd.DataFrame,
    *,
    names: Mapping[str, str] | None = None,
    ideal_label: str | None = "ideal",
    title: str | None = None,
    x_label: str = "threads",
    y_label: str = "× 1 thread",
    highlight: Collection[str] = (),
) -> go.Figure:
    """Each backend's speed-up over its own fewest-thread time, against the thread count, with
    the ideal linear scaling dashed (omit it with ``ideal_label=None``)."""
    fig = _lines(threads_sweep, "threads", "scaling_vs_1_thread", names, hover_unit="×")
    counts = sorted(threads_sweep["threads"].unique().tolist())
    if ideal_label and counts:
        fig.add_scatter(
            x=counts,
            y=[c / counts[0] for c in counts],
            name=ideal_label,
            mode="lines",
            line={"color": "#888888", "dash": "dash"},
            hoverinfo="skip",
        )
    fig.update_xaxes(title=x_label, tickvals=counts, ticktext=[str(c) for c in counts])
    fig.update_yaxes(title=y_label, rangemode="tozero")
    labels = {b: label for b, label, _ in _series(threads_sweep, "threads", names)}
    emphasize(fig, [labels[b] for b in highlight if b in labels])
    return _styled(fig, title)


def gflops_chart(
    roofline: pd.DataFrame,
    *,
    names: Mapping[str, str] | None = None,
    peak_labels: Mapping[str, str] | None = None,
    title: str | None = None,
    x_label: str = "batch",
    y_label: str = "GFLOP/s",
    highlight: Collection[str] = (),
) -> go.Figure:
    """Achieved GFLOP/s (GOP/s for int8) per backend against batch size, each backend under a
    dashed line at the peak it is a share of (:func:`~components.acceleration.peak.roofline_frame`:
    one line per ``peak_precision`` and thread count, in the colour of its first backend; fp32
    in the highlight colour). The hover gives each point's share of its peak.

    Args:
        peak_labels: ``peak_precision`` → line name (default ``"<precision> peak"``).
    """
    fig = go.Figure()
    for backend, label, rows in _series(roofline, "batch", names):
        fig.add_scatter(
            x=rows["batch"].tolist(),
            y=rows["achieved_gflops"].tolist(),
            name=label,
            mode="lines+markers",
            line={"color": BACKEND_COLORS.get(backend, SERIES_COLORS[0])},
            customdata=rows[["batch", "threads", "fraction_of_peak"]].to_numpy().tolist(),
            hovertemplate=f"{label}: %{{y:.3g}}<br>%{{customdata[2]:.0%}} of its peak, batch "
            "%{customdata[0]}, %{customdata[1]} threads<extra></extra>",
        )
    measured = roofline.dropna(subset=["peak_gflops", "peak_precision"])
    lines = measured.groupby(["peak_precision", "threads"], sort=False)
    several_threads = measured["threads"].nunique() > 1
    batches = sorted(roofline["batch"].unique())
    peak_backends: dict[str, set[str]] = {}  # peak line name → the backends measured against it
    for (precision, threads), rows in lines:
        peak = float(rows["peak_gflops"].iloc[0])
        text = (peak_labels or {}).get(precision) or f"{precision} peak"
        if several_threads:
            text = f"{text} ({threads})"
        first = str(rows["backend"].iloc[0])
        peak_backends[text] = set(rows["backend"])
        color = FP32_PEAK_COLOR if precision == "fp32" else BACKEND_COLORS.get(first)
        # A line trace, not add_hline: shapes on a log axis take log10 values, traces data values.
        fig.add_scatter(
            x=batches,
            y=[peak] * len(batches),
            name=text,
            mode="lines",
            line={"dash": "dash", "color": color},
            hovertemplate=f"{text}: {peak:.0f}<extra></extra>",
        )
    _log_batch_axis(fig, roofline, x_label)
    log_axis(fig, [*roofline["achieved_gflops"], *measured["peak_gflops"]], title=y_label)
    if highlight:  # a highlighted backend keeps the peak line it is measured against
        labels = {b: label for b, label, _ in _series(roofline, "batch", names)}
        keep = [labels[b] for b in highlight if b in labels]
        keep += [name for name, owners in peak_backends.items() if owners & set(highlight)]
        emphasize(fig, keep)
    return _styled(fig, title)
