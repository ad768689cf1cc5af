"""The code GPT's variant table and charts, from synthetic measurements."""

from __future__ import annotations

import pandas as pd
import pytest

from components.llm.variant_report import (
    TABLE_COLUMNS,
    VARIANT_STYLE,
    quality_chart,
    speed_chart,
    speed_ratios,
    variant_table,
)

QUALITY = pd.DataFrame(
    {
        "variant": ["fp32", "int8_weight_only", "heads_50"],
        "params": [1000, 1000, 800],
        "size_bytes": [4_000_000, 1_000_000, 3_200_000],
        "perplexity": [100.0, 101.0, 130.0],
    }
)
SPEED = pd.DataFrame(
    {
        "variant": ["heads_50", "fp32", "int8_weight_only"],  # any order: rows follow quality
        "tokens_per_s": [300.0, 200.0, 250.0],
        "median_s": [64 / 300, 64 / 200, 64 / 250],
        "iqr_s": [0.01, 0.02, 0.0],
    }
)
LABELS = {v: v.upper() for v in QUALITY["variant"]}
COLUMNS = {key: key for key in TABLE_COLUMNS}


def test_ratios_are_against_fp32_in_the_quality_order():
    table = variant_table(QUALITY, SPEED, LABELS, COLUMNS)
    assert table["variant"].tolist() == ["FP32", "INT8_WEIGHT_ONLY", "HEADS_50"]
    assert table["size_ratio"].tolist() == [1.0, 0.25, 0.8]
    assert table["ppl_ratio"].tolist() == [1.0, 1.01, 1.3]
    assert table["speed_ratio"].tolist() == [1.0, 1.25, 1.5]
    assert table["time"].iloc[0] == f"{64 / 200:.3f} ± 0.020"
    assert speed_ratios(SPEED)["heads_50"] == pytest.approx(1.5)


def test_without_timings_the_speed_columns_are_left_out():
    table = variant_table(QUALITY, None, LABELS, COLUMNS)
    assert "tokens_s" not in table and "time" not in table


def test_charts_name_each_variant_in_its_colour():
    fig = quality_chart(QUALITY, LABELS, title="t", x_label="MB", y_label="ppl")
    assert [trace.name for trace in fig.data] == list(LABELS.values())
    assert fig.data[0].marker.color == VARIANT_STYLE["fp32"][0]
    bars = speed_chart(SPEED, LABELS, 64, title="s", y_label="tokens/s").data[0]
    assert list(bars.y) == pytest.approx([300.0, 200.0, 250.0])
    assert list(bars.error_y.array)[2] == pytest.approx(0.0)  # no spread, no bar
