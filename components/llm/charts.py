"""Plotly figures of the code GPT's explanations, in the house style of
:mod:`components.figures`: token-by-token heatmaps whose axes are the tokens themselves.

Builders take numbers and already-made labels (``components.llm.prompts.token_labels``) and
translated titles; they compute nothing about models.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from components.figures import ORIGINAL_COLOR, VARIANT_COLOR, style

# Cells get their token written in them up to this many columns, their value up to half as many
# (a number is wider than most tokens); beyond, they show it on hover only.
MAX_TEXT_COLUMNS = 32


def _height(rows: int) -> int:
    return max(300, min(760, 26 * rows + 170))


def token_heatmap(
    matrix: np.ndarray,
    *,
    x_labels: Sequence[str],
    y_labels: Sequence[str],
    title: str,
    x_title: str,
    y_title: str,
    value_label: str,
    signed: bool = True,
    cell_text: Sequence[Sequence[str]] | None = None,
    bound: float | None = None,
) -> go.Figure:
    """A heatmap with token labels on both axes, first row at the top.

    ``signed``: a diverging RdBu scale centred on 0 and symmetric (red: raises the target's
    probability, blue: lowers it); else a sequential Blues scale from 0 to 1 (probabilities,
    attention weights). ``cell_text`` writes a string in each cell (the logit lens's tokens);
    else small signed matrices show their values (an attention map's causal zeros would be
    a triangle of "0.00"). ``bound``: the signed scale's ±limit (pass
    the same to maps drawn side by side, so that a colour means the same value in each);
    default the largest |value|.
    """
    z = np.asarray(matrix, dtype=np.float64)
    if signed:
        if bound is None:
            bound = float(np.nanmax(np.abs(z))) if z.size and np.isfinite(z).any() else 1.0
        scale = {"colorscale": "RdBu_r", "zmid": 0.0, "zmin": -bound, "zmax": bound}
    else:
        scale = {"colorscale": "Blues", "zmin": 0.0, "zmax": 1.0}
    columns = z.shape[1] if z.ndim == 2 else 0
    text_args: dict = {}
    if cell_text is not None:
        text_args = {"text": [list(row) for row in cell_text]}
        if columns <= MAX_TEXT_COLUMNS:
            text_args["texttemplate"] = "%{text}"
        hover = "%{y} · %{x}<br>%{text}: %{z:.2f}<extra></extra>"
    else:
        if signed and columns <= MAX_TEXT_COLUMNS // 2:  # attributions; attention: hover
            text_args = {"texttemplate": "%{z:.2f}"}
        hover = "%{y} · %{x}: %{z:.3f}<extra></extra>"
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(x_labels),
            y=list(y_labels),
            colorbar={"title": {"text": value_label, "side": "right"}},
            hovertemplate=hover,
            textfont={"size": 11},
            **scale,
            **text_args,
        )
    )
    fig.update_xaxes(
        title=x_title, type="category", tickangle=-45 if len(x_labels) > 6 else 0, side="bottom"
    )
    fig.update_yaxes(title=y_title, type="category", autorange="reversed")
    return style(fig, title, height=_height(len(y_labels)))


def token_bars(
    labels: Sequence[str],
    series: dict[str, Sequence[float]],
    *,
    title: str,
    x_title: str,
    y_title: str,
) -> go.Figure:
    """Per-prompt-token values as grouped bars in token order (original blue, variant orange)."""
    colors = [ORIGINAL_COLOR, VARIANT_COLOR]
    fig = go.Figure()
    for i, (name, values) in enumerate(series.items()):
        fig.add_bar(x=list(labels), y=list(values), name=name, marker_color=colors[i % 2])
    fig.update_layout(barmode="group", showlegend=len(series) > 1)
    fig.update_xaxes(title=x_title, type="category", tickangle=-45)
    fig.update_yaxes(title=y_title, zeroline=True)
    return style(fig, title, height=380)
