"""Where is the learning signal? The loss gradient with respect to every parameter tensor.

For one input (or a small batch) and its labels, the gradient of the mean cross-entropy is what
one SGD step would apply. Its norm per layer, and its size relative to the weights it would
change (grad_norm / weight_norm), show students which layers this example would teach most.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from torch import nn

from components.errors import UserFacingError
from components.shared_models import working_copy

GRADIENT_COLUMNS = [
    "layer",  # module name, e.g. "conv1", "blocks.0.attn"
    "param",  # attribute on that module: "weight", "bias", "in_proj_weight", "cls_token" …
    "shape",  # "10×1×5×5"
    "grad_norm",  # L2 norm of the gradient
    "grad_abs_mean",  # mean |gradient| per element
    "weight_norm",  # L2 norm of the parameter itself
    "ratio",  # grad_norm / weight_norm: the relative size of one SGD step (× learning rate)
]


def _as_labels(y: torch.Tensor | int, batch: int) -> torch.Tensor:
    labels = torch.as_tensor(y, dtype=torch.int64).reshape(-1)
    if labels.numel() == 1 and batch > 1:
        labels = labels.expand(batch)
    if labels.numel() != batch:
        raise ValueError(f"{labels.numel()} labels for a batch of {batch}")
    return labels


def _loss_gradients(
    model: nn.Module, x: torch.Tensor, y: torch.Tensor | int
) -> list[tuple[str, torch.Tensor, torch.Tensor]]:
    """(parameter name, parameter, gradient) for every parameter, on a private eval-mode copy.

    ``torch.autograd.grad`` instead of ``backward()``: nothing is accumulated in ``.grad``, and a
    parameter the loss does not reach gets a zero gradient rather than None.
    """
    copy = working_copy(model).eval()  # eval: no dropout, the network the page explains
    named = [(name, p.requires_grad_(True)) for name, p in copy.named_parameters()]
    with torch.enable_grad():
        loss = F.cross_entropy(copy(x.detach()), _as_labels(y, x.shape[0]))
        grads = torch.autograd.grad(loss, [p for _, p in named], allow_unused=True)
    return [
        (name, p.detach(), torch.zeros_like(p) if g is None else g.detach())
        for (name, p), g in zip(named, grads, strict=True)
    ]


def parameter_gradients(model: nn.Module, x: torch.Tensor, y: torch.Tensor | int) -> pd.DataFrame:
    """One row per parameter tensor, in the model's order, with :data:`GRADIENT_COLUMNS`.

    Args:
        model: a classifier returning logits; only copied, never changed.
        x: inputs (N, C, H, W) in the model's input scale.
        y: their labels (N,), or one int for every input.
    """
    rows = []
    for name, param, grad in _loss_gradients(model, x, y):
        layer, _, pname = name.rpartition(".")
        grad_norm = float(grad.norm())
        weight_norm = float(param.norm())
        rows.append(
            {
                "layer": layer,
                "param": pname,
                "shape": "×".join(str(d) for d in param.shape),
                "grad_norm": grad_norm,
                "grad_abs_mean": float(grad.abs().mean()),
                "weight_norm": weight_norm,
                "ratio": grad_norm / weight_norm if weight_norm > 0 else float("nan"),
            }
        )
    return pd.DataFrame(rows, columns=GRADIENT_COLUMNS)


def gradient_values(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor | int,
    layer: str,
    param: str | None = None,
) -> np.ndarray:
    """The gradient of one layer's weights as a flat float array, for a histogram.

    Args:
        layer: a ``layer`` value of :func:`parameter_gradients`' table.
        param: the parameter of that layer; by default its weights: ``weight`` for Linear and
            Conv layers, ``in_proj_weight`` for MultiheadAttention, and for a module with no
            parameter named like a weight (the ViT's ``embed``: class token and position
            embedding) all of its own parameters, concatenated.
    Raises:
        UserFacingError("explain.error.unknown_layer"): no such layer or parameter.
    """
    grads = [(name.rpartition("."), grad) for name, _, grad in _loss_gradients(model, x, y)]
    own = [(pname, grad) for (owner, _, pname), grad in grads if owner == layer]
    if param is not None:
        chosen = [grad for pname, grad in own if pname == param]
    else:
        chosen = [grad for pname, grad in own if pname.endswith("weight")] or [g for _, g in own]
    if not chosen:
        layers = ", ".join(dict.fromkeys(owner for (owner, _, _), _ in grads))
        wanted = f"{layer}.{param}" if param else layer
        raise UserFacingError("explain.error.unknown_layer", layer=wanted, layers=layers)
    return torch.cat([g.reshape(-1) for g in chosen]).cpu().numpy().astype(np.float64)
