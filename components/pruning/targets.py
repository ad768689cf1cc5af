"""Which layers can be pruned, and which weight tensors belong to a layer.

Layer names are those of :func:`components.profile.iter_layers`, so they match the rows of the
layer table. What the filters mean:

* ``"conv"``: ``nn.Conv2d`` (LeNet's ``conv1``/``conv2``; the ViT's patch embedding
  ``embed.proj``; MiniLM has none).
* ``"linear"``: ``nn.Linear`` and ``nn.MultiheadAttention``. An attention layer is one layer, as
  in the layer table: its packed q/k/v projection ``in_proj_weight`` and its ``out_proj.weight``
  are pruned together (``out_proj`` is not listed on its own: attention calls it directly).
* ``"all"``: both. ``"pick"``: the names given, in model order.

Layers whose output the model discards are left out, listed in :data:`UNUSED_LAYERS` (MiniLM's
BERT pooler: the sentence embedding is the mean of the last hidden states, so the pooler's
weights never reach the output). MiniLM's embeddings are ``nn.Embedding``, never listed.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

from components.errors import UserFacingError
from components.profile import iter_layers
from components.pruning.settings import LayerFilter
from models.minilm import SentenceEncoder

CONV_TYPES: tuple[type[nn.Module], ...] = (nn.Conv2d,)
LINEAR_TYPES: tuple[type[nn.Module], ...] = (nn.Linear, nn.MultiheadAttention)

# Model class → name prefixes of layers that do not influence the model's output.
UNUSED_LAYERS: dict[type[nn.Module], tuple[str, ...]] = {SentenceEncoder: ("encoder.pooler",)}

_KINDS: dict[str, tuple[type[nn.Module], ...]] = {
    "conv": CONV_TYPES,
    "linear": LINEAR_TYPES,
    "all": CONV_TYPES + LINEAR_TYPES,
    "pick": CONV_TYPES + LINEAR_TYPES,
}


def _unused(model: nn.Module, name: str) -> bool:
    prefixes = next((p for cls, p in UNUSED_LAYERS.items() if isinstance(model, cls)), ())
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def prunable_layers(
    model: nn.Module, layers: LayerFilter = "all", picked: Sequence[str] = ()
) -> list[str]:
    """Names of the layers that ``layers`` selects, in model order.

    Raises:
        UserFacingError("prune.error.unknown_layers"): ``picked`` names a layer that is not
            prunable in this model (for example one kept in the URL from another model).
    """
    types = _KINDS[layers]
    names = [
        name
        for name, module in iter_layers(model)
        if isinstance(module, types) and not _unused(model, name)
    ]
    if layers != "pick":
        return names
    unknown = [name for name in picked if name not in names]
    if unknown:
        raise UserFacingError("prune.error.unknown_layers", layers=", ".join(unknown))
    chosen = set(picked)
    return [name for name in names if name in chosen]


def weight_slots(module: nn.Module) -> list[tuple[nn.Module, str]]:
    """The (module, parameter name) pairs that pruning a layer touches: its weight matrices,
    never biases. The first slot is the one shown in heatmaps and masks."""
    if isinstance(module, nn.MultiheadAttention):
        if module.in_proj_weight is not None:
            inputs = [(module, "in_proj_weight")]
        else:  # separate q/k/v projections (kdim or vdim differ from embed_dim)
            inputs = [(module, f"{p}_proj_weight") for p in "qkv"]
        return [*inputs, (module.out_proj, "weight")]
    return [(module, "weight")]


def layer_weights(module: nn.Module) -> list[torch.Tensor]:
    """The weight tensors of :func:`weight_slots`, detached."""
    return [getattr(owner, name).detach() for owner, name in weight_slots(module)]
