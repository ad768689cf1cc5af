"""The architecture graph section through AppTest: original above variant, the variant's
pruned conv drawn narrower, parameter totals that match the models."""

from __future__ import annotations

import pytest

from components.profile import count_parameters
from dashboard.shared.resources import shared_model
from tests.dashboard.conftest import figure, metrics, open_page


@pytest.mark.slow
def test_graph_section_lenet_channel_pruned(app):
    at = open_page(
        app, "compress", technique="graph", method="channel_removal", amount=0.5, finetune=0
    )
    assert not at.exception and not at.error, [e.value for e in at.error]
    fig = figure(at, "Architecture: original (top) and variant (bottom)")
    nodes = [trace for trace in fig["data"] if trace.get("mode") == "markers+text"]
    assert len(nodes) == 2
    ids = list(nodes[0]["customdata"])
    conv = ids.index("conv1")
    assert nodes[1]["marker"]["size"][conv] < nodes[0]["marker"]["size"][conv]
    assert "10 → 5" in nodes[1]["hovertext"][conv]
    shown = metrics(at)
    assert shown["Parameters (original)"] == "21.8 k"
    assert count_parameters(shared_model("lenet")) == 21840
    assert "Graph traced with torch\\.fx" in " ".join(c.value for c in at.caption)
