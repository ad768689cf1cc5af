"""A regression model: 6 float features in, one number out; no labels (the app measures
agreement with the original). Untrained."""

from __future__ import annotations

import torch
from torch import nn

TITLE = "Regression (test)"
FEATURES = 6


def build_model() -> nn.Module:
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(FEATURES, 16), nn.Tanh(), nn.Linear(16, 1))


def example_input() -> torch.Tensor:
    return torch.randn(2, FEATURES, generator=torch.Generator().manual_seed(0))


def load_data() -> dict:
    return {"x_test": torch.randn(30, FEATURES, generator=torch.Generator().manual_seed(1))}
