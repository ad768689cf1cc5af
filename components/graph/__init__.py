"""A model's architecture graph: traced with ``torch.fx`` (or ``torch.export``), one node per
module call, laid out in layers by networkx and drawn with plotly, original beside variant."""

from components.graph.extract import (
    GraphNode,
    ModelGraph,
    TraceFailed,
    build_graph,
    variant_graph,
)
from components.graph.figure import graph_figure
from components.graph.layout import collapse_blocks, layered_layout, repeated_blocks

__all__ = [
    "GraphNode",
    "ModelGraph",
    "TraceFailed",
    "build_graph",
    "collapse_blocks",
    "graph_figure",
    "layered_layout",
    "repeated_blocks",
    "variant_graph",
]
