"""What pruning did, measured: per-layer sparsity, weights gone, and an effective-FLOP estimate."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import torch
from torch import nn
from torch.nn.attention import SDPBackend, sdpa_kernel
from torch.utils.flop_counter import FlopCounterMode

from components.flops import FLOP_COUNTING
from components.layers import get_layer
from components.profile import iter_layers, layer_table
from components.pruning.targets import CONV_TYPES, LINEAR_TYPES, layer_weights
from models.registry import ModelSpec

SPARSITY_COLUMNS = [
    "name",
    "type",
    "shape_before",
    "shape_after",
    "params_before",
    "params_after",
    "sparsity_before",
    "sparsity_after",
    "weights_gone",
]

# FLOPs that multiply by a weight tensor (a sparse kernel could skip the zero weights). Attention's
# score and mixing products (aten.bmm) multiply activations by activations and always run.
WEIGHT_OPS = frozenset({"aten.mm", "aten.addmm", "aten.convolution", "aten._convolution"})


def _weight_counts(module: nn.Module | None) -> tuple[int, int]:
    """(non-zero, total) entries of a layer's weight tensors; (0, 0) for a missing layer."""
    if module is None:
        return 0, 0
    try:
        weights = layer_weights(module)
    except AttributeError:  # a layer without a ``weight``: count all of its parameters
        weights = [p.detach() for p in module.parameters()]
    return sum(int(torch.count_nonzero(w)) for w in weights), sum(w.numel() for w in weights)


def _find(model: nn.Module, name: str) -> nn.Module | None:
    try:
        return model.get_submodule(name)
    except AttributeError:
        return None


def weights_gone(original: nn.Module, pruned: nn.Module, layers: Sequence[str]) -> float:
    """Fraction of the original weights of ``layers`` that are zero or removed in ``pruned``
    (biases excluded): masked sparsity and channel removal measured on one scale."""
    nonzero_after = sum(_weight_counts(_find(pruned, name))[0] for name in layers)
    total_before = sum(_weight_counts(get_layer(original, name))[1] for name in layers)
    return 1.0 - nonzero_after / total_before if total_before else 0.0


def sparsity_table(original: nn.Module, pruned: nn.Module) -> pd.DataFrame:
    """One row per layer of ``original`` (the layer table's names and counts):

    shapes and parameters before/after, ``sparsity_before``/``sparsity_after`` (zero parameters,
    biases included, as the layer table counts them; after channel removal the remaining tensors
    are dense, so ``params_after`` drops instead) and ``weights_gone`` (weights zeroed or removed,
    as a fraction of the original weights: what the amount slider asks for).
    """
    before = layer_table(original).set_index("name")
    after = layer_table(pruned).set_index("name")
    rows = []
    for name, row in before.iterrows():
        kept = after.loc[name] if name in after.index else None
        rows.append(
            {
                "name": name,
                "type": row["type"],
                "shape_before": row["shape"],
                "shape_after": kept["shape"] if kept is not None else "",
                "params_before": int(row["params"]),
                "params_after": int(kept["params"]) if kept is not None else 0,
                "sparsity_before": float(row["sparsity"]),
                "sparsity_after": float(kept["sparsity"]) if kept is not None else 1.0,
                "weights_gone": weights_gone(original, pruned, [name]),
            }
        )
    return pd.DataFrame(rows, columns=SPARSITY_COLUMNS)


def flop_estimate(model: nn.Module, spec: ModelSpec) -> tuple[int, int]:
    """(dense, effective) FLOPs of one forward pass at batch 1; see :func:`effective_flops`."""
    counter = FlopCounterMode(display=False)
    # The same settings as components.flops.count_flops (grad mode on, SDPA's math backend), so
    # that attention is counted and the dense total equals the model card's. Counted here rather
    # than through count_flops because the estimate needs FLOPs per operator, not per module.
    with FLOP_COUNTING, counter, torch.enable_grad(), sdpa_kernel(SDPBackend.MATH):
        model(*spec.example_input(model, 1))
    per_module = counter.get_flop_counts()
    root = type(model).__name__
    skipped = 0.0
    for name, module in iter_layers(model):
        if not isinstance(module, CONV_TYPES + LINEAR_TYPES):
            continue
        ops = per_module.get(f"{root}.{name}", {})
        weight_flops = sum(n for op, n in ops.items() if str(op) in WEIGHT_OPS)
        nonzero, total = _weight_counts(module)
        skipped += weight_flops * (1.0 - nonzero / total)
    dense = int(counter.get_total_flops())
    return dense, round(dense - skipped)


def effective_flops(model: nn.Module, spec: ModelSpec) -> int:
    """A THEORETICAL ESTIMATE of the FLOPs a sparsity-aware kernel could need at batch 1.

    Each conv/linear/attention layer's weight FLOPs (counted by ``torch.utils.flop_counter`` on a
    real forward pass) are scaled by that layer's weight density (non-zero weights / weights);
    everything else (attention scores, layers without weights) counts in full. Dense PyTorch
    kernels do not skip zeros, so a masked model runs exactly as long as the original: this
    number says what sparsity could save, not what it does save here. For channel-removed
    models (no zeros) it equals the counted FLOPs.
    """
    return flop_estimate(model, spec)[1]
