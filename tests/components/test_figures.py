"""Plotly builders: the figures carry exactly the numbers they were given."""

from __future__ import annotations

import numpy as np
import pytest

from components.figures import (
    HIGHLIGHT_COLOR,
    ORIGINAL_COLOR,
    VARIANT_COLOR,
    heatmap,
    image_grid,
    latency_chart,
    layer_bar_chart,
)
from components.latency import LatencyResult


def test_layer_bar_chart_one_trace_per_series():
    layers = ["conv1", "conv2", "fc1", "fc2"]
    series = {"original": [260, 5020, 16050, 510], "pruned": [130, 2510, 8025, 255]}
    fig = layer_bar_chart(layers, series, value_label="params", log_y=True)
    assert len(fig.data) == 2
    for trace, (name, values) in zip(fig.data, series.items(), strict=True):
        assert trace.type == "bar"
        assert trace.name == name
        assert list(trace.x) == layers
        assert list(trace.y) == values
    assert fig.data[0].marker.color == ORIGINAL_COLOR
    assert fig.data[1].marker.color == VARIANT_COLOR
    assert fig.layout.barmode == "group"
    assert fig.layout.yaxis.type == "log"
    assert fig.layout.yaxis.title.text == "params"
    assert fig.layout.showlegend is True


def test_layer_bar_chart_percent_and_single_series():
    fig = layer_bar_chart(["a", "b"], {"sparsity": [0.25, 0.5]}, percent=True)
    assert len(fig.data) == 1
    assert list(fig.data[0].y) == [0.25, 0.5]
    assert fig.layout.yaxis.tickformat == ".0%"
    assert list(fig.layout.yaxis.range) == [0, 1]
    assert fig.layout.showlegend is False


def test_image_grid_one_heatmap_per_image():
    rng = np.random.default_rng(0)
    images = [rng.random((28, 28)) for _ in range(7)]
    titles = [f"digit {i}" for i in range(7)]
    highlight = [i in (2, 5) for i in range(7)]
    fig = image_grid(images, titles, columns=5, highlight=highlight)
    heatmaps = [trace for trace in fig.data if trace.type == "heatmap"]
    assert len(heatmaps) == 7
    for trace, image in zip(heatmaps, images, strict=True):
        np.testing.assert_array_equal(np.asarray(trace.z), image[::-1])  # row 0 drawn on top
    captions = [a.text for a in fig.layout.annotations]
    assert len(captions) == 7
    for i, caption in enumerate(captions):
        assert f"digit {i}" in caption
        assert (HIGHLIGHT_COLOR in caption) == highlight[i]
    # Two rows of five cells.
    assert fig.layout.height == 150 * 2


def test_image_grid_needs_a_title_per_image():
    with pytest.raises(ValueError):
        image_grid([np.zeros((2, 2))] * 2, ["only one"])


def test_heatmap_z_equals_matrix():
    matrix = np.arange(12, dtype=float).reshape(3, 4) / 10
    fig = heatmap(matrix, x_labels=list("abcd"), y_labels=list("xyz"), value_label="cos")
    assert len(fig.data) == 1
    np.testing.assert_array_equal(np.asarray(fig.data[0].z), matrix)
    assert list(fig.data[0].x) == list("abcd")
    assert list(fig.data[0].y) == list("xyz")
    assert fig.data[0].zmid == 0.0
    assert fig.layout.yaxis.autorange == "reversed"


def test_latency_chart_bars_and_error_bars():
    results = {
        "original": LatencyResult(median_s=0.002, iqr_s=0.0004, runs=50, batch_size=1, threads=1),
        "int8": LatencyResult(median_s=0.001, iqr_s=0.0001, runs=80, batch_size=1, threads=1),
    }
    fig = latency_chart(results)
    (bar,) = fig.data
    assert list(bar.x) == ["original", "int8"]
    np.testing.assert_allclose(list(bar.y), [2.0, 1.0])
    np.testing.assert_allclose(list(bar.error_y.array), [0.2, 0.05])
    assert bar.error_y.symmetric is True
    assert [row[3] for row in bar.customdata] == [50, 80]
