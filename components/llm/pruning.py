"""Structured pruning of the code GPT with torch-pruning: whole attention heads, or SwiGLU
intermediate channels of the FFN, removed for real (smaller matrices, not masks).

Importance is the L2 magnitude of each group (``tp.importance.GroupMagnitudeImportance(p=2)``):
for a head, the squared weights of its rows in ``q_proj``/``k_proj``/``v_proj`` and of its
columns in ``o_proj``, averaged over the head; for an FFN channel, its row in ``gate_proj`` and
``up_proj`` and its column in ``down_proj``. Every layer loses the same share (local pruning), so
the config's single head count and FFN size still describe every layer. No fine-tuning follows:
the perplexity shown is what removal alone costs.

The dependency graph is built per decoder layer (the attention or the MLP module alone): traced
over the whole model, the rotary position table shared by every layer couples all layers' query
and key channels into one group, and torch-pruning 1.6.1 spent minutes grouping it (measured).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import partial

import torch
from torch import nn

from components.llm.variants import Variant

PRUNE_KINDS = ("heads", "ffn")
PRUNE_AMOUNTS = (0.25, 0.5)  # of the heads (1 or 2 of 4 per layer) or FFN channels (108 / 216)
_TRACE_TOKENS = 8  # tokens of the example input that torch-pruning traces each layer with


@dataclass(frozen=True)
class PruneReport:
    """What was removed from each layer: head numbers (``heads``) or channel numbers (``ffn``)."""

    kind: str
    amount: float
    removed: tuple[tuple[int, ...], ...]  # per decoder layer, sorted


def _importance():
    import torch_pruning as tp

    return tp.importance.GroupMagnitudeImportance(p=2, group_reduction="mean")


def _attention_forward(module: nn.Module, inputs: tuple) -> torch.Tensor:
    hidden, position_embeddings = inputs
    return module(hidden, position_embeddings=position_embeddings, attention_mask=None)[0]


def _prune_heads(model: nn.Module, amount: float) -> list[tuple[int, ...]]:
    import torch_pruning as tp

    config = model.config
    hidden = torch.zeros(1, _TRACE_TOKENS, config.hidden_size)
    positions = model.model.rotary_emb(hidden, torch.arange(_TRACE_TOKENS)[None])
    removed = []
    for layer in model.model.layers:
        attention = layer.self_attn
        heads = attention.q_proj.out_features // attention.head_dim
        if attention.k_proj.out_features != attention.q_proj.out_features:
            raise ValueError("grouped-query attention: this pruning expects one k/v head per head")
        pruner = tp.pruner.BasePruner(
            attention,
            example_inputs=(hidden, positions),
            forward_fn=_attention_forward,
            importance=_importance(),
            pruning_ratio=0.0,  # no head dimension is cut: whole heads only
            pruning_ratio_dict={attention.q_proj: amount},
            ignored_layers=[attention.o_proj],  # its output is the residual stream
            num_heads={attention.q_proj: heads, attention.k_proj: heads, attention.v_proj: heads},
            prune_num_heads=True,
            prune_head_dims=False,
            head_pruning_ratio=amount,
        )
        channels: set[int] = set()
        for group in pruner.step(interactive=True):
            channels.update(int(i) for i in group[0].idxs)
            group.prune()
        removed.append(tuple(sorted({c // attention.head_dim for c in channels})))
    kept = config.num_attention_heads - len(removed[0])
    config.head_dim = model.model.layers[0].self_attn.head_dim  # no longer width // heads
    config.num_attention_heads = kept
    config.num_key_value_heads = kept
    return removed


def _prune_ffn(model: nn.Module, amount: float) -> list[tuple[int, ...]]:
    import torch_pruning as tp

    hidden = torch.zeros(1, _TRACE_TOKENS, model.config.hidden_size)
    removed = []
    for layer in model.model.layers:
        mlp = layer.mlp
        pruner = tp.pruner.BasePruner(
            mlp,
            example_inputs=hidden,
            importance=_importance(),
            pruning_ratio=0.0,
            pruning_ratio_dict={mlp.gate_proj: amount},  # gate, up and down move together
            ignored_layers=[mlp.down_proj],  # its output is the residual stream
        )
        channels: set[int] = set()
        for group in pruner.step(interactive=True):
            channels.update(int(i) for i in group[0].idxs)
            group.prune()
        removed.append(tuple(sorted(channels)))
    model.config.intermediate_size = model.model.layers[0].mlp.gate_proj.out_features
    return removed


_PRUNERS = {"heads": _prune_heads, "ffn": _prune_ffn}


def prune_llm(model: nn.Module, kind: str, amount: float) -> tuple[nn.Module, PruneReport]:
    """A pruned copy of ``model`` (a ``LlamaForCausalLM``; it is unchanged) and what was removed.

    ``kind``: ``"heads"`` (attention heads) or ``"ffn"`` (SwiGLU intermediate channels);
    ``amount``: the share removed from every layer, in (0, 1).
    """
    if kind not in _PRUNERS:
        raise ValueError(f"unknown pruning {kind!r}; one of {PRUNE_KINDS}")
    if not 0.0 < amount < 1.0:
        raise ValueError(f"amount = {amount} outside (0, 1)")
    pruned = copy.deepcopy(model).eval()
    with torch.enable_grad():  # torch-pruning traces the layer through autograd
        removed = _PRUNERS[kind](pruned, amount)
    return pruned, PruneReport(kind, amount, tuple(removed))


def pruned(model: nn.Module, kind: str, amount: float) -> nn.Module:
    """:func:`prune_llm`'s model only (a variant builder)."""
    return prune_llm(model, kind, amount)[0]


def variant_name(kind: str, amount: float) -> str:
    """``heads_25`` … ``ffn_50``."""
    return f"{kind}_{round(amount * 100)}"


_LIBRARY = {
    "heads": "tp.pruner.BasePruner(attention, num_heads=…, prune_num_heads=True, "
    "head_pruning_ratio={amount}, importance=GroupMagnitudeImportance(p=2))",
    "ffn": "tp.pruner.BasePruner(mlp, pruning_ratio_dict={{gate_proj: {amount}}}, "
    "importance=GroupMagnitudeImportance(p=2))",
}

PRUNED_VARIANTS: dict[str, Variant] = {
    variant_name(kind, amount): Variant(
        variant_name(kind, amount),
        partial(pruned, kind=kind, amount=amount),
        _LIBRARY[kind].format(amount=amount),
    )
    for kind in PRUNE_KINDS
    for amount in PRUNE_AMOUNTS
}
