"""Early (feature-level) fusion: join the modalities before any joint reasoning."""

from __future__ import annotations

import torch
from torch import nn

from models.fusion.base import AudioEncoder, Details, FusionModel, ImageEncoder


class RawConcat(FusionModel):
    """Raw-input early fusion: the flattened image (784 values) and spectrogram (1,024) are
    concatenated into one vector for an MLP.

    Nothing is learnt per modality first, and the MLP has no notion of pixels or frames: the
    textbook weakness of fusing raw inputs of unrelated geometry.
    """

    modalities = ("image", "audio")

    def __init__(self, num_classes: int = 10, hidden: int = 32, dropout: float = 0.2):
        super().__init__()
        self.mlp = nn.Sequential(
            nn.Linear(28 * 28 + 32 * 32, hidden),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(hidden, num_classes),
        )

    def forward_with_details(
        self, image: torch.Tensor, audio: torch.Tensor
    ) -> tuple[torch.Tensor, Details]:
        return self.mlp(torch.cat([image.flatten(1), audio.flatten(1)], dim=1)), {}


class FeatureConcat(FusionModel):
    """Each modality through its own encoder; the two feature vectors are concatenated and an
    MLP classifies them (a joint hidden layer, so it can also model interactions)."""

    modalities = ("image", "audio")

    def __init__(self, num_classes: int = 10, dim: int = 32, hidden: int = 64):
        super().__init__()
        self.image_encoder = ImageEncoder(dim)
        self.audio_encoder = AudioEncoder(dim)
        self.head = nn.Sequential(
            nn.Linear(2 * dim, hidden), nn.ReLU(), nn.Linear(hidden, num_classes)
        )

    def forward_with_details(
        self, image: torch.Tensor, audio: torch.Tensor
    ) -> tuple[torch.Tensor, Details]:
        h = torch.cat([self.image_encoder(image)[1], self.audio_encoder(audio)[1]], dim=1)
        return self.head(h), {}
