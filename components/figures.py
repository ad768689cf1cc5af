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
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        font={"size": 13},
    )
    return fig


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
    for i, (name, values) in enumerate(series.items()):
        fig.add_bar(
            x=list(layers),
            y=list(values),
            name=name,
            marker_color=SERIES_COLORS[i % len(SERIES_COLORS)],
            hovertemplate="%{x}<br>%{y"
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
