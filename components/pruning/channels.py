"""Channel removal with torch-pruning: output channels (and whatever depends on them) are cut
out of the tensors, so the model really gets smaller and faster.

A dependency graph (``torch_pruning.DependencyGraph``) groups every tensor slice that must go
together: a conv's output channel, the next conv's input channel, the flattened slice of the
following linear layer; in a transformer the whole residual width (patch embedding, norms,
attention, MLP outputs, class token and position table). Each group loses ``round(amount · n)``
of its ``n`` channels, the ones of lowest L1 magnitude (``MagnitudeImportance(p=1)``, averaged
over the group's layers), keeping at least one. How attention is handled:

* ``nn.MultiheadAttention`` (the ViT): its width is the residual width, and torch-pruning cuts the
  same indices from q, k, v and the residual stream. The cut is spread evenly over the heads: all
  4 heads stay, each gets narrower (head_dim 16 → 8 at 50 %). Dropping whole heads instead was
  measured too: faster (latency 0.42× vs 0.62× of the original at 50 %, batch 64, 1 thread;
  softmax and score products scale with the head count, not the head size) but it recovered
  worse (test accuracy 0.74 vs 0.90 after 2 fine-tuning epochs, 0.91 vs 0.96 after 5).
* BERT-style attention with ``query``/``key``/``value`` linears and ``num_attention_heads``
  (MiniLM): whole heads are removed (those of lowest mean magnitude). The head size stays, so the
  attention code, which infers the number of heads from the width, keeps working.

The output layer (:func:`output_layer`) and every group coupled to it keep all their channels,
so the model's output keeps its shape: LeNet's ``fc2`` and the ViT's ``head.fc`` (10 classes),
MiniLM's residual width (384-d embeddings; heads and feed-forward width are pruned instead).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import torch
import torch_pruning as tp
from torch import nn

from components.errors import UserFacingError
from components.layers import get_layer
from components.pruning.targets import prunable_layers
from components.shared_models import working_copy
from models.registry import ModelSpec


@dataclass
class ChannelRemoval:
    """What :func:`remove_channels` did."""

    kept: dict[str, torch.Tensor] = field(default_factory=dict)  # layer → kept output channels
    targeted: list[str] = field(default_factory=list)  # layers that lost output channels
    notes: list[str] = field(default_factory=list)  # i18n keys


@dataclass(frozen=True)
class _Plan:
    """One group's cut, decided before any group is pruned (pruning renumbers channels)."""

    root: nn.Module
    handler: object
    idxs: list[int]
    members: list[str]


def output_layer(model: nn.Module) -> str:
    """The layer whose output channels are the model's output: the last prunable layer in module
    order (LeNet ``fc2``, the ViT ``head.fc``, MiniLM ``encoder.encoder.layer.5.output.dense``)."""
    return prunable_layers(model, "all")[-1]


def attention_heads(model: nn.Module) -> dict[nn.Module, int]:
    """Head counts for torch-pruning: ``nn.MultiheadAttention`` modules, and the q/k/v linears of
    BERT-style attention (a module with ``num_attention_heads`` and ``query``/``key``/``value``)."""
    heads: dict[nn.Module, int] = {}
    for module in model.modules():
        if isinstance(module, nn.MultiheadAttention):
            heads[module] = module.num_heads
        elif hasattr(module, "num_attention_heads") and isinstance(
            getattr(module, "query", None), nn.Linear
        ):
            for proj in (module.query, module.key, module.value):
                heads[proj] = module.num_attention_heads
    return heads


def _n_pruned(n: int, amount: float) -> int:
    """Channels to remove out of ``n``: rounded like ``torch.nn.utils.prune``, at least 1 kept."""
    return min(round(amount * n), n - 1)


def _lowest(scores: torch.Tensor, k: int) -> list[int]:
    # Stable sort: ties (e.g. exactly-zero channels) resolve the same way on every run.
    return torch.sort(scores, stable=True).indices[:k].tolist() if k > 0 else []


def _out_members(graph: tp.DependencyGraph, group) -> list[nn.Module]:
    """Modules whose output channels ``group`` slices."""
    return [dep.target.module for dep, _ in group if graph.is_out_channel_pruning_fn(dep.handler)]


def _choose(
    graph: tp.DependencyGraph,
    group,
    importance: torch.Tensor,
    amount: float,
    heads: dict[nn.Module, int],
) -> tuple[list[int], bool]:
    """Root-channel indices to prune in ``group``; the bool says whole heads were removed."""
    n = len(importance)
    out_modules = _out_members(graph, group)
    qkv = [m for m in out_modules if isinstance(m, nn.Linear) and m in heads]
    mha = [m for m in out_modules if isinstance(m, nn.MultiheadAttention)]
    if qkv:  # BERT-style: drop whole heads
        count = heads[qkv[0]]
        size = n // count
        per_head = importance.view(count, size).mean(1)
        dropped = _lowest(per_head, _n_pruned(count, amount))
        return [h * size + i for h in sorted(dropped) for i in range(size)], True
    if mha:  # width tied to nn.MultiheadAttention: the same number of dims out of every head
        count = mha[0].num_heads
        size = n // count
        k = _n_pruned(size, amount)
        chunks = importance.view(count, size)
        return sorted(h * size + i for h in range(count) for i in _lowest(chunks[h], k)), False
    return sorted(_lowest(importance, _n_pruned(n, amount))), False


def _fix_attention_attributes(model: nn.Module) -> None:
    """Keep BERT-style attention's bookkeeping in step with its pruned q/k/v linears
    (torch-pruning updates ``nn.MultiheadAttention``'s itself)."""
    for module in model.modules():
        if hasattr(module, "num_attention_heads") and isinstance(
            getattr(module, "query", None), nn.Linear
        ):
            module.all_head_size = module.query.out_features
            module.num_attention_heads = module.all_head_size // module.attention_head_size


def _build_graph(model: nn.Module, spec: ModelSpec) -> tp.DependencyGraph:
    try:
        with warnings.catch_warnings():
            # torch-pruning warns about the ViT's class token and position table ("unwrapped
            # parameters"); slicing their last dimension is exactly what is wanted.
            warnings.simplefilter("ignore")
            return tp.DependencyGraph().build_dependency(
                model, example_inputs=spec.example_input(model, 1)
            )
    except Exception as exc:  # torch-pruning raises many kinds; the page needs one
        raise UserFacingError(
            "prune.error.unsupported", model=spec.name, reason=f"tracing failed: {exc}"
        ) from exc


def _prunable_groups(
    model: nn.Module, graph: tp.DependencyGraph
) -> Iterator[tuple[object, list[str]]]:
    """Groups that may lose channels (not coupled to the output layer), each with the names of
    the layers whose output channels it slices, in model order."""
    names = {module: name for name, module in model.named_modules()}
    candidates = set(prunable_layers(model, "all"))
    protected = get_layer(model, output_layer(model))
    for group in graph.get_all_groups(
        ignored_layers=[protected], root_module_types=[nn.Conv2d, nn.Linear]
    ):
        members = {names.get(m) for m in _out_members(graph, group)} & candidates
        yield group, [name for name in names.values() if name in members]


def channel_groups(model: nn.Module, spec: ModelSpec) -> list[list[str]]:
    """The layers that share output channels, one list per group that channel removal can cut
    (groups coupled to the output layer are left out). Traces a private copy."""
    copy = working_copy(model).eval()
    return [members for _, members in _prunable_groups(copy, _build_graph(copy, spec))]


def remove_channels(
    model: nn.Module, spec: ModelSpec, layers: Sequence[str], amount: float
) -> ChannelRemoval:
    """Remove ``amount`` of the output channels of every group that one of ``layers`` belongs
    to, in place. Raises UserFacingError("prune.error.unsupported") when torch-pruning cannot
    trace the model or the pruned model no longer runs with the same output shape."""
    result = ChannelRemoval()
    with torch.inference_mode():
        reference_shape = model(*spec.example_input(model, 2)).shape
    graph = _build_graph(model, spec)
    heads = attention_heads(model)
    importance = tp.importance.MagnitudeImportance(p=1)
    plans: list[_Plan] = []
    reached: set[str] = set()
    whole_heads = False
    for group, members in _prunable_groups(model, graph):
        if not set(members) & set(layers):
            continue
        reached |= set(members)
        idxs, by_head = _choose(graph, group, importance(group), amount, heads)
        if idxs:
            whole_heads |= by_head
            root = group[0].dep
            plans.append(_Plan(root.target.module, root.handler, idxs, members))

    names = {module: name for name, module in model.named_modules()}
    for plan in plans:
        group = graph.get_pruning_group(plan.root, plan.handler, plan.idxs)
        for dep, idxs in group:
            name = names.get(dep.target.module)
            if name in plan.members and graph.is_out_channel_pruning_fn(dep.handler):
                gone = {int(getattr(i, "idx", i)) for i in idxs}  # _HybridIndex or int
                total = graph.get_out_channels(dep.target.module)
                result.kept[name] = torch.tensor(
                    [i for i in range(total) if i not in gone], dtype=torch.long
                )
        try:
            group.prune()
        except Exception as exc:
            raise UserFacingError(
                "prune.error.unsupported",
                model=spec.name,
                reason=f"cutting channels of {', '.join(plan.members)} failed: {exc}",
            ) from exc
    _fix_attention_attributes(model)

    try:
        with torch.inference_mode():
            shape = model(*spec.example_input(model, 2)).shape
    except Exception as exc:
        raise UserFacingError(
            "prune.error.unsupported", model=spec.name, reason=f"the pruned model fails: {exc}"
        ) from exc
    if shape != reference_shape:
        raise UserFacingError(
            "prune.error.unsupported",
            model=spec.name,
            reason=f"output shape changed from {tuple(reference_shape)} to {tuple(shape)}",
        )

    order = [name for name, _ in model.named_modules()]
    result.targeted = sorted(result.kept, key=order.index)
    if set(layers) - reached:
        result.notes.append("prune.note.output_kept")
    if set(result.targeted) - set(layers):
        result.notes.append("prune.note.coupled_layers")
    if whole_heads:
        result.notes.append("prune.note.whole_heads")
    return result
