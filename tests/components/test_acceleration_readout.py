"""What the Accelerate page reads out of sweeps, on small hand-written frames."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from components.acceleration.readout import (
    ROOFLINE_TABLE_COLUMNS,
    failures,
    first_of_each_precision,
    highlighted,
    mixed_int8_peak,
    not_faster,
    roofline_table,
    variant_latencies,
)


def sweep(rows: list[tuple[str, int, float, float, str | None]]) -> pd.DataFrame:
    """(backend, batch, median ms, speed-up vs eager, error) rows."""
    return pd.DataFrame(
        rows, columns=["backend", "batch", "median_ms", "speedup_vs_eager", "error"]
    )


SWEEP = sweep(
    [
        ("eager", 1, 2.0, 1.0, None),
        ("onnxruntime", 1, 1.0, 2.0, None),
        ("compile", 1, 2.1, 0.95, None),
        ("int8_dynamic", 1, 4.0, 0.5, None),
        ("eager", 4, 6.0, 1.0, None),
        ("onnxruntime", 4, 7.0, 6 / 7, None),
        ("compile", 4, 3.0, 2.0, None),
        ("int8_dynamic", 4, math.nan, math.nan, "out of memory"),
    ]
)


def test_highlighted_keeps_eager_and_the_fastest_at_the_chosen_point():
    assert highlighted(SWEEP, "batch", 1) == ("eager", "onnxruntime")
    assert highlighted(SWEEP, "batch", 4) == ("eager", "compile")  # the failed NaN row is skipped
    eager_fastest = sweep([("eager", 1, 1.0, 1.0, None), ("compile", 1, 3.0, 1 / 3, None)])
    assert highlighted(eager_fastest, "batch", 1) == ("eager",)  # no duplicate


def test_not_faster_counts_up_to_ten_percent_faster_as_not_faster():
    # A speed-up below 1 / 0.9 ≈ 1.11 is within the noise of a shared machine.
    assert not_faster(SWEEP, 1)["backend"].tolist() == ["compile", "int8_dynamic"]
    # ORT at 6/7 ≈ 0.86× is slower; the failed int8 row (NaN) is a failure, not a lesson.
    assert not_faster(SWEEP, 4)["backend"].tolist() == ["onnxruntime"]
    barely = sweep([("eager", 1, 1.0, 1.0, None), ("compile", 1, 0.92, 1.087, None)])
    assert not_faster(barely, 1)["backend"].tolist() == ["compile"]
    clearly = sweep([("eager", 1, 1.0, 1.0, None), ("compile", 1, 0.8, 1.25, None)])
    assert not_faster(clearly, 1).empty


def test_failures_gives_one_row_per_failed_backend():
    frame = sweep(
        [
            ("eager", 1, 1.0, 1.0, None),
            ("fp16", 1, math.nan, math.nan, "no kernel"),
            ("fp16", 2, math.nan, math.nan, "no kernel again"),
        ]
    )
    found = failures(frame)
    assert found["backend"].tolist() == ["fp16"]
    assert found["error"].tolist() == ["no kernel"]
    assert failures(SWEEP)["backend"].tolist() == ["int8_dynamic"]


def test_first_of_each_precision():
    first = first_of_each_precision(["eager", "compile", "onnxruntime", "bf16", "int8_dynamic"])
    assert first["fp32"] == "eager"  # compile and ORT are fp32 too: the first one is named
    assert first["bf16"] == "bf16"
    assert first["int8"] == "int8_dynamic"
    assert set(first) == {"fp32", "bf16", "int8"}


def roof(rows: list[tuple[str, int, str | None, float, float, float]]) -> pd.DataFrame:
    columns = ["backend", "batch", "peak_precision", "achieved_gflops", "peak_gflops"]
    frame = pd.DataFrame([r[:5] for r in rows], columns=columns)
    frame["fraction_of_peak"] = [r[5] for r in rows]
    return frame


ROOF = roof(
    [
        ("eager", 2, "fp32", 12.345, 100.04, 0.12345),
        ("int8_dynamic", 2, "int8+fp32", 30.0, 150.0, 0.2),
        ("cuda", 2, None, 500.0, math.nan, math.nan),
        ("eager", 1, "fp32", 6.0, 100.04, 0.06),
    ]
)


def test_roofline_table_at_one_batch():
    table = roofline_table(ROOF, 2)
    assert tuple(table.columns) == ROOFLINE_TABLE_COLUMNS
    assert table["backend"].tolist() == ["eager", "int8_dynamic", "cuda"]
    assert table["peak_precision"].tolist() == ["fp32", "int8+fp32", "—"]
    assert table["achieved"].tolist() == [12.3, 30.0, 500.0]
    assert table["peak"].tolist()[:2] == [100.0, 150.0] and math.isnan(table["peak"].iloc[2])
    assert table["share"].tolist() == ["12%", "20%", "—"]


def test_mixed_int8_peak_only_for_a_partly_int8_model():
    assert mixed_int8_peak(ROOF, 0.25) == pytest.approx(150.0)
    assert mixed_int8_peak(ROOF, 1.0) is None  # all int8: the plain int8 peak, nothing to explain
    assert mixed_int8_peak(ROOF, None) is None  # dynamic int8 not chosen
    without = ROOF[ROOF["backend"] != "int8_dynamic"]
    assert mixed_int8_peak(without, 0.25) is None


def test_variant_latencies_pivot_keeps_the_variants_order():
    rows = [
        {"variant": "Original", "backend": "eager fp32", "median_ms": 2.0},
        {"variant": "Original", "backend": "ONNX Runtime", "median_ms": 1.0},
        {"variant": "int8", "backend": "eager fp32", "median_ms": 1.5},  # ORT not usable
        {"variant": "50 % masked", "backend": "eager fp32", "median_ms": 2.2},
        {"variant": "50 % masked", "backend": "ONNX Runtime", "median_ms": 1.1},
    ]
    labels, series = variant_latencies(rows)
    assert labels == ["Original", "int8", "50 % masked"]
    assert series["eager fp32"] == [2.0, 1.5, 2.2]
    ort = series["ONNX Runtime"]
    assert ort[0] == 1.0 and math.isnan(ort[1]) and ort[2] == 1.1
