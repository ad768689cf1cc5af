"""Linear centred kernel alignment (Kornblith et al. 2019, "Similarity of Neural Network
Representations Revisited"), in its Gram-matrix form.

For activations ``X`` (n × p) and ``Y`` (n × q) of the same ``n`` examples, with every feature
centred, linear CKA is ``⟨K, L⟩ / (‖K‖ ‖L‖)`` with ``K = X Xᵀ`` and ``L = Y Yᵀ``: 1 when the two
representations agree up to a rotation and a scale, near 0 when unrelated. ``p`` and ``q`` may
differ, so a layer that lost half its channels still compares with the original's.
"""

from __future__ import annotations

import torch

CONSTANT_RTOL = 1e-6  # float32 resolution: variation below this is the mean's rounding


def centered_gram(features: torch.Tensor) -> torch.Tensor:
    """``X Xᵀ`` of the column-centred ``features`` (n × p, one row per example), float32.

    The Gram form costs n²·p and never builds a p × p matrix: LeNet's conv1 has 5,760 features
    per digit, far more than the few hundred digits compared.
    """
    x = features.detach().float().flatten(1)
    centred = x - x.mean(0, keepdim=True)
    if float(centred.abs().max()) <= CONSTANT_RTOL * float(x.abs().max()):
        # The same activation for every example, up to float32 rounding of the mean: a zero
        # Gram matrix, so that its CKA is undefined rather than a ratio of rounding errors.
        centred = torch.zeros_like(centred)
    return centred @ centred.T


def cka_from_grams(gram_x: torch.Tensor, gram_y: torch.Tensor) -> float:
    """Linear CKA of two centred Gram matrices of the same examples; NaN when either
    representation is constant (its Gram matrix is zero: there is nothing to align)."""
    # float64 for the three inner products: sums of n² float32 terms lose digits otherwise.
    gram_x, gram_y = gram_x.double(), gram_y.double()
    norms = torch.linalg.matrix_norm(gram_x) * torch.linalg.matrix_norm(gram_y)
    if norms == 0:
        return float("nan")
    return float((gram_x * gram_y).sum() / norms)


def linear_cka(x: torch.Tensor, y: torch.Tensor) -> float:
    """Linear CKA between activations ``x`` (n × …) and ``y`` (n × …) of the same n examples."""
    if x.shape[0] != y.shape[0]:
        raise ValueError(f"CKA needs the same examples: {x.shape[0]} vs {y.shape[0]} rows")
    return cka_from_grams(centered_gram(x), centered_gram(y))
