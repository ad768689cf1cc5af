"""Plotly figures of parallel runs: schedule timelines (Gantt) and per-stage time breakdowns.

Builders take the backend's DataFrames and already-translated labels; they compute nothing about
models. Colours follow :mod:`components.figures`: forward blue, backward orange.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from components.figures import SERIES_COLORS, style
from components.parallel.schedule import COMPUTE_KINDS

IDLE_COLOR = "#d9d9d9"
KIND_COLORS = {
    "forward": SERIES_COLORS[0],
    "backward": SERIES_COLORS[1],
    "send": SERIES_COLORS[2],
    "recv": SERIES_COLORS[4],
    "idle": IDLE_COLOR,
}
# Time columns of the backend's tables → bar colour, so "compute" is blue in every chart.
TIME_COLORS = {
    "compute_s": SERIES_COLORS[0],
    "send_s": SERIES_COLORS[2],
    "recv_s": SERIES_COLORS[4],
    "p2p_s": SERIES_COLORS[2],
    "allreduce_s": SERIES_COLORS[3],
    "wait_s": IDLE_COLOR,
    "overhead_s": "#9e9e9e",
    "idle_s": IDLE_COLOR,
}
DEFAULT_LABELS = {
    "forward": "forward",
    "backward": "backward",
    "send": "send",
    "recv": "receive",
    "idle": "idle",
    "rank": "process",
    "stage": "stage",
    "microbatch": "micro-batch",
}


def idle_intervals(events: pd.DataFrame) -> pd.DataFrame:
    """Gaps between a process's compute events within the whole step (columns rank, start_s,
    end_s): the bubble, drawn grey in :func:`schedule_chart`."""
    work = events[events["kind"].isin(COMPUTE_KINDS)]
    if work.empty:
        return pd.DataFrame(columns=["rank", "start_s", "end_s"])
    begin, finish = work["start_s"].min(), work["end_s"].max()
    rows = []
    for rank, group in work.groupby("rank"):
        reach = begin
        for start, end in sorted(zip(group["start_s"], group["end_s"], strict=True)):
            if start > reach:
                rows.append((rank, reach, start))
            reach = max(reach, end)
        if finish > reach:
            rows.append((rank, reach, finish))
    return pd.DataFrame(rows, columns=["rank", "start_s", "end_s"])


def schedule_chart(
    events: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    time_label: str = "ms",
    time_scale: float = 1e3,
    show_idle: bool = True,
    title: str | None = None,
) -> go.Figure:
    """A Gantt chart: one row per process, one bar per forward/backward (send/receive).

    Args:
        events: the backend's events (:data:`~components.parallel.EVENT_COLUMNS`), measured or
            from :func:`~components.parallel.ideal_schedule`.
        labels: translated words for the keys of :data:`DEFAULT_LABELS`.
        time_label: the x-axis title ("ms", or "time slot" for ideal schedules).
        time_scale: multiplies the times (1e3: seconds → ms; 1 for slots).
        show_idle: draw the idle gaps grey, so the bubble is visible.

    Bars show their micro-batch; the second model stage on a process (interleaved schedules)
    is hatched.
    """
    words = {**DEFAULT_LABELS, **(labels or {})}
    ranks = sorted(events["rank"].unique()) if not events.empty else []
    row_names = {r: f"{words['rank']} {r}" for r in ranks}
    fig = go.Figure()
    n_ranks = len(ranks)
    for kind in ("forward", "backward", "send", "recv"):
        part = events[events["kind"] == kind]
        if part.empty:
            continue
        hover = [
            f"{words['stage']} {s} · {words['microbatch']} {mb}<br>"
            f"{a * time_scale:.3g}–{b * time_scale:.3g} {time_label}"
            for s, mb, a, b in zip(
                part["stage"], part["microbatch"], part["start_s"], part["end_s"], strict=True
            )
        ]
        fig.add_bar(
            y=[row_names[r] for r in part["rank"]],
            x=(part["end_s"] - part["start_s"]) * time_scale,
            base=part["start_s"] * time_scale,
            orientation="h",
            name=words[kind],
            marker={
                "color": KIND_COLORS[kind],
                "line": {"color": "white", "width": 1},
                "pattern": {"shape": ["/" if s >= n_ranks else "" for s in part["stage"]]},
            },
            text=[str(mb) for mb in part["microbatch"]],
            textposition="inside",
            insidetextanchor="middle",
            hovertext=hover,
            hoverinfo="text+name",
        )
    if show_idle:
        gaps = idle_intervals(events)
        if not gaps.empty:
            fig.add_bar(
                y=[row_names[r] for r in gaps["rank"]],
                x=(gaps["end_s"] - gaps["start_s"]) * time_scale,
                base=gaps["start_s"] * time_scale,
                orientation="h",
                name=words["idle"],
                marker_color=IDLE_COLOR,
                hoverinfo="name",
            )
    fig.update_layout(barmode="overlay", bargap=0.25)
    fig.update_yaxes(categoryorder="array", categoryarray=list(row_names.values()))
    fig.update_yaxes(autorange="reversed")  # process 0 on top, as in the papers' figures
    fig.update_xaxes(title=time_label, rangemode="tozero")
    # The house legend sits under the tick labels and the axis title, however short the chart.
    return style(fig, title, height=max(260, 70 * len(ranks) + 160))


def time_breakdown_chart(
    table: pd.DataFrame,
    series: Mapping[str, str],
    *,
    row_column: str = "stage",
    row_label: str = "stage",
    row_names: Sequence[str] | None = None,
    value_label: str = "ms",
    scale: float = 1e3,
    title: str | None = None,
) -> go.Figure:
    """Stacked bars of where each stage's (or process's) time went.

    Args:
        table: e.g. ``ModelParallelResult.stage_times`` or ``PipelineResult.rank_times``.
        series: time column → translated legend name, bottom to top, e.g.
            ``{"compute_s": "compute", "send_s": "send", "recv_s": "receive", "wait_s": "wait"}``
            (model parallel) or ``{"compute_s": …, "p2p_s": …, "overhead_s": …}`` (pipeline:
            these three add up to the step).
        row_column: the column naming the bars' rows ("stage", "rank").
        row_label: translated word before each row's number.
        row_names: full bar labels instead of "<row_label> <n>".
        scale: multiplies the times (1e3: seconds → ms).
    """
    names = (
        list(row_names)
        if row_names is not None
        else [f"{row_label} {r}" for r in table[row_column]]
    )
    fig = go.Figure()
    for i, (column, name) in enumerate(series.items()):
        fig.add_bar(
            x=names,
            y=table[column] * scale,
            name=name,
            marker_color=TIME_COLORS.get(column, SERIES_COLORS[i % len(SERIES_COLORS)]),
            hovertemplate="%{x}: %{y:.3g} " + value_label + "<extra>" + name + "</extra>",
        )
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    fig.update_xaxes(type="category")
    fig.update_yaxes(title=value_label, rangemode="tozero")
    return style(fig, title)
