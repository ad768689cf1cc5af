"""The pruning backend of the Compress page (no streamlit here).

Masked pruning (``torch.nn.utils.prune``: weights zeroed, shapes dense) and channel removal
(torch-pruning: tensors shrink), always on a private copy, measured against the original.
"""

from components.pruning.apply import FinetuneCheckpoint, PruneResult, prune_model
from components.pruning.channels import channel_groups, output_layer
from components.pruning.inspect import as_2d, weight_view
from components.pruning.settings import (
    PRUNE_METHODS,
    LayerFilter,
    PruneMethod,
    PruneMethodName,
    PruneSettings,
    Scope,
)
from components.pruning.stats import (
    SPARSITY_COLUMNS,
    effective_flops,
    flop_estimate,
    sparsity_table,
    weights_gone,
)
from components.pruning.sweep import (
    SENSITIVITY_COLUMNS,
    SWEEP_COLUMNS,
    amount_sweep,
    layer_sensitivity,
)
from components.pruning.targets import prunable_layers

__all__ = [
    "PRUNE_METHODS",
    "SENSITIVITY_COLUMNS",
    "SPARSITY_COLUMNS",
    "SWEEP_COLUMNS",
    "FinetuneCheckpoint",
    "LayerFilter",
    "PruneMethod",
    "PruneMethodName",
    "PruneResult",
    "PruneSettings",
    "Scope",
    "amount_sweep",
    "as_2d",
    "channel_groups",
    "effective_flops",
    "flop_estimate",
    "layer_sensitivity",
    "output_layer",
    "prunable_layers",
    "prune_model",
    "sparsity_table",
    "weight_view",
    "weights_gone",
]
