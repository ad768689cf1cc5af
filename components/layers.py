"""Finding a model's layer by its dotted name (``conv2``, ``blocks.0.attn``), as
``model.named_modules()`` spells it."""

from __future__ import annotations

from torch import nn

from components.errors import UserFacingError


def get_layer(model: nn.Module, name: str) -> nn.Module:
    """The module called ``name`` in ``model``.

    Raises:
        UserFacingError("prune.error.unknown_layers"): no such module. Pruning is the caller
            that can receive a name it has not checked (layer names kept in a link); Grad-CAM
            resolves its layer with :func:`components.explain.methods.resolve_layer` first.
    """
    try:
        return model.get_submodule(name)
    except AttributeError:
        raise UserFacingError("prune.error.unknown_layers", layers=name) from None
