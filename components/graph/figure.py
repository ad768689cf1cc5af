"""The architecture graph as a plotly figure: original and variant side by side (one row each),
marker size from the node's width (so removed channels and heads show), colour from its
sparsity, diamonds for quantized modules, the numbers on hover."""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from components.graph.extract import GraphNode, ModelGraph
from components.graph.layout import layered_layout
from components.i18n import format_count

SIZE_RANGE = (8.0, 34.0)  # marker diameters in px: the narrowest and the widest node
SYMBOLS = {"input": "triangle-right", "output": "triangle-left", "block": "square"}


def _label(node: GraphNode) -> str:
    if node.kind == "module":
        return node.name.rsplit(".", 1)[-1]
    if node.kind == "block":  # encoder.encoder.layer.3 → layer.3
        return ".".join(node.name.split(".")[-2:])
    return node.name


def _hover(node: GraphNode, before: GraphNode | None, words: Callable[[str], str]) -> str:
    """The node's numbers, and what changed from the original's node of the same id.
    Names come from the model (a brought model's are untrusted): escaped."""
    lines = [f"<b>{html.escape(node.name)}</b> · {html.escape(node.type)}"]
    if node.kind == "block":
        lines.append(f"{words('members')}: {node.members}")
    if node.shape:
        lines.append(f"{words('shape')}: {'×'.join(map(str, node.shape))}")

    def changed(value: object, old: object) -> str:
        return f"{old} → {value}" if before is not None and old != value else f"{value}"

    if node.width:
        lines.append(f"{words('width')}: {changed(node.width, before and before.width)}")
    if node.heads:
        lines.append(f"{words('heads')}: {changed(node.heads, before and before.heads)}")
    if node.params:
        old = format_count(before.params) if before else ""
        lines.append(f"{words('params')}: {changed(format_count(node.params), old)}")
        lines.append(f"{words('sparsity')}: {node.sparsity:.1%}")
    if node.flops:
        lines.append(f"{words('flops')}: {format_count(node.flops)}")
    if node.quantized:
        lines.append(words("quantized"))
    return "<br>".join(lines)


def _ranks(nodes: Sequence[GraphNode], pos: dict[str, tuple[float, float]]) -> list[int]:
    """Each node's place from the top within its layer (same x)."""
    order = sorted(nodes, key=lambda n: (round(pos[n.id][0], 6), -pos[n.id][1]))
    rank, seen = {}, {}
    for node in order:
        x = round(pos[node.id][0], 6)
        rank[node.id] = seen.get(x, 0)
        seen[x] = rank[node.id] + 1
    return [rank[n.id] for n in nodes]


def _size(width: int | None, widest: int) -> float:
    if not width or widest <= 0:
        return SIZE_RANGE[0]
    low, high = SIZE_RANGE
    return low + (high - low) * math.sqrt(min(width / widest, 1.0))


def graph_figure(
    graphs: Sequence[tuple[str, ModelGraph]],
    *,
    words: Callable[[str], str],
    colour_label: str,
    title: str = "",
) -> go.Figure:
    """One row per (title, graph). Graphs with the nodes of the first share its layout, and
    sizes are relative to the first's widest node, so a pruned layer looks smaller."""
    first = graphs[0][1]
    positions = layered_layout(first)
    widest = max((n.width or 0 for n in first.nodes.values()), default=0)
    fig = make_subplots(
        rows=len(graphs),
        cols=1,
        subplot_titles=[html.escape(name) for name, _ in graphs],
        vertical_spacing=0.08,
    )
    for row, (_, graph) in enumerate(graphs, start=1):
        pos = positions if set(graph.nodes) == set(first.nodes) else layered_layout(graph)
        xs: list[float | None] = []
        ys: list[float | None] = []
        for source, target in graph.edges:
            xs += [pos[source][0], pos[target][0], None]
            ys += [pos[source][1], pos[target][1], None]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"width": 1, "color": "#b0b0b0"},
                hoverinfo="skip",
                showlegend=False,
            ),
            row=row,
            col=1,
        )
        nodes = list(graph.nodes.values())
        before = first.nodes if row > 1 else {}
        fig.add_trace(
            go.Scatter(
                x=[pos[n.id][0] for n in nodes],
                y=[pos[n.id][1] for n in nodes],
                mode="markers+text",
                text=[html.escape(_label(n)) for n in nodes],
                # Neighbours in one layer alternate above and below: long names overlap less.
                textposition=[
                    "top center" if rank % 2 == 0 else "bottom center"
                    for rank in _ranks(nodes, pos)
                ],
                textfont={"size": 9},
                hovertext=[_hover(n, before.get(n.id), words) for n in nodes],
                hoverinfo="text",
                customdata=[n.id for n in nodes],
                marker={
                    "size": [_size(n.width, widest) for n in nodes],
                    "color": [n.sparsity for n in nodes],
                    "cmin": 0.0,
                    "cmax": 1.0,
                    "colorscale": "Viridis",
                    "symbol": [
                        "diamond" if n.quantized else SYMBOLS.get(n.kind, "circle") for n in nodes
                    ],
                    "line": {"width": [2 if n.quantized else 0.5 for n in nodes], "color": "#222"},
                    "colorbar": {"title": colour_label, "tickformat": ".0%", "len": 0.5}
                    if row == 1
                    else None,
                    "showscale": row == 1,
                },
                showlegend=False,
                name=graphs[row - 1][0],
            ),
            row=row,
            col=1,
        )
        fig.update_xaxes(visible=False, row=row, col=1)
        fig.update_yaxes(visible=False, row=row, col=1)
    fig.update_layout(
        title=html.escape(title) or None,
        height=max(320, 300 * len(graphs)),
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        hovermode="closest",
    )
    return fig
