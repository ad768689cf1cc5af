"""Safe use of models that many sessions share.

``st.cache_resource`` hands every user the same model object, so it is read-only. Anything that
changes weights (pruning, quantization, fine-tuning) or attaches hooks, masks or
reparametrisations (captum, ``torch.nn.utils.prune``) works on :func:`working_copy`. Where a copy
is too expensive, :func:`exclusive` serialises use of one model across threads. Tests use
:func:`fingerprint` and :func:`leftover_hooks` to prove a shared model came back untouched.
"""

from __future__ import annotations

import copy
import hashlib
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

import torch
from torch import nn

# Plain attributes that are immutable in use and costly to copy: copies share them.
SHARED_ATTRIBUTES = ("tokenizer",)

_locks: weakref.WeakKeyDictionary[nn.Module, threading.RLock] = weakref.WeakKeyDictionary()
_locks_guard = threading.Lock()


def working_copy(model: nn.Module) -> nn.Module:
    """A private deep copy of ``model`` to prune, quantize, train or hook freely."""
    memo = {
        id(value): value
        for name in SHARED_ATTRIBUTES
        if (value := getattr(model, name, None)) is not None
    }
    return copy.deepcopy(model, memo)


@contextmanager
def exclusive(model: nn.Module) -> Iterator[nn.Module]:
    """Hold ``model``'s lock for the block: one thread at a time may use it (re-entrant)."""
    with _locks_guard:
        lock = _locks.setdefault(model, threading.RLock())
    with lock:
        yield model


def leftover_hooks(model: nn.Module) -> int:
    """Hooks, pruning masks and parametrisations attached anywhere in ``model`` (0 when clean)."""
    count = 0
    for module in model.modules():
        for attr in (
            "_forward_hooks",
            "_forward_pre_hooks",
            "_backward_hooks",
            "_backward_pre_hooks",
        ):
            count += len(getattr(module, attr, {}))
        count += len(getattr(module, "parametrizations", {}) or {})
    return count


def _tensor_bytes(tensor: torch.Tensor) -> bytes:
    """Exact bytes of a tensor's values, quantized tensors included (their int8 values + scales)."""
    t = tensor.detach().cpu()
    extra = b""
    if t.is_quantized:
        if t.qscheme() in (torch.per_tensor_affine, torch.per_tensor_symmetric):
            extra = f"{t.q_scale()}:{t.q_zero_point()}".encode()
        else:
            extra = _tensor_bytes(t.q_per_channel_scales()) + _tensor_bytes(
                t.q_per_channel_zero_points()
            )
        t = t.int_repr()
    # reshape(-1): a 0-dim tensor (BatchNorm's num_batches_tracked, a qparam) cannot be viewed.
    return t.contiguous().reshape(-1).view(torch.uint8).numpy().tobytes() + extra


def _leaves(value: object) -> list[torch.Tensor]:
    """Tensors inside a state_dict value: quantized layers store (weight, bias) tuples."""
    if isinstance(value, torch.Tensor):
        return [value]
    if isinstance(value, tuple | list):
        return [leaf for item in value for leaf in _leaves(item)]
    return []


def fingerprint(model: nn.Module) -> str:
    """SHA-256 over every tensor of the ``state_dict`` (names, shapes, dtypes and values),
    including the packed int8 weights of quantized layers."""
    digest = hashlib.sha256()
    for name, value in sorted(model.state_dict().items()):
        for i, tensor in enumerate(_leaves(value)):
            digest.update(f"{name}[{i}]:{tuple(tensor.shape)}:{tensor.dtype}".encode())
            digest.update(_tensor_bytes(tensor))
    return digest.hexdigest()
