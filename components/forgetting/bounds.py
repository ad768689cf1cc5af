"""The range a model's inputs can take, found from its data: adversarial inputs are clamped
there, so an attack never feeds the model a pixel darker than black or brighter than white."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import torch

# "pixels": images whose data maps [0, 1] pixels to the model's scale (``data.normalise``), and
# whose test inputs lie inside that; the bounds are the normalised 0 and 1 (per channel).
# "observed": anything else; the bounds are the smallest and largest test input.
RangeSource = Literal["pixels", "observed"]
TOLERANCE = 1e-4  # float32 rounding of (x - mean) / std at the ends of the range


@dataclass(frozen=True, eq=False)  # holds tensors or arrays
class InputRange:
    """Lower and upper input bounds, scalars or one per channel (shaped (C, 1, 1))."""

    low: torch.Tensor
    high: torch.Tensor
    source: RangeSource
    pixel_scale: float | None = None  # normalised units per [0, 1] pixel unit (1 / std)

    def clamp(self, x: torch.Tensor) -> torch.Tensor:
        return torch.clamp(x, min=self.low, max=self.high)

    @property
    def low_value(self) -> float:
        return float(self.low.min())

    @property
    def high_value(self) -> float:
        return float(self.high.max())


def input_range(data: Any) -> InputRange:
    """The valid input range of ``data``'s test inputs (the first input of several).

    The digits: ``[normalise(0), normalise(1)] = [-0.940, 2.140]``, the range the test digits
    fill exactly; ε = 0.1 there is 0.1 × std = 0.032 of the pixel range.
    """
    x = getattr(data, "test_inputs", (data.x_test,))[0]
    observed = InputRange(x.min().detach(), x.max().detach(), "observed")
    if x.dim() != 4 or not x.is_floating_point() or not hasattr(data, "normalise"):
        return observed
    channels = x.shape[1]
    low = data.normalise(torch.zeros(1, channels, 1, 1))[0]
    high = data.normalise(torch.ones(1, channels, 1, 1))[0]
    inside = bool((x >= low - TOLERANCE).all() and (x <= high + TOLERANCE).all())
    if not inside or bool((high <= low).any()):
        return observed
    scale = float((high - low).mean())  # normalised units per pixel unit: 1 / std
    if bool((low == low.flatten()[0]).all() and (high == high.flatten()[0]).all()):
        low, high = low.flatten()[0], high.flatten()[0]  # one range for all channels
    return InputRange(low, high, "pixels", scale)
