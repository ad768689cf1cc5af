"""Stacked bars of where the time goes: one bar per profiled variant or backend, one segment per
operator family, as shares of the operators' self time or as milliseconds per step."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from components.profiling.families import BY_KEY, FAMILY_ORDER
from components.profiling.operators import OperatorProfile


def family_chart(
    profiles: Sequence[tuple[str, OperatorProfile]],
    *,
    family_names: dict[str, str],
    ms: bool = False,
    title: str = "",
    x_label: str = "",
) -> go.Figure:
    """One horizontal bar per (label, profile), stacked by family in :data:`FAMILY_ORDER`;
    ``ms``: milliseconds per step instead of shares (which show what pruning shrank)."""
    tables = [(label, p.families().set_index("family")) for label, p in profiles]
    labels = [label for label, _ in tables]
    fig = go.Figure()
    for family in FAMILY_ORDER:
        if not any(family in table.index for _, table in tables):
            continue
        column = "self_ms" if ms else "share"
        values = [float(t.loc[family, column]) if family in t.index else 0.0 for _, t in tables]
        fig.add_trace(
            go.Bar(
                y=labels,
                x=values,
                name=family_names.get(family, family),
                orientation="h",
                marker_color=BY_KEY[family].colour,
                hovertemplate="%{y}: %{x:.3f} ms<extra>%{fullData.name}</extra>"
                if ms
                else "%{y}: %{x:.1%}<extra>%{fullData.name}</extra>",
                text=[f"{v:.0%}" if not ms and v >= 0.06 else "" for v in values],
                textposition="inside",
            )
        )
    fig.update_layout(
        barmode="stack",
        title=title or None,
        xaxis={"title": x_label, "tickformat": "" if ms else ".0%"},
        yaxis={"autorange": "reversed"},
        height=max(260, 70 + 46 * len(labels)),
        legend={"orientation": "v", "x": 1.02, "y": 1.0, "traceorder": "normal"},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
    )
    return fig
