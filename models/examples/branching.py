"""A model whose forward is not a chain: the example of what degrades, and why.

* Two branches from the input, joined by ``torch.cat``: the top-level children do not form a
  chain, so there is no model or pipeline parallel split.
* One ``nn.ReLU`` module called in both branches: captum's DeepLift keeps per-module state
  and fails on a module used twice (here it is already out for the attention, which it has no
  rule for).
* A hard-coded ``view(batch, 8, -1)`` after the convolution, as often written by hand: channel
  removal would change 8 and break the forward.
* Self-attention whose weights the forward throws away: no attention view.
* No ``load_data()``: without labels the app compares variants by fidelity to the original.

Untrained: nothing here depends on what it predicts.
"""

from __future__ import annotations

import torch
from torch import nn

TITLE = "Branching example (untrained)"
CHANNELS = 8
CLASSES = 5


class Branching(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(3, CHANNELS, 3, padding=1)
        self.act = nn.ReLU()  # used twice, on purpose
        self.attn = nn.MultiheadAttention(CHANNELS, 2, batch_first=True)
        self.colour = nn.Linear(3, CHANNELS)
        self.head = nn.Linear(2 * CHANNELS, CLASSES)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        features = self.act(self.conv(x))
        tokens = features.view(x.shape[0], CHANNELS, -1).transpose(1, 2)  # (B, H·W, C)
        attended, _ = self.attn(tokens, tokens, tokens, need_weights=False)
        colour = self.act(self.colour(x.mean(dim=(2, 3))))  # second branch: mean colour
        return self.head(torch.cat([attended.mean(1), colour], dim=1))


def build_model() -> nn.Module:
    torch.manual_seed(0)
    return Branching()


def example_input() -> torch.Tensor:
    return torch.rand(2, 3, 8, 8, generator=torch.Generator().manual_seed(0))
