"""Attention and gates: graph coefficients are normalised, the maps are what they claim, and the
page's lesson holds on the shipped models — a modality replaced by noise costs accuracy while
the gate and the graph attention barely move."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from components.fusion.attention_maps import cross_modal_maps
from components.fusion.signals import condition_inputs, image_signal, signal_vs_importance
from models.av_digits import noisy_test_set
from models.fusion import load_fusion_model
from models.fusion.graph import N_NODES

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def test_set():
    return noisy_test_set()


def test_graph_attention_coefficients_are_normalised(test_set):
    image, audio, _ = test_set
    model = load_fusion_model("graph")
    with torch.inference_mode():
        _, details = model.forward_with_details(image[:16], audio[:16])
    dense = details["attention"]  # (B, layers, heads, targets, sources)
    assert dense.shape[-2:] == (N_NODES, N_NODES)
    torch.testing.assert_close(dense.sum(-1), torch.ones(dense.shape[:-1]), atol=1e-5, rtol=0)
    assert (dense >= 0).all()
    # per edge: the coefficients into each target node sum to 1 as well
    targets = details["edge_index"][1]
    per_target = torch.zeros(16, dense.shape[1], N_NODES, dense.shape[2]).index_add_(
        2, targets, details["edge_attention"]
    )
    torch.testing.assert_close(per_target, torch.ones_like(per_target), atol=1e-5, rtol=0)


def test_cross_modal_maps(test_set):
    image, audio, _ = test_set
    cross = cross_modal_maps(load_fusion_model("cross_attention"), image[:1], audio[:1])
    assert cross.frame_to_patch.shape == (8, 16) and cross.patch.shape == (4, 4)
    np.testing.assert_allclose(cross.frame_to_patch.sum(1), 1.0, atol=1e-5)
    np.testing.assert_allclose(cross.patch.ravel(), cross.frame_to_patch.mean(0), atol=1e-6)
    graph = cross_modal_maps(load_fusion_model("graph"), image[:1], audio[:1])
    assert graph.kind == "graph_attention" and graph.frame.shape == (8,)
    np.testing.assert_allclose(graph.frame, graph.frame_to_patch.sum(1), atol=1e-6)
    assert (graph.frame < 1).all() and (graph.patch < 1).all()  # self-loops and neighbours too
    with pytest.raises(ValueError, match="no cross-modal attention"):
        cross_modal_maps(load_fusion_model("concat"), image[:1], audio[:1])


@pytest.mark.slow
def test_signals_are_not_importance(test_set):
    image, audio, labels = test_set
    models = {n: load_fusion_model(n) for n in ("gated", "graph", "cross_attention")}
    frame = signal_vs_importance(models, image, audio, labels).set_index(["strategy", "condition"])
    for name in ("gated", "graph"):
        clean, noisy = frame.loc[(name, "clean")], frame.loc[(name, "image_noise")]
        assert clean["accuracy"] - noisy["accuracy"] > 0.25, name  # the image mattered …
        assert abs(clean["signal"] - noisy["signal"]) < 0.05, name  # … the weight did not say so
        assert noisy["shapley_image_share"] < clean["shapley_image_share"], name
        assert frame.loc[(name, "image_dropped"), "shapley_image_share"] == 0.0
    assert frame.loc[("cross_attention", "clean"), "signal"] is None or np.isnan(
        frame.loc[("cross_attention", "clean"), "signal"]
    )


def test_image_signal_of_the_gate(test_set):
    image, audio, _ = test_set
    with torch.inference_mode():
        _, details = load_fusion_model("gated").forward_with_details(image[:8], audio[:8])
    torch.testing.assert_close(image_signal(details), details["gate"].mean(1))
    assert image_signal({}) is None


def test_conditions(test_set):
    image, audio, _ = test_set
    noisy, same = condition_inputs("image_noise", image, audio)
    assert same is audio and noisy.shape == image.shape
    assert float(noisy.mean()) == pytest.approx(float(image.mean()), abs=0.02)
    assert float(noisy.std()) == pytest.approx(float(image.std()), rel=0.02)
    with pytest.raises(ValueError, match="unknown condition"):
        condition_inputs("upside_down", image, audio)
