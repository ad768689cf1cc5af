"""Methods that compare the input with a baseline: Integrated Gradients and DeepLift.

Both satisfy completeness — attributions sum to F(x) − F(baseline) for the target — and captum
reports how far from it they land (the convergence delta), which the Explain page shows next to
each map's cost (:attr:`~components.explain.attributions.Explanation.score_change` scales it).
"""

from __future__ import annotations

from captum.attr import DeepLift, IntegratedGradients

from components.explain.methods.base import (
    Attributed,
    AttributionCall,
    AttributionMethod,
    ParamSpec,
)


def integrated_gradients(call: AttributionCall) -> Attributed:
    attribution, delta = IntegratedGradients(call.model).attribute(
        call.x,
        baselines=call.baseline,
        target=call.target,
        n_steps=int(call.params["steps"]),
        return_convergence_delta=True,
    )
    return Attributed(attribution, float(delta.sum()))


def deeplift(call: AttributionCall) -> Attributed:
    attribution, delta = DeepLift(call.model).attribute(
        call.x, baselines=call.baseline, target=call.target, return_convergence_delta=True
    )
    return Attributed(attribution, float(delta.sum()))


INTEGRATED_GRADIENTS = AttributionMethod(
    "integrated_gradients",
    signed=True,
    needs_conv=False,
    # Riemann steps along the path from the baseline. captum's default is 50; fewer than 10 leaves
    # a visible completeness gap on LeNet, more than 200 only costs time.
    params=(ParamSpec("steps", 50, 10, 200, 10),),
    attribute=integrated_gradients,
)
DEEPLIFT = AttributionMethod(
    "deeplift",
    signed=True,
    needs_conv=False,
    params=(),
    attribute=deeplift,
    # captum's DeepLift has multiplier rules for ReLU-like activations, max-pooling and softmax
    # modules only; any other non-linearity (GELU, LayerNorm, attention) is silently treated as
    # linear, and the result is no longer DeepLift.
    requires=("image", "gradients", "deeplift_rules"),
)
