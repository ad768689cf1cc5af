"""Plotly builders: the figures carry exactly the numbers they were given."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from components.figures import (
    HIGHLIGHT_COLOR,
    HOUSE_TEMPLATE,
    ORIGINAL_COLOR,
    VARIANT_COLOR,
    heatmap,
    house_template,
    image_grid,
    layer_bar_chart,
    use_house_template,
)


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
        np.testing.assert_array_equal(np.asarray(trace.z), image)
    assert fig.layout.yaxis.range[0] > fig.layout.yaxis.range[1]  # y runs down: row 0 on top
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


# Charts a room can read (issue 14): each rule is a property of the shared builders.


def _legend_at_bottom(fig) -> bool:
    legend = fig.layout.legend
    return legend.yref == "container" and legend.y == 0 and legend.yanchor == "bottom"


def test_title_and_legend_never_overlap():
    """The title is pinned to the top of the figure, the legend to its bottom edge (plotly
    reserves the legend's height under the plot), in every builder that has a legend."""
    import pandas as pd

    from components.acceleration.charts import latency_chart
    from components.figures import curves_chart, line_chart, probability_bars, sweep_chart
    from components.fusion.figures import attribution_bars, noise_curve_chart
    from components.parallel.charts import schedule_chart

    sweep = _sweep(["eager", "onnx"])
    events = pd.DataFrame(
        {
            "rank": [0, 1],
            "stage": [0, 1],
            "microbatch": [0, 0],
            "kind": ["forward", "forward"],
            "start_s": [0.0, 0.001],
            "end_s": [0.001, 0.002],
        }
    )
    curves = pd.DataFrame({"epoch": [1, 2, 1, 2], "model": list("aabb"), "loss": [1, 0.5, 1, 0.7]})
    noise = pd.DataFrame(
        {"strategy": list("aabb"), "level": [0, 1, 0, 1], "accuracy": [1, 0.5] * 2}
    )
    attribution = pd.DataFrame(
        {"strategy": ["a"], "method": ["shapley"], "image": [0.5], "audio": [0.5]}
    )
    figures = [
        line_chart([0, 1], {"a": [1, 2], "b": [2, 3]}, title="a long title " * 8),
        curves_chart(curves, x="epoch", y="loss", series="model", title="t"),
        probability_bars({"a": [0.5, 0.5], "b": [0.2, 0.8]}, ["0", "1"], title="t"),
        sweep_chart([0, 1], {"a": [1, 2]}, {"b": [1, 2]}, title="t"),
        latency_chart(sweep, title="t"),
        schedule_chart(events, title="t"),
        noise_curve_chart(noise, {"a": "A", "b": "B"}, {"a": "red", "b": "blue"}, current=0.5),
        attribution_bars(attribution, {"a": "A"}, {"shapley": "S"}, {"image": "I", "audio": "A"}),
    ]
    for fig in figures:
        assert _legend_at_bottom(fig), fig.layout.title.text
    titled = figures[0].layout.title
    assert titled.yref == "container" and titled.y == 1 and titled.yanchor == "top"


def _sweep(backends, batches=(1, 4, 16, 64)):
    import pandas as pd

    rows = []
    for i, backend in enumerate(backends):
        for batch in batches:
            median = (1 + i) * 0.3 * batch**0.8
            rows.append(
                {
                    "backend": backend,
                    "label": backend,
                    "batch": batch,
                    "threads": 1,
                    "runs": 20,
                    "median_ms": median,
                    "q1_ms": median * 0.95,
                    "q3_ms": median * 1.05,
                    "throughput": batch / median * 1e3,
                    "speedup_vs_eager": 1 / (1 + i),
                }
            )
    return pd.DataFrame(rows)


@pytest.mark.parametrize(
    ("values", "ticks"),
    [
        ([0.3, 7.0], [0.2, 0.5, 1, 2, 5, 10]),  # under two decades: 1-2-5 steps
        ([120, 95_000], [100, 1000, 10_000, 100_000]),  # more: whole decades only
    ],
)
def test_log_ticks_are_few_and_labelled(values, ticks):
    from components.figures import log_ticks

    tickvals, ticktext = log_ticks(values)
    np.testing.assert_allclose(tickvals, ticks)
    assert len(ticktext) == len(tickvals)
    assert "100k" in ticktext or "0.5" in ticktext


def test_log_axes_have_no_minor_labels():
    """Every log axis gets explicit ticks (no plotly minor digits "2", "5" between decades)."""
    from components.acceleration.charts import gflops_chart, latency_chart, speedup_chart
    from components.figures import histogram_overlay

    sweep = _sweep(["eager", "onnx", "int8_dynamic"])
    roof = sweep.assign(
        achieved_gflops=sweep["batch"] * 0.5,
        peak_gflops=100.0,
        peak_precision="fp32",
        fraction_of_peak=sweep["batch"] * 0.005,
    )
    figures = [
        layer_bar_chart(["a", "b"], {"n": [12, 120_000]}, log_y=True),
        histogram_overlay({"w": np.random.default_rng(0).normal(size=5000)}, log_y=True),
        latency_chart(sweep),
        speedup_chart(sweep),
        gflops_chart(roof),
    ]
    for fig in figures:
        axis = fig.layout.yaxis
        assert axis.type == "log"
        assert axis.tickmode == "array" and len(axis.tickvals) == len(axis.ticktext) >= 2
        assert axis.minor.ticks == ""
        # Labels are plain numbers, each tick its own label: no bare "2"/"5" minor digits.
        for value, text in zip(axis.tickvals, axis.ticktext, strict=True):
            mantissa = value / 10 ** np.floor(np.log10(value))
            assert round(mantissa) in (1, 2, 5), (value, text)


def test_more_than_five_lines_grey_all_but_the_highlighted():
    from components.acceleration.charts import latency_chart
    from components.figures import MUTED_COLOR, line_chart

    series = {f"s{i}": [i, i + 1] for i in range(7)}
    fig = line_chart([0, 1], series, highlight=["s2", "s5"])
    colours = {tr.name: tr.line.color for tr in fig.data}
    assert colours["s2"] != MUTED_COLOR and colours["s5"] != MUTED_COLOR
    assert [n for n, c in colours.items() if c == MUTED_COLOR] == ["s0", "s1", "s3", "s4", "s6"]
    assert [tr.name for tr in fig.data][-2:] == ["s2", "s5"]  # drawn on top
    ranks = {tr.name: tr.legendrank for tr in fig.data}
    assert sorted(ranks, key=ranks.get) == list(series)  # the legend keeps its order
    # Five lines or fewer stay in colour, whatever is highlighted.
    few = line_chart([0, 1], {k: series[k] for k in list(series)[:5]}, highlight=["s0"])
    assert MUTED_COLOR not in {tr.line.color for tr in few.data}
    # Backends are highlighted by key, their error bars grey with them.
    backends = ["eager", "compile", "onnx", "int8_dynamic", "fp16", "bf16"]
    fig = latency_chart(_sweep(backends), highlight=["eager", "onnx"])
    grey = {tr.name for tr in fig.data if tr.line.color == MUTED_COLOR}
    assert grey == {"compile", "int8_dynamic", "fp16", "bf16"}
    assert all(tr.error_y.color == MUTED_COLOR for tr in fig.data if tr.name in grey)


def test_difference_panel_shares_the_maps_colour_scale():
    from components.figures import attribution_grid

    original = np.zeros((4, 4))
    original[1, 1] = 2.0
    variant = original.copy()
    variant[1, 1] = 1.9
    maps = {"original": original, "pruned": variant, "difference": variant - original}
    fig = attribution_grid(np.zeros((4, 4)), maps, shared_scale=True, scale_label="attribution")
    overlays = [tr for tr in fig.data if tr.hoverinfo != "skip"]
    assert len(overlays) == 3
    assert {(tr.zmin, tr.zmax) for tr in overlays} == {(-2.0, 2.0)}
    diff = np.asarray(overlays[2].z)
    assert np.abs(diff).max() == pytest.approx(0.1)  # small, not stretched to the full scale
    assert overlays[0].colorbar.title.text == "attribution"
    # The default still scales each panel to its own maximum (methods in different units).
    own = [tr for tr in attribution_grid(np.zeros((4, 4)), maps).data if tr.hoverinfo != "skip"]
    assert np.abs(np.asarray(own[2].z)).max() == pytest.approx(1.0)


def test_two_different_losses_get_two_axes():
    import pandas as pd

    from components.figures import curves_chart

    curves = pd.DataFrame(
        {
            "epoch": [1, 2, 1, 2],
            "model": ["distilled", "distilled", "scratch", "scratch"],
            "loss": [1.0, 0.6, 1.1, 0.7],
            "objective": [4.0, 2.5, 1.1, 0.7],
        }
    )
    fig = curves_chart(
        curves,
        x="epoch",
        y="loss",
        series="model",
        y_label="cross-entropy",
        y2="objective",
        y2_names={"distilled": "distilled: its objective"},
        y2_label="distillation loss",
    )
    axes = {tr.name: tr.yaxis or "y" for tr in fig.data}
    assert axes == {"distilled": "y", "distilled: its objective": "y2", "scratch": "y"}
    assert fig.layout.yaxis2.overlaying == "y" and fig.layout.yaxis2.side == "right"
    assert fig.layout.yaxis.title.text == "cross-entropy"
    assert fig.layout.yaxis2.title.text == "distillation loss"


@pytest.mark.parametrize(
    ("n", "columns", "shape"),
    [(10, 5, (8, 8)), (3, 2, (8, 8)), (2, 2, (6, 6, 3)), (1, 1, (28, 28))],
)
def test_image_grid_puts_each_picture_in_its_own_cell_of_one_pair_of_axes(n, columns, shape):
    """One pair of axes for the whole grid (a subplot per picture cost the browser a redraw of
    each); the pictures tile it in reading order without overlapping, pixels square, each
    caption over its own picture and inside the axes' range."""
    images = [np.random.default_rng(i).random(shape) for i in range(n)]
    titles = [f"digit {i}" for i in range(n)]
    fig = image_grid(images, titles, columns=columns)
    layout = fig.to_plotly_json()["layout"]
    assert not [k for k in layout if k.startswith(("xaxis", "yaxis")) and k[5:]]  # no xaxis2…
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.yaxis.scaleratio == 1
    (x_lo, x_hi), (y_hi, y_lo) = fig.layout.xaxis.range, fig.layout.yaxis.range
    h, w = shape[:2]
    boxes = []  # (left, top, right, bottom) edges in data units
    for trace in fig.data:
        assert (trace.xaxis or "x", trace.yaxis or "y") == ("x", "y")
        boxes.append((trace.x0 - 0.5, trace.y0 - 0.5, trace.x0 + w - 0.5, trace.y0 + h - 0.5))
    for left, top, right, bottom in boxes:
        eps = 1e-9
        assert x_lo - eps <= left and right <= x_hi + eps
        assert y_lo - eps <= top and bottom <= y_hi + eps
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]  # apart
    for i, (left, top, _, _) in enumerate(boxes):  # reading order: rows of `columns`
        row, col = divmod(i, columns)
        assert left == pytest.approx(boxes[col][0])
        assert top == pytest.approx(boxes[row * columns][1])
    assert [a.text for a in fig.layout.annotations] == titles
    for a, (left, top, right, _) in zip(fig.layout.annotations, boxes, strict=True):
        assert (a.xref, a.yref, a.yanchor) == ("x", "y", "bottom")
        assert a.x == pytest.approx((left + right) / 2) and a.y == pytest.approx(top)
        assert a.y > y_lo  # room above for the caption
    if len(shape) == 3:
        assert {trace.type for trace in fig.data} == {"image"}


def test_grid_cells_centre_smaller_pictures_and_spread_columns_to_the_aspect():
    from components.figures import GRID_CAPTION, GRID_GAP, grid_cells

    (big, small), (width, height) = grid_cells([(8, 8), (4, 6)], columns=2)
    assert small[0] - big[0] == pytest.approx(8 * (1 + GRID_GAP) + 1)  # next cell, (8 - 6) / 2
    assert small[1] - big[1] == pytest.approx(2)  # (8 - 4) / 2 lower
    assert (width, height) == pytest.approx((8 * (2 + GRID_GAP), 8 * (1 + GRID_CAPTION)))
    _, (wide, high) = grid_cells([(8, 8)] * 10, columns=5, aspect=4.0)
    assert wide / high == pytest.approx(4.0)
    _, (narrow, _) = grid_cells([(8, 8)] * 10, columns=5, aspect=0.1)  # never closer than GAP
    assert narrow == pytest.approx(8 * (5 + 4 * GRID_GAP))


@pytest.mark.parametrize("title", ["A title", None])
def test_style_sets_the_layout_as_update_layout_would(title):
    """style() assigns where the figure set nothing and merges where it did (a legend title,
    a font colour set before it): the same layout as one update_layout call."""
    from components.figures import LEGEND, style

    def prepared() -> go.Figure:
        fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4]))
        fig.update_layout(legend_title_text="kind", font_color="#333", margin_l=40)
        return fig

    expected = prepared().update_layout(
        title={"text": title, "yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 12}},
        height=300,
        margin={"l": 10, "r": 10, "t": 50 if title else 20, "b": 10},
        legend=LEGEND,
        font={"size": 13},
    )
    assert style(prepared(), title, height=300).to_plotly_json() == expected.to_plotly_json()
    assert style(go.Figure(), title).layout.legend.orientation == "h"


def test_histogram_overlay_bins_here_with_one_binning_for_all_series():
    from components.figures import histogram_overlay

    rng = np.random.default_rng(0)
    before = rng.normal(size=2000)
    after = np.where(np.abs(before) < 0.5, np.nan, before)  # removed weights shown as NaN
    fig = histogram_overlay({"before": before, "after": after}, bins=40)
    a, b = fig.data
    assert a.type == b.type == "bar" and fig.layout.barmode == "overlay"
    assert list(a.x) == list(b.x) and len(a.x) == 41  # shared bins; the last holds the maximum
    assert sum(a.y) == 2000 and sum(b.y) == np.isfinite(after).sum()
    edges = np.asarray(a.x) - a.width / 2
    expected = np.histogram(before, bins=np.append(edges, edges[-1] + a.width))[0]
    np.testing.assert_array_equal(a.y, expected)
    assert a.x[0] - a.width / 2 == pytest.approx(before.min())
    from components.chart_text import chart_table

    table = chart_table(fig)  # the text alternative lists bins and counts
    assert len(table) == 82 and table.iloc[:, 2].sum() == 2000 + np.isfinite(after).sum()


def test_the_house_template_is_plotly_white_with_tick_labels_left_unmeasured():
    """Every figure gets the house template: plotly_white's look, and tick labels that plotly.js
    does not measure one by one to hide those past the figure's edge (issue #16)."""
    pio.templates.default = "plotly"  # as importing streamlit after this module sets its own
    use_house_template()
    assert pio.templates.default == HOUSE_TEMPLATE
    fig = heatmap(np.eye(3), title="w", value_label="w")
    template = fig.to_dict()["layout"]["template"]
    assert template["layout"]["xaxis"]["ticklabeloverflow"] == "allow"
    assert template["layout"]["yaxis"]["ticklabeloverflow"] == "allow"
    assert all(t["colorbar"]["ticklabeloverflow"] == "allow" for t in template["data"]["heatmap"])

    def without_overflow(node):
        if isinstance(node, dict):
            return {k: without_overflow(v) for k, v in node.items() if k != "ticklabeloverflow"}
        if isinstance(node, list | tuple):
            return [without_overflow(v) for v in node]
        return node

    white = pio.templates["plotly_white"].to_plotly_json()
    assert without_overflow(house_template().to_plotly_json()) == without_overflow(white)
