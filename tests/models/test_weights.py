"""Loading weights: every failure is a ModelLoadError whose message says what is wrong."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
import torch
from safetensors.torch import save_file

from models.lenet import LeNet
from models.registry import load_model
from models.weights import (
    ModelLoadError,
    WeightsMismatchError,
    WeightsMissingError,
    load_weights,
)


@pytest.fixture
def weights_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("MODELLENS_WEIGHTS_DIR", str(tmp_path))
    return tmp_path


def lenet_state() -> dict[str, torch.Tensor]:
    torch.manual_seed(0)
    return {k: v.clone().contiguous() for k, v in LeNet().state_dict().items()}


class Payload:
    """Unpickling this creates ``path``: proof that a file was unpickled."""

    def __init__(self, path: Path):
        self.path = path

    def __reduce__(self):
        return (open, (str(self.path), "w"))


def test_valid_file_loads(weights_dir):
    state = lenet_state()
    save_file(state, weights_dir / "lenet.safetensors")
    model = load_model("lenet")
    assert not model.training
    for key, value in model.state_dict().items():
        assert torch.equal(value, state[key]), key


def test_missing_file_says_how_to_recreate(weights_dir):
    with pytest.raises(WeightsMissingError) as info:
        load_model("lenet")
    message = str(info.value)
    assert "python -m models.train lenet" in message
    assert str(weights_dir / "lenet.safetensors") in message
    assert isinstance(info.value, ModelLoadError)


def test_wrong_shape_names_key_and_both_shapes(weights_dir):
    state = lenet_state()
    state["fc1.weight"] = torch.zeros(50, 321)
    save_file(state, weights_dir / "lenet.safetensors")
    with pytest.raises(WeightsMismatchError) as info:
        load_model("lenet")
    message = str(info.value)
    assert "fc1.weight" in message
    assert "(50, 321)" in message  # in the file
    assert "(50, 320)" in message  # in the model
    assert info.value.mismatched == [("fc1.weight", (50, 321), (50, 320))]
    assert info.value.missing == []
    assert info.value.unexpected == []


def test_extra_key_is_named(weights_dir):
    state = lenet_state()
    state["fc3.weight"] = torch.zeros(2, 2)
    save_file(state, weights_dir / "lenet.safetensors")
    with pytest.raises(WeightsMismatchError) as info:
        load_model("lenet")
    assert "fc3.weight" in str(info.value)
    assert "unexpected" in str(info.value)
    assert info.value.unexpected == ["fc3.weight"]


def test_missing_key_is_named(weights_dir):
    state = lenet_state()
    del state["fc2.bias"]
    save_file(state, weights_dir / "lenet.safetensors")
    with pytest.raises(WeightsMismatchError) as info:
        load_model("lenet")
    assert "fc2.bias" in str(info.value)
    assert "missing" in str(info.value)
    assert info.value.missing == ["fc2.bias"]


def test_mismatch_leaves_model_untouched(tmp_path):
    state = lenet_state()
    state["fc1.weight"] = torch.zeros(50, 321)
    path = tmp_path / "bad.safetensors"
    save_file(state, path)
    model = LeNet()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    with pytest.raises(WeightsMismatchError):
        load_weights(model, path)
    for key, value in model.state_dict().items():
        assert torch.equal(value, before[key]), key


def test_corrupt_file_is_a_load_error(weights_dir):
    (weights_dir / "lenet.safetensors").write_bytes(os.urandom(4096))
    with pytest.raises(ModelLoadError) as info:
        load_model("lenet")
    assert "lenet.safetensors" in str(info.value)
    assert not isinstance(info.value, WeightsMismatchError | WeightsMissingError)


def test_empty_file_is_a_load_error(weights_dir):
    (weights_dir / "lenet.safetensors").write_bytes(b"")
    with pytest.raises(ModelLoadError):
        load_model("lenet")


def test_payload_is_live_when_unpickled(tmp_path):
    # Sanity check of the test below: this payload really runs code when unpickled.
    marker = tmp_path / "unpickled"
    pickle.loads(pickle.dumps(Payload(marker)))
    assert marker.exists()


@pytest.mark.parametrize("writer", ["torch.save", "pickle"])
def test_pickle_is_refused_never_unpickled(weights_dir, tmp_path, writer):
    marker = tmp_path / "unpickled"
    obj = {**lenet_state(), "payload": Payload(marker)}
    path = weights_dir / "lenet.safetensors"
    if writer == "torch.save":
        torch.save(obj, path)
    else:
        path.write_bytes(pickle.dumps(obj))
    with pytest.raises(ModelLoadError):
        load_model("lenet")
    assert not marker.exists()
