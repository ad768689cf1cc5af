"""Charts of :mod:`components.llm.speed_sweep`'s KV-cache sweep (plotly; no streamlit)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from components.figures import SERIES_COLORS
from components.llm.speed_sweep import MODES


def kv_chart(
    frame: pd.DataFrame,
    column: str,
    *,
    names: Mapping[str, str],
    modes: tuple[str, ...] = MODES,
    title: str = "",
    x_label: str = "",
    y_label: str = "",
    log_y: bool = False,
    iqr_bars: bool = False,
) -> go.Figure:
    """``column`` of each mode in ``modes`` over the number of tokens (one line each, named by
    ``names[mode]``). ``iqr_bars``: for ``ms_per_token``, a bar as long as the IQR per token,
    centred on the median."""
    fig = go.Figure()
    for mode in modes:
        rows = frame[frame["mode"] == mode].sort_values("new_tokens")
        if rows.empty:
            continue
        error = None
        if iqr_bars:
            half = 1000 * rows["iqr_s"] / rows["new_tokens"] / 2
            error = {"type": "data", "array": half.tolist(), "visible": True}
        fig.add_scatter(
            x=rows["new_tokens"].tolist(),
            y=rows[column].tolist(),
            name=names.get(mode, mode),
            mode="lines+markers",
            line={"color": SERIES_COLORS[MODES.index(mode) % len(SERIES_COLORS)]},
            error_y=error,
        )
    fig.update_layout(
        title=title,
        xaxis_title=x_label,
        yaxis_title=y_label,
        legend={"orientation": "h", "y": -0.25},
        margin={"t": 50, "b": 10},
    )
    fig.update_xaxes(type="log", tickvals=sorted(set(frame["new_tokens"])))
    if log_y:
        fig.update_yaxes(type="log", dtick=1)  # decades only: 1 2 5 minor labels crowd it
    return fig
