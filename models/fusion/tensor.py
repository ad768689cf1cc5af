"""Tensor fusion (Zadeh et al., 2017) and its low-rank factorisation (Liu et al., 2018)."""

from __future__ import annotations

import torch
from torch import nn

from models.fusion.base import AudioEncoder, Details, FusionModel, ImageEncoder


def with_one(h: torch.Tensor) -> torch.Tensor:
    """Append a constant 1, so the outer product keeps the unimodal terms next to the bimodal."""
    return torch.cat([h, h.new_ones(h.shape[0], 1)], dim=1)


class TensorFusion(FusionModel):
    """Outer product of the (projected) feature vectors, each extended by a 1.

    Every output is a sum of products ``image_i × audio_j``: multiplicative interactions that a
    sum of per-modality scores cannot express. ``rank=None`` uses the full (p+1)² tensor;
    ``rank=r`` factorises the fusion weights into r modality-specific factors (low-rank fusion),
    which never builds the tensor.
    """

    modalities = ("image", "audio")

    def __init__(
        self,
        num_classes: int = 10,
        dim: int = 32,
        proj: int = 16,
        hidden: int = 64,
        rank: int | None = None,
    ):
        super().__init__()
        self.rank = rank
        self.image_encoder = ImageEncoder(dim)
        self.audio_encoder = AudioEncoder(dim)
        self.image_proj = nn.Linear(dim, proj)
        self.audio_proj = nn.Linear(dim, proj)
        if rank is None:
            self.fuse = nn.Linear((proj + 1) ** 2, hidden)
        else:
            self.image_factor = nn.Linear(proj + 1, rank * hidden, bias=False)
            self.audio_factor = nn.Linear(proj + 1, rank * hidden, bias=False)
            self.fuse_bias = nn.Parameter(torch.zeros(hidden))
        self.head = nn.Sequential(nn.ReLU(), nn.Linear(hidden, num_classes))

    def forward_with_details(
        self, image: torch.Tensor, audio: torch.Tensor
    ) -> tuple[torch.Tensor, Details]:
        zi = with_one(self.image_proj(self.image_encoder(image)[1]))
        za = with_one(self.audio_proj(self.audio_encoder(audio)[1]))
        if self.rank is None:
            fused = self.fuse(torch.einsum("bi,bj->bij", zi, za).flatten(1))
        else:
            b = zi.shape[0]
            prod = self.image_factor(zi).view(b, self.rank, -1) * self.audio_factor(za).view(
                b, self.rank, -1
            )
            fused = prod.sum(1) + self.fuse_bias
        return self.head(fused), {}
