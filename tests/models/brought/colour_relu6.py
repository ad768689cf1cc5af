"""A colour image CNN with ReLU6 activations (as MobileNets use), with labels and training
data. Untrained; images and labels are seeded noise."""

from __future__ import annotations

import torch
from torch import nn

TITLE = "Colour CNN with ReLU6 (test)"
SIZE, CLASSES = 16, 4


def build_model() -> nn.Module:
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1),
        nn.ReLU6(),
        nn.Conv2d(8, 16, 3, padding=1, stride=2),
        nn.ReLU6(),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Linear(16, CLASSES),
    )


def example_input() -> torch.Tensor:
    return torch.rand(2, 3, SIZE, SIZE, generator=torch.Generator().manual_seed(0))


def load_data() -> dict:
    g = torch.Generator().manual_seed(1)
    return {
        "x_test": torch.rand(40, 3, SIZE, SIZE, generator=g),
        "y_test": torch.randint(0, CLASSES, (40,), generator=g),
        "x_train": torch.rand(64, 3, SIZE, SIZE, generator=g),
        "y_train": torch.randint(0, CLASSES, (64,), generator=g),
    }
