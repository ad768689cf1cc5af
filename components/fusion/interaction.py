"""The interaction task, "are the image and the speech the same digit?": the answer depends on
both inputs at once, so a fusion with no interaction term (``f(image) + g(audio)``) cannot do
better than chance, while concatenation + MLP and tensor fusion can."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import torch
from torch import nn

from components.fusion.attribution import interaction_index

SAME = 1  # class index of "same digit"
CHANCE = 0.5  # the test pairs are balanced


@torch.inference_mode()
def same_task_table(
    models: Mapping[str, nn.Module], image: torch.Tensor, audio: torch.Tensor, same: torch.Tensor
) -> pd.DataFrame:
    """Per model: accuracy; how often it says "same" on same and on different pairs; and the
    mean |Shapley interaction| of the "same" logit (exactly 0 for an additive model).

    Returns columns strategy, accuracy, said_same_on_same, said_same_on_different, interaction.
    """
    rows = []
    target = torch.full_like(same, SAME)
    for name, model in models.items():
        said_same = model(image, audio).argmax(-1) == SAME
        interaction = interaction_index(model, image, audio, target, output="logit")
        rows.append(
            {
                "strategy": name,
                "accuracy": float((said_same == (same == SAME)).float().mean()),
                "said_same_on_same": float(said_same[same == SAME].float().mean()),
                "said_same_on_different": float(said_same[same != SAME].float().mean()),
                "interaction": float(interaction.abs().mean()),
            }
        )
    return pd.DataFrame(rows)
