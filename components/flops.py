"""FLOPs counted by ``torch.utils.flop_counter`` on a real forward pass."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

import torch
from torch import nn
from torch.nn.attention import SDPBackend, sdpa_kernel
from torch.utils.flop_counter import FlopCounterMode


@dataclass(frozen=True)
class FlopCount:
    """FLOPs of one forward pass (a multiply-add counts as 2), in total and per module."""

    total: int
    batch_size: int
    per_module: dict[str, int] = field(default_factory=dict)  # module name ("" = root) → FLOPs

    @property
    def per_sample(self) -> float:
        return self.total / self.batch_size


# torch's FlopCounterMode finds the module of each operator through process-wide module hooks:
# two counts at once (background jobs, two sessions) mixed their modules, and the same pruned
# LeNet counted 13 different ways in 120 concurrent calls. One count at a time.
FLOP_COUNTING = threading.Lock()


def count_flops(model: nn.Module, inputs: Sequence[torch.Tensor]) -> FlopCount:
    """Count the FLOPs of ``model(*inputs)``.

    The counter sees matrix multiplies and convolutions (what dominates these models); it does
    not count element-wise work such as activations or normalisation.
    """
    counter = FlopCounterMode(display=False)
    # Grad mode on, on purpose: under no_grad/inference_mode nn.MultiheadAttention takes a fused
    # "fast path" kernel that the counter does not see, and attention would count as 0 FLOPs.
    # SDPA's math backend likewise turns the fused CPU flash kernel into matmuls it can count.
    with FLOP_COUNTING, counter, torch.enable_grad(), sdpa_kernel(SDPBackend.MATH):
        model(*inputs)
    root = type(model).__name__
    per_module: dict[str, int] = {}
    for key, counts in counter.get_flop_counts().items():
        if key == "Global":
            continue
        # FlopCounterMode names modules "<RootClass>.<qualified.name>"; map back to named_modules().
        name = "" if key == root else key.removeprefix(root + ".")
        per_module[name] = int(sum(counts.values()))
    return FlopCount(
        total=int(counter.get_total_flops()),
        batch_size=int(inputs[0].shape[0]),
        per_module=per_module,
    )
