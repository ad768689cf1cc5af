"""What the distillation page lets a student change, with the bounds its sliders are drawn from."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import ClassVar

from models.rng import check_seed


@dataclass(frozen=True)
class DistillSettings:
    """One distillation run: the student's size, how soft the teacher's targets are, how much
    they count, and the training budget (shared by the distilled student and its baseline).

    Defaults come from ``tests/benchmarks/bench_distillation.py`` on LeNet. On the digits the
    gain over scratch training is small (a few tenths of a point, within the spread between
    seeds): the defaults are the cell where it was most consistent, and distilled + scratch runs
    together take 1–2 s on this machine's 2 cores.
    """

    # Student width relative to the teacher (channels, hidden units or ViT dim). 0.3 is a tenth
    # of LeNet's parameters: wide students learn the digits well alone, and students below
    # ~0.15 are too small to follow the teacher's soft targets (distillation then loses).
    width: float = 0.3
    WIDTH_RANGE: ClassVar[tuple[float, float]] = (0.1, 1.0)
    WIDTH_STEP: ClassVar[float] = 0.05

    # Softmax temperature for both models in the soft loss. T = 1 is the plain softmax, almost
    # one-hot for this confident teacher (no better than the labels); T = 4 exposes its "dark
    # knowledge" (which wrong digits look alike) and beat T = 1 and 2 in the benchmark.
    temperature: float = 4.0
    TEMPERATURE_RANGE: ClassVar[tuple[float, float]] = (1.0, 10.0)
    TEMPERATURE_STEP: ClassVar[float] = 0.5

    # Weight of the soft (teacher) loss; 1 − alpha goes to cross-entropy on the true labels.
    # alpha = 0 is plain training: the distilled student then equals the scratch baseline.
    # 0.9 did slightly better than 0.5 and 0.7 at T = 4 (Hinton et al. also weight soft targets
    # heavily).
    alpha: float = 0.9
    ALPHA_RANGE: ClassVar[tuple[float, float]] = (0.0, 1.0)
    ALPHA_STEP: ClassVar[float] = 0.05

    # Epochs of each run (distilled and scratch get the same). At 5 epochs distillation lags
    # (matching soft targets takes longer than fitting labels); 20 gained no more than 10.
    epochs: int = 10
    EPOCHS_RANGE: ClassVar[tuple[int, int]] = (1, 30)

    seed: int = 0  # student initialisation and data order, identical for both runs

    def __post_init__(self) -> None:
        for name, bounds in self.bounds().items():
            low, high = bounds
            value = getattr(self, name)
            if not low <= value <= high:
                raise ValueError(f"{name}={value} is outside [{low}, {high}]")
        if int(self.epochs) != self.epochs:
            raise ValueError(f"epochs={self.epochs} is not a whole number")
        check_seed(self.seed)

    @classmethod
    def bounds(cls) -> dict[str, tuple[float, float]]:
        """Field name → (low, high) for every bounded field, e.g. ``{"width": (0.1, 1.0), …}``."""
        return {
            f.name: getattr(cls, f"{f.name.upper()}_RANGE")
            for f in fields(cls)
            if hasattr(cls, f"{f.name.upper()}_RANGE")
        }
