"""What applies to a model, found by introspection and trials on private copies."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
from torch import nn

import components.capabilities as capabilities_module
from components.capabilities import (
    REASON_KEYS,
    Capabilities,
    Capability,
    InputInfo,
    applicability,
    capabilities,
    chained_layers,
    describe_inputs,
)
from components.explain.attributions import ATTRIBUTION_METHODS, RELU_VARIANT_KEY
from components.explain.attributions import REASON_KEYS as EXPLAIN_REASONS
from components.quantization.applies import REASON_KEYS as QUANT_REASONS
from components.shared_models import fingerprint, leftover_hooks
from models.registry import ModelSpec, get_spec, load_model
from models.user_models import UserData, load_user_model_file
from models.weights import load_weights

pytestmark = pytest.mark.usefixtures("one_thread")

EXAMPLES = Path(__file__).resolve().parents[2] / "models" / "examples"
BROUGHT = Path(__file__).resolve().parents[1] / "models" / "brought"
KNOWN_REASONS = (
    set(REASON_KEYS)
    | set(EXPLAIN_REASONS.values())
    | {RELU_VARIANT_KEY, "distill.not_applicable", *QUANT_REASONS}
)


def checked(model: nn.Module, spec: ModelSpec) -> Capabilities:
    """capabilities(), asserting that the model came back untouched and every reason is known."""
    before = fingerprint(model)
    caps = capabilities(model, spec)
    assert fingerprint(model) == before
    assert leftover_hooks(model) == 0
    applies = caps.applies
    for value in [
        *vars(caps).values(),
        *caps.explain_methods.values(),
        *vars(applies).values(),
        *applies.quantization.values(),
    ]:
        if hasattr(value, "reason_key") and value.reason_key is not None:
            assert value.reason_key in KNOWN_REASONS
    return caps


def user_model(path: Path) -> tuple[nn.Module, ModelSpec]:
    spec = load_user_model_file(path)
    model = spec.build()
    if spec.weights_file:
        load_weights(model, Path(spec.weights_file))
    return model.eval(), spec


def image_spec(model: nn.Module, classes: int = 3) -> ModelSpec:
    """A spec for a small image model built in a test (labelled random data)."""
    generator = torch.Generator().manual_seed(0)
    data = UserData(
        x_test=torch.rand(8, 1, 6, 6, generator=generator),
        y_test=torch.arange(8) % classes,
        x_train=torch.rand(8, 1, 6, 6, generator=generator),
        y_train=torch.arange(8) % classes,
    )
    return ModelSpec(
        name="test_model",
        title="test model",
        task="classification",
        input_kind="image",
        build=lambda: model,
        load_data=lambda: data,
        example_input=lambda _m, batch: (data.x_test[:batch],),
    )


@pytest.fixture(scope="module")
def lenet_caps() -> Capabilities:
    return checked(load_model("lenet"), get_spec("lenet"))


@pytest.fixture(scope="module")
def resnet() -> tuple[nn.Module, ModelSpec]:
    return user_model(EXAMPLES / "small_resnet.py")


def test_lenet(lenet_caps):
    caps = lenet_caps
    assert caps.conv_layers == ("conv1", "conv2")
    assert caps.sequential_children.ok
    assert caps.chain[:3] == ("conv1", "relu1", "pool1") and caps.chain[-1] == "fc2"
    assert caps.channel_pruning.ok and caps.channel_pruning.reason_key is None
    assert set(caps.channel_groups) == {("conv1",), ("conv2",), ("fc1",)}  # fc2 keeps 10 outputs
    assert caps.channel_blocked == ()
    assert caps.dynamic_int8.ok and caps.dynamic_int8.reason_values == {"layers": 2}
    assert caps.masked_pruning.reason_values == {"layers": 4}
    assert caps.has_labels and caps.classification and caps.finetuning and caps.distillation
    assert not caps.attention and caps.attention.reason_key == "byom.reason.no_attention"
    assert caps.applicable_methods == list(ATTRIBUTION_METHODS)


def test_tiny_vit_attention():
    caps = checked(load_model("tiny_vit"), get_spec("tiny_vit"))
    assert caps.attention.ok
    assert caps.attention.reason_values == {"layers": 4, "heads": 4}
    assert caps.attention_modules == tuple(f"blocks.{i}.attn" for i in range(4))
    assert caps.conv_layers == ("embed.proj",)
    # embed → blocks.0 … blocks.3 → head: the ModuleList's items chain like TinyViT.forward.
    assert caps.chain == ("embed", *(f"blocks.{i}" for i in range(4)), "head")
    assert caps.explain_methods["guided_backprop"].reason_key == "explain.reason.no_relu"
    assert caps.explain_methods["deeplift"].reason_key == "explain.reason.deeplift_rules"
    assert caps.explain_methods["gradcam"].ok


def test_example_resnet(resnet):
    model, spec = resnet
    caps = checked(model, spec)
    assert caps.conv_layers[0] == "stem.conv"
    assert {"layer2.shortcut.0", "layer3.conv2"} <= set(caps.conv_layers)
    # The skips live inside the blocks: the top-level children still chain.
    assert caps.sequential_children.ok
    assert caps.chain == ("stem", "layer1", "layer2", "layer3", "pool", "flatten", "fc")
    # A residual add ties a block's output channels to its shortcut's: one group, cut together.
    assert ("layer2.conv2", "layer2.shortcut.0") in caps.channel_groups
    assert caps.channel_pruning.ok and caps.channel_blocked == ()
    assert caps.has_labels and caps.finetuning and caps.distillation
    assert caps.applicable_methods == list(ATTRIBUTION_METHODS)


def test_branching_model_degrades_with_reasons():
    model, spec = user_model(EXAMPLES / "branching.py")
    caps = checked(model, spec)
    assert caps.conv_layers == ("conv",)
    assert not caps.sequential_children
    assert caps.sequential_children.reason_key == "byom.reason.chain_fails"
    assert caps.sequential_children.reason_values["layer"] == "attn"
    assert caps.chain == ()
    # The hard-coded view(batch, 8, -1) breaks once conv loses channels; colour's group is fine.
    assert caps.channel_pruning.ok
    assert caps.channel_pruning.reason_key == "byom.reason.channel_partial"
    assert caps.channel_pruning.reason_values["layers"] == "conv, attn"
    assert "embed_dim" in caps.channel_pruning.reason_values["error"]
    assert caps.channel_groups == (("colour",),)
    assert caps.channel_blocked == ("conv", "attn")
    assert caps.attention.reason_key == "byom.reason.attention_weights_dropped"
    assert caps.attention.reason_values == {"modules": "attn"}
    assert caps.has_labels.reason_key == "byom.reason.no_labels"
    assert caps.finetuning.reason_key == "byom.reason.needs_labels_to_train"
    assert not caps.distillation
    assert caps.reused_modules == ("act",)
    assert caps.dynamic_int8.ok
    assert caps.explain_methods["deeplift"].reason_key == "explain.reason.deeplift_rules"
    assert caps.explain_methods["gradcam"].ok and caps.explain_methods["occlusion"].ok


def test_without_trials_only_the_trace_decides():
    model, spec = user_model(EXAMPLES / "branching.py")
    caps = capabilities(model, spec, trials=False)
    assert caps.channel_pruning == Capability(True)  # the hard-coded view goes unnoticed
    assert caps.channel_groups == (("colour",), ("conv", "attn"))
    assert caps.channel_blocked == ()


class ReusedRelu(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, 2, 3)
        self.act = nn.ReLU()
        self.fc = nn.Linear(32, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.act(self.conv(x)).flatten(1)).relu() + self.act(x).mean()


def test_reused_module_blocks_deeplift_only():
    model = ReusedRelu().eval()
    caps = checked(model, image_spec(model))
    assert caps.reused_modules == ("act",)
    deeplift = caps.explain_methods["deeplift"]
    assert (deeplift.reason_key, deeplift.reason_values) == (
        "byom.reason.reused_module",
        {"modules": "act"},
    )
    assert caps.explain_methods["guided_backprop"].ok


class ReusedLinear(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.square = nn.Linear(36, 36)
        self.act = nn.ReLU()
        self.fc = nn.Linear(36, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.act(self.square(self.square(x.flatten(1)))))


def test_reused_linear_does_not_block_deeplift():
    model = ReusedLinear().eval()
    caps = checked(model, image_spec(model))
    assert caps.reused_modules == ("square",)
    assert caps.explain_methods["deeplift"].ok


class NoGradient(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(36, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc((x > 0.5).float().flatten(1))  # a threshold: no gradient reaches x


def test_no_input_gradient_keeps_perturbation_methods():
    model = NoGradient().eval()
    caps = checked(model, image_spec(model))
    for name in ("saliency", "integrated_gradients", "smoothgrad", "deeplift"):
        assert caps.explain_methods[name].reason_key == "byom.reason.no_input_gradient", name
    assert caps.explain_methods["guided_backprop"].reason_key == "explain.reason.no_relu"
    assert caps.explain_methods["gradcam"].reason_key == "explain.reason.no_conv"
    assert caps.explain_methods["occlusion"].ok and caps.explain_methods["lime"].ok
    assert caps.reused_modules == ()


class ReadsWeight(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(36, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.linear(x.flatten(1), self.fc.weight, self.fc.bias)  # never calls self.fc


def test_dynamic_int8_trial_catches_direct_weight_use():
    model = ReadsWeight().eval()
    caps = checked(model, image_spec(model))
    assert caps.dynamic_int8.reason_key == "byom.reason.int8_fails"
    assert "weight" in caps.dynamic_int8.reason_values["error"]


def test_two_input_model(tmp_path):
    path = tmp_path / "two.py"
    path.write_text(
        "import torch\nfrom torch import nn\n"
        "class Two(nn.Module):\n"
        "    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(5, 2)\n"
        "    def forward(self, a, b):\n        return self.fc(torch.cat([a, b], 1))\n"
        "def build_model():\n    return Two()\n"
        "def example_input():\n    return torch.zeros(3, 2), torch.ones(3, 3)\n"
        "def load_data():\n"
        "    x = (torch.ones(4, 2), torch.ones(4, 3))\n"
        "    return {'x_test': x, 'y_test': torch.arange(4) % 2}\n"
    )
    model, spec = user_model(path)
    caps = checked(model, spec)
    assert caps.sequential_children.reason_key == "byom.reason.chain_multi_input"
    assert {c.reason_key for c in caps.explain_methods.values()} == {
        "byom.reason.explain_single_input"
    }
    assert caps.conv_layers == ()
    assert caps.dynamic_int8.ok
    assert caps.has_labels and caps.classification
    assert caps.finetuning.reason_key == "byom.reason.train_single_input"
    assert caps.distillation.reason_key == "byom.reason.train_single_input"


def test_chain_that_differs_from_forward():
    class Skip(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.a = nn.Linear(4, 4)
            self.b = nn.Linear(4, 4)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.b(self.a(x)) + x  # a skip around both children

    x = torch.randn(2, 4)
    layers, cap = chained_layers(Skip(), (x,))
    assert layers is None
    assert (cap.reason_key, cap.reason_values) == ("byom.reason.chain_differs", {"layers": 2})
    layers, cap = chained_layers(nn.Sequential(nn.Linear(4, 4), nn.ReLU()), (x,))
    assert cap.ok and [name for name, _ in layers] == ["0", "1"]


def test_reason_keys_list_every_key_used():
    source = Path(capabilities_module.__file__).read_text(encoding="utf-8")
    text = source.split("REASON_KEYS = (")[0]
    assert set(re.findall(r'"(byom\.reason\.\w+)"', text)) == set(REASON_KEYS)


# --- brought models of several kinds: one source of truth for Home and the pages -----------------


@pytest.mark.parametrize(
    ("shape", "dtype", "kind"),
    [
        ((2, 3, 8, 8), torch.float32, "image"),
        ((2, 12), torch.int64, "tokens"),
        ((2, 10), torch.float32, "features"),
        ((2, 4, 5), torch.float32, "other"),
    ],
)
def test_input_kind_comes_from_dtype_and_shape(shape, dtype, kind):
    info = describe_inputs((torch.zeros(shape, dtype=dtype),))
    assert info.kind == kind
    assert info.describe() == f"{str(dtype).removeprefix('torch.')} {'×'.join(map(str, shape[1:]))}"


def test_several_inputs_are_described_together():
    info = describe_inputs((torch.zeros(2, 1, 8, 8), torch.zeros(2, 4, dtype=torch.int64)))
    assert info == InputInfo(((1, 8, 8), (4,)), ("float32", "int64"), (True, False))
    assert (info.kind, info.describe()) == ("several", "float32 1×8×8 + int64 4")


def brought(name: str) -> Capabilities:
    return checked(*user_model(BROUGHT / f"{name}.py"))


def test_token_classifier():
    caps = brought("token_classifier")
    applies = caps.applies
    assert applies.inputs.kind == "tokens"
    assert applies.classification and applies.has_labels and applies.finetuning
    assert applies.images.reason_key == "byom.reason.samples_not_images"
    assert applies.explain.reason_values == {"input": "int64 12"}
    assert {c.reason_key for c in caps.explain_methods.values()} == {
        "byom.reason.explain_image_input"
    }
    # The encoder layers' Linear stay fp32 (their forward reads linear1.weight): the head is int8.
    assert caps.dynamic_int8.ok and caps.dynamic_int8.reason_values == {"layers": 1}
    assert all(cap.ok for cap in applies.quantization.values())
    assert caps.attention.reason_key == "byom.reason.attention_weights_dropped"
    assert caps.distillation.reason_key == "byom.reason.no_student"  # no build_student(width)


def test_colour_cnn_with_relu6():
    caps = brought("colour_relu6")
    assert caps.applies.inputs.kind == "image"
    assert caps.applies.images and caps.applies.explain and caps.finetuning
    # Channel removal works, yet there is no student to distil into: Compress says the same.
    assert caps.channel_pruning.ok
    assert caps.distillation.reason_key == "byom.reason.no_student"
    relu_only = [m for m, info in ATTRIBUTION_METHODS.items() if "relu" in info.requires]
    assert relu_only and all(
        caps.explain_methods[m].reason_key == RELU_VARIANT_KEY for m in relu_only
    )
    assert caps.explain_methods["integrated_gradients"].ok


def test_tabular_and_regression_models():
    tabular = brought("tabular_mlp").applies
    assert tabular.inputs.kind == "features" and tabular.classification
    assert tabular.explain.reason_values == {"input": "float32 10"}
    assert tabular.finetuning.reason_key == "byom.reason.no_train_data"
    regression = brought("regression").applies
    assert regression.classification.reason_key == "byom.reason.not_classification"
    assert regression.has_labels.reason_key == "byom.reason.no_labels"
    assert regression.images.reason_key == "byom.reason.samples_not_images"
    assert regression.finetuning.reason_key == "byom.reason.needs_labels_to_train"


def test_two_inputs_static_int8_says_why():
    caps = brought("two_inputs")
    static = caps.applies.quantization["static_int8"]
    assert (static.reason_key, static.reason_values) == (
        "quant.reason.several_inputs",
        {"inputs": 2},
    )
    assert caps.applies.quantization["dynamic_int8"].ok
    assert caps.applies.explain.reason_key == "byom.reason.explain_single_input"


def test_pages_and_home_read_the_same_applicability():
    model, spec = user_model(BROUGHT / "colour_relu6.py")
    assert applicability(model, spec) == capabilities(model, spec).applies


def test_minilm_static_int8_reason_is_the_trace():
    applies = applicability(load_model("minilm"), get_spec("minilm"))
    static = applies.quantization["static_int8"]
    assert static.reason_key == "quant.reason.fx_trace"
    assert "slice indices" in static.reason_values["error"]
    assert applies.distillation.reason_key == "distill.not_applicable"
