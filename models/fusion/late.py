"""Late fusion: combine the decisions of per-modality models, never their features."""

from __future__ import annotations

from typing import Literal

import torch
from torch import nn

from models.fusion.base import AudioEncoder, Details, FusionModel, ImageEncoder

LateMode = Literal["sum", "mean_prob", "product"]


class LateFusion(FusionModel):
    """Combine two separately trained unimodal models; no parameters of its own.

    ``mode``: ``"sum"`` adds the logits; ``"mean_prob"`` averages the probabilities (returns
    their log, so arg-max and softmax still work); ``"product"`` multiplies them (adds
    log-probabilities, renormalised).
    """

    modalities = ("image", "audio")

    def __init__(self, image_model: FusionModel, audio_model: FusionModel, mode: LateMode = "sum"):
        super().__init__()
        if mode not in ("sum", "mean_prob", "product"):
            raise ValueError(f"unknown late-fusion mode {mode!r}")
        self.image_model, self.audio_model, self.mode = image_model, audio_model, mode

    def forward_with_details(
        self, image: torch.Tensor, audio: torch.Tensor
    ) -> tuple[torch.Tensor, Details]:
        li, la = self.image_model(image, audio), self.audio_model(image, audio)
        if self.mode == "sum":
            logits = li + la
        elif self.mode == "mean_prob":
            logits = ((li.softmax(1) + la.softmax(1)) / 2).log()
        else:
            logits = (li.log_softmax(1) + la.log_softmax(1)).log_softmax(1)
        return logits, {"image_logits": li, "audio_logits": la}


class AdditiveFusion(FusionModel):
    """Per-modality scores trained jointly and summed: ``f(image) + g(audio)``.

    Late fusion trained end to end. It cannot express an interaction between the modalities,
    so on "same digit?" it stays at chance: whether they match depends on both at once.
    """

    modalities = ("image", "audio")

    def __init__(self, num_classes: int = 2, dim: int = 32):
        super().__init__()
        self.image_encoder = ImageEncoder(dim)
        self.audio_encoder = AudioEncoder(dim)
        self.image_head = nn.Linear(dim, num_classes)
        self.audio_head = nn.Linear(dim, num_classes)

    def forward_with_details(
        self, image: torch.Tensor, audio: torch.Tensor
    ) -> tuple[torch.Tensor, Details]:
        li = self.image_head(self.image_encoder(image)[1])
        la = self.audio_head(self.audio_encoder(audio)[1])
        return li + la, {"image_logits": li, "audio_logits": la}
