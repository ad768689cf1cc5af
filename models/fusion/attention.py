"""Deep (intermediate) fusion by cross-modal attention: audio frames attend to image patches."""

from __future__ import annotations

import torch
from torch import nn

from models.fusion.base import AudioEncoder, Details, FusionModel, ImageEncoder


class CrossAttentionFusion(FusionModel):
    """Each of the 8 audio frames queries the 16 image patches (one head).

    ``forward_with_details`` returns ``attention``: (B, 8 audio frames, 16 image patches),
    every row a softmax (sums to 1), patches in row-major order of the 4×4 grid.
    """

    modalities = ("image", "audio")

    def __init__(self, num_classes: int = 10, dim: int = 32, hidden: int = 64):
        super().__init__()
        self.image_encoder = ImageEncoder(dim)
        self.audio_encoder = AudioEncoder(dim)
        self.image_pos = nn.Parameter(torch.zeros(1, ImageEncoder.num_tokens, dim))
        self.audio_pos = nn.Parameter(torch.zeros(1, AudioEncoder.num_tokens, dim))
        nn.init.trunc_normal_(self.image_pos, std=0.02)
        nn.init.trunc_normal_(self.audio_pos, std=0.02)
        self.norm_q = nn.LayerNorm(dim)
        self.norm_kv = nn.LayerNorm(dim)
        self.q = nn.Linear(dim, dim)
        self.k = nn.Linear(dim, dim)
        self.v = nn.Linear(dim, dim)
        self.out = nn.Linear(dim, dim)
        self.head = nn.Sequential(
            nn.Linear(2 * dim, hidden), nn.ReLU(), nn.Linear(hidden, num_classes)
        )

    def forward_with_details(
        self, image: torch.Tensor, audio: torch.Tensor
    ) -> tuple[torch.Tensor, Details]:
        img_tokens, img_vec = self.image_encoder(image)
        aud_tokens = self.audio_encoder.tokens(audio)
        queries = self.norm_q(aud_tokens + self.audio_pos)
        keys = self.norm_kv(img_tokens + self.image_pos)
        scores = self.q(queries) @ self.k(keys).transpose(1, 2) / queries.shape[-1] ** 0.5
        attention = scores.softmax(dim=-1)  # (B, 8, 16)
        fused = aud_tokens + self.out(attention @ self.v(keys))
        logits = self.head(torch.cat([fused.amax(1), img_vec], dim=1))
        return logits, {"attention": attention}
