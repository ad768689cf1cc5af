"""The knowledge-distillation loss of Hinton, Vinyals and Dean (2015), "Distilling the Knowledge
in a Neural Network"."""

from __future__ import annotations

import torch
import torch.nn.functional as F


def softened_probabilities(logits: torch.Tensor, temperature: float) -> torch.Tensor:
    """``softmax(logits / T)`` over the last dimension: flatter (higher entropy) as T grows."""
    return F.softmax(logits / temperature, dim=-1)


def distillation_loss(
    student_logits: torch.Tensor,
    teacher_logits: torch.Tensor,
    targets: torch.Tensor,
    temperature: float,
    alpha: float,
    *,
    label_smoothing: float = 0.0,
) -> torch.Tensor:
    """``alpha · T² · KL(softmax(t/T) ‖ softmax(s/T)) + (1 − alpha) · CE(s, y)``.

    The soft term's gradient shrinks like 1/T², so multiplying by T² keeps the balance between
    the two terms roughly independent of the temperature. ``alpha`` 0 or 1 skips the unused term
    entirely, so alpha = 0 is exactly ``F.cross_entropy`` (the scratch baseline's loss).

    Args:
        student_logits: (N, classes), with gradient.
        teacher_logits: (N, classes), treated as constants.
        targets: (N,) class indices.
        label_smoothing: passed to the cross-entropy term (the ViT recipe trains with 0.1).
    """
    hard = None
    if alpha < 1.0:
        hard = F.cross_entropy(student_logits, targets, label_smoothing=label_smoothing)
        if alpha == 0.0:
            return hard
    teacher_logits = teacher_logits.detach()
    soft = F.kl_div(
        F.log_softmax(student_logits / temperature, dim=-1),
        F.log_softmax(teacher_logits / temperature, dim=-1),
        log_target=True,
        reduction="batchmean",
    ) * (temperature**2)
    return alpha * soft if hard is None else alpha * soft + (1.0 - alpha) * hard
