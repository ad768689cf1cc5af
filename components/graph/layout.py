"""Repeated blocks collapsed into one node each, and a layered layout from networkx.

Layers are the graph's topological generations (``networkx.topological_generations``: every
node one step after its latest input), placed by ``networkx.multipartite_layout``, so the
picture reads left to right in the order the forward runs.
"""

from __future__ import annotations

import re
from dataclasses import replace

import networkx as nx
from torch import nn

from components.graph.extract import GraphNode, ModelGraph

_INDEX = re.compile(r"^\d+$")


def repeated_blocks(model: nn.Module) -> dict[str, str]:
    """Module path → the repeated block it lies in (``encoder.layer.3``), for every module
    inside a ModuleList/Sequential whose children (at least two) share one class."""
    blocks: dict[str, str] = {}
    for name, module in model.named_modules():
        if not isinstance(module, (nn.ModuleList, nn.Sequential)):
            continue
        children = list(module.named_children())
        if len(children) < 2 or len({type(c) for _, c in children}) != 1:
            continue
        if not any(True for _ in children[0][1].children()):
            continue  # a run of single layers (an MLP's Sequential) is no block
        for child_name, child in children:
            block = f"{name}.{child_name}" if name else child_name
            for sub, _ in child.named_modules():
                path = f"{block}.{sub}" if sub else block
                blocks.setdefault(path, block)
    return blocks


def _block_of(node: GraphNode, blocks: dict[str, str]) -> str | None:
    path = node.name if node.kind == "module" else node.scope
    while path:
        if path in blocks:
            return blocks[path]
        path = path.rpartition(".")[0]
    return None


def collapse_blocks(
    graph: ModelGraph, blocks: dict[str, str], expanded: frozenset[str] = frozenset()
) -> ModelGraph:
    """``graph`` with every repeated block (except the ``expanded`` ones) as one node carrying
    the sum of its parameters, non-zeros and FLOPs. A contraction that would make a cycle is
    left out (the block stays expanded)."""
    group = {}
    for key, node in graph.nodes.items():
        block = _block_of(node, blocks)
        group[key] = f"block:{block}" if block and block not in expanded else key
    quotient = nx.DiGraph()
    quotient.add_nodes_from(set(group.values()))
    quotient.add_edges_from((group[s], group[t]) for s, t in graph.edges if group[s] != group[t])
    if not nx.is_directed_acyclic_graph(quotient):
        return graph
    members: dict[str, list[GraphNode]] = {}
    for key, node in graph.nodes.items():
        members.setdefault(group[key], []).append(node)
    nodes = {}
    for key, inside in members.items():
        if len(inside) == 1 and not key.startswith("block:"):
            nodes[key] = inside[0]
            continue
        last = inside[-1]
        heads = [n.heads for n in inside if n.heads]
        widths = [n.width for n in inside if n.kind == "module" and n.width]
        nodes[key] = GraphNode(
            id=key,
            kind="block",
            name=key.removeprefix("block:"),
            type="block",
            shape=last.shape,
            params=sum(n.params for n in inside),
            nonzero=sum(n.nonzero for n in inside),
            flops=sum(n.flops for n in inside),
            quantized=any(n.quantized for n in inside),
            width=max(widths) if widths else last.width,
            heads=max(heads) if heads else None,
            members=len(inside),
        )
    return replace(graph, nodes=nodes, edges=tuple(quotient.edges))


def layered_layout(graph: ModelGraph) -> dict[str, tuple[float, float]]:
    """(x, y) of every node: x the topological generation, y spread within it."""
    digraph = graph.digraph()
    for layer, names in enumerate(nx.topological_generations(digraph)):
        for name in sorted(names):  # sorted: the same graph always gets the same picture
            digraph.nodes[name]["layer"] = layer
    positions = nx.multipartite_layout(digraph, subset_key="layer", align="vertical")
    return {k: (float(v[0]), float(v[1])) for k, v in positions.items()}
