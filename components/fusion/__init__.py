"""Analysis of multimodal fusion models (image + audio): robustness to noise and missing
modalities, how much of a prediction each modality carries, and whether attention or gate values
say the same thing. Models follow the zoo's fusion interface: ``model(image, audio) -> logits``."""

from components.fusion.attribution import (
    MODALITIES,
    ModalityAttribution,
    ablation_attribution,
    attribution_summary,
    ig_attribution,
    modality_attribution,
    shapley_attribution,
)
from components.fusion.robustness import accuracy_table, noise_curves, predictions
from components.fusion.signals import SIGNAL_CONDITIONS, signal_vs_importance

__all__ = [
    "MODALITIES",
    "SIGNAL_CONDITIONS",
    "ModalityAttribution",
    "ablation_attribution",
    "accuracy_table",
    "attribution_summary",
    "ig_attribution",
    "modality_attribution",
    "noise_curves",
    "predictions",
    "shapley_attribution",
    "signal_vs_importance",
]
