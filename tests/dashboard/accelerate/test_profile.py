"""The operator profile view through AppTest: one bar per profiled model, shares that add up,
the profiler's cost stated, operators and a trace to download."""

from __future__ import annotations

import numpy as np
import pytest

from components.shared_models import fingerprint, leftover_hooks
from dashboard.areas.accelerate.cache import ORIGINAL, operator_profile
from dashboard.shared.resources import shared_model
from tests.dashboard.conftest import figure, open_page, plotly_array

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.mark.slow
def test_profile_view_lenet(app):
    before = fingerprint(shared_model("lenet"))
    at = open_page(
        app, "accelerate", view="profile", backends="eager", batch=2, threads=1, psteps=2
    )
    assert not at.exception and not at.error, [e.value for e in at.error]
    fig = figure(at, "Operator self time by family")
    labels = set(fig["data"][0]["y"])
    assert "Original · eager fp32" in labels and len(labels) == 4  # + three standard variants
    totals = sum(plotly_array(trace["x"]) for trace in fig["data"])
    np.testing.assert_allclose(totals, 1.0, atol=1e-6)  # every bar is 100 % of its self time
    captions = " ".join(c.value for c in at.caption)
    assert "2 steps after warm-up, 1 thread(s), batch 2" in captions and "unprofiled" in captions
    profile = operator_profile("lenet", "eager", 2, 1, None, 2, ORIGINAL)
    assert profile.operators["share"].sum() == pytest.approx(1.0)
    assert fingerprint(shared_model("lenet")) == before
    assert not leftover_hooks(shared_model("lenet"))


def test_profiles_are_keyed_with_the_variant_spelled_out():
    assert operator_profile.key("lenet", "eager", 8, 1, None, 5) == operator_profile.key(
        "lenet", "eager", 8, 1, None, 5, ORIGINAL
    )
    assert operator_profile.key("lenet", "eager", 8, 1, None, 5) != operator_profile.key(
        "lenet", "onnxruntime", 8, 1, None, 5
    )
