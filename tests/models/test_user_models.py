"""Bring your own model: importing a user's file, checking it, registering it."""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

import pytest
import torch
from safetensors.torch import save_file
from torch import nn

import models.user_models as user_models
from components.errors import UserFacingError
from components.quality import evaluate
from models.registry import REGISTRY, load_model, recorded_metrics
from models.user_models import (
    ENV_VAR,
    ERROR_KEYS,
    UserData,
    UserModelSpec,
    load_user_model_file,
    predict_outputs,
    register_from_startup,
    register_user_models,
    unregister_user_models,
    user_model_paths_from_env_and_argv,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "models" / "examples"
SMALL_RESNET = EXAMPLES / "small_resnet.py"
BRANCHING = EXAMPLES / "branching.py"

TINY = """
import torch
from torch import nn

def build_model():
    torch.manual_seed(0)
    return nn.Sequential(nn.Flatten(), nn.Linear(12, 3))

def example_input():
    return torch.ones(2, 3, 2, 2)
"""


def write(tmp_path: Path, text: str, name: str = "my_model.py") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def raised(path: Path) -> UserFacingError:
    with pytest.raises(UserFacingError) as info:
        load_user_model_file(path)
    assert info.value.key in ERROR_KEYS
    return info.value


@pytest.fixture(scope="module")
def resnet_spec() -> UserModelSpec:
    return load_user_model_file(SMALL_RESNET)


@pytest.fixture
def clean_registry():
    """Whatever a test registers is removed again, and the zoo is left as it was."""
    before = dict(REGISTRY)
    added: list[str] = []
    yield added
    unregister_user_models(added)
    assert dict(REGISTRY) == before


def test_example_model_spec(resnet_spec):
    spec = resnet_spec
    assert spec.name == "user_small_resnet"
    assert (spec.task, spec.input_kind) == ("classification", "image")
    assert spec.title == "Small ResNet (colour digits)"
    assert spec.output_shape == (10,)
    assert (spec.n_inputs, spec.has_labels, spec.has_train) == (1, True, True)
    assert Path(spec.weights_file) == EXAMPLES / "small_resnet.safetensors"
    assert spec.source == str(SMALL_RESNET)
    data = spec.load_data()
    assert data.x_test.shape == (450, 3, 32, 32)
    assert data.x_train.shape == (1347, 3, 32, 32)
    assert data.class_names == tuple("0123456789")


@pytest.mark.parametrize("batch", [1, 7, 500])
def test_example_input_batches(resnet_spec, batch):
    (x,) = resnet_spec.example_input(None, batch)
    assert x.shape == (batch, 3, 32, 32)
    data = resnet_spec.load_data()
    assert torch.equal(x[: min(batch, 450)], data.x_test[: min(batch, 450)])


def test_register_loads_and_reproduces_recorded_accuracy(clean_registry):
    names = register_user_models([SMALL_RESNET])
    clean_registry += names
    assert names == ["user_small_resnet"]
    assert REGISTRY["user_small_resnet"].source == str(SMALL_RESNET)
    assert register_user_models([SMALL_RESNET]) == names  # app reruns: not imported again
    assert list(REGISTRY).count("user_small_resnet") == 1

    spec = REGISTRY["user_small_resnet"]
    model = load_model("user_small_resnet")  # the zoo's own loader: build, weights, eval
    assert not model.training
    recorded = recorded_metrics(spec)["test_accuracy"]
    quality = evaluate(model, spec)
    assert quality.metric == "accuracy"
    assert quality.n == 450
    assert quality.value == pytest.approx(recorded, abs=1e-4)
    assert quality.value > 0.95


def test_name_clash_gets_a_suffix(tmp_path, clean_registry):
    first = write(tmp_path, TINY, "lenet.py")
    (tmp_path / "other").mkdir()
    second = write(tmp_path / "other", TINY, "lenet.py")
    names = register_user_models([first, second])
    clean_registry += names
    assert names == ["user_lenet", "user_lenet_2"]
    assert "lenet" in REGISTRY  # the zoo's entry is untouched


def test_register_reports_bad_files_and_keeps_the_good_ones(tmp_path, clean_registry):
    bad = write(tmp_path, "def build_model():\n    return 1\n", "bad.py")
    good = write(tmp_path, TINY, "good.py")
    errors = []
    names = register_user_models([bad, good], on_error=lambda p, e: errors.append((p, e.key)))
    clean_registry += names
    assert names == ["user_good"]
    assert errors == [(bad, "byom.error.missing_function")]
    with pytest.raises(UserFacingError):
        register_user_models([bad])


def test_url_safe_names(tmp_path, clean_registry):
    path = write(tmp_path, TINY, "My Model-v2.py")
    clean_registry += register_user_models([path])
    assert clean_registry == ["user_my_model_v2"]


def test_model_without_data_is_measured_by_outputs(tmp_path):
    spec = load_user_model_file(write(tmp_path, TINY))
    assert (spec.task, spec.input_kind, spec.has_labels) == ("outputs", "image", False)
    assert spec.weights_file is None
    data = spec.load_data()
    assert not data.has_labels and not data.has_train
    assert torch.equal(data.x_test, torch.ones(2, 3, 2, 2))
    assert spec.example_input(None, 3)[0].shape == (3, 3, 2, 2)


def test_weights_function_and_relative_path(tmp_path):
    model = nn.Sequential(nn.Flatten(), nn.Linear(12, 3))
    nn.init.constant_(model[1].weight, 0.5)
    (tmp_path / "w").mkdir()
    save_file(model.state_dict(), tmp_path / "w" / "tiny.safetensors")
    path = write(tmp_path, TINY + "\ndef weights():\n    return 'w/tiny.safetensors'\n")
    spec = load_user_model_file(path)
    assert Path(spec.weights_file) == tmp_path / "w" / "tiny.safetensors"
    REGISTRY[spec.name] = spec
    try:
        loaded = load_model(spec.name)
    finally:
        del REGISTRY[spec.name]
    assert torch.all(loaded[1].weight == 0.5)


TWO_INPUTS = """
import torch
from torch import nn

class Two(nn.Module):
    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.fc = nn.Linear(5, 2)
    def forward(self, a, b):
        return self.fc(torch.cat([a, b], 1))

def build_model():
    return Two()

def example_input():
    return torch.zeros(3, 2), torch.ones(3, 3)
"""


def test_two_inputs_make_a_tensor_model(tmp_path):
    spec = load_user_model_file(write(tmp_path, TWO_INPUTS))
    assert (spec.input_kind, spec.n_inputs, spec.task) == ("tensor", 2, "outputs")
    a, b = spec.example_input(None, 4)
    assert a.shape == (4, 2) and b.shape == (4, 3)
    data = spec.load_data()
    assert [tuple(x.shape) for x in data.test_inputs] == [(3, 2), (3, 3)]
    model = spec.build().eval()
    outputs = predict_outputs(model, data.test_inputs, batch_size=2)  # two batches: 2 + 1 rows
    assert torch.allclose(outputs, model(*data.test_inputs))


def test_two_inputs_with_data(tmp_path):
    data = (
        "\ndef load_data():\n    return {'x_test': (torch.ones(5, 2), torch.ones(5, 3)),"
        " 'y_test': torch.zeros(5, dtype=torch.long)}\n"
    )
    spec = load_user_model_file(write(tmp_path, TWO_INPUTS + data))
    assert (spec.task, spec.has_labels) == ("classification", True)
    assert [tuple(x.shape) for x in spec.example_input(None, 7)] == [(7, 2), (7, 3)]
    err = raised(write(tmp_path, TWO_INPUTS + data.replace(", torch.ones(5, 3))", ",)")))
    assert (err.key, err.values["expected"], err.values["got"]) == (
        "byom.error.data_inputs",
        2,
        "(5, 2)",
    )


# --- what a broken file is told ------------------------------------------------------------------


def test_missing_file_and_wrong_suffix(tmp_path):
    assert raised(tmp_path / "nope.py").key == "byom.error.file_missing"
    other = tmp_path / "model.txt"
    other.write_text(TINY)
    assert raised(other).key == "byom.error.not_python"


def test_import_error_names_the_line(tmp_path):
    err = raised(write(tmp_path, "import torch\n\nraise RuntimeError('no GPU here')\n"))
    assert err.key == "byom.error.import_failed"
    assert err.values["where"] == "my_model.py:3"
    assert err.values["error"] == "RuntimeError: no GPU here"


@pytest.mark.parametrize("missing", ["build_model", "example_input"])
def test_missing_function_is_named(tmp_path, missing):
    text = TINY.replace(f"def {missing}(", "def something_else(")
    err = raised(write(tmp_path, text))
    assert (err.key, err.values["function"]) == ("byom.error.missing_function", missing)


def test_function_that_raises_is_named_with_its_line(tmp_path):
    text = TINY.replace("torch.manual_seed(0)", "raise ValueError('bad width')")
    err = raised(write(tmp_path, text))
    assert err.key == "byom.error.call_failed"
    assert err.values["function"] == "build_model"
    assert err.values["where"] == "my_model.py:6"
    assert "bad width" in err.values["error"]


def test_forward_failure_names_the_input_shapes(tmp_path):
    err = raised(write(tmp_path, TINY.replace("torch.ones(2, 3, 2, 2)", "torch.ones(2, 5)")))
    assert err.key == "byom.error.forward_failed"
    assert err.values["shapes"] == "(2, 5)"
    assert err.values["inputs"] == "example_input()"


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("return nn.Sequential(nn.Flatten(), nn.Linear(12, 3))", "return 42", "not_a_module"),
        ("return torch.ones(2, 3, 2, 2)", "return [1, 2]", "bad_example"),
        ("nn.Linear(12, 3))", "nn.Linear(12, 3), nn.Flatten(0))", "batch_dim"),
    ],
)
def test_wrong_kinds_of_values(tmp_path, old, new, key):
    assert raised(write(tmp_path, TINY.replace(old, new))).key == f"byom.error.{key}"


def test_output_must_be_a_tensor(tmp_path):
    text = TINY.replace(
        "return nn.Sequential(nn.Flatten(), nn.Linear(12, 3))",
        "class D(nn.Module):\n        def forward(self, x):\n            return {'y': x}\n"
        "    return D()",
    )
    err = raised(write(tmp_path, text))
    assert (err.key, err.values["got"]) == ("byom.error.output_not_tensor", "dict")


def test_weights_missing_and_mismatched(tmp_path):
    err = raised(write(tmp_path, TINY + "WEIGHTS = 'absent.safetensors'\n"))
    assert err.key == "byom.error.weights_missing"
    assert raised(write(tmp_path, TINY + "WEIGHTS = 'w.pt'\n")).key == (
        "byom.error.weights_not_safetensors"
    )
    save_file({"1.weight": torch.zeros(4, 12), "1.bias": torch.zeros(3)}, tmp_path / "w.st")
    (tmp_path / "w.st").rename(tmp_path / "w.safetensors")
    err = raised(write(tmp_path, TINY + "WEIGHTS = 'w.safetensors'\n"))
    assert err.key == "byom.error.weights_mismatch"
    assert err.values["mismatched"] == "1.weight: (4, 12) ≠ (3, 12)"
    assert (err.values["missing"], err.values["unexpected"]) == ("—", "—")


def test_data_is_checked(tmp_path):
    base = TINY + "\ndef load_data():\n    return {{'x_test': torch.ones(4, 3, 2, 2), {}}}\n"
    err = raised(write(tmp_path, base.format("'y_test': torch.zeros(3, dtype=torch.long)")))
    assert err.key == "byom.error.data_lengths"
    assert (err.values["inputs"], err.values["labels"]) == (4, 3)
    err = raised(write(tmp_path, base.format("'y_test': torch.tensor([0, 1, 2, 3])")))
    assert (err.key, err.values["high"], err.values["classes"]) == (
        "byom.error.data_label_range",
        3,
        3,
    )
    err = raised(write(tmp_path, base.format("'y_test': torch.zeros(4)")))  # float labels
    assert err.key == "byom.error.data_labels"
    ok = load_user_model_file(write(tmp_path, base.format("'y_test': torch.tensor([0, 1, 2, 0])")))
    assert (ok.task, ok.has_labels, ok.has_train) == ("classification", True, False)
    assert ok.load_data().class_names == ("0", "1", "2")


# --- data and start-up options -------------------------------------------------------------------


def test_user_data_normalises_per_channel():
    data = UserData(x_test=torch.zeros(1, 3, 2, 2), mean=(0.1, 0.2, 0.3), std=(0.5, 0.5, 0.25))
    images = torch.rand(4, 3, 5, 5)
    x = data.normalise(images)
    assert x[:, 2].mean() == pytest.approx(float((images[:, 2] - 0.3).mean() / 0.25), rel=1e-5)
    assert torch.allclose(data.denormalise(x), images, atol=1e-6)
    assert torch.allclose(data.denormalise(x[0]), images[0], atol=1e-6)  # one (C, H, W) image
    assert torch.equal(UserData(x_test=images).normalise(images), images)  # identity


def test_paths_from_argv_and_environment(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    argv = ["--model", "a.py", "--theme", "dark", "--model=sub/b.py", "--model", "a.py"]
    environ = {ENV_VAR: f"{tmp_path / 'c.py'}::{tmp_path / 'a.py'}"}
    paths = user_model_paths_from_env_and_argv(argv, environ)
    assert paths == [tmp_path / "a.py", tmp_path / "sub" / "b.py", tmp_path / "c.py"]
    assert user_model_paths_from_env_and_argv([], {}) == []
    for bad in (["--model"], ["--model", "--other"], ["--model="]):
        with pytest.raises(UserFacingError) as info:
            user_model_paths_from_env_and_argv(bad, {})
        assert info.value.key == "byom.error.model_flag"


def test_register_from_startup_exports_the_paths(tmp_path, clean_registry):
    first = write(tmp_path, TINY, "first.py")
    second = write(tmp_path, TINY, "second.py")
    environ = {ENV_VAR: str(second)}
    names = register_from_startup(["--model", str(first)], environ)
    clean_registry += names
    assert names == ["user_first", "user_second"]
    # What a worker process inherits names both, though only one came from the environment.
    assert user_model_paths_from_env_and_argv([], environ) == [first, second]


def test_branching_example_loads_without_data():
    spec = load_user_model_file(BRANCHING)
    assert (spec.name, spec.task, spec.input_kind) == ("user_branching", "outputs", "image")
    assert spec.output_shape == (5,)
    assert isinstance(spec.build(), nn.Module)


def test_error_keys_list_every_key_used():
    text = Path(user_models.__file__).read_text(encoding="utf-8").split("ERROR_KEYS = (")[0]
    assert set(re.findall(r'"(byom\.error\.\w+)"', text)) == set(ERROR_KEYS)


COUNTED = """
import torch
from torch import nn

CALLS = []  # one entry per build_model() call

def build_model():
    CALLS.append(1)
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))

def example_input():
    return torch.randn(2, 4, generator=torch.Generator().manual_seed(0))
"""


def test_build_model_runs_once(tmp_path, clean_registry):
    """The start-up check builds the model; the shared model, the int8 check of the backends and
    fidelity's reference get copies of it instead of building again."""
    from components.acceleration.backends import availability
    from components.shared_models import fingerprint

    path = write(tmp_path, COUNTED, name="counted.py")
    (name,) = register_user_models([path])
    clean_registry.append(name)
    calls = sys.modules[user_models._module_name(path.resolve())].CALLS
    assert len(calls) == 1  # the start-up check
    shared = load_model(name)
    assert availability("int8_dynamic", REGISTRY[name]).ok
    evaluate(shared, REGISTRY[name])  # no labels: fidelity to a freshly loaded original
    assert len(calls) == 1
    copy = load_model(name)
    assert copy is not shared and fingerprint(copy) == fingerprint(shared)
