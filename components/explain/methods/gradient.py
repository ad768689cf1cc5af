"""Plain-gradient methods: Saliency, SmoothGrad (captum's NoiseTunnel) and Guided Backprop."""

from __future__ import annotations

from captum.attr import GuidedBackprop, NoiseTunnel, Saliency

from components.explain.methods.base import (
    Attributed,
    AttributionCall,
    AttributionMethod,
    ParamSpec,
)


def saliency(call: AttributionCall) -> Attributed:
    # abs=True is captum's default and Simonyan et al.'s map: how strongly, not in which direction.
    return Attributed(Saliency(call.model).attribute(call.x, target=call.target, abs=True))


def smoothgrad(call: AttributionCall) -> Attributed:
    tunnel = NoiseTunnel(Saliency(call.model))
    attribution = tunnel.attribute(
        call.x,
        nt_type="smoothgrad",
        nt_samples=int(call.params["samples"]),
        stdevs=float(call.params["noise"]),
        target=call.target,
    )
    return Attributed(attribution)


def guided_backprop(call: AttributionCall) -> Attributed:
    return Attributed(GuidedBackprop(call.model).attribute(call.x, target=call.target))


SALIENCY = AttributionMethod(
    "saliency", signed=False, needs_conv=False, params=(), attribute=saliency
)
SMOOTHGRAD = AttributionMethod(
    "smoothgrad",
    signed=False,
    needs_conv=False,
    params=(
        # Noisy copies averaged; all of them go through the model as one batch.
        ParamSpec("samples", 20, 5, 50, 5),
        # Noise std in the model's input units, where the digits have std 1: Smilkov et al.
        # found 10–20 % of the input range works best; 0.2 here is about 6 % of that range.
        ParamSpec("noise", 0.2, 0.05, 1.0, 0.05),
    ),
    attribute=smoothgrad,
    stochastic=True,
)
GUIDED_BACKPROP = AttributionMethod(
    "guided_backprop",
    signed=True,
    needs_conv=False,
    params=(),
    attribute=guided_backprop,
    # Guided Backprop only changes how gradients pass nn.ReLU modules; without one it would
    # silently return the plain gradient under another name.
    requires=("image", "gradients", "relu"),
)
