"""A small Vision Transformer for 1×28×28 digits whose blocks can return attention weights."""

from __future__ import annotations

import torch
from torch import nn


class PatchEmbedding(nn.Module):
    """Cut the image into non-overlapping patches, project them, prepend a class token."""

    def __init__(self, image_size: int, patch_size: int, in_channels: int, dim: int):
        super().__init__()
        self.num_patches = (image_size // patch_size) ** 2
        self.proj = nn.Conv2d(in_channels, dim, kernel_size=patch_size, stride=patch_size)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, self.num_patches + 1, dim))
        nn.init.trunc_normal_(self.pos_embed, std=0.02)
        nn.init.trunc_normal_(self.cls_token, std=0.02)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        tokens = self.proj(x).flatten(2).transpose(1, 2)  # (B, patches, dim)
        cls = self.cls_token.expand(tokens.shape[0], -1, -1)
        return torch.cat([cls, tokens], dim=1) + self.pos_embed


class EncoderBlock(nn.Module):
    """Pre-norm transformer block.

    Written out instead of ``nn.TransformerEncoderLayer`` because that layer calls attention
    with ``need_weights=False``; here ``forward(x, need_weights=True)`` also returns the
    per-head attention matrix (B, heads, tokens, tokens).
    """

    def __init__(self, dim: int, heads: int, mlp_ratio: float = 2.0, dropout: float = 0.0):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = nn.MultiheadAttention(dim, heads, dropout=dropout, batch_first=True)
        self.norm2 = nn.LayerNorm(dim)
        hidden = int(dim * mlp_ratio)
        self.mlp = nn.Sequential(
            nn.Linear(dim, hidden), nn.GELU(), nn.Dropout(dropout), nn.Linear(hidden, dim)
        )

    def forward(
        self, x: torch.Tensor, need_weights: bool = False
    ) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor]:
        h = self.norm1(x)
        attended, weights = self.attn(
            h, h, h, need_weights=need_weights, average_attn_weights=False
        )
        x = x + attended
        x = x + self.mlp(self.norm2(x))
        return (x, weights) if need_weights else x


class ClassifierHead(nn.Module):
    """Final norm and a linear classifier on the class token."""

    def __init__(self, dim: int, num_classes: int):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.fc = nn.Linear(dim, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.norm(x)[:, 0])


class TinyViT(nn.Module):
    """Patch embedding → ``depth`` encoder blocks → class-token head.

    The defaults (4×4 patches, width 64, depth 4, 4 heads, 139,018 parameters) trained to 0.987
    test accuracy on the digits in 40 epochs, 36 s on 2 CPU threads (weights/tiny_vit.json).
    """

    def __init__(
        self,
        image_size: int = 28,
        patch_size: int = 4,
        in_channels: int = 1,
        dim: int = 64,
        depth: int = 4,
        heads: int = 4,
        mlp_ratio: float = 2.0,
        num_classes: int = 10,
        dropout: float = 0.0,
    ):
        super().__init__()
        self.patch_size = patch_size
        self.grid_size = image_size // patch_size
        self.embed = PatchEmbedding(image_size, patch_size, in_channels, dim)
        self.blocks = nn.ModuleList(
            EncoderBlock(dim, heads, mlp_ratio, dropout) for _ in range(depth)
        )
        self.head = ClassifierHead(dim, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.embed(x)
        for block in self.blocks:
            x = block(x)
        return self.head(x)

    def forward_with_attention(self, x: torch.Tensor) -> tuple[torch.Tensor, list[torch.Tensor]]:
        """Logits and each block's attention weights, a list of (B, heads, T, T) tensors.

        Token 0 is the class token; tokens 1… are the patches in row-major order over a
        ``grid_size × grid_size`` grid.
        """
        x = self.embed(x)
        maps = []
        for block in self.blocks:
            x, weights = block(x, need_weights=True)
            maps.append(weights)
        return self.head(x), maps
