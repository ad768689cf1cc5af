"""One adversarial example, shown to the original and to a variant side by side."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import torch
from torch import nn

from components.forgetting.attacks import (
    AttackSettings,
    fgsm_examples,
    has_gradients,
    pgd_example,
)
from components.forgetting.bounds import InputRange
from components.images import display_images

MAX_SHOWN = 0.5  # the amplified perturbation's largest value, in pixel units


@dataclass(frozen=True)
class Prediction:
    """A model's top class and its softmax probability."""

    label: int
    probability: float


@dataclass(frozen=True, eq=False)  # holds tensors or arrays
class AdversarialExample:
    """An input, its adversarial version and what both models make of each."""

    index: int  # row of the ``x`` passed in
    true: int
    epsilon: float
    clean: torch.Tensor  # (1, C, H, W), the models' input scale
    adversarial: torch.Tensor  # (1, C, H, W)
    attacked: Literal["variant", "original"]  # whose gradient made the perturbation
    transferred: bool  # the variant has no gradients: the original's perturbation is shown
    original_clean: Prediction
    original_adversarial: Prediction
    variant_clean: Prediction
    variant_adversarial: Prediction

    @property
    def perturbation(self) -> torch.Tensor:
        return self.adversarial - self.clean


@dataclass(frozen=True, eq=False)  # holds tensors or arrays
class AdversarialImages:
    """The example as pictures: both inputs in [0, 1] and the change between them, amplified."""

    clean: np.ndarray  # (H, W) grey or (H, W, 3) colour, in [0, 1]
    adversarial: np.ndarray
    perturbation: np.ndarray  # (H, W): adversarial − clean in pixel units (channel mean) × gain
    gain: float  # the amplification: the largest change reads as ±0.5 of the pixel range


def adversarial_images(example: AdversarialExample, data: Any) -> AdversarialImages:
    """Pictures of ``example`` through ``data.denormalise`` (the visible change, after the
    clamp to the pixel range), with the perturbation amplified so that it can be seen at all:
    ε = 0.1 on the digits is 3 % of the pixel range."""
    clean = display_images(data, example.clean)[0]
    adversarial = display_images(data, example.adversarial)[0]
    change = adversarial - clean
    change = change.mean(-1) if change.ndim == 3 else change
    largest = float(np.abs(change).max())
    gain = MAX_SHOWN / largest if largest > 0 else 1.0
    return AdversarialImages(clean, adversarial, change * gain, gain)


@torch.inference_mode()
def _predict(model: nn.Module, x: torch.Tensor) -> list[Prediction]:
    probs = model(x).float().softmax(1)
    top, label = probs.max(1)
    return [Prediction(int(c), float(p)) for c, p in zip(label, top, strict=True)]


def adversarial_example(
    original: nn.Module,
    variant: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    epsilon: float,
    settings: AttackSettings,
    bounds: InputRange,
    index: int | None = None,
) -> AdversarialExample:
    """Attack the variant (or, without gradients, the original: ``transferred``) on ``x`` at
    ``epsilon`` with ``settings.attack`` and return one example.

    ``index=None`` picks the first row both models get right that the attack makes the variant
    get wrong; else the first row it makes either model get wrong; else row 0.
    """
    transferred = not has_gradients(variant, x)
    attacked = original if transferred else variant
    if settings.attack == "fgsm":
        (adversarial,) = fgsm_examples(attacked, x, y, [epsilon], bounds)
    else:
        adversarial = pgd_example(attacked, x, y, epsilon, settings, bounds)
    before = {"o": _predict(original, x), "v": _predict(variant, x)}
    after = {"o": _predict(original, adversarial), "v": _predict(variant, adversarial)}
    if index is None:
        truth = y.tolist()
        right = [before["o"][i].label == t == before["v"][i].label for i, t in enumerate(truth)]
        fooled_v = [after["v"][i].label != t for i, t in enumerate(truth)]
        fooled_o = [after["o"][i].label != t for i, t in enumerate(truth)]
        picks = [i for i in range(len(truth)) if right[i] and fooled_v[i]]
        picks = picks or [i for i in range(len(truth)) if fooled_v[i] or fooled_o[i]] or [0]
        index = picks[0]
    return AdversarialExample(
        index=index,
        true=int(y[index]),
        epsilon=float(epsilon),
        clean=x[index : index + 1].clone(),
        adversarial=adversarial[index : index + 1].detach().clone(),
        attacked="original" if transferred else "variant",
        transferred=transferred,
        original_clean=before["o"][index],
        original_adversarial=after["o"][index],
        variant_clean=before["v"][index],
        variant_adversarial=after["v"][index],
    )
