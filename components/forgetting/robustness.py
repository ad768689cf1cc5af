"""Accuracy under attack against ε, for the original and every variant on the same examples.

A model without input gradients (int8) cannot be attacked directly: it is shown the original's
adversarial inputs instead (a transfer attack), and its curve says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import torch
from torch import nn

from components.errors import UserFacingError
from components.forgetting.attacks import (
    AttackSettings,
    fgsm_examples,
    has_gradients,
    pgd_example,
)
from components.forgetting.bounds import InputRange
from components.progress import ProgressFn, no_progress

CURVE_COLUMNS = ("model", "epsilon", "accuracy", "transferred")


@dataclass(frozen=True)
class RobustCurve:
    """One model's accuracy at each ε."""

    label: str
    epsilons: tuple[float, ...]
    accuracy: tuple[float, ...]
    transferred: bool  # attacked through the source model's adversarial inputs


@dataclass(frozen=True, eq=False)  # holds tensors
class RobustCurves:
    """Every model's curve under one attack on the same ``n`` examples."""

    curves: list[RobustCurve]
    settings: AttackSettings
    bounds: InputRange
    source: str  # the model whose adversarial inputs are transferred
    n: int
    source_inputs: list[torch.Tensor]  # the source's adversarial inputs, one per ε (to cache)

    def table(self) -> pd.DataFrame:
        """Long format: one row per model and ε (:data:`CURVE_COLUMNS`)."""
        rows = [
            (curve.label, eps, acc, curve.transferred)
            for curve in self.curves
            for eps, acc in zip(curve.epsilons, curve.accuracy, strict=True)
        ]
        return pd.DataFrame(rows, columns=list(CURVE_COLUMNS))


@torch.inference_mode()
def _accuracy(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    return float((model(x).argmax(1) == y).float().mean())


class _StepCounter:
    """Turns PGD's forward passes into progress: one call per step of every attacked model."""

    def __init__(self, total: int, report: ProgressFn) -> None:
        self.done, self.total, self.report = 0, max(1, total), report

    def __call__(self) -> None:
        self.done += 1
        self.report(min(self.done / self.total, 0.99), f"PGD step {self.done}/{self.total}")


def _adversarial(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    settings: AttackSettings,
    bounds: InputRange,
    counter: _StepCounter,
) -> list[torch.Tensor]:
    if settings.attack == "fgsm":
        return fgsm_examples(model, x, y, settings.epsilons, bounds)
    return [pgd_example(model, x, y, e, settings, bounds, counter) for e in settings.epsilons]


def robust_accuracy(
    models: Mapping[str, nn.Module],
    x: torch.Tensor,
    y: torch.Tensor,
    settings: AttackSettings,
    bounds: InputRange,
    *,
    source: str | None = None,
    source_inputs: Sequence[torch.Tensor] | None = None,
    progress: ProgressFn | None = None,
) -> RobustCurves:
    """Accuracy of every model (label → model) under ``settings.attack`` at each ε.

    Each model with input gradients is attacked itself (white box); the others are evaluated on
    ``source``'s adversarial inputs (default: the first model, the original) and marked
    ``transferred``.

    Args:
        x, y: the examples and their classes (``evaluation_sample(…, settings.n_examples,
            settings.seed)``), the same for every model.
        source_inputs: ``source``'s adversarial inputs for these ``x``, ``settings`` and
            ``bounds`` (:attr:`RobustCurves.source_inputs` of an earlier call, cached by the
            page), so that the original is not attacked again for every variant.

    Raises:
        UserFacingError("forget.error.no_gradients_source"): ``source`` has no gradients.
    """
    report = progress or no_progress
    source = source if source is not None else next(iter(models))
    white_box = {label: has_gradients(model, x) for label, model in models.items()}
    if not white_box[source]:
        raise UserFacingError("forget.error.no_gradients_source", model=source)
    crafted: dict[str, list[torch.Tensor]] = {}
    if source_inputs is not None:
        if len(source_inputs) != len(settings.epsilons):
            raise ValueError("source_inputs: one tensor per ε of settings")
        crafted[source] = list(source_inputs)
    to_attack = [label for label in models if white_box[label] and label not in crafted]
    passes = len(to_attack) * sum(e > 0 for e in settings.epsilons) * settings.steps
    counter = _StepCounter(passes if settings.attack == "pgd" else 0, report)
    report(0.0, f"{settings.attack.upper()} on {len(x)} examples")
    for i, label in enumerate(to_attack):
        crafted[label] = _adversarial(models[label], x, y, settings, bounds, counter)
        if settings.attack == "fgsm":
            report((i + 1) / len(to_attack), f"FGSM: {label}")
    curves = []
    for label, model in models.items():
        inputs = crafted.get(label, crafted[source])
        accuracy = tuple(_accuracy(model, adversarial, y) for adversarial in inputs)
        curves.append(RobustCurve(label, settings.epsilons, accuracy, not white_box[label]))
    report(1.0, "done")
    return RobustCurves(curves, settings, bounds, source, len(x), crafted[source])
