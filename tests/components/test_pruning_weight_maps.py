"""Weight matrices made ready to draw: pruned cells blank, a shared scale, big ones cropped."""

from __future__ import annotations

import numpy as np
import pytest

from components.pruning.weight_maps import masked_view, weight_maps


def test_pruned_entries_become_nan_and_the_rest_stays():
    before = np.array([[1.0, -2.0], [0.0, 3.0]])
    after = np.array([[0.0, -2.0], [0.0, 0.0]])
    view = masked_view(before, after)
    # Zero now and non-zero before: pruned. Zero before too: an ordinary zero weight.
    np.testing.assert_array_equal(np.isnan(view), [[True, False], [False, True]])
    assert view[0, 1] == -2.0 and view[1, 0] == 0.0
    assert after[0, 0] == 0.0  # the input is not changed


def test_removed_channels_keep_the_variant_as_it_is():
    before = np.ones((4, 3))
    after = np.zeros((2, 3))
    view = masked_view(before, after)
    assert view.shape == (2, 3) and not np.isnan(view).any()


def test_crop_and_scale():
    before = np.arange(-50.0, 50.0).reshape(10, 10)
    after = before.copy()
    after[0, 0] = 0.0
    maps = weight_maps(before, after, rows=4, cols=5)
    assert maps.cropped
    assert maps.before.shape == maps.after.shape == (4, 5)
    assert maps.scale == 50.0  # |−50| at (0, 0), within the corner
    assert np.isnan(maps.after[0, 0]) and np.isnan(maps.after).sum() == 1


def test_small_all_zero_matrix():
    zeros = np.zeros((2, 2))
    maps = weight_maps(zeros, zeros, rows=4, cols=5)
    assert not maps.cropped
    assert maps.scale == pytest.approx(1.0)  # no weight at all: a scale that still draws
