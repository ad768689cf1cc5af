"""Plotly figures of the Fuse page. Builders take numbers and already-translated labels; every
strategy keeps one colour in every chart, so a student can follow it from chart to chart."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from components.figures import (
    HIGHLIGHT_COLOR,
    ORIGINAL_COLOR,
    SERIES_COLORS,
    VARIANT_COLOR,
    emphasize,
    style,
)

# Ten distinguishable colours, one per strategy in zoo order: the app's colour-blind-safe
# series (Okabe & Ito) and, past them, Paul Tol's olive, black, grey and brown.
PALETTE = (*SERIES_COLORS, "#999933", "#000000", "#7f7f7f", "#8c564b")
IMAGE_COLOR, AUDIO_COLOR = ORIGINAL_COLOR, VARIANT_COLOR  # the two modalities, in every chart
SUCCESS_COLOR = "#009E73"  # bluish green: accuracy; never set against a red of the same value


def strategy_colors(names: Sequence[str]) -> dict[str, str]:
    """A fixed colour per strategy key, in the order given (the zoo's order)."""
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


def accuracy_bars(
    accuracy: Mapping[str, float],
    labels: Mapping[str, str],
    colors: Mapping[str, str],
    *,
    reference: Mapping[str, float] | None = None,
    reference_label: str = "",
    chance: float | None = None,
    chance_label: str = "",
    title: str | None = None,
    y_label: str = "",
) -> go.Figure:
    """One bar per strategy (its value printed on it); ``reference`` as black ticks."""
    names = list(accuracy)
    fig = go.Figure()
    fig.add_bar(
        x=[labels[n] for n in names],
        y=[accuracy[n] for n in names],
        marker_color=[colors[n] for n in names],
        text=[f"{accuracy[n]:.0%}" for n in names],
        textposition="outside",
        showlegend=False,
        hovertemplate="%{x}: %{y:.1%}<extra></extra>",
    )
    if reference:
        fig.add_scatter(
            x=[labels[n] for n in names if n in reference],
            y=[reference[n] for n in names if n in reference],
            mode="markers",
            marker={"symbol": "line-ew", "size": 28, "line": {"width": 3, "color": "black"}},
            name=reference_label,
            hovertemplate="%{x}: %{y:.1%}<extra>" + reference_label + "</extra>",
        )
    if chance is not None:
        _chance_line(fig, chance, chance_label)
    fig.update_yaxes(title=y_label, tickformat=".0%", range=[0, 1.08])
    fig.update_xaxes(tickangle=-30)
    return style(fig, title, height=400)


def _chance_line(fig: go.Figure, chance: float, label: str) -> None:
    fig.add_hline(
        y=chance,
        line_dash="dot",
        line_color="gray",
        annotation_text=label,
        annotation_position="bottom right",
    )


def noise_curve_chart(
    frame: pd.DataFrame,
    labels: Mapping[str, str],
    colors: Mapping[str, str],
    *,
    current: float,
    chance: float | None = None,
    chance_label: str = "",
    title: str | None = None,
    x_label: str = "",
    y_label: str = "",
    noisier_to_the_right: bool = True,
    fused: Sequence[str] = (),
    highlight: Collection[str] = (),
) -> go.Figure:
    """Accuracy over noise levels (long frame: strategy, level, accuracy), one line per strategy;
    unimodal strategies (not in ``fused``) dashed; a dotted line at the current level. With more
    than five strategies only those in ``highlight`` keep their colours."""
    fig = go.Figure()
    for name, group in frame.groupby("strategy", sort=False):
        fig.add_scatter(
            x=group["level"].tolist(),
            y=group["accuracy"].tolist(),
            name=labels[name],
            mode="lines+markers",
            line={"color": colors[name], "dash": "solid" if name in fused else "dash"},
            hovertemplate="%{x}: %{y:.1%}<extra>" + labels[name] + "</extra>",
        )
    fig.add_vline(x=current, line_dash="dot", line_color=HIGHLIGHT_COLOR)
    if chance is not None:
        _chance_line(fig, chance, chance_label)
    fig.update_xaxes(title=x_label, autorange=True if noisier_to_the_right else "reversed")
    fig.update_yaxes(title=y_label, tickformat=".0%", range=[0, 1.02])
    emphasize(fig, [labels[n] for n in highlight if n in labels])
    return style(fig, title, height=460)


def grouped_bars(
    frame: pd.DataFrame,
    *,
    x: str,
    group: str,
    y: str,
    x_labels: Mapping[str, str],
    group_labels: Mapping[str, str],
    group_colors: Mapping[str, str] | None = None,
    title: str | None = None,
    y_label: str = "",
    percent: bool = True,
) -> go.Figure:
    """Bars of ``y`` per value of ``x``, one bar of each ``group`` value side by side."""
    fig = go.Figure()
    fmt = ".0%" if percent else ".2f"
    for i, (key, part) in enumerate(frame.groupby(group, sort=False)):
        fig.add_bar(
            x=[x_labels.get(v, str(v)) for v in part[x]],
            y=part[y].tolist(),
            name=group_labels.get(key, str(key)),
            marker_color=(group_colors or {}).get(key, PALETTE[i % len(PALETTE)]),
            hovertemplate="%{x}: %{y:"
            + fmt
            + "}<extra>"
            + group_labels.get(key, str(key))
            + "</extra>",
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title=y_label, tickformat=fmt if percent else None)
    fig.update_xaxes(tickangle=-30)
    return style(fig, title, height=400)


def probability_matrix(
    probabilities: np.ndarray,
    row_labels: Sequence[str],
    class_names: Sequence[str],
    *,
    title: str | None = None,
    x_label: str = "",
    value_label: str = "",
) -> go.Figure:
    """Strategies × classes, the probability printed in each cell (a row sums to 1)."""
    fig = go.Figure(
        go.Heatmap(
            z=np.asarray(probabilities, dtype=np.float64),
            x=list(class_names),
            y=list(row_labels),
            colorscale="Blues",
            zmin=0.0,
            zmax=1.0,
            text=[[f"{p:.0%}" if p >= 0.005 else "" for p in row] for row in probabilities],
            texttemplate="%{text}",
            colorbar={"title": value_label, "tickformat": ".0%"},
            hovertemplate="%{y} → %{x}: %{z:.1%}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(type="category", title=x_label, side="top")
    return style(fig, title, height=max(260, 34 * len(row_labels) + 120))


def attribution_bars(
    frame: pd.DataFrame,
    labels: Mapping[str, str],
    method_labels: Mapping[str, str],
    modality_labels: Mapping[str, str],
    *,
    title: str | None = None,
    y_label: str = "",
) -> go.Figure:
    """One panel per method; per strategy the image and the speech attribution side by side
    (frame columns: strategy, method, image, audio)."""
    methods = list(dict.fromkeys(frame["method"]))
    fig = make_subplots(
        rows=1,
        cols=len(methods),
        shared_yaxes=True,
        subplot_titles=[method_labels[m] for m in methods],
        horizontal_spacing=0.03,
    )
    for col, method in enumerate(methods, start=1):
        part = frame[frame["method"] == method]
        x = [labels[s] for s in part["strategy"]]
        for modality, color in (("image", IMAGE_COLOR), ("audio", AUDIO_COLOR)):
            fig.add_bar(
                x=x,
                y=part[modality].tolist(),
                name=modality_labels[modality],
                marker_color=color,
                showlegend=col == 1,
                legendgroup=modality,
                hovertemplate="%{x}: %{y:.3f}<extra>" + modality_labels[modality] + "</extra>",
                row=1,
                col=col,
            )
    fig.update_layout(barmode="group")
    fig.update_xaxes(tickangle=-45)
    fig.update_yaxes(title=y_label, row=1, col=1)
    fig.update_annotations(font_size=13)
    # The legend sits at the figure's bottom edge, under the long slanted strategy names.
    return style(fig, title, height=540)


def coalition_bars(
    values: Mapping[str, float],
    labels: Mapping[str, str],
    *,
    title: str | None = None,
    y_label: str = "",
) -> go.Figure:
    """v(∅), v(image), v(speech), v(both): the four numbers the Shapley values come from."""
    keys = ["none", "image", "audio", "both"]
    fig = go.Figure(
        go.Bar(
            x=[labels[k] for k in keys],
            y=[values[k] for k in keys],
            marker_color=["#7f7f7f", IMAGE_COLOR, AUDIO_COLOR, SUCCESS_COLOR],
            text=[f"{values[k]:.2f}" for k in keys],
            textposition="outside",
            hovertemplate="%{x}: %{y:.3f}<extra></extra>",
        )
    )
    fig.update_yaxes(range=[0, 1.12], tickformat=".0%", title=y_label)
    return style(fig, title, height=320)


def signal_chart(
    frame: pd.DataFrame,
    labels: Mapping[str, str],
    condition_labels: Mapping[str, str],
    measure_labels: Mapping[str, str],
    *,
    title: str | None = None,
    y_label: str = "",
) -> go.Figure:
    """Per model (a panel each) and condition: accuracy, Shapley image share and the model's own
    image signal (frame columns: strategy, condition, accuracy, shapley_image_share, signal)."""
    names = list(dict.fromkeys(frame["strategy"]))
    fig = make_subplots(
        rows=1,
        cols=len(names),
        shared_yaxes=True,
        subplot_titles=[labels[n] for n in names],
        horizontal_spacing=0.04,
    )
    measures = {
        "accuracy": SUCCESS_COLOR,
        "shapley_image_share": IMAGE_COLOR,
        "signal": HIGHLIGHT_COLOR,
    }
    for col, name in enumerate(names, start=1):
        part = frame[frame["strategy"] == name]
        x = [condition_labels[c] for c in part["condition"]]
        for measure, color in measures.items():
            fig.add_bar(
                x=x,
                y=part[measure].astype(float).tolist(),
                name=measure_labels[measure],
                marker_color=color,
                showlegend=col == 1,
                legendgroup=measure,
                hovertemplate="%{x}: %{y:.2f}<extra>" + measure_labels[measure] + "</extra>",
                row=1,
                col=col,
            )
    fig.update_layout(barmode="group")
    fig.update_yaxes(range=[0, 1.05], tickformat=".0%")
    fig.update_yaxes(title=y_label, row=1, col=1)
    fig.update_xaxes(tickangle=-30)
    fig.update_annotations(font_size=13)
    return style(fig, title, height=460)


def image_with_overlay(
    image01: np.ndarray,
    patch_values: np.ndarray | None = None,
    *,
    title: str | None = None,
    value_label: str = "",
    opacity: float = 0.55,
) -> go.Figure:
    """A 28×28 digit (ink dark), and optionally a 4×4 patch map drawn over it."""
    fig = go.Figure(
        go.Heatmap(
            z=np.ascontiguousarray(np.asarray(image01, dtype=np.float64)[::-1]),
            colorscale="gray_r",
            zmin=0.0,
            zmax=1.0,
            showscale=False,
            hovertemplate="x %{x}, y %{y}: %{z:.2f}<extra></extra>",
        )
    )
    if patch_values is not None:
        side = image01.shape[0] / patch_values.shape[0]
        grid = np.kron(np.asarray(patch_values, dtype=float), np.ones((int(side), int(side))))
        fig.add_heatmap(
            z=np.ascontiguousarray(grid[::-1]),
            colorscale="Reds",
            opacity=opacity,
            colorbar={"title": value_label, "len": 0.8},
            hovertemplate="%{z:.3f}<extra></extra>",
        )
    fig.update_xaxes(visible=False, constrain="domain")
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1, constrain="domain")
    return style(fig, title, height=300)


def spectrogram_chart(
    spectrogram_db: np.ndarray,
    *,
    frame_values: np.ndarray | None = None,
    frame_seconds: float = 0.1,
    column_seconds: float = 0.025,
    title: str | None = None,
    x_label: str = "",
    y_label: str = "",
    value_label: str = "dB",
    frame_label: str = "",
) -> go.Figure:
    """The log-mel spectrogram (low bands at the bottom, time in ms), and optionally one value
    per 100 ms audio token drawn as bars above it."""
    spec = np.asarray(spectrogram_db, dtype=np.float64)
    times = (np.arange(spec.shape[1]) + 0.5) * column_seconds * 1000
    rows = 2 if frame_values is not None else 1
    fig = make_subplots(
        rows=rows,
        cols=1,
        shared_xaxes=True,
        row_heights=[0.28, 0.72] if rows == 2 else [1.0],
        vertical_spacing=0.04,
    )
    if frame_values is not None:
        centres = (np.arange(len(frame_values)) + 0.5) * frame_seconds * 1000
        fig.add_bar(
            x=centres,
            y=np.asarray(frame_values, dtype=float),
            width=frame_seconds * 1000 * 0.9,
            marker_color=HIGHLIGHT_COLOR,
            name=frame_label,
            showlegend=False,
            hovertemplate="%{x:.0f} ms: %{y:.3f}<extra>" + frame_label + "</extra>",
            row=1,
            col=1,
        )
        fig.update_yaxes(title=frame_label, row=1, col=1)
    fig.add_heatmap(
        z=spec,
        x=times,
        y=np.arange(spec.shape[0]),
        colorscale="Viridis",
        colorbar={"title": value_label, "len": 0.7, "y": 0.35 if rows == 2 else 0.5},
        hovertemplate="%{x:.0f} ms, band %{y}: %{z:.1f} dB<extra></extra>",
        row=rows,
        col=1,
    )
    fig.update_xaxes(title=x_label, row=rows, col=1)
    fig.update_yaxes(title=y_label, row=rows, col=1)
    return style(fig, title, height=360 if rows == 2 else 300)


def training_chart(
    history: pd.DataFrame,
    *,
    shipped: float | None,
    shipped_label: str,
    curve_labels: Mapping[str, str],
    title: str | None = None,
    x_label: str = "",
    y_label: str = "",
) -> go.Figure:
    """Train and test accuracy per epoch, with the shipped weights' accuracy as a dashed line."""
    fig = go.Figure()
    for column, color in (("train_accuracy", "#7f7f7f"), ("test_accuracy", VARIANT_COLOR)):
        fig.add_scatter(
            x=history["epoch"].tolist(),
            y=history[column].tolist(),
            name=curve_labels[column],
            mode="lines+markers",
            line={"color": color},
        )
    if shipped is not None:
        fig.add_hline(
            y=shipped,
            line_dash="dash",
            line_color=ORIGINAL_COLOR,
            annotation_text=shipped_label,
            annotation_position="bottom right",
        )
    fig.update_xaxes(title=x_label, dtick=max(1, len(history) // 10))
    fig.update_yaxes(title=y_label, tickformat=".0%", range=[0, 1.02])
    return style(fig, title, height=360)
