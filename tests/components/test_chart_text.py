"""A chart's text alternative: its numbers under its axes' titles, and what it lacks."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from components.chart_text import chart_problems, chart_table
from components.figures import heatmap, layer_bar_chart, line_chart


def test_line_chart_rows_are_its_points_under_the_axis_titles():
    fig = line_chart([0, 1, 2], {"acc": [0.9, 0.8, 0.5]}, x_label="ε", y_label="accuracy")
    table = chart_table(fig)
    assert list(table.columns) == ["series", "ε", "accuracy"]
    assert table.values.tolist() == [["acc", 0, 0.9], ["acc", 1, 0.8], ["acc", 2, 0.5]]


def test_a_map_is_one_summary_row_with_its_size_and_range():
    z = np.arange(12, dtype=float).reshape(3, 4)
    fig = go.Figure(go.Heatmap(z=z, name="weights"))
    (row,) = chart_table(fig).values.tolist()
    assert row[0] == "weights"
    assert row[1] == "heatmap 3 × 4"
    assert row[2] == "min 0 · mean 5.5 · max 11"


def test_rows_are_capped():
    fig = go.Figure(go.Scatter(x=list(range(500)), y=list(range(500))))
    assert len(chart_table(fig, max_rows=50)) == 50


def test_problems_name_a_missing_title_and_unlabelled_numeric_axes():
    bare = go.Figure(go.Scatter(x=[1, 2], y=[3, 4]))
    assert chart_problems(bare) == ["title", "x axis", "y axis"]
    labelled = line_chart([1, 2], {"a": [3, 4]}, x_label="x", y_label="y", title="t")
    assert chart_problems(labelled) == []


def test_category_names_label_their_axis():
    fig = go.Figure(go.Bar(x=["conv1", "fc1"], y=[0.5, 0.2]))
    fig.update_layout(title="sparsity", yaxis_title="share")
    assert chart_problems(fig) == []


def test_house_figures_have_what_a_screen_reader_needs():
    bars = layer_bar_chart(
        ["conv1", "fc1"], {"orig": [0.1, 0.2]}, title="Sparsity per layer", value_label="share"
    )
    assert chart_problems(bars) == []
    assert "heatmap" in chart_table(heatmap(np.eye(3), title="m")).iloc[0, 1]


def test_pictures_in_a_grid_are_named_by_their_captions():
    from components.figures import image_grid

    fig = image_grid([np.zeros((8, 8)), np.ones((8, 8))], ["label 3", "label <b>7</b>"])
    table = chart_table(fig)
    assert table["series"].tolist() == ["label 3", "label 7"]
    assert table.iloc[1, 2] == "min 1 · mean 1 · max 1"


def test_the_first_titled_axis_of_a_subplot_grid_names_the_columns():
    fig = make_subplots(rows=1, cols=3).update_layout(title="Loss by epoch")
    for col in (1, 2, 3):
        fig.add_trace(go.Scatter(x=[1, 2], y=[3, 4], name=f"s{col}"), row=1, col=col)
    fig.update_xaxes(title_text="epoch", row=1, col=2)  # xaxis2: the first with a title
    fig.update_yaxes(title_text=" loss ", row=1, col=3)
    table = chart_table(fig)
    assert list(table.columns) == ["series", "epoch", "loss"]
    assert chart_problems(fig) == []
    same = go.Figure(go.Scatter(x=[1], y=[2]), layout={"xaxis_title": "t", "yaxis_title": "t"})
    assert list(chart_table(same).columns) == ["series", "t", "t "]  # column names differ


def test_charted_tells_whether_the_table_has_rows_without_building_it():
    from components.chart_text import charted

    assert charted(heatmap(np.eye(2), title="m"))
    assert charted(go.Figure(go.Bar(x=["a"], y=[1.0])))
    empty = go.Figure(go.Scatter(x=[], y=[]), layout={"title": "nothing yet"})
    assert not charted(empty) and chart_table(empty).empty
    assert not charted(go.Figure())
