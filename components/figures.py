"""Plotly figure builders shared by every page, so that all charts look alike.

Builders take plain numbers and already-translated labels; they compute nothing about models.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from components.latency import LatencyResult

# One palette for the app: the original model is always blue, a compressed/fused variant orange.
ORIGINAL_COLOR = "#1f77b4"
VARIANT_COLOR = "#ff7f0e"
SERIES_COLORS = [ORIGINAL_COLOR, VARIANT_COLOR, "#2ca02c", "#d62728", "#9467bd", "#8c564b"]
HIGHLIGHT_COLOR = "#d62728"


def style(fig: go.Figure, title: str | None = None, height: int = 360) -> go.Figure:
    """The house layout: white template, compact margins, legend on top."""
    fig.update_layout(
        template="plotly_white",
        title=title,
        height=height,
        margin={"l": 10, "r": 10, "t": 50 if title else 20, "b": 10},
        # Top right: the title owns the top left, and they must not overlap.
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "right", "x": 1},
        font={"size": 13},
    )
    return fig


def short_layer_names(names: Sequence[str]) -> list[str]:
    """Drop the dotted prefix all names share ("encoder.encoder.layer.0.attention.self.query" →
    "0.attention.self.query" when every name starts with "encoder.encoder.layer.")."""
    names = [str(n) for n in names]
    if len(names) < 2:
        return names
    prefix = names[0]
    for name in names[1:]:
        while not name.startswith(prefix):
            prefix = prefix[:-1]
    cut = prefix.rfind(".") + 1
    short = [n[cut:] or n for n in names]
    return short if len(set(short)) == len(set(names)) else names


def layer_bar_chart(
    layers: Sequence[str],
    series: Mapping[str, Sequence[float]],
    *,
    title: str | None = None,
    value_label: str = "",
    log_y: bool = False,
    percent: bool = False,
) -> go.Figure:
    """Grouped bars, one group per layer and one bar per series (e.g. original vs pruned)."""
    fig = go.Figure()
    full = [str(n) for n in layers]
    for i, (name, values) in enumerate(series.items()):
        fig.add_bar(
            x=short_layer_names(full),
            y=list(values),
            name=name,
            customdata=full,
            marker_color=SERIES_COLORS[i % len(SERIES_COLORS)],
            hovertemplate="%{customdata}<br>%{y"
            + (":.1%" if percent else ":,")
            + "}<extra>"
            + name
            + "</extra>",
        )
    fig.update_layout(barmode="group", showlegend=len(series) > 1)
    fig.update_yaxes(title=value_label, type="log" if log_y else "linear")
    if percent:
        fig.update_yaxes(tickformat=".0%", range=[0, 1])
    fig.update_xaxes(tickangle=-45 if len(layers) > 6 else 0)
    return style(fig, title)


def image_grid(
    images: Sequence[np.ndarray],
    titles: Sequence[str],
    *,
    columns: int = 5,
    highlight: Sequence[bool] | None = None,
    title: str | None = None,
    colorscale: str = "gray_r",
) -> go.Figure:
    """Small multiples of 2-D images (digits, filters) with a caption each.

    Captions of ``highlight``-ed cells are drawn in red (e.g. where two models disagree).
    """
    from plotly.subplots import make_subplots

    n = len(images)
    rows = max(1, -(-n // columns))
    highlight = list(highlight) if highlight is not None else [False] * n
    captions = [
        f"<span style='color:{HIGHLIGHT_COLOR}'><b>{t}</b></span>" if h else t
        for t, h in zip(titles, highlight, strict=True)
    ]
    fig = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=captions,
        horizontal_spacing=0.02,
        vertical_spacing=0.12,
    )
    for i, image in enumerate(images):
        fig.add_trace(
            go.Heatmap(
                z=np.asarray(image)[::-1],
                colorscale=colorscale,
                showscale=False,
                hovertemplate="x %{x}, y %{y}: %{z:.2f}<extra></extra>",
            ),
            row=i // columns + 1,
            col=i % columns + 1,
        )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    fig.update_annotations(font_size=12)
    return style(fig, title, height=max(180, 150 * rows + (40 if title else 0)))


def heatmap(
    matrix: np.ndarray,
    *,
    x_labels: Sequence[str] | None = None,
    y_labels: Sequence[str] | None = None,
    title: str | None = None,
    colorscale: str = "RdBu",
    zmid: float | None = 0.0,
    value_label: str = "",
    text_format: str | None = None,
) -> go.Figure:
    """A labelled heatmap (weights, similarities, attention); diverging around ``zmid``."""
    matrix = np.asarray(matrix)
    fig = go.Figure(
        go.Heatmap(
            z=matrix,
            x=list(x_labels) if x_labels is not None else None,
            y=list(y_labels) if y_labels is not None else None,
            colorscale=colorscale,
            zmid=zmid,
            colorbar={"title": value_label},
            texttemplate=text_format,
        )
    )
    fig.update_yaxes(autorange="reversed")
    return style(fig, title, height=max(300, min(700, 22 * matrix.shape[0] + 120)))


def latency_chart(
    results: Mapping[str, LatencyResult], *, title: str | None = None, value_label: str = "ms"
) -> go.Figure:
    """Median latency per variant with IQR error bars; batch and threads in the hover text."""
    names = list(results)
    fig = go.Figure(
        go.Bar(
            x=names,
            y=[r.median_ms for r in results.values()],
            error_y={
                "type": "data",
                "symmetric": True,
                "array": [r.iqr_ms / 2 for r in results.values()],
            },
            marker_color=[SERIES_COLORS[i % len(SERIES_COLORS)] for i in range(len(names))],
            customdata=[[r.iqr_ms, r.batch_size, r.threads, r.runs] for r in results.values()],
            hovertemplate=(
                "%{x}: %{y:.3f} ms<br>IQR %{customdata[0]:.3f} ms<br>batch %{customdata[1]}, "
                "%{customdata[2]} threads, %{customdata[3]} runs<extra></extra>"
            ),
        )
    )
    fig.update_yaxes(title=value_label, rangemode="tozero")
    return style(fig, title)


def sweep_chart(
    x: Sequence[float],
    top: Mapping[str, Sequence[float]],
    bottom: Mapping[str, Sequence[float]],
    *,
    marker_x: float | None = None,
    x_label: str = "",
    top_label: str = "",
    bottom_label: str = "",
    title: str | None = None,
) -> go.Figure:
    """Two stacked panels over one x axis (e.g. quality above, latency/FLOP ratios below), with a
    dashed vertical line at the slider's current value."""
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    for row, series in ((1, top), (2, bottom)):
        offset = 0 if row == 1 else len(top)
        for i, (name, values) in enumerate(series.items()):
            fig.add_scatter(
                x=list(x),
                y=list(values),
                name=name,
                mode="lines+markers",
                line={"color": SERIES_COLORS[(offset + i) % len(SERIES_COLORS)]},
                row=row,
                col=1,
            )
    if marker_x is not None:
        fig.add_vline(x=marker_x, line_dash="dash", line_color=HIGHLIGHT_COLOR)
    fig.update_yaxes(title=top_label, row=1, col=1)
    fig.update_yaxes(title=bottom_label, row=2, col=1)
    fig.update_xaxes(title=x_label, row=2, col=1)
    fig = style(fig, title, height=560)
    # Five series do not fit beside the title: the legend goes under the chart.
    fig.update_layout(legend={"y": -0.14, "yanchor": "top", "x": 0, "xanchor": "left"})
    return fig


def histogram_overlay(
    series: Mapping[str, np.ndarray],
    *,
    bins: int = 80,
    grid: np.ndarray | None = None,
    grid_label: str = "",
    title: str | None = None,
    x_label: str = "",
    log_y: bool = False,
) -> go.Figure:
    """Overlaid histograms sharing one binning (e.g. weights before/after pruning), optionally with
    vertical lines at quantization grid levels."""
    values = [np.asarray(v, dtype=float).ravel() for v in series.values()]
    finite = np.concatenate([v[np.isfinite(v)] for v in values]) if values else np.zeros(1)
    low, high = float(finite.min()), float(finite.max())
    size = (high - low) / bins if high > low else 1.0
    fig = go.Figure()
    for i, (name, v) in enumerate(zip(series, values, strict=True)):
        fig.add_histogram(
            x=v,
            name=name,
            xbins={"start": low, "end": high + size, "size": size},
            marker_color=SERIES_COLORS[i % len(SERIES_COLORS)],
            opacity=0.6,
        )
    if grid is not None and len(grid):
        # One trace of vertical segments (not hundreds of shapes): cheap to draw, one legend entry.
        ys, xs = [], []
        for level in np.asarray(grid, dtype=float):
            xs += [level, level, None]
            ys += [0, 1, None]
        fig.add_scatter(
            x=xs,
            y=ys,
            mode="lines",
            name=grid_label,
            yaxis="y2",
            line={"color": "rgba(0,0,0,0.35)", "width": 1},
        )
        fig.update_layout(yaxis2={"overlaying": "y", "range": [0, 1], "visible": False})
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(title=x_label)
    fig.update_yaxes(type="log" if log_y else "linear")
    return style(fig, title)


def curves_chart(
    frame,
    *,
    x: str,
    y: str,
    series: str,
    names: Mapping[str, str] | None = None,
    title: str | None = None,
    x_label: str = "",
    y_label: str = "",
    percent: bool = False,
) -> go.Figure:
    """Line per value of ``series`` in a long-format frame (training curves)."""
    fig = go.Figure()
    for i, (key, group) in enumerate(frame.groupby(series, sort=False)):
        fig.add_scatter(
            x=group[x].tolist(),
            y=group[y].tolist(),
            name=(names or {}).get(key, str(key)),
            mode="lines+markers",
            line={"color": SERIES_COLORS[i % len(SERIES_COLORS)]},
        )
    fig.update_xaxes(title=x_label)
    fig.update_yaxes(title=y_label, tickformat=".0%" if percent else None)
    return style(fig, title, height=320)


def probability_bars(
    probabilities: Mapping[str, Sequence[float]],
    class_names: Sequence[str],
    *,
    title: str | None = None,
    y_label: str = "",
    log_y: bool = False,
) -> go.Figure:
    """Grouped bars of class probabilities, one colour per model (original blue, variant orange).

    ``log_y`` shows probabilities down to 1e-6, where a confident model's "dark knowledge" lives.
    """
    fig = go.Figure()
    for i, (name, probs) in enumerate(probabilities.items()):
        fig.add_bar(
            x=list(class_names),
            y=[float(p) for p in probs],
            name=name,
            marker_color=SERIES_COLORS[i % len(SERIES_COLORS)],
            hovertemplate="%{x}: %{y:.1%}<extra>" + name + "</extra>",
        )
    fig.update_layout(barmode="group")
    if log_y:
        ticks = [1e-6, 1e-4, 1e-2, 1]
        fig.update_yaxes(
            title=y_label,
            type="log",
            range=[-6, 0],
            tickvals=ticks,
            ticktext=["0.0001%", "0.01%", "1%", "100%"],
        )
        fig.update_traces(base=1e-7)  # bars grow from below the axis, so tiny ones still show
    else:
        fig.update_yaxes(title=y_label, tickformat=".0%", range=[0, 1])
    fig.update_xaxes(type="category")
    return style(fig, title, height=300)
