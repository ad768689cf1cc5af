"""A model with two inputs: a grey 8×8 image and 4 tabular features, joined before the head;
labels but no training data. Untrained."""

from __future__ import annotations

import torch
from torch import nn

TITLE = "Two inputs (test)"
CLASSES = 3


class TwoInputs(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.relu = nn.ReLU()
        self.table = nn.Linear(4, 8)
        self.head = nn.Linear(4 + 8, CLASSES)

    def forward(self, image: torch.Tensor, features: torch.Tensor) -> torch.Tensor:
        seen = self.relu(self.conv(image)).mean(dim=(2, 3))
        return self.head(torch.cat([seen, self.table(features)], dim=1))


def build_model() -> nn.Module:
    torch.manual_seed(0)
    return TwoInputs()


def example_input() -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(0)
    return torch.rand(2, 1, 8, 8, generator=g), torch.randn(2, 4, generator=g)


def load_data() -> dict:
    g = torch.Generator().manual_seed(1)
    return {
        "x_test": (torch.rand(30, 1, 8, 8, generator=g), torch.randn(30, 4, generator=g)),
        "y_test": torch.randint(0, CLASSES, (30,), generator=g),
    }
