"""Finding a model's conv layers by name, also inside wrappers such as HalfPrecision."""

from __future__ import annotations

from torch import nn

from components.errors import UserFacingError


def conv_layers(model: nn.Module) -> list[str]:
    """Names of the model's 2-D conv layers in forward order (Grad-CAM's choices)."""
    return [name for name, m in model.named_modules() if isinstance(m, nn.Conv2d)]


def resolve_layer(model: nn.Module, name: str) -> str:
    """``name``, or the conv layer that wraps it (``inner.conv2`` in a HalfPrecision copy)."""
    layers = conv_layers(model)
    if name in layers:
        return name
    nested = [layer for layer in layers if layer.endswith("." + name)]
    if len(nested) == 1:
        return nested[0]
    raise UserFacingError("explain.error.unknown_conv_layer", layer=name, layers=", ".join(layers))
