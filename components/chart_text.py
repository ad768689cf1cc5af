"""A chart's numbers as text: the alternative a screen reader (or a student who cannot tell two
colours apart) reads instead of the picture.

:func:`chart_table` turns a plotly figure into one table: a row per plotted point for line,
bar and scatter traces (under the axes' own titles), and a summary row per map (its size and
range) for heatmaps and images, whose cells are too many to read out. :func:`chart_problems`
names what a chart lacks for that reading: a title, a labelled axis.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

_TAGS = re.compile(r"<[^>]+>")  # plotly's <br>, <b>, <span …> in titles
MAX_ROWS = 200  # per chart: a table to read, not a data dump (the CSV and report have it all)
_MAPS = ("heatmap", "image", "contour", "histogram2d")
_POINTS = ("scatter", "scattergl", "bar", "box", "violin", "histogram", "funnel", "waterfall")


def chart_table(fig: go.Figure, series: str = "series", max_rows: int = MAX_ROWS) -> pd.DataFrame:
    """One row per point of ``fig``'s point traces and one per map, with the traces' names
    (column ``series``) and the axis titles as column names; at most ``max_rows`` rows."""
    x_name, y_name = _axis_names(fig)
    captions = _map_captions(fig)
    rows: list[tuple[str, object, object]] = []
    for i, trace in enumerate(fig.data):
        name = str(trace.name) if trace.name else captions.get(i, f"#{i + 1}")
        if trace.type in _MAPS:
            rows.append((name, _shape_text(trace), _range_text(trace)))
        elif trace.type in _POINTS:
            rows.extend((name, x, y) for x, y in _points(trace))
        if len(rows) >= max_rows:
            break
    return pd.DataFrame(rows[:max_rows], columns=[series, x_name, y_name])


def charted(fig: go.Figure) -> bool:
    """Whether :func:`chart_table` has anything to list: a map or a trace of points (an empty
    trace aside), told without reading the figure's values."""
    return any(
        trace.type in _MAPS or (trace.type in _POINTS and _has_points(trace)) for trace in fig.data
    )


def _has_points(trace: go.Figure) -> bool:
    for axis in ("x", "y"):
        values = getattr(trace, axis, None)
        if values is not None and len(_array(values)):
            return True
    return False


def _map_captions(fig: go.Figure) -> dict[int, str]:
    """Trace index → its panel's caption, where a grid of pictures (digits, maps) has one
    subplot title per picture: what each picture shows, in the figure's own words."""
    maps = [i for i, trace in enumerate(fig.data) if trace.type in _MAPS]
    texts = [" ".join(_TAGS.sub(" ", str(a.text or "")).split()) for a in fig.layout.annotations]
    if not maps or len(texts) < len(maps):
        return {}
    return dict(zip(maps, texts, strict=False))


def chart_problems(fig: go.Figure) -> list[str]:
    """What ``fig`` lacks to be read without seeing it: ``"title"``, ``"x axis"``, ``"y axis"``
    (an axis counts when it has a title or category labels: a bar per named layer needs no
    "layer" under it)."""
    # Small multiples of pictures (digits, maps) are titled by their subplot titles.
    titled = _text(fig.layout.title) or any(a.text for a in fig.layout.annotations or ())
    problems = [] if titled else ["title"]
    has_points = any(trace.type in _POINTS for trace in fig.data)
    if has_points:
        x_name, y_name = _axis_names(fig, default="")
        if not x_name and not _categorical(fig, "x") and _shown(fig.layout.xaxis):
            problems.append("x axis")
        if not y_name and not _categorical(fig, "y") and _shown(fig.layout.yaxis):
            problems.append("y axis")
    return problems


def _shown(axis: object) -> bool:
    """Whether an axis is drawn with values (a graph's layout axes are hidden: no label due)."""
    return getattr(axis, "visible", None) is not False and (
        getattr(axis, "showticklabels", None) is not False
    )


def _axis_names(fig: go.Figure, default: str = "x") -> tuple[str, str]:
    """The x and y axis titles (the first titled one of a figure's subplots)."""
    # Read from the layout's JSON once: each ``fig.layout[name]`` builds plotly objects, which
    # cost milliseconds on a grid of pictures with an axis pair per picture.
    layout = fig.layout.to_plotly_json()
    x = _axis_title(layout, "x") or default
    y = _axis_title(layout, "y") or ("y" if default else "")
    return (x, f"{y} " if y == x and y else y)  # column names must differ


def _axis_title(layout: Mapping, letter: str) -> str:
    for name in sorted(k for k in layout if k.startswith(f"{letter}axis")):
        title = (layout[name] or {}).get("title")
        text = title.get("text") if isinstance(title, Mapping) else title
        if text and str(text).strip():
            return str(text).strip()
    return ""


def _text(title: object) -> str:
    text = getattr(title, "text", None)
    return str(text).strip() if text else ""


def _categorical(fig: go.Figure, axis: str) -> bool:
    """Whether the axis shows category names (strings), which label it themselves."""
    for trace in fig.data:
        values = _array(getattr(trace, axis, None))
        if values is not None and len(values) and isinstance(values[0], str):
            return True
    return False


def _array(values: object) -> Sequence | None:
    """A trace's array as a sequence: plotly keeps numpy arrays, and figures read back from
    JSON carry them as base64 typed arrays (``{"dtype", "bdata", "shape"}``)."""
    if isinstance(values, Mapping) and "bdata" in values:
        flat = np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"]))
        shape = values.get("shape")
        return flat.reshape([int(d) for d in str(shape).split(",")]) if shape else flat
    return values  # type: ignore[return-value]


def _points(trace: go.Figure) -> Sequence[tuple[object, object]]:
    x, y = _array(trace.x), _array(trace.y)
    if x is None and y is None:
        return []
    if x is None:
        x = range(len(y))
    if y is None:
        y = [None] * len(x)
    return [(_plain(a), _plain(b)) for a, b in zip(x, y, strict=False)]


def _plain(value: object) -> object:
    """A number rounded for reading, anything else as it is."""
    if isinstance(value, (float, np.floating)):
        return float(f"{float(value):.4g}")
    if isinstance(value, np.integer):
        return int(value)
    return value


def _values(trace: go.Figure) -> np.ndarray:
    z = _array(getattr(trace, "z", None))
    try:
        return np.asarray(z, dtype=float)
    except (TypeError, ValueError):
        return np.empty(0)


def _shape_text(trace: go.Figure) -> str:
    values = _values(trace)
    if values.ndim < 2:
        return trace.type
    return f"{trace.type} {values.shape[0]} × {values.shape[1]}"


def _range_text(trace: go.Figure) -> str:
    values = _values(trace)
    finite = values[np.isfinite(values)] if values.size else values
    if not finite.size:
        return ""
    return f"min {finite.min():.3g} · mean {finite.mean():.3g} · max {finite.max():.3g}"
