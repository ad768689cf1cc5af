"""Small measures shared by the parallel runs: gradient differences and medians."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping

import torch
from torch import nn


def max_abs_diff(a: Mapping[str, torch.Tensor], b: Mapping[str, torch.Tensor]) -> float:
    """Largest |a − b| over all tensors of two name → tensor maps with the same names.

    Raises:
        ValueError: the names differ (a parameter without a gradient counts as missing).
    """
    if set(a) != set(b):
        missing = sorted(set(a) ^ set(b))
        raise ValueError(f"tensor names differ: {', '.join(missing[:5])}")
    return max(((a[k] - b[k]).abs().max().item() for k in a), default=0.0)


def gradients(model: nn.Module) -> dict[str, torch.Tensor]:
    """Name → gradient of every parameter that has one."""
    return {n: p.grad.detach().clone() for n, p in model.named_parameters() if p.grad is not None}


def median(values: Iterable[float]) -> float:
    values = list(values)
    return statistics.median(values) if values else float("nan")
