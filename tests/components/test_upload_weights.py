"""Uploaded weights: safetensors only, checked against the architecture, pickles never loaded."""

from __future__ import annotations

import io
import json
import pickle
import re
import struct
from pathlib import Path

import pytest
import torch
from safetensors.torch import save as save_safetensors

import components.upload_weights as upload
from components.errors import UserFacingError
from components.shared_models import fingerprint
from components.upload_weights import ERROR_KEYS, load_uploaded_weights, sniff_format
from models.lenet import LeNet


class Payload:
    """Unpickling this creates ``marker``: proof that a pickle's code ran."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


@pytest.fixture
def model() -> LeNet:
    torch.manual_seed(0)
    return LeNet().eval()


@pytest.fixture
def trained_state() -> dict[str, torch.Tensor]:
    torch.manual_seed(1)
    return {k: v.contiguous() for k, v in LeNet().state_dict().items()}


@pytest.fixture
def no_unpickling(monkeypatch):
    """Any attempt to unpickle or torch.load during the test fails it."""

    def forbidden(*_args, **_kwargs):
        raise AssertionError("something tried to unpickle the upload")

    monkeypatch.setattr(pickle, "loads", forbidden)
    monkeypatch.setattr(pickle, "load", forbidden)
    monkeypatch.setattr(pickle, "Unpickler", forbidden)
    monkeypatch.setattr(torch, "load", forbidden)


def refused(data: bytes, filename: str, model: LeNet) -> UserFacingError:
    before = fingerprint(model)
    with pytest.raises(UserFacingError) as info:
        load_uploaded_weights(data, filename, model)
    assert info.value.key in ERROR_KEYS
    assert fingerprint(model) == before
    return info.value


def test_good_upload_gives_a_new_model(model, trained_state):
    before = fingerprint(model)
    loaded = load_uploaded_weights(save_safetensors(trained_state), "lenet.safetensors", model)
    assert loaded is not model and not loaded.training
    assert fingerprint(model) == before  # the (shared) model handed in is untouched
    for key, value in loaded.state_dict().items():
        assert torch.equal(value, trained_state[key])
    assert loaded(torch.zeros(2, 1, 28, 28)).shape == (2, 10)


def test_payload_is_real(tmp_path):
    """The malicious pickle used below really runs code when unpickled."""
    marker = tmp_path / "ran"
    pickle.loads(pickle.dumps(Payload(marker)))
    assert marker.exists()


@pytest.mark.parametrize("suffix", [".pt", ".pth", ".bin", ".pkl", ".ckpt", ".PT"])
def test_pickle_name_is_refused_unread(tmp_path, model, no_unpickling, suffix):
    marker = tmp_path / "pwned"
    data = pickle.dumps(Payload(marker))
    err = refused(data, f"weights{suffix}", model)
    assert err.key == "byom.error.upload_pickle_name"
    assert err.values["suffix"] == suffix.lower()
    assert not marker.exists()


def test_torch_save_renamed_safetensors_is_refused_unread(tmp_path, model, no_unpickling):
    marker = tmp_path / "pwned"
    buffer = io.BytesIO()
    torch.save({"conv1.weight": torch.zeros(1), "x": Payload(marker)}, buffer)  # a zip file
    err = refused(buffer.getvalue(), "lenet.safetensors", model)
    assert (err.key, err.values["kind"]) == ("byom.error.upload_pickle_content", "zip")
    assert not marker.exists()


@pytest.mark.parametrize("protocol", [0, 2, 4, 5])
def test_pickle_renamed_safetensors_is_refused_unread(tmp_path, model, no_unpickling, protocol):
    marker = tmp_path / "pwned"
    data = pickle.dumps(Payload(marker), protocol=protocol)
    err = refused(data, "lenet.safetensors", model)
    assert (err.key, err.values["kind"]) == ("byom.error.upload_pickle_content", "pickle")
    assert not marker.exists()


def test_wrong_shape_names_the_key(model, trained_state):
    trained_state["conv2.weight"] = torch.zeros(16, 10, 5, 5)
    err = refused(save_safetensors(trained_state), "lenet.safetensors", model)
    assert err.key == "byom.error.weights_mismatch"
    assert err.values["mismatched"] == "conv2.weight: (16, 10, 5, 5) ≠ (20, 10, 5, 5)"
    assert err.values["file"] == "lenet.safetensors" and err.values["model"] == "LeNet"


def test_missing_and_unexpected_keys_are_named(model, trained_state):
    del trained_state["fc2.bias"]
    trained_state["fc3.weight"] = torch.zeros(2, 2)
    err = refused(save_safetensors(trained_state), "w.safetensors", model)
    assert (err.values["missing"], err.values["unexpected"]) == ("fc2.bias", "fc3.weight")
    assert err.values["mismatched"] == "—"


def test_long_key_lists_are_cut(model):
    state = {f"extra{i}": torch.zeros(1) for i in range(12)}
    err = refused(save_safetensors(state), "w.safetensors", model)
    assert err.values["unexpected"].endswith("…(+4)")
    assert err.values["missing"].count(",") == 7


def test_other_names_and_contents(model, trained_state):
    good = save_safetensors(trained_state)
    assert refused(good, "lenet.onnx", model).key == "byom.error.upload_not_safetensors"
    assert refused(good, "lenet", model).key == "byom.error.upload_not_safetensors"
    err = refused(b"\x00" * 64, "lenet.safetensors", model)
    assert err.key == "byom.error.upload_not_safetensors_content"
    assert refused(good[:-100], "lenet.safetensors", model).key == "byom.error.upload_unreadable"


def test_size_limit(model, trained_state, monkeypatch):
    monkeypatch.setattr(upload, "MAX_UPLOAD_BYTES", 1000)
    err = refused(save_safetensors(trained_state), "lenet.safetensors", model)
    assert err.key == "byom.error.upload_too_large"


def test_dtype_and_non_finite_values(model, trained_state):
    ints = dict(trained_state, **{"fc1.weight": torch.zeros(50, 320, dtype=torch.int32)})
    err = refused(save_safetensors(ints), "w.safetensors", model)
    assert (err.key, err.values["keys"]) == (
        "byom.error.upload_dtype",
        "fc1.weight: torch.int32 ≠ torch.float32",
    )
    nan = dict(trained_state, **{"fc2.bias": torch.full((10,), float("nan"))})
    err = refused(save_safetensors(nan), "w.safetensors", model)
    assert (err.key, err.values["keys"]) == ("byom.error.upload_not_finite", "fc2.bias")


def test_sniff_format_edge_cases():
    # A 640-byte header starts with 0x80 0x02, the bytes of pickle protocol 2's PROTO opcode.
    header = json.dumps({"x": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}})
    header = header.ljust(640).encode()
    data = struct.pack("<Q", len(header)) + header + b"\x00" * 4
    assert data[:2] == b"\x80\x02"
    assert sniff_format(data) == "safetensors"
    assert sniff_format(pickle.dumps([1], protocol=2)) == "pickle"
    assert sniff_format(b"PK\x03\x04rest") == "zip"
    assert sniff_format(b"") == "unknown"


def test_error_keys_list_every_key_used():
    text = Path(upload.__file__).read_text(encoding="utf-8").split("ERROR_KEYS = (")[0]
    used = set(re.findall(r'"(byom\.error\.\w+)"', text)) | {"byom.error.weights_mismatch"}
    assert used == set(ERROR_KEYS)
