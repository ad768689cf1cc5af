"""What the student learns from: the teacher's class probabilities on one test digit, plain and
softened by a temperature."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import nn

from components.distillation.loss import softened_probabilities
from models.data import DigitsSplit


@dataclass(frozen=True)
class SoftTargets:
    """The teacher's view of one test example."""

    index: int  # row of the test split
    label: int  # its true class
    probabilities: dict[float, list[float]]  # temperature → class probabilities


def teacher_soft_targets(
    teacher: nn.Module, data: DigitsSplit, seed: int, temperatures: Sequence[float]
) -> SoftTargets:
    """The teacher's ``softmax(logits / T)`` for each ``T`` in ``temperatures`` on one test
    example drawn with ``seed`` (the same example for the same seed). ``teacher`` is only run,
    never changed."""
    generator = torch.Generator().manual_seed(seed)
    index = int(torch.randint(len(data.y_test), (1,), generator=generator))
    with torch.inference_mode():
        logits = teacher(data.x_test[index : index + 1])
    return SoftTargets(
        index=index,
        label=int(data.y_test[index]),
        probabilities={
            float(t): softened_probabilities(logits, float(t))[0].tolist() for t in temperatures
        },
    )
