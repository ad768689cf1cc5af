"""Plotly figures of the forgetting view. Builders take the backend's results and
already-translated labels; they compute nothing about models.

Colours are safe for colour-blind students: the app's blue original against Okabe–Ito colours
for the variants, blue/vermillion for gained/lost, the purple–orange ``PuOr`` scale for signed
differences, and Paul Tol's ``Safe`` palette for classes. Nothing is told by colour alone: lines
differ by marker and dash as well, bars carry signed values, classes carry their names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.colors
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from components.figures import ORIGINAL_COLOR, short_layer_names, style
from components.forgetting.drift import DriftResult
from components.forgetting.per_class import ClassDamage
from components.forgetting.projection import Projection
from components.forgetting.robustness import RobustCurves

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
VARIANT_COLORS = ("#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "cross", "x", "star")
LOST_COLOR = "#D55E00"  # vermillion: the variant is worse
GAINED_COLOR = "#0072B2"  # blue: the variant is better
UNCHANGED_COLOR = "#999999"
DIVERGING = "PuOr"  # purple–orange, readable without red–green vision
SEQUENTIAL = "Blues"
CLASS_COLORS = tuple(plotly.colors.qualitative.Safe)


def _line_color(i: int) -> str:
    """Series ``i``: the original (0) in the app's blue, variants in Okabe–Ito colours."""
    return ORIGINAL_COLOR if i == 0 else VARIANT_COLORS[(i - 1) % len(VARIANT_COLORS)]


def class_damage_chart(
    damage: ClassDamage,
    *,
    title: str,
    x_label: str,
    y_label: str,
    lost_label: str,
    gained_label: str,
    unchanged_label: str,
) -> go.Figure:
    """Diverging horizontal bars: change of each class's accuracy (variant − original, in
    percentage points), the most damaged class on top, each bar labelled with its value."""
    order = [c for c in damage.order if not np.isnan(damage.damage[c])]
    change = [0.0 - 100.0 * float(damage.damage[c]) for c in order]  # 0.0 −: no "−0"
    names = [damage.class_names[c] for c in order]
    groups = (
        (lost_label, LOST_COLOR, lambda v: round(v, 1) < 0),
        (gained_label, GAINED_COLOR, lambda v: round(v, 1) > 0),
        (unchanged_label, UNCHANGED_COLOR, lambda v: round(v, 1) == 0),
    )
    fig = go.Figure()
    for label, color, member in groups:
        rows = [i for i, v in enumerate(change) if member(v)]
        if not rows:
            continue
        fig.add_bar(
            x=[change[i] for i in rows],
            y=[names[i] for i in rows],
            orientation="h",
            name=label,
            marker_color=color,
            text=[f"{change[i]:+.0f}" if round(change[i]) else "0" for i in rows],
            textposition="outside",
            customdata=[
                (
                    100 * damage.original_recall[order[i]],
                    100 * damage.variant_recall[order[i]],
                    int(damage.counts[order[i]]),
                )
                for i in rows
            ],
            hovertemplate="%{y}: %{customdata[0]:.0f} % → %{customdata[1]:.0f} % "
            "(%{x:+.1f} pp, n = %{customdata[2]})<extra></extra>",
        )
    fig.add_vline(x=0, line_color="#444", line_width=1)
    fig.update_yaxes(
        title=y_label,
        type="category",
        categoryorder="array",
        categoryarray=names,
        autorange="reversed",
    )
    fig.update_xaxes(title=x_label, zeroline=True)
    return style(fig, title, height=max(300, 26 * len(names) + 140))


def confusion_figure(
    damage: ClassDamage,
    *,
    titles: tuple[str, str, str],
    x_label: str,
    y_label: str,
    count_label: str,
    difference_label: str,
    title: str,
) -> go.Figure:
    """Three heatmaps: the original's and the variant's confusion counts (one sequential scale)
    and their difference, variant − original (diverging, centred on zero)."""
    names = list(damage.class_names)
    fig = make_subplots(rows=1, cols=3, subplot_titles=titles, horizontal_spacing=0.1)
    top = int(max(damage.original_confusion.max(), damage.variant_confusion.max(), 1))
    diff = damage.confusion_difference
    reach = int(max(np.abs(diff).max(), 1))
    panels = (
        (damage.original_confusion, "coloraxis"),
        (damage.variant_confusion, "coloraxis"),
        (diff, "coloraxis2"),
    )
    for col, (matrix, axis) in enumerate(panels, start=1):
        fig.add_trace(
            go.Heatmap(
                z=matrix,
                x=names,
                y=names,
                coloraxis=axis,
                text=[[str(v) if v else "" for v in row] for row in matrix.tolist()],
                texttemplate="%{text}",
                hovertemplate=f"{y_label} %{{y}}, {x_label} %{{x}}: %{{z}}<extra></extra>",
            ),
            row=1,
            col=col,
        )
        fig.update_xaxes(title=x_label, row=1, col=col, type="category")
        fig.update_yaxes(autorange="reversed", type="category", row=1, col=col)
    fig.update_yaxes(title=y_label, row=1, col=1)
    fig.update_layout(
        coloraxis={
            "colorscale": SEQUENTIAL,
            "cmin": 0,
            "cmax": top,
            # between the second and third panels (domains end at 0.633 and start at 0.733)
            "colorbar": {
                "title": {"text": count_label, "side": "right"},
                "x": 0.645,
                "thickness": 12,
                "len": 0.8,
            },
        },
        coloraxis2={
            "colorscale": DIVERGING,
            "cmin": -reach,
            "cmax": reach,
            "cmid": 0,
            "colorbar": {
                "title": {"text": difference_label, "side": "right"},
                "x": 1.01,
                "thickness": 12,
                "len": 0.8,
            },
        },
    )
    return style(fig, title, height=max(340, 24 * len(names) + 160))


def cka_chart(
    drift: Mapping[str, DriftResult], *, title: str, x_label: str, y_label: str
) -> go.Figure:
    """Linear CKA with the original per layer (forward order), one line per variant; a layer a
    variant cannot compare leaves a gap in its line."""
    layers: list[str] = []
    for result in drift.values():
        layers += [row.layer for row in result.layers if row.layer not in layers]
    shown = short_layer_names(layers)
    fig = go.Figure()
    for i, (label, result) in enumerate(drift.items(), start=1):
        value = {row.layer: row.cka for row in result.layers}
        fig.add_scatter(
            x=shown,
            y=[value.get(layer) for layer in layers],
            customdata=layers,
            name=label,
            mode="lines+markers",
            connectgaps=False,
            line={"color": _line_color(i)},
            marker={"symbol": SYMBOLS[i % len(SYMBOLS)], "size": 8},
            hovertemplate="%{customdata}: CKA %{y:.3f}<extra>" + label + "</extra>",
        )
    fig.update_xaxes(title=x_label, type="category", tickangle=-45 if len(layers) > 8 else 0)
    fig.update_yaxes(title=y_label, range=[0, 1.02])
    return style(fig, title, height=380)


def projection_chart(
    projection: Projection,
    class_names: Sequence[str],
    *,
    titles: tuple[str, str],
    x_label: str,
    y_label: str,
    forgotten_label: str,
    title: str,
) -> go.Figure:
    """Both models' penultimate features in the original's PCA axes, side by side with the same
    axis ranges: points coloured by class with the class name at each class's centre, the
    forgotten examples ringed in black on both panels."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=titles, shared_xaxes=True, shared_yaxes=True)
    labels = projection.labels
    for col, points in enumerate((projection.original, projection.variant), start=1):
        for c in np.unique(labels):
            rows = labels == c
            name = class_names[int(c)] if int(c) < len(class_names) else str(c)
            fig.add_scatter(
                x=points[rows, 0],
                y=points[rows, 1],
                mode="markers",
                name=name,
                legendgroup=name,
                showlegend=col == 1,
                marker={"color": CLASS_COLORS[int(c) % len(CLASS_COLORS)], "size": 6},
                hovertemplate=f"{name}<extra></extra>",
                row=1,
                col=col,
            )
            centre = points[rows].mean(0)
            fig.add_annotation(
                x=centre[0],
                y=centre[1],
                text=f"<b>{name}</b>",
                showarrow=False,
                font={"size": 15},
                bgcolor="rgba(255,255,255,0.6)",
                row=1,
                col=col,
            )
        marked = projection.forgotten
        fig.add_scatter(
            x=points[marked, 0],
            y=points[marked, 1],
            mode="markers",
            name=forgotten_label,
            legendgroup="forgotten",
            showlegend=col == 1,
            marker={"symbol": "circle-open", "size": 12, "color": "black", "line": {"width": 2}},
            hovertemplate=f"{forgotten_label}<extra></extra>",
            row=1,
            col=col,
        )
        fig.update_xaxes(title=x_label, row=1, col=col)
    fig.update_yaxes(title=y_label, row=1, col=1)
    return style(fig, title, height=460)


def robustness_chart(
    curves: RobustCurves,
    *,
    title: str,
    x_label: str,
    y_label: str,
    names: Mapping[str, str] | None = None,
) -> go.Figure:
    """Accuracy under attack against ε, one line per model; a transferred curve (the model had
    no gradients and met the original's adversarial inputs) is dashed. ``names`` maps curve
    labels to legend names (e.g. with a "(transferred)" suffix)."""
    fig = go.Figure()
    for i, curve in enumerate(curves.curves):
        name = (names or {}).get(curve.label, curve.label)
        fig.add_scatter(
            x=list(curve.epsilons),
            y=list(curve.accuracy),
            name=name,
            mode="lines+markers",
            line={"color": _line_color(i), "dash": "dash" if curve.transferred else "solid"},
            marker={"symbol": SYMBOLS[i % len(SYMBOLS)], "size": 8},
            hovertemplate="ε = %{x:.3g}: %{y:.1%}<extra>" + name + "</extra>",
        )
    fig.update_xaxes(title=x_label)
    fig.update_yaxes(title=y_label, tickformat=".0%", range=[0, 1.02])
    return style(fig, title, height=380)


def adversarial_figure(
    clean: np.ndarray,
    perturbation: np.ndarray,
    adversarial: np.ndarray,
    *,
    titles: tuple[str, str, str],
    perturbation_label: str,
    title: str,
) -> go.Figure:
    """The input, the amplified perturbation (diverging, centred on zero) and the adversarial
    input (:class:`~components.forgetting.adversarial.AdversarialImages`)."""
    fig = make_subplots(rows=1, cols=3, subplot_titles=titles, horizontal_spacing=0.04)
    reach = float(max(np.abs(perturbation).max(), 1e-9))
    for col, image in ((1, clean), (3, adversarial)):
        image = np.asarray(image)
        if image.ndim == 3:
            trace = go.Image(z=(image * 255).round().astype(np.uint8))
        else:
            trace = go.Heatmap(z=image[::-1], colorscale="gray_r", zmin=0, zmax=1, showscale=False)
        fig.add_trace(trace, row=1, col=col)
    fig.add_trace(
        go.Heatmap(
            z=np.asarray(perturbation)[::-1],
            colorscale=DIVERGING,
            zmid=0,
            zmin=-reach,
            zmax=reach,
            colorbar={"title": perturbation_label, "len": 0.8},
        ),
        row=1,
        col=2,
    )
    fig.update_xaxes(visible=False, constrain="domain")
    fig.update_yaxes(visible=False, constrain="domain")
    for trace in fig.data:  # square pixels
        fig.layout["yaxis" + trace.yaxis[1:]].update(scaleanchor=trace.xaxis, scaleratio=1)
    if np.asarray(clean).ndim == 3:
        fig.update_yaxes(autorange="reversed", row=1, col=1)
        fig.update_yaxes(autorange="reversed", row=1, col=3)
    return style(fig, title, height=300)
