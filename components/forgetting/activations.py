"""Activations of named layers, recorded by forward hooks that never outlive their block.

Hooks go on a private copy (:func:`components.shared_models.working_copy`): a hook on a cached
model would also record, and slow down, every other session's forward passes while it is there.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import torch
from torch import nn

# Layers whose output is their input (at eval) or a reshaped view of it: comparing them again
# only repeats the layer before.
PASS_THROUGH = (nn.Dropout, nn.Identity, nn.Flatten)


def output_tensor(output: object) -> torch.Tensor | None:
    """The tensor a layer returned (the first one of a tuple, as transformer blocks return),
    as float32; int8 outputs of statically quantized layers are dequantized."""
    if isinstance(output, tuple | list) and output:
        output = output[0]
    if not isinstance(output, torch.Tensor):
        return None
    if output.is_quantized:
        output = output.dequantize()
    return output.detach().float() if output.is_floating_point() else None


def candidate_layers(model: nn.Module) -> list[str]:
    """Layers worth comparing: every leaf module that computes something, and each block of an
    ``nn.ModuleList`` (a transformer block's output is the residual stream)."""
    blocks = {
        f"{name}.{child}" if name else child
        for name, module in model.named_modules()
        if isinstance(module, nn.ModuleList)
        for child, _ in module.named_children()
    }
    return [
        name
        for name, module in model.named_modules()
        if name
        and not isinstance(module, PASS_THROUGH)
        and (next(module.children(), None) is None or name in blocks)
    ]


@dataclass
class Recording:
    """What the hooks saw: each layer's first output (n × features, float32) in call order."""

    outputs: dict[str, torch.Tensor] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)  # a layer called twice is ambiguous

    @property
    def order(self) -> list[str]:
        return list(self.outputs)


@contextmanager
def recorded_activations(model: nn.Module, names: Sequence[str]) -> Iterator[Recording]:
    """Record the outputs of ``model``'s modules ``names`` during the block; the hooks are
    removed on exit, also on error. Names that ``model`` lacks are skipped."""
    recording = Recording()
    modules = dict(model.named_modules())

    def hook(name: str):
        def record(_module: nn.Module, _inputs: object, output: object) -> None:
            recording.calls[name] = recording.calls.get(name, 0) + 1
            tensor = output_tensor(output)
            if tensor is not None and name not in recording.outputs:
                recording.outputs[name] = tensor.flatten(1) if tensor.dim() > 1 else tensor[:, None]

        return record

    handles = [modules[n].register_forward_hook(hook(n)) for n in names if n in modules]
    try:
        yield recording
    finally:
        for handle in handles:
            handle.remove()


def matching_name(model: nn.Module, name: str) -> str | None:
    """The module of ``model`` that plays the original's layer ``name``: the same name, or the
    only one ending in ``.name`` (a half-precision wrapper keeps its model under ``inner.``)."""
    names = [n for n, _ in model.named_modules()]
    if name in names:
        return name
    ends = [n for n in names if n.endswith(f".{name}")]
    return ends[0] if len(ends) == 1 else None
