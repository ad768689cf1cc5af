"""What the Explain page's views draw, each computed in one call from the backend's parts, so
that the views only lay out (the dashboard does no tensor work)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from components.explain.attention import (
    TextAttention,
    ViTAttention,
    attention_rollout,
    attention_token_scores,
    rollout_cls_map,
    upsample_patch_map,
)
from components.explain.attributions import explain
from components.explain.faithfulness import (
    PerturbationCurve,
    deletion_curve,
    insertion_curve,
    masked_input,
    random_curve,
)
from components.explain.methods import ParamValue
from components.explain.sanity import AttributeFn
from components.explain.text import TokenAttribution


def attribution_fn(method: str, params: Mapping[str, ParamValue] | None = None) -> AttributeFn:
    """``(model, x, target) → map`` of one method with its parameters: what the sanity check
    and the infidelity measure recompute on randomised models and perturbed inputs."""
    return lambda model, x, target: explain(model, x, target, method, params).attribution


@dataclass(frozen=True, eq=False)  # eq=False: the curves hold arrays
class FaithfulnessCurves:
    """A map's deletion and insertion curves, and the same for a random pixel order."""

    deletion: PerturbationCurve
    insertion: PerturbationCurve
    random_deletion: PerturbationCurve
    random_insertion: PerturbationCurve


def faithfulness_curves(
    model: nn.Module, x: torch.Tensor, target: int, attribution: np.ndarray, seed: int = 0
) -> FaithfulnessCurves:
    """The four curves of the faithfulness view; the random ones use ``seed``'s pixel order."""
    return FaithfulnessCurves(
        deletion=deletion_curve(model, x, target, attribution),
        insertion=insertion_curve(model, x, target, attribution),
        random_deletion=random_curve(model, x, target, seed=seed, mode="deletion"),
        random_insertion=random_curve(model, x, target, seed=seed, mode="insertion"),
    )


def masked_previews(
    x: torch.Tensor,
    attribution: np.ndarray,
    fraction: float,
    denormalise: Callable[[torch.Tensor], torch.Tensor],
) -> tuple[np.ndarray, np.ndarray]:
    """``x`` with its top ``fraction`` of pixels deleted, and with only those inserted, as
    (H, W) pictures in [0, 1] (the first channel, back in display scale by ``denormalise``)."""
    deleted, inserted = (
        denormalise(masked_input(x, attribution, fraction, mode=mode))[0, 0].clamp(0, 1).numpy()
        for mode in ("deletion", "insertion")
    )
    return deleted, inserted


@dataclass(frozen=True, eq=False)
class ViTPanels:
    """The class token's attention over a digit at one layer, each stretched to the image."""

    cls_map: np.ndarray  # one head, or the mean over heads
    rollout: np.ndarray  # the rollout up to and including the layer
    heads: list[np.ndarray]  # every head on its own


def vit_panels(att: ViTAttention, layer: int, head: int | None = None) -> ViTPanels:
    """The attention view's maps for ``layer``; ``head`` None: the mean over heads."""
    return ViTPanels(
        cls_map=upsample_patch_map(att.cls_map(layer, head)),
        rollout=upsample_patch_map(
            rollout_cls_map(attention_rollout(att.maps, upto_layer=layer), att.grid)
        ),
        heads=[upsample_patch_map(att.cls_map(layer, h)) for h in range(att.heads)],
    )


def token_bar_values(
    attribution: TokenAttribution, att: TextAttention
) -> tuple[np.ndarray, np.ndarray]:
    """Each token's Integrated Gradients score and the attention it receives, each divided by
    its largest magnitude, so that the two fit one axis."""
    scores = attribution.scores / (abs(attribution.scores).max() or 1.0)
    received = attention_token_scores(att, words_only=True)  # [CLS] alone takes ~0.7
    return scores, received / (received.max() or 1)
