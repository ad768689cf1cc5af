"""Grad-CAM on a chosen conv layer (captum's LayerGradCam), upsampled to the input size."""

from __future__ import annotations

from captum.attr import LayerAttribution, LayerGradCam

from components.explain.methods.base import (
    Attributed,
    AttributionCall,
    AttributionMethod,
    ParamSpec,
)
from components.explain.methods.layers import resolve_layer
from components.layers import get_layer

# Bilinear like pytorch-grad-cam (cv2.resize); captum's default "nearest" shows blocky cells.
UPSAMPLE_MODE = "bilinear"


def gradcam(call: AttributionCall) -> Attributed:
    layer = get_layer(call.model, resolve_layer(call.model, str(call.params["layer"])))
    # relu_attributions=True is Selvaraju et al.'s Grad-CAM: only evidence *for* the target.
    cam = LayerGradCam(call.model, layer).attribute(
        call.x, target=call.target, relu_attributions=True
    )
    upsampled = LayerAttribution.interpolate(cam, tuple(call.x.shape[-2:]), UPSAMPLE_MODE)
    return Attributed(upsampled)


GRADCAM = AttributionMethod(
    "gradcam",
    signed=False,
    needs_conv=True,
    # The layer's choices depend on the model: conv_layers(model). Default: the last one, the
    # coarsest and most class-specific map (LeNet conv2 8×8, TinyViT's patch projection 7×7).
    params=(ParamSpec("layer", None),),
    attribute=gradcam,
    requires=("image", "gradients", "conv"),
)
