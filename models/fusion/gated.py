"""Gated fusion: a learned, per-sample gate decides how much of each modality to use."""

from __future__ import annotations

import torch
from torch import nn

from models.fusion.base import AudioEncoder, Details, FusionModel, ImageEncoder


class GatedFusion(FusionModel):
    """Gated multimodal unit (Arevalo et al., 2017): ``h = g·tanh(W_i x_i) + (1−g)·tanh(W_a x_a)``
    with ``g = σ(W_g [x_i; x_a])`` per feature.

    ``forward_with_details`` returns ``gate``: (B, dim) in [0, 1], the weight given to the
    image in each feature (1 − gate goes to the audio), and ``image_weight``: its mean (B,).
    """

    modalities = ("image", "audio")

    def __init__(self, num_classes: int = 10, dim: int = 32, hidden: int = 64):
        super().__init__()
        self.image_encoder = ImageEncoder(dim)
        self.audio_encoder = AudioEncoder(dim)
        self.image_proj = nn.Linear(dim, hidden)
        self.audio_proj = nn.Linear(dim, hidden)
        self.gate = nn.Linear(2 * dim, hidden)
        self.head = nn.Linear(hidden, num_classes)

    def forward_with_details(
        self, image: torch.Tensor, audio: torch.Tensor
    ) -> tuple[torch.Tensor, Details]:
        xi, xa = self.image_encoder(image)[1], self.audio_encoder(audio)[1]
        gate = torch.sigmoid(self.gate(torch.cat([xi, xa], dim=1)))
        h = gate * torch.tanh(self.image_proj(xi)) + (1 - gate) * torch.tanh(self.audio_proj(xa))
        return self.head(h), {"gate": gate, "image_weight": gate.mean(1)}
