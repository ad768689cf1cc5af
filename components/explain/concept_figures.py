"""The TCAV chart: one bar per (concept, layer) and model, its spread over the random sets, and
what chance gives beside it; a bar that the significance test rejects is drawn hollow."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from components.explain.concepts import ConceptScore
from components.figures import SERIES_COLORS, style


def tcav_chart(
    results: Mapping[str, Sequence[ConceptScore]],
    concept_labels: Mapping[str, str],
    *,
    title: str,
    y_label: str,
    chance_label: str,
    not_significant: str,
) -> go.Figure:
    """Grouped bars: x = "concept · layer", one series per model (name → its scores, in the
    same order), height = mean TCAV score, error bar = std over the runs. Hollow bars with
    ``not_significant`` over them are the ones whose scores do not differ from chance (grey
    diamonds: the mean score of random sets against each other at that layer)."""
    fig = go.Figure()
    first = next(iter(results.values()), [])
    x = [f"{concept_labels.get(s.concept, s.concept)} · {s.layer}" for s in first]
    for i, (name, scores) in enumerate(results.items()):
        colour = SERIES_COLORS[i % len(SERIES_COLORS)]
        fig.add_trace(
            go.Bar(
                name=name,
                x=x,
                y=[s.mean for s in scores],
                error_y={"type": "data", "array": [s.std for s in scores], "visible": True},
                marker={
                    "color": [colour if s.significant else "rgba(0,0,0,0)" for s in scores],
                    "line": {"color": colour, "width": 2},
                },
                text=["" if s.significant else not_significant for s in scores],
                textposition="outside",
                constraintext="none",  # plotly would shrink the label to the bar's width
                textfont={"size": 11},
                cliponaxis=False,
                customdata=[[s.p_value, s.cav_accuracy] for s in scores],
                hovertemplate="%{x}: %{y:.2f}<br>p = %{customdata[0]:.3g}"
                "<br>CAV acc %{customdata[1]:.2f}<extra>" + name + "</extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            name=chance_label,
            x=x,
            y=[sum(s.random_scores) / len(s.random_scores) for s in first],
            mode="markers",
            marker={"symbol": "diamond", "color": "grey", "size": 9},
        )
    )
    fig.update_layout(barmode="group", yaxis={"range": [0, 1.15], "title": y_label})
    return style(fig, title, height=420)
