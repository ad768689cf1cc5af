"""Methods that only run the model forward on changed inputs: Occlusion, LIME and Kernel SHAP.

They need no gradients, so they also explain int8-quantized variants.
"""

from __future__ import annotations

from captum.attr import KernelShap, Lime, Occlusion

from components.explain.methods.base import (
    Attributed,
    AttributionCall,
    AttributionMethod,
    ParamSpec,
)
from components.explain.methods.segmentation import SEGMENTATIONS, feature_mask

# Perturbed copies per forward call. Batching changes no number (each copy is scored alone), only
# the time: one forward of 64 digits through LeNet costs about as much as three single ones.
PERTURBATION_BATCH = 64


def occlusion(call: AttributionCall) -> Attributed:
    window, stride = int(call.params["window"]), int(call.params["stride"])
    attribution = Occlusion(call.model).attribute(
        call.x,
        sliding_window_shapes=(call.x.shape[1], window, window),
        strides=(call.x.shape[1], stride, stride),
        baselines=call.baseline,
        target=call.target,
        perturbations_per_eval=PERTURBATION_BATCH,
    )
    return Attributed(attribution)


def _surrogate(explainer: type[Lime] | type[KernelShap], call: AttributionCall) -> Attributed:
    mask = feature_mask(call.x, str(call.params["segmentation"]), int(call.params["size"]))
    attribution = explainer(call.model).attribute(
        call.x,
        baselines=call.baseline,  # a switched-off segment is blank, like the occlusion window
        target=call.target,
        feature_mask=mask,
        n_samples=int(call.params["samples"]),
        perturbations_per_eval=PERTURBATION_BATCH,
    )
    return Attributed(attribution)


def lime(call: AttributionCall) -> Attributed:
    return _surrogate(Lime, call)


def kernel_shap(call: AttributionCall) -> Attributed:
    return _surrogate(KernelShap, call)


_NO_GRADIENTS = ("image",)
OCCLUSION = AttributionMethod(
    "occlusion",
    signed=True,
    needs_conv=False,
    params=(
        # A 6-pixel window covers about one stroke width of the upsampled digits; windows of
        # 2 are noisy, 14 hide half the digit.
        ParamSpec("window", 6, 2, 14, 1),
        ParamSpec("stride", 3, 1, 7, 1),
    ),
    attribute=occlusion,
    requires=_NO_GRADIENTS,
)


def _surrogate_params() -> tuple[ParamSpec, ...]:
    return (
        # Perturbed samples the linear surrogate is fitted on. With 49 patches, 200 (about four
        # per feature) is quick, but a new seed can still move the top patches; 1000 holds them
        # (LeNet, one thread: LIME 0.4 s, Kernel SHAP 1.2 s).
        ParamSpec("samples", 200, 50, 1000, 50),
        ParamSpec("segmentation", "patches", choices=SEGMENTATIONS),
        ParamSpec("size", 4, 2, 14, 1),  # patch edge in pixels: 4 → a 7×7 grid of 49 features
    )


LIME = AttributionMethod(
    "lime",
    signed=True,
    needs_conv=False,
    params=_surrogate_params(),
    attribute=lime,
    requires=_NO_GRADIENTS,
    stochastic=True,
)
KERNEL_SHAP = AttributionMethod(
    "kernel_shap",
    signed=True,
    needs_conv=False,
    params=_surrogate_params(),
    attribute=kernel_shap,
    requires=_NO_GRADIENTS,
    stochastic=True,
)
