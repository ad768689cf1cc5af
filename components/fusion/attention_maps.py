"""Cross-modal attention of one pair, arranged to be drawn over the image and the spectrogram.

Both attention models give an (8 audio frames × 16 image patches) matrix: how much each frame
attends to each patch. The graph model also attends the other way (patches to frames) and within
each modality, so for it each node's *cross-modal share* (the part of its incoming attention that
crosses to the other modality) is drawn too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from models.fusion.base import AudioEncoder, ImageEncoder
from models.fusion.graph import N_IMAGE

GRID = ImageEncoder.grid  # the image patches form a 4×4 grid of 7×7 pixels
FRAMES = AudioEncoder.num_tokens  # 8 audio tokens of about 100 ms (4 spectrogram columns)


@dataclass(frozen=True)
class CrossModalMaps:
    """Attention of one pair between the modalities."""

    kind: str  # "cross_attention" or "graph_attention"
    frame_to_patch: np.ndarray  # (8, 16): row = audio frame, column = image patch (row-major)
    patch: np.ndarray  # (4, 4) per image patch (see ``patch_meaning``)
    frame: np.ndarray | None  # (8,) per audio frame, or None
    patch_meaning: str  # "received": mean attention from the frames; "cross_share": see above


@torch.inference_mode()
def cross_modal_maps(model: nn.Module, image: torch.Tensor, audio: torch.Tensor) -> CrossModalMaps:
    """The maps of the first pair in the batch.

    Raises:
        ValueError: ``model`` exposes no cross-modal attention.
    """
    _, details = model.forward_with_details(image[:1], audio[:1])
    if "edge_index" in details:  # graph: mean over layers and heads
        dense = details["attention"][0].mean((0, 1)).numpy()  # (24 targets, 24 sources)
        frame_to_patch = dense[N_IMAGE:, :N_IMAGE]
        patch_cross = dense[:N_IMAGE, N_IMAGE:].sum(1)  # each patch's attention to frames
        frame_cross = frame_to_patch.sum(1)  # each frame's attention to patches
        return CrossModalMaps(
            "graph_attention",
            frame_to_patch,
            patch_cross.reshape(GRID, GRID),
            frame_cross,
            "cross_share",
        )
    if "attention" in details:
        frame_to_patch = details["attention"][0].numpy()  # (8, 16), rows sum to 1
        return CrossModalMaps(
            "cross_attention",
            frame_to_patch,
            frame_to_patch.mean(0).reshape(GRID, GRID),
            None,
            "received",
        )
    raise ValueError(f"{type(model).__name__} exposes no cross-modal attention")
