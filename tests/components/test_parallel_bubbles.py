"""The pipeline bubble before and after a run: the ideal schedule against the formula, and the
curves over micro-batch counts (counts small enough to check by hand)."""

from __future__ import annotations

import math

import pytest

from components.parallel.bubbles import CURVES, bubble_curves, ideal_or_nan, ideal_pipeline


def test_gpipe_ideal_bubble_is_the_formula():
    ideal = ideal_pipeline("gpipe", 2, 4)
    assert ideal.bubble == pytest.approx(0.2)  # (2 − 1) / (4 + 2 − 1)
    assert ideal.formula == pytest.approx(0.2)
    assert ideal.formula_applies
    # 2 processes × 4 micro-batches × (forward, backward), one slot each
    assert len(ideal.events) == 16
    assert set(ideal.events["kind"]) == {"forward", "backward"}


def test_interleaved_with_fewer_micro_batches_than_processes_idles_more_than_the_formula():
    ideal = ideal_pipeline("interleaved_1f1b", 2, 1)
    assert not ideal.formula_applies
    assert ideal.formula == pytest.approx(1 / 3)  # (2 − 1) / (2·1 + 2 − 1)
    assert ideal.bubble == pytest.approx(0.5)


def test_ideal_or_nan_leaves_a_gap_for_refused_counts():
    assert ideal_or_nan("1f1b", 2, 2) == pytest.approx(1 / 3)
    assert math.isnan(ideal_or_nan("1f1b", 2, 1))  # 1F1B needs a micro-batch per process
    assert math.isnan(ideal_or_nan("interleaved_1f1b", 2, 5))


def test_bubble_curves_over_micro_batch_counts():
    curves = bubble_curves("gpipe", 2, [1, 2, 4], {4: 0.31})
    assert tuple(curves) == CURVES
    assert curves["formula"] == pytest.approx([1 / 2, 1 / 3, 1 / 5])
    assert curves["ideal"] == pytest.approx([1 / 2, 1 / 3, 1 / 5])
    measured = curves["measured"]
    assert math.isnan(measured[0]) and math.isnan(measured[1]) and measured[2] == 0.31
    refused = bubble_curves("1f1b", 2, [1, 2], {})
    assert math.isnan(refused["ideal"][0]) and refused["ideal"][1] == pytest.approx(1 / 3)
    assert refused["formula"] == pytest.approx([1 / 2, 1 / 3])
