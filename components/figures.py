"""Plotly figure builders shared by every page, so that all charts look alike.

Builders take plain numbers and already-translated labels; they compute nothing about models.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

# One palette for the app: the original model is always blue, a compressed/fused variant orange.
# Okabe & Ito's colour-blind-safe set (2008): no two series differ by red vs green alone.
ORIGINAL_COLOR = "#0072B2"
VARIANT_COLOR = "#E69F00"
SERIES_COLORS = [ORIGINAL_COLOR, VARIANT_COLOR, "#009E73", "#D55E00", "#CC79A7", "#56B4E9"]
HIGHLIGHT_COLOR = "#D55E00"

HOUSE_TEMPLATE = "modellens"


def house_template() -> go.layout.Template:
    """plotly_white, with every axis' and colour bar's tick labels drawn as they are
    (``ticklabeloverflow="allow"``).

    plotly.js's default ("hide past div") measures each tick label's box once it is drawn, to
    hide the ones past the figure's edge: a forced layout per label, about a tenth of Chromium's
    work on a changed chart (issue #16: bar, histogram, heatmap and picture grid, 12 steps). The
    axes' automargin keeps the labels inside the figure anyway.
    """
    template = go.layout.Template(pio.templates["plotly_white"])
    template.layout.xaxis.ticklabeloverflow = "allow"
    template.layout.yaxis.ticklabeloverflow = "allow"
    for trace in template.data.heatmap:
        trace.colorbar.ticklabeloverflow = "allow"
    return template


def use_house_template() -> None:
    """Make the house template plotly's default, which every new figure takes.

    The default instead of ``template=...`` on every figure: naming it per figure copies and
    re-validates the whole template, 57 ms a figure against 11 ms (measured), and a Compress
    page run builds about ten figures for every session. Importing streamlit makes its own
    template the default, so a process that imports streamlit after this module calls this
    again (``dashboard.shell.report`` does).
    """
    if HOUSE_TEMPLATE not in pio.templates:
        pio.templates[HOUSE_TEMPLATE] = house_template()
    pio.templates.default = HOUSE_TEMPLATE


use_house_template()

# What plotly's toolbar offers on every chart: zoom, pan, reset and "download as PNG". Box and
# lasso selection select nothing here, and zoom in / out / autoscale repeat a drag and "reset";
# a shorter toolbar is a tenth of Chromium's work on a changed chart (it is rebuilt each time).
CHART_CONFIG: dict[str, object] = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d"],
}


# The legend of every chart: a horizontal row at the bottom edge of the figure. With
# ``yref="container"`` plotly.js reserves the legend's own height under the plot (axis titles and
# slanted tick labels included), so it can touch neither the title at the top nor the x axis,
# whatever the number of entries or the width of the column (a legend at the top right ran into
# long titles, and a legend at a fraction under the plot landed on the x-axis title).
LEGEND = {
    "orientation": "h",
    "xref": "paper",
    "x": 0,
    "xanchor": "left",
    "yref": "container",
    "y": 0,
    "yanchor": "bottom",
}


def style(fig: go.Figure, title: str | None = None, height: int = 360) -> go.Figure:
    """The house layout: white template, compact margins, the title at the top left and the
    legend at the bottom (:data:`LEGEND`), so they never overlap."""
    settings = {
        "title": {"text": title, "yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 12}},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 50 if title else 20, "b": 10},
        "legend": LEGEND,
        "font": {"size": 13},
    }
    layout = fig.layout
    for name, value in settings.items():
        # As update_layout would (merged into what the figure set), but an assignment where
        # nothing was set: a sixth of the time (plotly validates an update path by path).
        if isinstance(value, dict) and layout[name].to_plotly_json():
            layout[name].update(value)
        else:
            layout[name] = value
    return fig


def legend_below(fig: go.Figure, below_px: int | None = None) -> go.Figure:
    """The legend at the bottom of the figure (:data:`LEGEND`, what :func:`style` already does),
    for figures whose legend was moved elsewhere. ``below_px`` is kept for old callers: the
    space under the plot is now measured by plotly.js itself."""
    del below_px
    fig.update_layout(legend=LEGEND)
    return fig


# A chart with more lines than this greys all but the ones the page highlights: a room cannot
# tell eight colours apart from the back row.
MAX_COLOURED_LINES = 5
MUTED_COLOR = "#c8c8c8"


def log_ticks(values: Iterable[float]) -> tuple[list[float], list[str]]:
    """Tick values and labels for a log axis over ``values``: 1-2-5 steps when the data span
    at most two decades, whole decades otherwise, every one labelled in plain numbers ("0.5",
    "20", "1k") instead of plotly's small unlabelled-looking minor digits ("2", "5")."""
    finite = [float(v) for v in values if v is not None and np.isfinite(v) and v > 0]
    if not finite:
        return [], []
    low, high = np.floor(np.log10(min(finite))), np.ceil(np.log10(max(finite)))
    high = max(high, low + 1)
    decades = range(int(low), int(high) + 1)
    steps = (1, 2, 5) if high - low <= 2 else (1,)
    ticks = [m * 10.0**d for d in decades for m in steps]
    # Keep one tick beyond the data on each side, so the axis ends on a label.
    below = [v for v in ticks if v <= min(finite)]
    above = [v for v in ticks if v >= max(finite)]
    lo, hi = (below[-1] if below else ticks[0]), (above[0] if above else ticks[-1])
    ticks = [v for v in ticks if lo <= v <= hi]
    return ticks, [_tick_label(v) for v in ticks]


def _tick_label(value: float) -> str:
    for step, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if value >= step:
            return f"{value / step:g}{suffix}"
    return f"{value:.6g}"


def log_axis(fig: go.Figure, values: Iterable[float], axis: str = "y", **axis_props) -> None:
    """Make ``axis`` ("x" or "y", every subplot's) logarithmic with :func:`log_ticks` over
    ``values`` (all the data the axis shows) and no minor ticks."""
    tickvals, ticktext = log_ticks(values)
    update = fig.update_yaxes if axis == "y" else fig.update_xaxes
    props = {"type": "log", "minor": {"ticks": "", "showgrid": False}, **axis_props}
    if tickvals:
        props |= {"tickmode": "array", "tickvals": tickvals, "ticktext": ticktext}
    update(**props)


def emphasize(fig: go.Figure, highlight: Collection[str] | None) -> go.Figure:
    """With more than :data:`MAX_COLOURED_LINES` lines, keep the colours of the lines named
    in ``highlight`` (trace names) and draw them on top; the others turn thin and grey (hover
    and the legend still name them). Fewer lines, or no highlight, leave the figure as it is."""
    traces = [trace.to_plotly_json() for trace in fig.data]
    changed = emphasized(traces, highlight)
    if changed is not traces:
        fig.data = ()
        fig.add_traces(changed)
    return fig


def emphasized(traces: list[dict], highlight: Collection[str] | None) -> list[dict]:
    """:func:`emphasize` on trace dicts, before a figure is built of them (building it once
    costs less than restyling its traces one by one); ``traces`` itself where nothing
    changes."""

    def is_line(trace: Mapping) -> bool:
        return trace.get("type", "scatter") == "scatter" and "lines" in (
            trace.get("mode") or "lines"
        )

    lines = [trace for trace in traces if is_line(trace)]
    keep = set(highlight or ())
    if len(lines) <= MAX_COLOURED_LINES or not keep & {trace.get("name") for trace in lines}:
        return traces
    muted, rest = [], []
    for rank, trace in enumerate(traces):
        # the legend keeps the builder's order after the re-sort
        trace = {**trace, "legendrank": 1000 + rank}
        if not is_line(trace) or trace.get("name") in keep:
            rest.append(trace)
            continue
        trace["line"] = {**(trace.get("line") or {}), "color": MUTED_COLOR, "width": 1.5}
        trace["marker"] = {**(trace.get("marker") or {}), "color": MUTED_COLOR}
        if (trace.get("error_y") or {}).get("array") is not None:
            trace["error_y"] = {**trace["error_y"], "color": MUTED_COLOR}
        muted.append(trace)
    return muted + rest  # grey lines first: the coloured ones are drawn on top


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
    fig.update_yaxes(title=value_label)
    if log_y:
        log_axis(fig, [v for values in series.values() for v in values])
    if percent:
        fig.update_yaxes(tickformat=".0%", range=[0, 1])
    fig.update_xaxes(tickangle=-45 if len(layers) > 6 else 0)
    return style(fig, title)


# A grid of pictures: the least gap between two columns and the room above each picture for
# its caption, as fractions of a cell's width and height (a caption line fits a 150-pixel row).
GRID_GAP = 0.1
GRID_CAPTION = 0.2
# A caption's width in pixels per character (12-pixel captions in the app's font: ~5.3 for a
# Latin letter measured in Chromium, more in bold, twice that for a CJK one): columns are
# spread so that neighbouring captions do not run into each other.
GRID_CHAR_PX = 6.0


def image_grid(
    images: Sequence[np.ndarray],
    titles: Sequence[str],
    *,
    columns: int = 5,
    highlight: Sequence[bool] | None = None,
    title: str | None = None,
    colorscale: str = "gray_r",
) -> go.Figure:
    """Small multiples of 2-D images (digits, filters; (H, W, 3) arrays in colour) with a
    caption each.

    Captions of ``highlight``-ed cells are drawn in red (e.g. where two models disagree).
    Every picture is its own trace (its own colour range) but all share one pair of axes, each
    placed in its cell by its origin (:func:`grid_cells`): a subplot per picture cost the
    browser 0.12 s more per redraw of ten digits (measured in Chromium), about half of what a
    control's whole answer may take. The y axis runs downwards, as in a picture.
    """
    if len(titles) != len(images):
        raise ValueError(f"{len(images)} images but {len(titles)} titles")
    pictures = [np.asarray(image) for image in images]
    highlight = list(highlight) if highlight is not None else [False] * len(pictures)
    captions = [
        f"<span style='color:{HIGHLIGHT_COLOR}'><b>{t}</b></span>" if h else t
        for t, h in zip(titles, highlight, strict=True)
    ]
    rows = max(1, -(-len(pictures) // columns))
    fig_height = max(180, 150 * rows + (40 if title else 0))
    plot_height = fig_height - (50 if title else 20) - 10  # style()'s margins
    shapes = [p.shape[:2] for p in pictures]
    aspect = _grid_aspect(shapes, titles, columns, plot_height)
    cells, (width, height) = grid_cells(shapes, columns, aspect=aspect)
    traces, annotations = [], []
    for picture, caption, (left, top, centre, caption_y) in zip(
        pictures, captions, cells, strict=True
    ):
        traces.append(_grid_trace(picture, colorscale) | {"x0": left, "y0": top})
        annotations.append(
            {
                "text": caption,
                "x": centre,
                "y": caption_y,
                "xref": "x",
                "yref": "y",
                "xanchor": "center",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 12},
            }
        )
    axis = {"visible": False, "constrain": "domain", "showgrid": False, "zeroline": False}
    layout = {
        "xaxis": axis | {"range": [-0.5, width - 0.5]},
        # square pixels; reversed: row 0 of every picture (and the first row of cells) on top
        "yaxis": axis | {"range": [height - 0.5, -0.5], "scaleanchor": "x", "scaleratio": 1},
        "annotations": annotations,
    }
    fig = go.Figure(data=traces, layout=layout)
    return style(fig, title, height=fig_height)


def grid_cells(
    shapes: Sequence[tuple[int, ...]], columns: int, aspect: float | None = None
) -> tuple[list[tuple[float, float, float, float]], tuple[float, float]]:
    """Where :func:`image_grid` draws pictures of ``shapes`` ((H, W) each), ``columns`` to a
    row, in one pair of axes whose y runs downwards: per picture the data coordinates of its
    first pixel's centre (left, top), of its cell's centre line and of the line its caption
    stands on; and the width and height of the whole grid. With ``aspect`` (the plot's width
    over its height) the columns are spread to fill that width, as subplots would be."""
    if not shapes:
        return [], (1.0, 1.0)
    cell_h = max(int(s[0]) for s in shapes)
    cell_w = max(int(s[1]) for s in shapes)
    used_columns = min(columns, len(shapes))
    rows = -(-len(shapes) // columns)
    step_y = cell_h * (1 + GRID_CAPTION)
    step_x = cell_w * (1 + GRID_GAP)
    if aspect is not None and used_columns > 1:  # the grid's width = aspect × its height
        step_x = max(step_x, (aspect * rows * step_y - cell_w) / (used_columns - 1))
    cells = []
    for i, shape in enumerate(shapes):
        row, col = divmod(i, columns)
        cell_left, picture_top = col * step_x, row * step_y + cell_h * GRID_CAPTION
        # a smaller picture sits in the middle of its cell
        left = cell_left + (cell_w - int(shape[1])) / 2
        top = picture_top + (cell_h - int(shape[0])) / 2
        cells.append((left, top, cell_left + (cell_w - 1) / 2, picture_top - 0.5))
    return cells, ((used_columns - 1) * step_x + cell_w, rows * step_y)


def _grid_aspect(
    shapes: Sequence[tuple[int, ...]], titles: Sequence[str], columns: int, plot_height: float
) -> float | None:
    """The width over the height a grid is laid out to, in pixels: its pictures as tall as the
    plot allows, and its columns far enough apart for their captions. A chart narrower than
    that shows the grid smaller, as a whole; pixels stay square."""
    if not shapes:
        return None
    cell_h = max(int(s[0]) for s in shapes)
    cell_w = max(int(s[1]) for s in shapes)
    rows = -(-len(shapes) // columns)
    cell_px = plot_height / (rows * (1 + GRID_CAPTION)) / cell_h * cell_w
    caption_px = max(_text_px(title) for title in titles) + 12
    step_px = max(cell_px * (1 + GRID_GAP), caption_px)
    return ((min(columns, len(shapes)) - 1) * step_px + cell_px) / plot_height


def _text_px(text: str) -> float:
    """About how wide ``text`` (plotly's HTML-like tags aside) is drawn at 12 pixels."""
    plain = re.sub(r"<[^>]+>", "", str(text))
    return GRID_CHAR_PX * sum(2 if ord(ch) >= 0x2E80 else 1 for ch in plain)


def _grid_trace(image: np.ndarray, colorscale: str) -> dict:
    """One picture, row 0 first: (H, W, 3) in [0, 1] as pixels, a 2-D array as a grey
    heatmap."""
    if image.ndim == 3:
        return {"type": "image", "z": (image * 255).round().astype(np.uint8)}
    return {
        "type": "heatmap",
        "z": image,
        "colorscale": colorscale,
        "showscale": False,
        "hovertemplate": "%{z:.2f}<extra></extra>",
    }


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
    return style(fig, title, height=560)


def histogram_overlay(
    series: Mapping[str, np.ndarray],
    *,
    bins: int = 80,
    grid: np.ndarray | None = None,
    grid_label: str = "",
    title: str | None = None,
    x_label: str = "",
    y_label: str = "",
    log_y: bool = False,
) -> go.Figure:
    """Overlaid histograms sharing one binning (e.g. weights before/after pruning), optionally with
    vertical lines at quantization grid levels.

    The counts are binned here (``numpy.histogram``) and drawn as bars a bin wide: the browser
    gets ~80 counts a series instead of every weight, and the chart's table lists bins and
    counts, not raw values. Values that are not finite (a removed weight shown as NaN) are left
    out, as plotly's own histogram left them out."""
    values = [np.asarray(v, dtype=float).ravel() for v in series.values()]
    values = [v[np.isfinite(v)] for v in values]
    finite = np.concatenate(values) if values else np.zeros(1)
    finite = finite if finite.size else np.zeros(1)
    low, high = float(finite.min()), float(finite.max())
    size = (high - low) / bins if high > low else 1.0
    edges = low + size * np.arange(bins + 2)  # the last bin holds the maximum
    counts = [np.histogram(v, bins=edges)[0] for v in values]
    centres = (edges[:-1] + size / 2).tolist()
    fig = go.Figure(
        data=[
            {
                "type": "bar",
                "x": centres,
                "y": c.tolist(),
                "width": size,
                "name": name,
                "marker": {"color": SERIES_COLORS[i % len(SERIES_COLORS)], "line": {"width": 0}},
                "opacity": 0.6,
                "hovertemplate": "%{y} at %{x:.3g}",  # the trace name beside it
            }
            for i, (name, c) in enumerate(zip(series, counts, strict=True))
        ]
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
    fig.update_yaxes(title=y_label)
    if log_y:
        log_axis(fig, [c for series_counts in counts for c in series_counts])
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
    y2: str | None = None,
    y2_names: Mapping[str, str] | None = None,
    y2_label: str = "",
    highlight: Collection[str] = (),
) -> go.Figure:
    """Line per value of ``series`` in a long-format frame (training curves).

    Args:
        y2: a column measuring something else (another loss, on another scale), drawn dashed
            on a second y axis at the right, in each series' colour, for the series named in
            ``y2_names`` (series value → legend name). Two measures never share an axis.
        highlight: series values to keep in colour when there are more than five lines.
    """
    fig = go.Figure()
    shown: dict[str, str] = {}
    for i, (key, group) in enumerate(frame.groupby(series, sort=False)):
        color = SERIES_COLORS[i % len(SERIES_COLORS)]
        shown[key] = (names or {}).get(key, str(key))
        fig.add_scatter(
            x=group[x].tolist(),
            y=group[y].tolist(),
            name=shown[key],
            mode="lines+markers",
            line={"color": color},
        )
        if y2 is not None and key in (y2_names or {}):
            fig.add_scatter(
                x=group[x].tolist(),
                y=group[y2].tolist(),
                name=y2_names[key],
                mode="lines+markers",
                line={"color": color, "dash": "dash"},
                marker={"symbol": "diamond"},
                yaxis="y2",
            )
    fig.update_xaxes(title=x_label)
    fig.update_yaxes(title=y_label, tickformat=".0%" if percent else None)
    if y2 is not None:
        fig.update_layout(
            yaxis2={
                "title": y2_label,
                "overlaying": "y",
                "side": "right",
                "showgrid": False,
                "automargin": True,
                "tickmode": "auto",  # its own round numbers, not ticks synced to the left axis
            }
        )
    emphasize(fig, [shown[k] for k in highlight if k in shown])
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


def attribution_grid(
    image: np.ndarray,
    maps: Mapping[str, np.ndarray],
    *,
    opacity: float = 0.6,
    signed: bool = True,
    columns: int = 3,
    captions: Mapping[str, str] | None = None,
    title: str | None = None,
    shared_scale: bool = False,
    scale_label: str | None = None,
) -> go.Figure:
    """Attribution maps drawn over the same grayscale input, one panel per method.

    Signed maps use a diverging scale around 0 (red: towards the class, blue: against); absolute
    maps use one hue. By default each panel is scaled to its own maximum |value|, so methods
    with different units stay comparable by pattern (the colour bar runs from −1 to 1).

    Args:
        shared_scale: one colour range for every panel, the largest |value| of them all, in the
            maps' own units: for maps of one method that are compared, and their difference,
            so that a small difference looks small.
        scale_label: the colour bar's title (translated; default "±max" / "max", or empty).
    """
    from plotly.subplots import make_subplots

    names = list(maps)
    rows = max(1, -(-len(names) // columns))
    subtitles = [f"{n}<br><sub>{(captions or {}).get(n, '')}</sub>" for n in names]
    fig = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=subtitles,
        horizontal_spacing=0.03,
        vertical_spacing=0.14,
    )
    flipped = np.asarray(image)[::-1]
    arrays = {n: np.asarray(maps[n], dtype=float) for n in names}
    arrays = {n: a if signed else np.abs(a) for n, a in arrays.items()}
    common = max((float(np.nanmax(np.abs(a))) for a in arrays.values()), default=0.0) or 1.0
    if scale_label is None:
        scale_label = "" if shared_scale else "±max" if signed else "max"
    for i, name in enumerate(names):
        row, col = i // columns + 1, i % columns + 1
        values = arrays[name]
        # Shared: raw values against one range; own: each map divided by its own maximum.
        scale = 1.0 if shared_scale else float(np.nanmax(np.abs(values))) or 1.0
        limit = common if shared_scale else 1.0
        fig.add_trace(
            go.Heatmap(z=flipped, colorscale="gray_r", showscale=False, hoverinfo="skip"),
            row=row,
            col=col,
        )
        fig.add_trace(
            go.Heatmap(
                z=values[::-1] / scale,
                colorscale="RdBu_r" if signed else "Reds",
                zmin=-limit if signed else 0,
                zmax=limit,
                opacity=opacity,
                showscale=i == 0,
                colorbar={"title": scale_label, "len": 0.5},
                hovertemplate="x %{x}, y %{y}: %{z:.3g}<extra></extra>",
            ),
            row=row,
            col=col,
        )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    fig.update_annotations(font_size=12)
    fig = style(fig, title, height=max(260, 250 * rows + (60 if title else 0)))
    if title:  # the panels' own two-line captions need room under the title
        fig.update_layout(margin={"t": 90})
    return fig


def line_chart(
    x: Sequence[float],
    series: Mapping[str, Sequence[float]],
    *,
    title: str | None = None,
    x_label: str = "",
    y_label: str = "",
    x_percent: bool = False,
    y_percent: bool = False,
    marker_x: float | None = None,
    dashed: Sequence[str] = (),
    highlight: Collection[str] = (),
) -> go.Figure:
    """Lines over one x axis; series named in ``dashed`` are drawn dashed (references); with
    more than five, those not in ``highlight`` grey (:func:`emphasize`)."""
    fig = go.Figure()
    for i, (name, values) in enumerate(series.items()):
        fig.add_scatter(
            x=list(x),
            y=list(values),
            name=name,
            mode="lines+markers",
            line={
                "color": SERIES_COLORS[i % len(SERIES_COLORS)],
                "dash": "dash" if name in dashed else "solid",
            },
        )
    if marker_x is not None:
        fig.add_vline(x=marker_x, line_dash="dot", line_color=HIGHLIGHT_COLOR)
    fig.update_xaxes(title=x_label, tickformat=".0%" if x_percent else None)
    fig.update_yaxes(title=y_label, tickformat=".0%" if y_percent else None)
    emphasize(fig, highlight)
    return style(fig, title, height=340)


def token_bars(
    tokens: Sequence[str],
    scores: Mapping[str, Sequence[float]],
    *,
    title: str | None = None,
    y_label: str = "",
) -> go.Figure:
    """Per-token scores (attributions, attention received) as grouped bars in token order."""
    labels = [f"{i}:{tok}" for i, tok in enumerate(tokens)]
    fig = go.Figure()
    for i, (name, values) in enumerate(scores.items()):
        fig.add_bar(
            x=labels, y=list(values), name=name, marker_color=SERIES_COLORS[i % len(SERIES_COLORS)]
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title=y_label)
    fig.update_xaxes(tickangle=-45, type="category")
    return style(fig, title, height=340)


def attention_lines(
    tokens: Sequence[str], edges, *, title: str | None = None, color: str = ORIGINAL_COLOR
) -> go.Figure:
    """BertViz-style head view: tokens in two columns, a line from each source token to each
    target token it attends to, its opacity the attention weight. ``edges`` is a frame with
    columns source, target, weight (token indices)."""
    n = len(tokens)
    fig = go.Figure()
    for row in edges.itertuples(index=False):
        fig.add_scatter(
            x=[0, 1],
            y=[n - 1 - row.source, n - 1 - row.target],
            mode="lines",
            line={"color": color, "width": 1 + 4 * float(row.weight)},
            opacity=min(1.0, 0.15 + float(row.weight)),
            hoverinfo="text",
            text=f"{tokens[row.source]} → {tokens[row.target]}: {row.weight:.2f}",
            showlegend=False,
        )
    for x, anchor in ((0, "right"), (1, "left")):
        fig.add_scatter(
            x=[x] * n,
            y=list(range(n - 1, -1, -1)),
            mode="text",
            text=list(tokens),
            textposition=f"middle {anchor}",
            showlegend=False,
            hoverinfo="skip",
        )
    fig.update_xaxes(visible=False, range=[-0.6, 1.6])
    fig.update_yaxes(visible=False)
    return style(fig, title, height=max(320, 22 * n + 80))


def small_multiples(
    maps: np.ndarray,
    *,
    row_label: str = "layer",
    col_label: str = "head",
    title: str | None = None,
    colorscale: str = "Blues",
    row_titles: Sequence[str] | None = None,
    col_titles: Sequence[str] | None = None,
) -> go.Figure:
    """A grid of heatmaps, ``maps`` shaped (rows, cols, H, W): BertViz's model view.

    ``row_titles`` / ``col_titles`` (translated, e.g. "第 0 层", "0 号注意力头") replace the
    default "<row_label> <n>" / "<col_label> <n>".
    """
    from plotly.subplots import make_subplots

    rows, cols = maps.shape[:2]
    row_titles = list(row_titles or [f"{row_label} {r}" for r in range(rows)])
    col_titles = list(col_titles or [f"{col_label} {c}" for c in range(cols)])
    fig = make_subplots(
        rows=rows,
        cols=cols,
        horizontal_spacing=0.005,
        vertical_spacing=0.01,
        row_titles=row_titles,
        column_titles=col_titles,
    )
    for r in range(rows):
        for c in range(cols):
            fig.add_trace(
                go.Heatmap(
                    z=maps[r, c],
                    colorscale=colorscale,
                    zmin=0,
                    zmax=1,
                    showscale=False,
                    hovertemplate=f"{row_titles[r]}, {col_titles[c]}<br>"
                    "%{y} → %{x}: %{z:.2f}<extra></extra>",
                ),
                row=r + 1,
                col=c + 1,
            )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, autorange="reversed")
    fig.update_annotations(font_size=10)
    return style(fig, title, height=90 * rows + 80)
