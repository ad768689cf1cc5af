"""Masked pruning with ``torch.nn.utils.prune``: weights are zeroed, shapes stay dense.

A mask is a reparametrisation (``weight = weight_orig * weight_mask``, recomputed by a forward
pre-hook), so it stays applied while the model fine-tunes; :func:`make_permanent` then folds it
into plain parameters and removes every hook.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import torch
from torch import nn
from torch.nn.utils import prune

from components.layers import get_layer
from components.pruning.settings import PruneMethod
from components.pruning.targets import weight_slots
from components.runtime import seeded_global_rng
from components.shared_models import working_copy


def apply_masks(
    model: nn.Module,
    layers: Sequence[str],
    info: PruneMethod,
    amount: float,
    *,
    is_global: bool = False,
    seed: int = 0,
) -> dict[str, torch.Tensor]:
    """Attach ``info``'s masks to the weights of ``layers`` in place.

    Per layer, ``amount`` of each weight tensor is pruned; with ``is_global`` one threshold over
    all of them removes ``amount`` of the chosen weights in total. Returns the keep-mask of each
    layer's first weight slot (bool, the weight's shape).
    """
    assert info.mask_method is not None, f"{info.name} is not a masked method"
    slots = [
        (name, owner, pname)
        for name in layers
        for owner, pname in weight_slots(get_layer(model, name))
    ]
    # Random pruning draws from torch's global generator, shared by every session: seed it under
    # the server-wide lock so that a given seed always prunes the same weights.
    with seeded_global_rng(seed):
        if is_global:
            prune.global_unstructured(
                [(owner, pname) for _, owner, pname in slots],
                pruning_method=info.mask_method,
                amount=amount,
                **info.mask_kwargs,
            )
        else:
            for _, owner, pname in slots:
                info.mask_method.apply(owner, pname, amount=amount, **info.mask_kwargs)
    masks: dict[str, torch.Tensor] = {}
    for name, owner, pname in slots:
        masks.setdefault(name, getattr(owner, pname + "_mask").detach().bool())
    return masks


def make_permanent(model: nn.Module) -> None:
    """Fold every pruning mask into its parameter and remove the pruning hooks."""
    for module in model.modules():
        for hook in list(module._forward_pre_hooks.values()):
            if isinstance(hook, prune.BasePruningMethod):
                prune.remove(module, hook._tensor_name)


def masked_copy(model: nn.Module) -> nn.Module:
    """A private copy of ``model`` with its pruning masks still attached; ``model`` may be in
    the middle of a training, inside :func:`masks_follow_attention` (the copy has none of its
    hooks: a training of the copy adds its own)."""
    # While training, each masked weight is the product of a forward (not a graph leaf), which
    # deepcopy refuses: recompute it outside autograd first. The next forward's hook recomputes
    # it anyway, so the training goes on unchanged.
    with torch.no_grad():
        for module in model.modules():
            for hook in module._forward_pre_hooks.values():
                if isinstance(hook, prune.BasePruningMethod):
                    setattr(module, hook._tensor_name, hook.apply_mask(module))
    copy = working_copy(model)
    for module in copy.modules():
        for key, hook in list(module._forward_pre_hooks.items()):
            if hook is _refresh_out_proj:
                del module._forward_pre_hooks[key]
    return copy


def folded_copy(model: nn.Module) -> nn.Module:
    """A private copy of ``model`` with its pruning masks folded in; ``model`` keeps its masks
    and may be in the middle of a training."""
    copy = masked_copy(model)
    make_permanent(copy)
    return copy


def _refresh_out_proj(attention: nn.MultiheadAttention, _args: object) -> None:
    for hook in attention.out_proj._forward_pre_hooks.values():
        if isinstance(hook, prune.BasePruningMethod):
            hook(attention.out_proj, ())


@contextmanager
def masks_follow_attention(model: nn.Module) -> Iterator[None]:
    """Keep masks on attention output projections live while training.

    ``nn.MultiheadAttention`` reads ``out_proj.weight`` without calling ``out_proj``, so the
    mask's own pre-hook never runs: the masked weight would be computed once and go stale (and
    a second backward through it fails). This re-applies it before every attention forward.
    """
    handles = [
        module.register_forward_pre_hook(_refresh_out_proj)
        for module in model.modules()
        if isinstance(module, nn.MultiheadAttention) and prune.is_pruned(module.out_proj)
    ]
    try:
        yield
    finally:
        for handle in handles:
            handle.remove()
