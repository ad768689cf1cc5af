"""Counting what an explanation costs: forward and backward passes through the model.

:func:`count_passes` hooks the model's root module only, and always unhooks it: a forward hook
counts calls (and the examples in each batch), and an autograd hook on each output that needs a
gradient counts the backward passes that reach it (and their rows). The Explain page reports
rows: one pass per image, however captum batched them (LIME's 200 samples are 200 passes in 4
calls), so that a method's cost grows with its samples or steps as the textbooks count it.

Why an autograd hook on the *output* and not on the input: captum differentiates with respect to
tensors it builds itself (Integrated Gradients' batch of scaled inputs, SmoothGrad's noisy
copies, Grad-CAM's layer activations), so a hook on the caller's input tensor would miss them,
while every backward pass through the model starts at its output.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import torch
from torch import nn


@dataclass
class PassCount:
    """Passes counted so far (read it after the ``with`` block)."""

    forward: int = 0  # calls of the model's forward
    examples: int = 0  # rows of all those calls together (IG: one call of n_steps rows)
    backward: int = 0  # backward passes that reached the model's output
    backward_examples: int = 0  # rows of the outputs those backward passes started from


def _first_tensor(output: object) -> torch.Tensor | None:
    if isinstance(output, torch.Tensor):
        return output
    if isinstance(output, tuple | list) and output and isinstance(output[0], torch.Tensor):
        return output[0]
    return None


@contextmanager
def count_passes(model: nn.Module) -> Iterator[PassCount]:
    """Count forward and backward passes through ``model`` during the block.

    The hook is removed on exit, also when the block raises; the output hooks live on tensors
    of the block's own graph and go away with them. Not for a model shared between threads:
    hook a private copy.
    """
    count = PassCount()

    def on_backward(grad: torch.Tensor) -> None:
        count.backward += 1
        count.backward_examples += grad.shape[0] if grad.dim() else 1

    def on_forward(_module: nn.Module, _args: object, output: object) -> None:
        count.forward += 1
        tensor = _first_tensor(output)
        if tensor is None:
            return
        count.examples += tensor.shape[0] if tensor.dim() else 1
        if tensor.requires_grad:
            tensor.register_hook(on_backward)

    handle = model.register_forward_hook(on_forward)
    try:
        yield count
    finally:
        handle.remove()
