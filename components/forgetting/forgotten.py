"""Forgotten examples: the test examples the original gets right and the variant gets wrong."""

from __future__ import annotations

from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class ForgottenExamples:
    """The forgotten examples, most damaged first (largest drop in the true class's
    probability), and how many went the other way."""

    indices: list[int]  # positions in the test split
    true: list[int]
    original: list[int]  # the original's (right) prediction = the true class
    variant: list[int]  # the variant's (wrong) prediction
    original_p_true: list[float]  # probability of the true class
    variant_p_true: list[float]
    learned: int  # examples the variant gets right and the original wrong
    total: int  # test examples compared

    @property
    def drop(self) -> list[float]:
        return [a - b for a, b in zip(self.original_p_true, self.variant_p_true, strict=True)]

    def __len__(self) -> int:
        return len(self.indices)


def forgotten_examples(
    labels: torch.Tensor, original_probs: torch.Tensor, variant_probs: torch.Tensor
) -> ForgottenExamples:
    """Every example where ``original_probs`` predicts ``labels`` and ``variant_probs`` does
    not, ranked by the drop in the true class's probability (ties: test order).

    Args:
        original_probs: (N, classes) softmax of the original (``reference_outputs(…).softmax(1)``).
        variant_probs: the variant's on the same N examples.
    """
    labels = labels.long()
    original_right = original_probs.argmax(1) == labels
    variant_right = variant_probs.argmax(1) == labels
    p_original = original_probs.gather(1, labels[:, None])[:, 0].float()
    p_variant = variant_probs.gather(1, labels[:, None])[:, 0].float()
    found = torch.nonzero(original_right & ~variant_right).flatten().tolist()
    found.sort(key=lambda i: (-(float(p_original[i]) - float(p_variant[i])), i))
    return ForgottenExamples(
        indices=found,
        true=labels[found].tolist(),
        original=original_probs.argmax(1)[found].tolist(),
        variant=variant_probs.argmax(1)[found].tolist(),
        original_p_true=p_original[found].tolist(),
        variant_p_true=p_variant[found].tolist(),
        learned=int((variant_right & ~original_right).sum()),
        total=len(labels),
    )
