"""Architecture graphs: parameters that add up to the model's, FLOPs from the counter, shapes,
pruned widths, int8 markers, collapsed blocks and a networkx layout."""

from __future__ import annotations

import networkx as nx
import pytest
import torch
from torch import nn

from components.flops import count_flops
from components.graph import (
    TraceFailed,
    build_graph,
    collapse_blocks,
    graph_figure,
    layered_layout,
    repeated_blocks,
    variant_graph,
)
from components.profile import count_parameters
from components.quantization.dynamic import quantize_dynamic_int8
from components.quantization.settings import QuantSettings


class Block(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.fc = nn.Linear(dim, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.fc(self.norm(x))


class Net(nn.Module):
    def __init__(self, channels: int = 8, depth: int = 3):
        super().__init__()
        self.conv = nn.Conv2d(1, channels, 3)
        self.token = nn.Parameter(torch.zeros(1, channels))  # used by the model's own forward
        self.blocks = nn.ModuleList(Block(channels) for _ in range(depth))
        self.head = nn.Linear(channels, 3)
        self.unused = nn.Linear(2, 2)  # never called: its parameters are unreached

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.conv(x).mean(dim=(2, 3)) + self.token
        for block in self.blocks:
            h = block(h)
        return self.head(h)


class Untraceable(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.sum() > 0:  # data-dependent control flow: neither tracer follows it
            return self.fc(x)
        return x


X = (torch.rand(1, 1, 6, 6),)


@pytest.fixture(scope="module")
def net_graph():
    torch.manual_seed(0)
    model = Net().eval()
    return model, build_graph(model, X)


def test_parameter_total_equals_the_models(net_graph):
    model, graph = net_graph
    assert graph.tracer == "torch.fx"
    assert graph.params == count_parameters(model) == sum(p.numel() for p in model.parameters())
    assert graph.nodes["(unreached)"].params == 2 * 2 + 2  # the unused Linear
    assert graph.nodes["conv"].params == 8 * 9 + 8


def test_flops_come_from_the_counter(net_graph):
    model, graph = net_graph
    counted = count_flops(model, X)
    assert graph.flops == counted.total
    assert graph.nodes["conv"].flops == counted.per_module["conv"]


def test_shapes_and_widths(net_graph):
    _, graph = net_graph
    assert graph.nodes["conv"].shape == (1, 8, 4, 4)
    assert graph.nodes["conv"].width == 8
    assert graph.nodes["head"].width == 3
    assert nx.is_directed_acyclic_graph(graph.digraph())


def test_blocks_collapse_and_expand(net_graph):
    model, graph = net_graph
    blocks = repeated_blocks(model)
    assert blocks["blocks.1.fc"] == "blocks.1"
    collapsed = collapse_blocks(graph, blocks)
    names = {n.name for n in collapsed.nodes.values() if n.kind == "block"}
    assert names == {"blocks.0", "blocks.1", "blocks.2"}
    assert collapsed.params == graph.params and collapsed.flops == graph.flops
    opened = collapse_blocks(graph, blocks, frozenset({"blocks.1"}))
    assert "blocks_1_fc" in opened.nodes and "block:blocks.1" not in opened.nodes
    assert nx.is_directed_acyclic_graph(opened.digraph())


def test_layout_is_layered_by_topological_generation(net_graph):
    _, graph = net_graph
    positions = layered_layout(graph)
    assert set(positions) == set(graph.nodes)
    for source, target in graph.edges:
        assert positions[source][0] < positions[target][0]


def test_pruned_widths_and_int8_marks(net_graph):
    model, graph = net_graph
    torch.manual_seed(0)
    narrow = Net(channels=4).eval()
    pruned = variant_graph(graph, narrow, X)
    assert pruned.nodes["conv"].width == 4
    assert pruned.params == count_parameters(narrow)
    int8 = quantize_dynamic_int8(model, None, QuantSettings("dynamic_int8"), lambda *_: None)
    quantized = variant_graph(graph, int8.model, X)
    assert quantized.nodes["head"].quantized and not quantized.nodes["conv"].quantized
    assert quantized.params == count_parameters(int8.model)


def test_the_figure_marks_what_changed(net_graph):
    _, graph = net_graph
    narrow = variant_graph(graph, Net(channels=4).eval(), X)
    fig = graph_figure([("a", graph), ("b", narrow)], words=str, colour_label="sparsity")
    nodes = [trace for trace in fig.data if trace.mode == "markers+text"]
    assert len(nodes) == 2
    ids = list(nodes[0].customdata)
    conv = ids.index("conv")
    assert nodes[1].marker.size[conv] < nodes[0].marker.size[conv]
    assert "8 → 4" in nodes[1].hovertext[conv]


def test_untraceable_models_say_why():
    with pytest.raises(TraceFailed) as failed:
        build_graph(Untraceable(), (torch.rand(2, 4),))
    assert set(failed.value.reasons) == {"torch.fx", "torch.export"}
