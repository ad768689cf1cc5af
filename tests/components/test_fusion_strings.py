"""Every string the Fuse page builds from a name exists in both languages, and the figures send
float64 arrays (plotly.js in Streamlit 1.67 draws float32 base64 heatmaps as empty boxes)."""

from __future__ import annotations

import numpy as np

from components.fusion.attribution import FUSION_ATTRIBUTION_METHODS
from components.fusion.figures import (
    accuracy_bars,
    image_with_overlay,
    probability_matrix,
    spectrogram_chart,
    strategy_colors,
)
from components.fusion.signals import SIGNAL_CONDITIONS
from components.i18n import STRINGS
from dashboard.areas.fuse.params import FUSE_DROPS, FUSE_SOURCES, FUSE_TASKS, FUSE_VIEWS
from models.fusion import FUSION_MODELS


def test_dynamic_keys_exist():
    keys = [f"fuse.view.{v}" for v in FUSE_VIEWS] + [f"fuse.view.{v}.intro" for v in FUSE_VIEWS]
    keys += [f"fuse.task.{k}" for k in FUSE_TASKS] + [f"fuse.source.{k}" for k in FUSE_SOURCES]
    keys += [f"fuse.drop.{d}" for d in FUSE_DROPS] + [
        f"fuse.method.{m}" for m in FUSION_ATTRIBUTION_METHODS
    ]
    keys += [f"fuse.condition.{c}" for c in SIGNAL_CONDITIONS]
    keys += [f"fuse.coalition.{c}" for c in ("none", "image", "audio", "both")]
    keys += [f"fuse.dropped_note.{d}" for d in ("image", "audio")]
    for kind in ("cross_attention", "graph_attention"):
        keys += [f"fuse.map_title.{kind}", f"fuse.map_caption.{kind}"]
    keys += ["fuse.patch_title.received", "fuse.patch_title.cross_share"]
    keys += ["fuse.frame_title.peak", "fuse.frame_title.cross_share"]
    for name in FUSION_MODELS:
        keys += [f"fuse.strategy.{name}", f"fuse.strategy.{name}.description"]
    assert [k for k in keys if k not in STRINGS] == []


def test_strategy_descriptions_start_like_the_zoo():
    for name, spec in FUSION_MODELS.items():
        assert spec.description.startswith(STRINGS[f"fuse.strategy.{name}.description"]["en"])


def _z(fig, i=0) -> np.ndarray:
    return np.asarray(fig.data[i].z)


def test_figures_send_float64_and_keep_colours():
    heat = probability_matrix(np.full((2, 3), 1 / 3, dtype=np.float32), ["a", "b"], ["0", "1", "2"])
    image = image_with_overlay(np.zeros((28, 28), np.float32), np.ones((4, 4), np.float32))
    spec = spectrogram_chart(np.zeros((32, 32), np.float32), frame_values=np.ones(8))
    for z in (_z(heat), _z(image), _z(image, 1), _z(spec, 1)):
        assert z.dtype == np.float64
    assert _z(image, 1).shape == (28, 28)
    colors = strategy_colors(list(FUSION_MODELS))
    assert len(set(colors.values())) == 10  # ten distinct, then the palette repeats
    bars = accuracy_bars(
        {"a": 0.5, "b": 0.9},
        {"a": "A", "b": "B"},
        {"a": "#000", "b": "#111"},
        reference={"a": 0.6},
        chance=0.1,
    )
    assert list(bars.data[0].y) == [0.5, 0.9] and list(bars.data[1].y) == [0.6]


def test_coalitions_are_explained_in_chinese():
    """「联盟」 alone calques "coalition": the Chinese says what it is (a set of modalities)."""
    title = STRINGS["fuse.coalition_title"]["zh"]
    assert "联盟" not in title or "组合" in title


def test_noise_curves_grey_all_but_the_chosen_strategies():
    import pandas as pd

    from components.figures import MUTED_COLOR
    from components.fusion.figures import noise_curve_chart

    names = list(FUSION_MODELS)
    frame = pd.DataFrame(
        [{"strategy": n, "level": x, "accuracy": 0.5} for n in names for x in (0.0, 1.0)]
    )
    labels = {n: n.upper() for n in names}
    fig = noise_curve_chart(
        frame, labels, strategy_colors(names), current=0.5, highlight=[names[0], names[3]]
    )
    coloured = {tr.name for tr in fig.data if tr.line.color != MUTED_COLOR}
    assert coloured == {labels[names[0]], labels[names[3]]}
