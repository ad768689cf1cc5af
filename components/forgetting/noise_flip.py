"""The smallest noise that flips one example's prediction, found by
``captum.robust.MinParamPerturbation``. Needs no gradients: int8 models are measured directly."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import torch
from captum.robust import MinParamPerturbation
from torch import nn

from components.forgetting.bounds import InputRange
from models.rng import check_seed


@dataclass(frozen=True)
class NoiseSearch:
    """The noise levels searched: σ = step, 2·step … up to ``sigma_max`` (normalised units),
    along one fixed Gaussian direction drawn with ``seed``, so every model and every call meets
    the same noise and σ alone varies."""

    SIGMA_RANGE: ClassVar[tuple[float, float]] = (0.0, 4.0)  # 4 std: far past any digit
    STEP_RANGE: ClassVar[tuple[float, float]] = (0.005, 0.5)
    BATCH: ClassVar[int] = 32  # noise levels per forward pass

    sigma_max: float = 3.0
    step: float = 0.02
    seed: int = 0

    def __post_init__(self) -> None:
        if not self.SIGMA_RANGE[0] < self.sigma_max <= self.SIGMA_RANGE[1]:
            raise ValueError(f"sigma_max {self.sigma_max} outside {self.SIGMA_RANGE}")
        if not self.STEP_RANGE[0] <= self.step <= self.STEP_RANGE[1]:
            raise ValueError(f"step {self.step} outside {self.STEP_RANGE}")
        if self.step >= self.sigma_max:
            raise ValueError("step must be smaller than sigma_max")
        check_seed(self.seed)


@dataclass(frozen=True, eq=False)  # holds tensors or arrays
class NoiseFlip:
    """Where the prediction of one example first changes, or ``sigma=None`` if it never does."""

    sigma: float | None
    clean_class: int
    flipped_class: int | None
    flipped_probability: float | None
    noisy: torch.Tensor | None  # (1, C, H, W) the input at ``sigma``


def smallest_flipping_noise(
    model: nn.Module, x: torch.Tensor, search: NoiseSearch, bounds: InputRange
) -> NoiseFlip:
    """The smallest σ at which ``x`` (one example, (1, …)) plus σ × the fixed noise, clamped to
    ``bounds``, is predicted differently from ``x`` itself (a linear search, so the first
    flip is found even where a larger σ flips back)."""
    direction = torch.randn(x.shape, generator=torch.Generator().manual_seed(search.seed))

    def add_noise(inputs: torch.Tensor, sigma: float) -> torch.Tensor:
        return bounds.clamp(inputs + sigma * direction)

    with torch.inference_mode():
        clean = int(model(x).argmax(1))
        finder = MinParamPerturbation(
            forward_func=model,
            attack=add_noise,
            arg_name="sigma",
            arg_min=search.step,
            arg_max=search.sigma_max + search.step / 2,  # captum's range excludes the end
            arg_step=search.step,
            mode="linear",
        )
        noisy, sigma = finder.evaluate(x, target=clean, perturbations_per_eval=search.BATCH)
        if noisy is None:
            return NoiseFlip(None, clean, None, None, None)
        probs = model(noisy).float().softmax(1)[0]
    flipped = int(probs.argmax())
    # captum steps σ by repeated addition: 0.02 + 0.02 + … drifts in the last digits.
    return NoiseFlip(round(float(sigma), 9), clean, flipped, float(probs[flipped]), noisy)
