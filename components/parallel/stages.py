"""What each pipeline stage holds and costs, and a split that balances the stages' FLOPs."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import torch
from torch import nn

from components.errors import UserFacingError
from components.flops import count_flops
from components.parallel.layers import Layers, check_split, sequential_layers, stage_label
from components.parallel.settings import ParallelSettings
from models.registry import ModelSpec

STAGE_COLUMNS = (
    "stage",  # 0-based stage index
    "layers",  # "conv1 … pool1"
    "n_layers",
    "params",  # parameters held by the stage
    "flops_per_sample",  # forward FLOPs of one sample through the stage
    "flops_share",  # fraction of the model's forward FLOPs: imbalance shows here
    "out_shape",  # per-sample shape of the stage's output, e.g. "10×12×12"
    "sent_bytes_per_sample",  # float32 bytes passed to the next stage (0 for the last)
)


@dataclass(frozen=True)
class LayerCost:
    """One layer of the chain, measured on a real forward pass."""

    name: str
    params: int
    flops_per_sample: float
    out_shape: tuple[int, ...]  # without the batch dimension

    @property
    def out_elements(self) -> int:
        n = 1
        for d in self.out_shape:
            n *= d
        return n


def layer_costs(layers: Layers, inputs: Sequence[torch.Tensor]) -> list[LayerCost]:
    """Parameters, FLOPs per sample and output shape of every layer, in chain order."""
    costs = []
    x = inputs[0]
    with torch.no_grad():
        for name, module in layers:
            flops = count_flops(module, (x,)).per_sample
            x = module(x)
            params = sum(p.numel() for p in module.parameters())
            costs.append(LayerCost(name, params, flops, tuple(x.shape[1:])))
    return costs


def _inputs(
    model: nn.Module, spec: ModelSpec | None, inputs: Sequence[torch.Tensor] | None
) -> Sequence[torch.Tensor]:
    if inputs is not None:
        return inputs
    if spec is None:
        raise ValueError("pass spec or inputs: the layers' FLOPs need an example input")
    return spec.example_input(model, 2)


def stage_table(
    model: nn.Module,
    spec: ModelSpec | None,
    split_points: Sequence[int],
    *,
    inputs: Sequence[torch.Tensor] | None = None,
) -> pd.DataFrame:
    """One row per stage (columns :data:`STAGE_COLUMNS`) for the split at ``split_points``.

    Args:
        model: a zoo model (or any model :func:`sequential_layers` can split).
        spec: its registry spec, for the example input; None when ``inputs`` are given.
        split_points: index of the first layer of each stage after the first.
        inputs: an example batch, instead of ``spec.example_input``.

    Raises:
        UserFacingError: the model does not split, or the split points are invalid.
    """
    layers = sequential_layers(model, spec)
    bounds = check_split(len(layers), split_points)
    costs = layer_costs(layers, _inputs(model, spec, inputs))
    total_flops = sum(c.flops_per_sample for c in costs) or 1.0
    rows = []
    for stage, (start, stop) in enumerate(bounds):
        part = costs[start:stop]
        flops = sum(c.flops_per_sample for c in part)
        last = stop == len(costs)
        rows.append(
            {
                "stage": stage,
                "layers": stage_label(layers, start, stop),
                "n_layers": stop - start,
                "params": sum(c.params for c in part),
                "flops_per_sample": flops,
                "flops_share": flops / total_flops,
                "out_shape": "×".join(str(d) for d in part[-1].out_shape),
                "sent_bytes_per_sample": 0 if last else 4 * part[-1].out_elements,
            }
        )
    return pd.DataFrame(rows, columns=list(STAGE_COLUMNS))


def default_split(
    model: nn.Module,
    n_stages: int,
    spec: ModelSpec | None = None,
    *,
    inputs: Sequence[torch.Tensor] | None = None,
) -> list[int]:
    """Split points that balance the stages' forward FLOPs.

    Among the splits whose most expensive stage costs least, the one sending the fewest
    activation values between stages wins (after a pooling layer rather than before it).

    Raises:
        UserFacingError("parallel.error.stage_count"): fewer than 2 stages, more than 8, or
            more stages than the model has layers.
    """
    layers = sequential_layers(model, spec)
    low, high = ParallelSettings.STAGES_RANGE
    high = min(high, len(layers))
    if not low <= n_stages <= high:
        raise UserFacingError("parallel.error.stage_count", stages=n_stages, low=low, high=high)
    costs = layer_costs(layers, _inputs(model, spec, inputs))
    prefix = list(itertools.accumulate((c.flops_per_sample for c in costs), initial=0.0))

    def cost(points: tuple[int, ...]) -> tuple[float, int]:
        edges = [0, *points, len(costs)]
        heaviest = max(prefix[b] - prefix[a] for a, b in itertools.pairwise(edges))
        sent = sum(costs[p - 1].out_elements for p in points)
        return heaviest, sent

    # At most C(11, 7) = 330 candidates for the zoo's models: exhaustive search is instant.
    best = min(itertools.combinations(range(1, len(costs)), n_stages - 1), key=cost)
    return list(best)
