"""One modality alone: the baselines every fusion strategy is measured against."""

from __future__ import annotations

import torch
from torch import nn

from models.fusion.base import AudioEncoder, Details, FusionModel, ImageEncoder


def mlp_head(dim: int, hidden: int, num_classes: int) -> nn.Sequential:
    """The same one-hidden-layer head as the fusion models, so that only the fusion differs."""
    return nn.Sequential(nn.Linear(dim, hidden), nn.ReLU(), nn.Linear(hidden, num_classes))


class ImageOnly(FusionModel):
    """Image encoder → linear classifier; the audio argument is ignored."""

    modalities = ("image",)

    def __init__(self, num_classes: int = 10, dim: int = 32, hidden: int = 64):
        super().__init__()
        self.encoder = ImageEncoder(dim)
        self.head = mlp_head(dim, hidden, num_classes)

    def forward_with_details(
        self, image: torch.Tensor, audio: torch.Tensor
    ) -> tuple[torch.Tensor, Details]:
        return self.head(self.encoder(image)[1]), {}


class AudioOnly(FusionModel):
    """Audio encoder → linear classifier; the image argument is ignored."""

    modalities = ("audio",)

    def __init__(self, num_classes: int = 10, dim: int = 32, hidden: int = 64):
        super().__init__()
        self.encoder = AudioEncoder(dim)
        self.head = mlp_head(dim, hidden, num_classes)

    def forward_with_details(
        self, image: torch.Tensor, audio: torch.Tensor
    ) -> tuple[torch.Tensor, Details]:
        return self.head(self.encoder(audio)[1]), {}
