"""A 2-D picture of the penultimate features (the input of the output layer) of the original
and a variant, from a PCA fitted on the original, with the forgotten examples marked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import torch
from scipy.linalg import orthogonal_procrustes
from sklearn.decomposition import PCA
from torch import nn

from components.forgetting.activations import matching_name, output_tensor
from components.pruning import output_layer
from components.shared_models import working_copy

# "shared": both projected with the original's PCA. "aligned": the widths differ (channel
# removal, a narrower student), so the variant gets its own PCA, rotated/reflected onto the
# original's axes by orthogonal Procrustes over the same examples.
ProjectionMode = Literal["shared", "aligned"]


@torch.inference_mode()
def penultimate_features(
    model: nn.Module, inputs: tuple[torch.Tensor, ...], layer: str
) -> torch.Tensor:
    """What ``model``'s layer ``layer`` (the output layer) receives, (N × features) float32,
    read by a forward pre-hook on a private copy."""
    private = working_copy(model).eval()
    name = matching_name(private, layer)
    if name is None:
        raise ValueError(f"no layer {layer!r} in the model")
    seen: list[torch.Tensor] = []

    def record(_module: nn.Module, args: tuple) -> None:
        tensor = output_tensor(args)
        if tensor is not None and not seen:
            seen.append(tensor.flatten(1))

    handle = private.get_submodule(name).register_forward_pre_hook(record)
    try:
        private(*inputs)
    finally:
        handle.remove()
    if not seen:
        raise ValueError(f"layer {layer!r} received no float tensor")
    return seen[0]


@dataclass(frozen=True, eq=False)  # holds tensors or arrays
class Projection:
    """Both models' penultimate features of the same examples in the original's 2 PCA axes."""

    original: np.ndarray  # (N, 2)
    variant: np.ndarray  # (N, 2)
    explained: tuple[float, float]  # share of the original's variance along each axis
    mode: ProjectionMode
    widths: tuple[int, int]  # features of the original and of the variant
    labels: np.ndarray  # (N,) classes, for colour
    forgotten: np.ndarray  # (N,) bool: original right, variant wrong


def project_features(
    original: torch.Tensor,
    variant: torch.Tensor,
    labels: torch.Tensor,
    forgotten: Sequence[int],
) -> Projection:
    """PCA (scikit-learn, 2 components) fitted on ``original`` features; ``variant`` features
    go into the same axes when their width matches, else see :data:`ProjectionMode`.
    ``forgotten`` are row positions (:attr:`ForgottenExamples.indices` on the same rows)."""
    a = original.double().numpy()
    b = variant.double().numpy()
    pca = PCA(n_components=2, svd_solver="full").fit(a)
    xy_original = pca.transform(a)
    if b.shape[1] == a.shape[1]:
        xy_variant, mode = pca.transform(b), "shared"
    else:
        own = PCA(n_components=2, svd_solver="full").fit_transform(b)
        rotation, _ = orthogonal_procrustes(own, xy_original)
        xy_variant, mode = own @ rotation, "aligned"
    return Projection(
        original=xy_original,
        variant=xy_variant,
        explained=tuple(float(v) for v in pca.explained_variance_ratio_),
        mode=mode,
        widths=(a.shape[1], b.shape[1]),
        labels=np.asarray(labels),
        forgotten=np.isin(np.arange(len(a)), np.asarray(list(forgotten), dtype=int)),
    )


def penultimate_projection(
    original: nn.Module,
    variant: nn.Module,
    inputs: tuple[torch.Tensor, ...],
    labels: torch.Tensor,
    forgotten: Sequence[int],
    *,
    original_features: torch.Tensor | None = None,
) -> Projection:
    """:func:`project_features` of both models' inputs to the original's output layer
    (:func:`components.pruning.output_layer`: LeNet ``fc2``, the ViT ``head.fc``).

    Args:
        original_features: the original's :func:`penultimate_features` on ``inputs`` (cached by
            the page); computed here when missing.
    """
    layer = output_layer(original)
    if original_features is None:
        original_features = penultimate_features(original, inputs, layer)
    variant_features = penultimate_features(variant, inputs, layer)
    return project_features(original_features, variant_features, labels, forgotten)
