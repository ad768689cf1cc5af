"""Trace a model into a module-level graph.

``torch.fx.symbolic_trace`` is tried first: fast, and its nodes are already module calls
(``torch.nn`` modules are leaves) and functions; shapes come from ``ShapeProp``. Models whose
forward branches on tensor values or sizes (Hugging Face's BERT slices by a traced size) fail
there and go to ``torch.export.export(strict=False)``, whose ATen operators are merged into
the module call that ran them (``nn_module_stack``). When both fail the error of each is kept
as the reason. Data movement (views, transposes, getitem …) is elided: its inputs connect to
its users. Parameters are counted once each, on the node that uses them, so the nodes'
parameters add up to the model's; parameters that the traced forward never reaches get a node
of their own.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import networkx as nx
import torch
from torch import nn

from components.errors import UserFacingError
from components.flops import count_flops
from components.profile import ATOMIC_MODULES, count_parameters, weight_tensors
from components.profiling.families import family_of

UNREACHED = "(unreached)"
MATMUL_FAMILIES = ("linear", "attention", "conv")


class TraceFailed(UserFacingError):
    """Neither torch.fx nor torch.export traced the model; ``reasons`` says why for each."""

    def __init__(self, reasons: dict[str, str]):
        super().__init__(
            "graph.error.untraceable",
            fx=reasons.get("torch.fx", ""),
            export=reasons.get("torch.export", ""),
        )
        self.reasons = reasons


@dataclass(frozen=True)
class GraphNode:
    """One node: a module call, a function, the input or the output."""

    id: str
    kind: str  # "input", "output", "module", "function", "block", "unreached"
    name: str  # module path (modules, blocks), or the function's name
    type: str  # module class, op name, or "block"
    scope: str = ""  # the module whose forward ran it ("" = the model itself)
    shape: tuple[int, ...] | None = None  # output shape
    params: int = 0
    flops: int = 0
    nonzero: int = 0
    quantized: bool = False
    width: int | None = None  # output channels / features (what channel pruning shrinks)
    heads: int | None = None
    family: str = ""  # operator family of a function node
    members: int = 1  # nodes merged into a block

    @property
    def sparsity(self) -> float:
        return 1.0 - self.nonzero / self.params if self.params else 0.0


@dataclass(frozen=True)
class ModelGraph:
    """Nodes by id, edges as (source, target) ids, and how the graph was obtained."""

    nodes: dict[str, GraphNode]
    edges: tuple[tuple[str, str], ...]
    tracer: str  # "torch.fx", "torch.export", or "torch.fx (original's)"
    reasons: dict[str, str] = field(default_factory=dict)  # why earlier tracers failed
    build_ms: float = 0.0

    @property
    def params(self) -> int:
        return sum(n.params for n in self.nodes.values())

    @property
    def flops(self) -> int:
        return sum(n.flops for n in self.nodes.values())

    def digraph(self) -> nx.DiGraph:
        graph = nx.DiGraph()
        graph.add_nodes_from(self.nodes)
        graph.add_edges_from(self.edges)
        return graph


# --- module facts ---------------------------------------------------------------------------------


def _is_quantized(module: nn.Module) -> bool:
    return type(module).__module__.startswith("torch.ao.nn.quantized") or hasattr(
        module, "_packed_params"
    )


def _width(module: nn.Module | None, shape: tuple[int, ...] | None) -> int | None:
    for attr in ("out_channels", "out_features", "embed_dim", "num_features"):
        value = getattr(module, attr, None)
        if isinstance(value, int):
            return value
    normalized = getattr(module, "normalized_shape", None)
    if normalized:
        return int(normalized[-1])
    if shape:
        return int(shape[1]) if len(shape) == 4 else int(shape[-1])
    return None


def _heads(module: nn.Module | None) -> int | None:
    for attr in ("num_heads", "num_attention_heads"):
        value = getattr(module, attr, None)
        if isinstance(value, int):
            return value
    return None


def _weights(module: nn.Module, seen: set[int]) -> tuple[int, int]:
    """(parameters, non-zero) of ``module``'s tensors not counted yet (shared ones once)."""
    params = nonzero = 0
    for tensor in weight_tensors(module):
        if id(tensor) in seen:
            continue
        seen.add(id(tensor))
        t = tensor.detach()
        t = t.dequantize() if t.is_quantized else t
        params += t.numel()
        nonzero += int(torch.count_nonzero(t))
    return params, nonzero


def _tensor_count(tensor: torch.Tensor, seen: set[int]) -> tuple[int, int]:
    if id(tensor) in seen or not isinstance(tensor, nn.Parameter):
        return 0, 0
    seen.add(id(tensor))
    return tensor.numel(), int(torch.count_nonzero(tensor.detach()))


def _shape_of(value: Any) -> tuple[int, ...] | None:
    if not hasattr(value, "shape") and isinstance(value, (tuple, list)) and value:
        value = value[0]  # a module returning a tuple (attention: output, weights)
    shape = getattr(value, "shape", None)
    if shape is None:
        return None
    try:
        return tuple(int(s) for s in shape)
    except TypeError:  # symbolic sizes
        return None


def _op_name(target: Any) -> str:
    if isinstance(target, str):
        return target
    name = getattr(target, "__name__", None) or str(target)
    if hasattr(target, "_schema"):  # an ATen overload: aten.linear.default → linear
        name = target._schema.name.split("::")[-1]
    return name


def _is_movement(name: str) -> bool:
    if name in ("getitem", "getattr", "size", "sym_size", "dim", "_assert", "_assert_async"):
        return True
    return family_of(f"aten::{name}") == "movement"


# --- raw graphs from either tracer ----------------------------------------------------------------


@dataclass
class _Raw:
    """A traced graph before merging: node facts, inputs and which node uses each parameter."""

    kind: dict[str, str] = field(default_factory=dict)  # input/output/module/function
    target: dict[str, str] = field(default_factory=dict)  # module path or op name
    scope: dict[str, str] = field(default_factory=dict)
    shape: dict[str, tuple[int, ...] | None] = field(default_factory=dict)
    inputs: dict[str, list[str]] = field(default_factory=dict)
    params: dict[str, list[str]] = field(default_factory=dict)  # node → parameter names


def _innermost(meta: dict[str, Any]) -> str:
    stack = meta.get("nn_module_stack") or {}
    if not stack:
        return ""
    path = list(stack.values())[-1][0]
    return path.removeprefix("L['self'].").replace("L__self___", "")


def _fx_raw(model: nn.Module, inputs: Sequence[torch.Tensor]) -> _Raw:
    from torch.fx.passes.shape_prop import ShapeProp

    traced = torch.fx.symbolic_trace(model)
    with torch.no_grad():
        ShapeProp(traced).propagate(*inputs)
    raw = _Raw()
    attrs: dict[str, str] = {}
    for node in traced.graph.nodes:
        meta = node.meta.get("tensor_meta")
        if node.op == "get_attr":
            attrs[node.name] = str(node.target)
            continue
        kind = {
            "placeholder": "input",
            "output": "output",
            "call_module": "module",
        }.get(node.op, "function")
        raw.kind[node.name] = kind
        raw.target[node.name] = str(node.target) if kind == "module" else _op_name(node.target)
        raw.scope[node.name] = _innermost(node.meta) if kind == "function" else ""
        raw.shape[node.name] = _shape_of(meta)
        raw.inputs[node.name] = [n.name for n in node.all_input_nodes if n.name not in attrs]
        raw.params[node.name] = [attrs[n.name] for n in node.all_input_nodes if n.name in attrs]
    return raw


def _export_raw(model: nn.Module, inputs: Sequence[torch.Tensor]) -> _Raw:
    program = torch.export.export(model, tuple(inputs), strict=False)
    signature = program.graph_signature
    lifted = {
        **signature.inputs_to_parameters,
        **signature.inputs_to_buffers,
        **signature.inputs_to_lifted_tensor_constants,
    }
    modules = dict(model.named_modules())
    raw = _Raw()
    for node in program.graph.nodes:
        if node.op == "placeholder" and node.name in lifted:
            continue
        if node.op == "placeholder":
            kind, target = "input", node.name
        elif node.op == "output":
            kind, target = "output", "output"
        else:
            kind, target = "function", _op_name(node.target)
        scope = _innermost(node.meta) if kind == "function" else ""
        module = modules.get(scope)
        # An operator of a leaf module (or of MultiheadAttention, which calls its children's
        # weights itself) is part of that module's call: merged into one node below.
        leaf = module is not None and (
            not any(True for _ in module.children()) or isinstance(module, ATOMIC_MODULES)
        )
        if kind == "function" and scope and leaf:
            kind, target = "module", scope
        raw.kind[node.name] = kind
        raw.target[node.name] = target
        raw.scope[node.name] = scope if kind == "function" else ""
        raw.shape[node.name] = _shape_of(node.meta.get("val"))
        raw.inputs[node.name] = [n.name for n in node.all_input_nodes if n.name not in lifted]
        raw.params[node.name] = [lifted[n.name] for n in node.all_input_nodes if n.name in lifted]
    return _merge_module_calls(raw)


def _merge_module_calls(raw: _Raw) -> _Raw:
    """Operators of one call of a module become one node: connected operators of the same
    module are united (two separate calls of one module stay two nodes)."""
    uf = nx.utils.UnionFind()
    for name, kind in raw.kind.items():
        uf[name]
        if kind == "module":
            for source in raw.inputs[name]:
                if raw.kind.get(source) == "module" and raw.target[source] == raw.target[name]:
                    uf.union(source, name)
    groups: dict[str, list[str]] = {}
    for name in raw.kind:  # in graph order: the first operator names the call, the last shapes it
        groups.setdefault(uf[name], []).append(name)
    merged = _Raw()
    rename = {}
    for members in groups.values():
        head = members[0]
        for m in members:
            rename[m] = head
        merged.kind[head] = raw.kind[head]
        merged.target[head] = raw.target[head]
        merged.scope[head] = raw.scope[head]
        merged.shape[head] = raw.shape[members[-1]]
        merged.params[head] = [p for m in members for p in raw.params[m]]
    for members in groups.values():
        head = members[0]
        sources = [rename[s] for m in members for s in raw.inputs[m]]
        merged.inputs[head] = [s for s in dict.fromkeys(sources) if s != head]
    return merged


# --- from a raw graph to the module graph ---------------------------------------------------------


def _elide_movement(raw: _Raw) -> dict[str, list[str]]:
    """The inputs of every kept node after data-movement functions are bypassed; parameters
    that a bypassed node used (a class token expanded to the batch) go to its users."""
    resolved: dict[str, list[str]] = {}

    def moved(name: str) -> bool:
        return raw.kind[name] == "function" and _is_movement(raw.target[name])

    def sources(name: str) -> list[str]:
        if name in resolved:
            return resolved[name]
        out: list[str] = []
        for source in raw.inputs[name]:
            out += sources(source) if moved(source) else [source]
        resolved[name] = list(dict.fromkeys(out))
        return resolved[name]

    def carried(name: str) -> list[str]:
        found: list[str] = []
        for source in raw.inputs[name]:
            if moved(source):
                found += raw.params[source] + carried(source)
        return found

    kept = {name: sources(name) for name in raw.kind if not moved(name)}
    for name in kept:
        raw.params[name] = list(dict.fromkeys(raw.params[name] + carried(name)))
    return kept


def _own_flops(flops: dict[str, int]) -> dict[str, int]:
    """FLOPs a module's own forward ran outside its counted submodules (the counter counts
    each operator for every module on the stack; containers never called are not counted)."""
    own = dict(flops)
    for name, value in flops.items():
        if not name:
            continue
        parent = name.rpartition(".")[0]
        while parent and parent not in flops:
            parent = parent.rpartition(".")[0]
        if parent in own:
            own[parent] -= value
    return own


def _assemble(
    raw: _Raw,
    model: nn.Module,
    inputs: Sequence[torch.Tensor],
    tracer: str,
    reasons: dict[str, str],
) -> ModelGraph:
    modules = dict(model.named_modules())
    named_params = dict(model.named_parameters(remove_duplicate=False))
    kept = _elide_movement(raw)
    graph = nx.DiGraph()
    graph.add_nodes_from(kept)
    graph.add_edges_from((s, t) for t, sources in kept.items() for s in sources if s in kept)
    outputs = [n for n in kept if raw.kind[n] == "output"]
    alive = set(outputs).union(*(nx.ancestors(graph, o) for o in outputs)) if outputs else set()
    starts = [n for n in kept if raw.kind[n] == "input"]
    fed = set(starts).union(*(nx.descendants(graph, i) for i in starts)) if starts else set()
    # Functions no input feeds are constant work (position ids, shape arithmetic): left out,
    # their parameters (none, usually) then count as unreached.
    alive = {n for n in alive if n in fed or raw.kind[n] != "function"}
    graph = graph.subgraph(n for n in graph if n in alive).copy()

    flops = count_flops(model, inputs).per_module
    own = _own_flops(flops)
    seen: set[int] = set()
    nodes: dict[str, GraphNode] = {}
    scope_nodes: dict[str, list[str]] = {}
    for name in nx.topological_sort(graph):
        kind, target = raw.kind[name], raw.target[name]
        shape = raw.shape[name]
        module = modules.get(target) if kind == "module" else None
        params = nonzero = 0
        if module is not None:
            params, nonzero = _weights(module, seen)
        for pname in raw.params[name]:
            tensor = named_params.get(pname)
            if tensor is not None:
                p, nz = _tensor_count(tensor, seen)
                params, nonzero = params + p, nonzero + nz
        node = GraphNode(
            id=name,
            kind=kind,
            name=target,
            type=type(module).__name__ if module is not None else target,
            scope=raw.scope[name],
            shape=shape,
            params=params,
            nonzero=nonzero,
            flops=flops.get(target, 0) if module is not None else 0,
            quantized=module is not None and _is_quantized(module),
            width=_width(module, shape) if kind in ("module", "function") else None,
            heads=_heads(module),
            family=family_of(f"aten::{target}") if kind == "function" else "",
        )
        nodes[name] = node
        if kind == "function":
            scope_nodes.setdefault(node.scope, []).append(name)
    # A module's own FLOPs (BERT's attention products, run in BertSelfAttention.forward) go to
    # its matrix-product functions, shared equally, else to its first function.
    for scope, names in scope_nodes.items():
        extra = own.get(scope, 0)
        if extra <= 0 or (scope in modules and isinstance(modules[scope], ATOMIC_MODULES)):
            continue
        takers = [n for n in names if nodes[n].family in MATMUL_FAMILIES] or names[:1]
        for n in takers:
            nodes[n] = replace(nodes[n], flops=nodes[n].flops + extra // len(takers))
    missing = count_parameters(model) - sum(n.params for n in nodes.values())
    if missing > 0:
        nodes[UNREACHED] = _unreached(missing)
    return ModelGraph(nodes, tuple(graph.edges), tracer, reasons)


def _unreached(params: int) -> GraphNode:
    """The node of the parameters no traced node uses (an unused head, a dead branch)."""
    # Their zeros are not looked at: drawn as dense.
    return GraphNode(UNREACHED, "unreached", UNREACHED, "parameters", params=params, nonzero=params)


def build_graph(model: nn.Module, inputs: Sequence[torch.Tensor]) -> ModelGraph:
    """The module graph of ``model(*inputs)``: torch.fx first, torch.export when fx fails.

    Raises:
        TraceFailed: neither traced the model (the reason of each is kept).
    """
    start = time.perf_counter()
    reasons: dict[str, str] = {}
    for tracer, trace in (("torch.fx", _fx_raw), ("torch.export", _export_raw)):
        try:
            raw = trace(model, inputs)
        except Exception as err:  # any tracing error: try the next tracer, keep the reason
            reasons[tracer] = f"{type(err).__name__}: {str(err).strip().splitlines()[0][:300]}"
            continue
        graph = _assemble(raw, model, inputs, tracer, reasons)
        return replace(graph, build_ms=1e3 * (time.perf_counter() - start))
    raise TraceFailed(reasons)


def variant_graph(
    original: ModelGraph, variant: nn.Module, inputs: Sequence[torch.Tensor]
) -> ModelGraph:
    """The graph of a compressed ``variant``: traced itself where possible; otherwise (an int8
    module torch.export cannot trace) the original's graph with each module's numbers read
    from the variant's module of the same name."""
    try:
        return build_graph(variant, inputs)
    except TraceFailed as failed:
        reasons = failed.reasons
    start = time.perf_counter()
    modules = dict(variant.named_modules())
    seen: set[int] = set()
    nodes = {}
    for key, node in original.nodes.items():
        module = modules.get(node.name) if node.kind == "module" else None
        if module is None:
            nodes[key] = node
            continue
        params, nonzero = _weights(module, seen)
        nodes[key] = replace(
            node,
            type=type(module).__name__,
            params=params,
            nonzero=nonzero,
            quantized=_is_quantized(module),
            width=_width(module, None) or node.width,
            heads=_heads(module) or node.heads,
        )
    nodes.pop(UNREACHED, None)
    missing = count_parameters(variant) - sum(n.params for n in nodes.values())
    if missing > 0:
        nodes[UNREACHED] = _unreached(missing)
    return ModelGraph(
        nodes,
        original.edges,
        f"{original.tracer} (original's)",
        reasons,
        1e3 * (time.perf_counter() - start),
    )
