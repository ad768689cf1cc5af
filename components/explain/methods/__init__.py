"""The attribution methods, one :class:`AttributionMethod` each, grouped by family like captum's
``_core`` package: plain gradients, path methods, class activation maps, perturbations."""

from components.explain.methods.base import (
    Attributed,
    AttributionCall,
    AttributionMethod,
    ParamSpec,
    ParamValue,
    Requirement,
    seeded_rng,
)
from components.explain.methods.cam import GRADCAM
from components.explain.methods.gradient import GUIDED_BACKPROP, SALIENCY, SMOOTHGRAD
from components.explain.methods.layers import conv_layers, resolve_layer
from components.explain.methods.path import DEEPLIFT, INTEGRATED_GRADIENTS
from components.explain.methods.perturbation import KERNEL_SHAP, LIME, OCCLUSION
from components.explain.methods.segmentation import SEGMENTATIONS, feature_mask

# Display order: cheap gradient maps first, then path methods, CAM, and the sampling methods.
ATTRIBUTION_METHODS: dict[str, AttributionMethod] = {
    info.name: info
    for info in (
        SALIENCY,
        INTEGRATED_GRADIENTS,
        SMOOTHGRAD,
        GUIDED_BACKPROP,
        DEEPLIFT,
        GRADCAM,
        OCCLUSION,
        LIME,
        KERNEL_SHAP,
    )
}

__all__ = [
    "ATTRIBUTION_METHODS",
    "SEGMENTATIONS",
    "Attributed",
    "AttributionCall",
    "AttributionMethod",
    "ParamSpec",
    "ParamValue",
    "Requirement",
    "conv_layers",
    "feature_mask",
    "resolve_layer",
    "seeded_rng",
]
