"""Attention weights and gates are not importance: what a model *shows* (its gate's image weight,
its cross-modal attention mass) set against what the image *does* (accuracy, Shapley share),
when one modality is replaced by noise or dropped.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import torch
from torch import nn

from components.fusion.attribution import Output, shapley_attribution
from components.progress import ProgressFn, no_progress
from models.fusion.graph import N_IMAGE

# clean: the test pairs as they are; "noise": the modality's content replaced by Gaussian noise
# with the same mean and std (statistics kept, information gone); "dropped": zeros, as the drop
# slider does.
SIGNAL_CONDITIONS = ("clean", "image_noise", "audio_noise", "image_dropped", "audio_dropped")
SIGNAL_KINDS = ("gate", "graph_attention")  # the kinds :func:`image_signal` measures


def replaced_by_noise(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Gaussian noise with ``x``'s overall mean and std: the same statistics, no content."""
    noise = torch.randn(x.shape, generator=generator, dtype=x.dtype)
    return noise * x.std() + x.mean()


def condition_inputs(
    condition: str, image: torch.Tensor, audio: torch.Tensor, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor]:
    """The inputs of one of :data:`SIGNAL_CONDITIONS` (new tensors; the arguments are kept)."""
    generator = torch.Generator().manual_seed(seed)
    if condition == "clean":
        return image, audio
    if condition == "image_noise":
        return replaced_by_noise(image, generator), audio
    if condition == "audio_noise":
        return image, replaced_by_noise(audio, generator)
    if condition == "image_dropped":
        return torch.zeros_like(image), audio
    if condition == "audio_dropped":
        return image, torch.zeros_like(audio)
    raise ValueError(f"unknown condition {condition!r}; known: {', '.join(SIGNAL_CONDITIONS)}")


def signal_kind(details: Mapping[str, object]) -> str | None:
    """Which interpretable signal a model's ``forward_with_details`` dict carries (or None)."""
    if "image_weight" in details:
        return "gate"
    if "edge_index" in details:
        return "graph_attention"
    if "attention" in details:
        return "cross_attention"
    return None


def image_signal(details: Mapping[str, torch.Tensor]) -> torch.Tensor | None:
    """Per sample (N,), the share of the model's own weighting that goes to the image:

    * gated fusion: the gate's mean image weight;
    * graph fusion: the attention the audio frame nodes pay to image patch nodes (their other
      in-edges are neighbouring frames and a self-loop), mean over frames, heads and layers;
    * cross-attention: None. Its softmax runs over the image patches only, so the audio
      frames' attention mass on the image is 1 by construction and says nothing; its map is
      drawn by :mod:`components.fusion.attention_maps` instead.
    """
    kind = signal_kind(details)
    if kind == "gate":
        return details["image_weight"]
    if kind == "graph_attention":
        dense = details["attention"]  # (N, layers, heads, 24 targets, 24 sources)
        return dense[:, :, :, N_IMAGE:, :N_IMAGE].sum(-1).mean((1, 2, 3))
    return None


@torch.inference_mode()
def signal_vs_importance(
    models: Mapping[str, nn.Module],
    image: torch.Tensor,
    audio: torch.Tensor,
    labels: torch.Tensor,
    *,
    output: Output = "probability",
    seed: int = 0,
    progress: ProgressFn = no_progress,
) -> pd.DataFrame:
    """For every model and condition: accuracy, mean Shapley image share (of each pair's
    predicted class) and the model's own image signal (None for models without one).

    Returns columns strategy, condition, accuracy, shapley_image_share, signal, signal_kind.
    """
    rows = []
    steps = len(models) * len(SIGNAL_CONDITIONS)
    for i, (name, model) in enumerate(models.items()):
        for j, condition in enumerate(SIGNAL_CONDITIONS):
            progress((i * len(SIGNAL_CONDITIONS) + j) / steps, f"{name}: {condition}")
            x_image, x_audio = condition_inputs(condition, image, audio, seed)
            logits, details = model.forward_with_details(x_image, x_audio)
            signal = image_signal(details)
            target = logits.argmax(-1)
            shapley = shapley_attribution(model, x_image, x_audio, target, output=output)
            rows.append(
                {
                    "strategy": name,
                    "condition": condition,
                    "accuracy": float((target == labels).float().mean()),
                    "shapley_image_share": float(shapley.image_share.mean()),
                    "signal": None if signal is None else float(signal.mean()),
                    "signal_kind": signal_kind(details),
                }
            )
    progress(1.0, "done")
    return pd.DataFrame(rows)


__all__ = [
    "SIGNAL_CONDITIONS",
    "SIGNAL_KINDS",
    "condition_inputs",
    "image_signal",
    "replaced_by_noise",
    "signal_kind",
    "signal_vs_importance",
]
