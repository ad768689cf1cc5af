"""A tabular MLP: 10 float features per row, 3 classes, with labels. Untrained."""

from __future__ import annotations

import torch
from torch import nn

TITLE = "Tabular MLP (test)"
FEATURES, CLASSES = 10, 3


def build_model() -> nn.Module:
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(FEATURES, 32), nn.ReLU(), nn.Linear(32, CLASSES))


def example_input() -> torch.Tensor:
    return torch.randn(2, FEATURES, generator=torch.Generator().manual_seed(0))


def load_data() -> dict:
    g = torch.Generator().manual_seed(1)
    return {
        "x_test": torch.randn(40, FEATURES, generator=g),
        "y_test": torch.randint(0, CLASSES, (40,), generator=g),
    }
