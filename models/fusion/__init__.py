"""Multimodal fusion on AV digits (image + speech): one :class:`FusionSpec` per trained strategy.

Every model follows :class:`~models.fusion.base.FusionModel`: ``forward(image, audio) -> logits``
and ``forward_with_details(image, audio) -> (logits, dict)``. Adding a strategy means adding one
class and one entry to :data:`FUSION_MODELS` (and a training config in ``models.fusion_train``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from models.fusion.attention import CrossAttentionFusion
from models.fusion.base import AudioEncoder, FusionModel, ImageEncoder
from models.fusion.early import FeatureConcat, RawConcat
from models.fusion.gated import GatedFusion
from models.fusion.late import AdditiveFusion, LateFusion
from models.fusion.tensor import TensorFusion
from models.fusion.unimodal import AudioOnly, ImageOnly
from models.registry import weights_dir
from models.weights import ModelLoadError, load_weights

Family = Literal["unimodal", "feature", "deep", "late", "gated", "graph"]
FusionTask = Literal["digit", "same"]  # which digit? / are image and speech the same digit?
Modality = Literal["image", "audio"]


@dataclass(frozen=True)
class FusionSpec:
    """One fusion strategy as the page lists it."""

    name: str  # key, used in URLs and file names
    title: str
    family: Family
    task: FusionTask
    build: Callable[[], FusionModel]  # randomly initialised architecture
    modalities: tuple[Modality, ...]  # what the model reads (the rest is ignored)
    weights_file: str | None  # None: nothing trained of its own (see ``components``)
    components: tuple[str, ...] = ()  # late fusion: the trained models whose outputs it combines
    description: str = ""

    @property
    def num_classes(self) -> int:
        return 10 if self.task == "digit" else 2

    @property
    def retrain_command(self) -> str:
        return "python -m models.fusion_train " + " ".join((*self.components, self.name))

    @property
    def metrics_file(self) -> Path:
        """Metrics written by the retrain script (late fusion has metrics but no weights)."""
        return weights_dir() / f"fusion_{self.name}.json"


def _graph(num_classes: int = 10) -> FusionModel:
    # torch_geometric is imported only when a graph model is built (the import takes ~1 s).
    from models.fusion.graph import GraphFusion

    return GraphFusion(num_classes)


def _late() -> FusionModel:
    return LateFusion(ImageOnly(), AudioOnly())


def _weights(name: str) -> str:
    return f"fusion_{name}.safetensors"


BOTH: tuple[Modality, ...] = ("image", "audio")

FUSION_MODELS: dict[str, FusionSpec] = {
    spec.name: spec
    for spec in (
        FusionSpec(
            name="image_only",
            title="Image only",
            family="unimodal",
            task="digit",
            build=ImageOnly,
            modalities=("image",),
            weights_file=_weights("image_only"),
            description="A small CNN on the noisy image; ignores the speech.",
        ),
        FusionSpec(
            name="audio_only",
            title="Speech only",
            family="unimodal",
            task="digit",
            build=AudioOnly,
            modalities=("audio",),
            weights_file=_weights("audio_only"),
            description="A small CNN on the noisy log-mel spectrogram; ignores the image.",
        ),
        FusionSpec(
            name="early_raw",
            title="Early fusion (raw inputs)",
            family="feature",
            task="digit",
            build=RawConcat,
            modalities=BOTH,
            weights_file=_weights("early_raw"),
            description="Raw pixels and spectrogram values, concatenated, into one MLP.",
        ),
        FusionSpec(
            name="concat",
            title="Feature concatenation",
            family="feature",
            task="digit",
            build=FeatureConcat,
            modalities=BOTH,
            weights_file=_weights("concat"),
            description="Two encoders; their feature vectors concatenated into an MLP.",
        ),
        FusionSpec(
            name="tensor",
            title="Tensor fusion",
            family="deep",
            task="digit",
            build=TensorFusion,
            modalities=BOTH,
            weights_file=_weights("tensor"),
            description="Outer product of the two feature vectors (each extended by a 1).",
        ),
        FusionSpec(
            name="cross_attention",
            title="Cross-modal attention",
            family="deep",
            task="digit",
            build=CrossAttentionFusion,
            modalities=BOTH,
            weights_file=_weights("cross_attention"),
            description="Each audio frame attends over the 16 image patches.",
        ),
        FusionSpec(
            name="gated",
            title="Gated fusion",
            family="gated",
            task="digit",
            build=GatedFusion,
            modalities=BOTH,
            weights_file=_weights("gated"),
            description="A learned per-sample gate mixes the image and speech features.",
        ),
        FusionSpec(
            name="graph",
            title="Graph fusion (GAT)",
            family="graph",
            task="digit",
            build=_graph,
            modalities=BOTH,
            weights_file=_weights("graph"),
            description="16 patch and 8 frame nodes; neighbours linked within a modality, "
            "every patch with every frame across; two GATConv layers.",
        ),
        FusionSpec(
            name="late",
            title="Late fusion (sum of logits)",
            family="late",
            task="digit",
            build=_late,
            modalities=BOTH,
            weights_file=None,
            components=("image_only", "audio_only"),
            description="The two unimodal models, trained apart; their logits added.",
        ),
        FusionSpec(
            name="same_additive",
            title="Same digit? Additive",
            family="late",
            task="same",
            build=lambda: AdditiveFusion(2),
            modalities=BOTH,
            weights_file=_weights("same_additive"),
            description="f(image) + g(speech): no interaction term, so it cannot tell. "
            "Encoders: the digit models', frozen.",
        ),
        FusionSpec(
            name="same_concat",
            title="Same digit? Concat + MLP",
            family="feature",
            task="same",
            build=lambda: FeatureConcat(2),
            modalities=BOTH,
            weights_file=_weights("same_concat"),
            description="Concatenated features; the MLP's hidden layer models the interaction. "
            "Encoders: the digit models', frozen.",
        ),
        FusionSpec(
            name="same_tensor",
            title="Same digit? Tensor fusion",
            family="deep",
            task="same",
            build=lambda: TensorFusion(2),
            modalities=BOTH,
            weights_file=_weights("same_tensor"),
            description="Products of image and speech features: interaction built in. "
            "Encoders: the digit models', frozen.",
        ),
    )
}


def fusion_model_names(task: FusionTask | None = None) -> list[str]:
    """Keys in display order, optionally only those of one task."""
    return [n for n, s in FUSION_MODELS.items() if task is None or s.task == task]


def get_fusion_spec(name: str) -> FusionSpec:
    """The spec for ``name``; raises :class:`ModelLoadError` for an unknown name."""
    try:
        return FUSION_MODELS[name]
    except KeyError:
        known = ", ".join(FUSION_MODELS)
        raise ModelLoadError(f"Unknown fusion model '{name}'. Known: {known}.") from None


def load_fusion_model(name: str) -> FusionModel:
    """Build a fusion model with its shipped weights, in eval mode.

    Raises :class:`ModelLoadError` (or a subclass) whose message names the retrain command when
    the weights are missing, unreadable or do not fit.
    """
    spec = get_fusion_spec(name)
    if spec.components:  # late fusion: its parts are the trained models
        image_model, audio_model = (load_fusion_model(c) for c in spec.components)
        return LateFusion(image_model, audio_model).eval()
    model = spec.build()
    load_weights(model, weights_dir() / spec.weights_file, retrain_hint=spec.retrain_command)
    return model.eval()


def recorded_fusion_metrics(name: str) -> dict[str, Any] | None:
    """The metrics the retrain script wrote for ``name`` (None when absent)."""
    path = get_fusion_spec(name).metrics_file
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


__all__ = [
    "FUSION_MODELS",
    "AudioEncoder",
    "FusionModel",
    "FusionSpec",
    "ImageEncoder",
    "fusion_model_names",
    "get_fusion_spec",
    "load_fusion_model",
    "recorded_fusion_metrics",
]
