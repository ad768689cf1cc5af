"""Every chart has a title and labelled axes, and no meaning rests on red against green."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest
import torch

from components.forgetting import (
    AttackSettings,
    DriftResult,
    InputRange,
    LayerDrift,
    RobustCurve,
    RobustCurves,
    class_damage,
    project_features,
)
from components.forgetting.figures import (
    DIVERGING,
    GAINED_COLOR,
    LOST_COLOR,
    adversarial_figure,
    cka_chart,
    class_damage_chart,
    confusion_figure,
    projection_chart,
    robustness_chart,
)

# The app's red and green, and named reds and greens.
RED_GREEN = {"#d62728", "#2ca02c", "red", "green"}
RED_GREEN_SCALES = ("RdYlGn", "RdYlGn_r", "Picnic", "Portland", "Jet", "Rainbow")


def expanded(name: str) -> list:
    """A named colour scale as plotly stores it in a figure: [[position, colour], …]."""
    return [list(step) for step in go.Heatmap(colorscale=name).colorscale]


def damage():
    labels = torch.tensor([0, 0, 1, 1, 2, 2])
    return class_damage(labels, labels, torch.tensor([0, 1, 1, 1, 2, 0]), ("zero", "one", "two"))


def colours(value: object) -> set[str]:
    """Every colour and colour-scale name a figure sets, anywhere in its JSON."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("color", "colorscale") and isinstance(item, str):
                found.add(item)
            if key == "colorscale" and isinstance(item, list | tuple):
                found |= {
                    name for name in RED_GREEN_SCALES if expanded(name) == [list(s) for s in item]
                }
            found |= colours(item)
    elif isinstance(value, list | tuple):
        for item in value:
            found |= colours(item)
    return found


def axis_titles(fig: go.Figure) -> list[str]:
    layout = fig.layout.to_plotly_json()
    return [
        v["title"]["text"]
        for k, v in layout.items()
        if k.startswith(("xaxis", "yaxis")) and v.get("title")
    ]


def assert_labelled(fig: go.Figure, title: str, *labels: str) -> None:
    assert fig.layout.title.text == title
    shown = axis_titles(fig)
    for label in labels:
        assert label in shown, (label, shown)
    used = colours(fig.to_plotly_json())
    assert used and not used & (RED_GREEN | set(RED_GREEN_SCALES)), used


def test_damage_bars_are_sorted_and_signed():
    fig = class_damage_chart(
        damage(),
        title="T",
        x_label="pp",
        y_label="class",
        lost_label="lost",
        gained_label="gained",
        unchanged_label="same",
    )
    assert_labelled(fig, "T", "pp", "class")
    lost, same = fig.data
    assert (lost.name, same.name) == ("lost", "same")
    assert list(lost.y) == ["zero", "two"] and list(lost.x) == [-50.0, -50.0]
    assert lost.marker.color == LOST_COLOR and list(lost.text) == ["-50", "-50"]
    assert list(same.y) == ["one"] and list(same.text) == ["0"]
    assert list(fig.layout.yaxis.categoryarray) == ["zero", "two", "one"]
    assert GAINED_COLOR != LOST_COLOR


def test_confusion_difference_is_diverging_and_zero_centred():
    fig = confusion_figure(
        damage(),
        titles=("o", "v", "d"),
        x_label="pred",
        y_label="true",
        count_label="n",
        difference_label="Δn",
        title="C",
    )
    assert_labelled(fig, "C", "pred", "true")
    assert fig.layout.coloraxis2.cmid == 0
    assert fig.layout.coloraxis2.cmin == -fig.layout.coloraxis2.cmax
    scale = fig.layout.coloraxis2.colorscale  # plotly stores the named scale's colours
    assert [c for _, c in scale] == [
        c for _, c in go.Figure(go.Heatmap(colorscale=DIVERGING)).data[0].colorscale
    ]
    assert len(fig.data) == 3


def test_cka_lines_leave_gaps():
    drift = DriftResult(
        [
            LayerDrift("a", 0.9, 4, 2),
            LayerDrift("b", None, 4, None, "why"),
            LayerDrift("c", 0.5, 3, 3),
        ],
        10,
    )
    fig = cka_chart({"pruned": drift, "int8": drift}, title="K", x_label="layer", y_label="CKA")
    assert_labelled(fig, "K", "layer", "CKA")
    assert list(fig.data[0].y) == [0.9, None, 0.5] and fig.data[0].connectgaps is False
    assert fig.data[0].marker.symbol != fig.data[1].marker.symbol


def test_projection_marks_forgotten_and_names_classes():
    x = torch.randn(30, 4, generator=torch.Generator().manual_seed(0))
    projection = project_features(x, x, torch.arange(30) % 3, [2, 5])
    fig = projection_chart(
        projection,
        ["zero", "one", "two"],
        titles=("o", "v"),
        x_label="PC 1",
        y_label="PC 2",
        forgotten_label="forgotten",
        title="P",
    )
    assert_labelled(fig, "P", "PC 1", "PC 2")
    marked = [trace for trace in fig.data if trace.name == "forgotten"]
    assert len(marked) == 2 and all(len(trace.x) == 2 for trace in marked)
    names = {a.text for a in fig.layout.annotations}
    assert {"<b>zero</b>", "<b>one</b>", "<b>two</b>"} <= names


def test_transferred_curves_are_dashed():
    curves = RobustCurves(
        [
            RobustCurve("original", (0.0, 0.1), (1.0, 0.5), False),
            RobustCurve("int8", (0.0, 0.1), (1.0, 0.4), True),
        ],
        AttackSettings(epsilons=(0.0, 0.1)),
        InputRange(torch.tensor(0.0), torch.tensor(1.0), "observed"),
        "original",
        10,
        [],
    )
    fig = robustness_chart(
        curves, title="R", x_label="ε", y_label="acc", names={"int8": "int8 (transferred)"}
    )
    assert_labelled(fig, "R", "ε", "acc")
    assert fig.data[0].line.dash == "solid" and fig.data[1].line.dash == "dash"
    assert fig.data[1].name == "int8 (transferred)"


@pytest.mark.parametrize("shape", [(6, 6), (6, 6, 3)])
def test_adversarial_figure(shape):
    image = np.random.default_rng(0).random(shape)
    fig = adversarial_figure(
        image,
        np.zeros((6, 6)) + 0.1,
        image,
        titles=("a", "b", "c"),
        perturbation_label="px",
        title="A",
    )
    assert fig.layout.title.text == "A"
    heat = [trace for trace in fig.data if trace.type == "heatmap" and trace.colorscale]
    assert any(trace.zmid == 0 for trace in heat)
