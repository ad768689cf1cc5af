"""The model zoo: names, specs, example inputs and the shipped trained weights."""

from __future__ import annotations

import pytest
import torch

from models.data import load_digits_split
from models.gpt import validation_ids
from models.registry import (
    CODE_WINDOW,
    REGISTRY,
    generative,
    get_spec,
    load_model,
    model_names,
    recorded_metrics,
)
from models.training import accuracy
from models.weights import ModelLoadError


@pytest.fixture(autouse=True)
def shipped_weights(monkeypatch):
    """Every test here reads the weights shipped in models/weights/."""
    monkeypatch.delenv("MODELLENS_WEIGHTS_DIR", raising=False)


@pytest.fixture(scope="module")
def tiny_vit():
    return load_model("tiny_vit")


def test_model_names():
    assert model_names() == ["lenet", "tiny_vit", "minilm", "gpt"]
    assert set(REGISTRY) == {"lenet", "tiny_vit", "minilm", "gpt"}


@pytest.mark.parametrize("name", ["lenet", "tiny_vit", "minilm", "gpt"])
def test_spec_fields(name):
    spec = get_spec(name)
    assert spec.name == name
    assert spec.input_kind in ("image", "text", "multimodal")
    assert spec.task in ("classification", "sentence-embedding", "text-generation")
    assert spec.title
    assert spec.retrain_command == f"python -m models.train {name}"


def test_unknown_name_lists_known_models():
    with pytest.raises(ModelLoadError) as info:
        get_spec("resnet")
    message = str(info.value)
    assert "resnet" in message
    for name in ("lenet", "tiny_vit", "minilm"):
        assert name in message
    with pytest.raises(ModelLoadError):
        load_model("resnet")


@pytest.mark.parametrize("batch", [1, 7, 500])
def test_lenet_example_input_shapes(batch):
    spec = get_spec("lenet")
    (x,) = spec.example_input(None, batch)
    assert x.shape == (batch, 1, 28, 28)
    assert x.dtype == torch.float32


def test_example_input_larger_than_test_set_repeats_it():
    x_test = load_digits_split().x_test
    (x,) = get_spec("lenet").example_input(None, 500)
    assert torch.equal(x[:450], x_test)
    assert torch.equal(x[450:], x_test[:50])
    # A copy: writing to it must not touch the cached split.
    x.zero_()
    assert float(load_digits_split().x_test.abs().sum()) > 0


@pytest.mark.parametrize(("name", "floor"), [("lenet", 0.95), ("tiny_vit", 0.93)])
def test_shipped_weights_reach_recorded_accuracy(name, floor):
    model = load_model(name)
    assert not model.training
    data = load_digits_split()
    measured = accuracy(model, data.x_test, data.y_test)
    assert measured >= floor
    recorded = recorded_metrics(get_spec(name))
    assert recorded is not None
    assert recorded["n_test"] == 450
    assert measured == pytest.approx(recorded["test_accuracy"], abs=1e-3)


def test_recorded_metrics_absent_for_packaged_model():
    assert recorded_metrics(get_spec("minilm")) is None


def test_tiny_vit_attention_maps(tiny_vit):
    x = load_digits_split().x_test[:3]
    with torch.no_grad():
        logits = tiny_vit(x)
        logits_att, maps = tiny_vit.forward_with_attention(x)
    torch.testing.assert_close(logits_att, logits, atol=1e-5, rtol=1e-4)
    assert logits.shape == (3, 10)
    assert len(maps) == 4
    tokens = 1 + (28 // 4) ** 2  # class token + 7×7 patches
    assert tokens == 50
    for attention in maps:
        assert attention.shape == (3, 4, tokens, tokens)
        assert float(attention.min()) >= 0.0
        torch.testing.assert_close(attention.sum(-1), torch.ones(3, 4, tokens))


def test_the_code_gpt_reads_rows_of_validation_tokens():
    spec = get_spec("gpt")
    assert generative(spec) and not generative(get_spec("minilm"))
    (ids,) = spec.example_input(None, 3)
    assert ids.shape == (3, CODE_WINDOW) and ids.dtype == torch.long
    assert torch.equal(ids[0], validation_ids()[:CODE_WINDOW])
