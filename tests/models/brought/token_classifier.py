"""A text classifier on token ids: embedding, a two-layer transformer encoder, mean pooling and
a linear head. Untrained; the labels are seeded at random."""

from __future__ import annotations

import torch
from torch import nn

TITLE = "Token classifier (test)"
VOCAB, WIDTH, TOKENS, CLASSES = 50, 16, 12, 3


class TokenClassifier(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.embed = nn.Embedding(VOCAB, WIDTH)
        layer = nn.TransformerEncoderLayer(WIDTH, 2, dim_feedforward=32, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
        self.head = nn.Linear(WIDTH, CLASSES)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return self.head(self.encoder(self.embed(ids)).mean(1))


def build_model() -> nn.Module:
    torch.manual_seed(0)
    return TokenClassifier()


def example_input() -> torch.Tensor:
    return torch.randint(0, VOCAB, (2, TOKENS), generator=torch.Generator().manual_seed(0))


def load_data() -> dict:
    g = torch.Generator().manual_seed(1)
    return {
        "x_test": torch.randint(0, VOCAB, (40, TOKENS), generator=g),
        "y_test": torch.randint(0, CLASSES, (40,), generator=g),
        "x_train": torch.randint(0, VOCAB, (64, TOKENS), generator=g),
        "y_train": torch.randint(0, CLASSES, (64,), generator=g),
        "class_names": ("neg", "neutral", "pos"),
    }
