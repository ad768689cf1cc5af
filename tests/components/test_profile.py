"""Model profile: parameter counts, layer table, sparsity, size, grouping."""

from __future__ import annotations

import pandas as pd
import pytest
import torch

from components.flops import count_flops
from components.profile import (
    LAYER_COLUMNS,
    block_name,
    count_parameters,
    global_sparsity,
    group_layers,
    iter_layers,
    layer_table,
    profile_model,
    serialized_size_bytes,
)
from models.lenet import LeNet
from models.registry import get_spec, load_model, recorded_metrics
from models.tiny_vit import TinyViT

LENET_PARAMS = (10 * 25 + 10) + (20 * 10 * 25 + 20) + (320 * 50 + 50) + (50 * 10 + 10)


@pytest.fixture
def lenet() -> LeNet:
    torch.manual_seed(0)
    return LeNet()


def test_count_parameters_lenet(lenet):
    assert LENET_PARAMS == 21840
    assert count_parameters(lenet) == 21840


def test_count_parameters_counts_shared_once():
    shared = torch.nn.Linear(4, 4)
    model = torch.nn.Sequential(shared, shared)
    assert count_parameters(model) == 4 * 4 + 4


def test_layer_table_lenet(lenet):
    flops = count_flops(lenet, (torch.zeros(1, 1, 28, 28),))
    table = layer_table(lenet, flops)
    assert list(table.columns) == LAYER_COLUMNS
    assert table["name"].tolist() == ["conv1", "conv2", "fc1", "fc2"]
    assert table["type"].tolist() == ["Conv2d", "Conv2d", "Linear", "Linear"]
    assert table["shape"].tolist() == ["10×1×5×5", "20×10×5×5", "50×320", "10×50"]
    assert table["params"].tolist() == [260, 5020, 16050, 510]
    assert table["nonzero"].tolist() == [260, 5020, 16050, 510]
    assert table["sparsity"].tolist() == [0.0, 0.0, 0.0, 0.0]
    assert table["flops"].tolist() == [288000, 640000, 32000, 1000]
    assert int(table["params"].sum()) == 21840
    # Without a FLOP count the column is zero.
    assert layer_table(lenet)["flops"].tolist() == [0, 0, 0, 0]


def test_sparsity_after_zeroing_half_of_fc1(lenet):
    with torch.no_grad():
        lenet.fc1.weight[:25].zero_()  # 25 of 50 rows: 8000 of 16000 weights
    table = layer_table(lenet).set_index("name")
    assert table.loc["fc1", "nonzero"] == 16050 - 8000
    assert table.loc["fc1", "sparsity"] == pytest.approx(0.5, abs=0.01)
    assert table.loc["fc1", "sparsity"] == pytest.approx(8000 / 16050)
    assert table.loc["conv1", "sparsity"] == 0.0
    assert global_sparsity(lenet) == pytest.approx(8000 / 21840)
    zeros = (table["params"] - table["nonzero"]).sum()
    assert global_sparsity(lenet) == pytest.approx(zeros / table["params"].sum())


def test_serialized_size(lenet):
    small = serialized_size_bytes(lenet)
    wide = LeNet(c1=20)
    assert count_parameters(wide) > count_parameters(lenet)
    assert serialized_size_bytes(wide) > small
    for model in (lenet, wide):
        raw = 4 * count_parameters(model)  # float32
        size = serialized_size_bytes(model)
        assert raw < size <= 1.1 * raw, (raw, size)


def test_iter_layers_treats_attention_as_one_layer():
    model = TinyViT()
    names = [name for name, _ in iter_layers(model)]
    for i in range(4):
        assert f"blocks.{i}.attn" in names
        assert f"blocks.{i}.attn.out_proj" not in names
    assert names[:3] == ["embed.proj", "blocks.0.norm1", "blocks.0.attn"]
    assert names[-2:] == ["head.norm", "head.fc"]
    assert len(names) == 1 + 4 * 5 + 2
    table = layer_table(model).set_index("name")
    # in_proj (3·64×64 + 3·64) and out_proj (64×64 + 64) together.
    assert table.loc["blocks.0.attn", "params"] == 4 * 64 * 64 + 4 * 64
    assert table.loc["blocks.0.attn", "shape"] == "192×64"
    assert table.loc["blocks.0.attn", "type"] == "MultiheadAttention"
    # Every parameter is in exactly one row, except the embedding's cls/pos tokens, which
    # belong to PatchEmbedding (not a leaf).
    pos_and_cls = 50 * 64 + 64
    assert int(table["params"].sum()) == count_parameters(model) - pos_and_cls


@pytest.mark.parametrize(
    ("layer", "block"),
    [
        ("encoder.encoder.layer.3.attention.self.query", "encoder.encoder.layer.3"),
        ("blocks.0.attn", "blocks.0"),
        ("embed.proj", "embed"),
        ("encoder.embeddings.word_embeddings", "encoder"),
        ("fc1", "fc1"),
    ],
)
def test_block_name(layer, block):
    assert block_name(layer) == block


def test_group_layers_keeps_short_tables(lenet):
    table = layer_table(lenet)
    assert group_layers(table) is table


def minilm_like_table() -> pd.DataFrame:
    names = ["encoder.embeddings.word_embeddings", "encoder.embeddings.LayerNorm"]
    for i in range(6):
        names += [
            f"encoder.encoder.layer.{i}.attention.self.query",
            f"encoder.encoder.layer.{i}.attention.self.key",
            f"encoder.encoder.layer.{i}.attention.self.value",
            f"encoder.encoder.layer.{i}.attention.output.dense",
            f"encoder.encoder.layer.{i}.intermediate.dense",
            f"encoder.encoder.layer.{i}.output.dense",
        ]
    rows = [
        {
            "name": name,
            "type": "Linear",
            "shape": "",
            "params": 100,
            "nonzero": 50 if ".layer.2." in name else 100,
            "sparsity": 0.0,
            "flops": 10,
        }
        for name in names
    ]
    return pd.DataFrame(rows, columns=LAYER_COLUMNS)


def test_group_layers_sums_per_block():
    table = minilm_like_table()
    assert len(table) == 38
    grouped = group_layers(table)
    assert list(grouped.columns) == LAYER_COLUMNS
    assert grouped["name"].tolist() == ["encoder"] + [
        f"encoder.encoder.layer.{i}" for i in range(6)
    ]
    assert grouped["params"].tolist() == [200] + [600] * 6
    assert grouped["flops"].tolist() == [20] + [60] * 6
    assert grouped["sparsity"].tolist() == [0.0, 0.0, 0.0, 0.5, 0.0, 0.0, 0.0]
    assert set(grouped["type"]) == {"block"}
    assert int(grouped["params"].sum()) == int(table["params"].sum())
    # A long table stays whole when the limit allows it.
    assert group_layers(table, max_rows=38) is table


def test_group_layers_block_without_params_has_zero_sparsity():
    table = minilm_like_table()
    table.loc[table["name"].str.startswith("encoder.embeddings"), ["params", "nonzero"]] = 0
    grouped = group_layers(table)
    assert grouped.loc[grouped["name"] == "encoder", "sparsity"].item() == 0.0


def test_profile_model_lenet(monkeypatch):
    monkeypatch.delenv("MODELLENS_WEIGHTS_DIR", raising=False)
    spec = get_spec("lenet")
    model = load_model("lenet")
    profile = profile_model(model, spec, batch_size=4, threads=1, min_run_time=0.05)
    assert profile.params == 21840
    assert profile.size_bytes == serialized_size_bytes(model)
    assert profile.sparsity == global_sparsity(model)
    assert profile.flops.total == 961000
    assert profile.flops.batch_size == 1
    assert profile.layers["flops"].tolist() == [288000, 640000, 32000, 1000]
    assert profile.quality.metric == "accuracy"
    assert profile.quality.n == 450
    assert profile.quality.value == pytest.approx(recorded_metrics(spec)["test_accuracy"], abs=1e-3)
    assert profile.latency.batch_size == 4
    assert profile.latency.threads == 1
    assert profile.latency.median_s > 0


def test_profile_model_without_latency(monkeypatch):
    monkeypatch.delenv("MODELLENS_WEIGHTS_DIR", raising=False)
    model = load_model("lenet")
    profile = profile_model(model, get_spec("lenet"), with_latency=False)
    assert profile.latency is None
    assert profile.flops.total == 961000
    assert profile.params == 21840
