"""Pruning backend: measured sparsity, channel removal, untouched originals, sweeps, views."""

from __future__ import annotations

from dataclasses import replace
from typing import get_args

import pytest
import torch
from torch import nn
from torch.nn.utils import prune

from components.errors import UserFacingError
from components.fidelity import fidelity
from components.flops import count_flops
from components.profile import count_parameters
from components.pruning import (
    PRUNE_METHODS,
    SENSITIVITY_COLUMNS,
    SPARSITY_COLUMNS,
    SWEEP_COLUMNS,
    FinetuneCheckpoint,
    PruneMethodName,
    PruneSettings,
    amount_sweep,
    as_2d,
    effective_flops,
    layer_sensitivity,
    prunable_layers,
    prune_model,
    sparsity_table,
    weight_view,
)
from components.pruning.masks import masks_follow_attention
from components.quality import evaluate
from components.shared_models import fingerprint, leftover_hooks
from models.data import load_digits_split
from models.lenet import LeNet
from models.registry import ModelSpec, get_spec, load_model

pytestmark = pytest.mark.usefixtures("one_thread")

MASKED = [name for name, info in PRUNE_METHODS.items() if not info.physically_removes]
LENET_LAYERS = ["conv1", "conv2", "fc1", "fc2"]


@pytest.fixture(scope="module")
def lenet() -> nn.Module:
    return load_model("lenet")


@pytest.fixture(scope="module")
def tiny_vit() -> nn.Module:
    return load_model("tiny_vit")


@pytest.fixture(scope="module")
def minilm() -> nn.Module:
    return load_model("minilm")


def digits(n: int = 16) -> torch.Tensor:
    return get_spec("lenet").example_input(None, n)[0]


def zero_fraction(weight: torch.Tensor) -> float:
    return float((weight == 0).float().mean())


def zero_rows(weight: torch.Tensor) -> int:
    return int((weight.flatten(1).abs().sum(1) == 0).sum())


# --- settings and layer selection -------------------------------------------------------------


def test_methods_registry_matches_the_literal():
    assert list(PRUNE_METHODS) == list(get_args(PruneMethodName))
    assert [m for m, i in PRUNE_METHODS.items() if i.physically_removes] == ["channel_removal"]
    assert [m for m, i in PRUNE_METHODS.items() if i.supports_global] == [
        "l1_unstructured",
        "random_unstructured",
    ]
    assert PRUNE_METHODS["l2_structured"].mask_kwargs == {"n": 2, "dim": 0}
    assert PRUNE_METHODS["l1_unstructured"].label_key == "prune.method.l1_unstructured"


def test_settings_bounds_and_validation():
    assert PruneSettings.AMOUNT_RANGE == (0.0, 0.95)
    assert PruneSettings.FINETUNE_RANGE == (0, 5)
    assert PruneSettings().amount == 0.5
    assert PruneSettings(picked=["fc1"]).picked == ("fc1",)
    for bad in ({"amount": 0.96}, {"amount": -0.1}, {"finetune_epochs": 6}, {"method": "magic"}):
        with pytest.raises(ValueError):
            PruneSettings(**bad)
    assert not PruneSettings("l1_structured", scope="global").is_global
    assert PruneSettings("random_unstructured", scope="global").is_global


def test_prunable_layers_lenet_and_vit(lenet, tiny_vit):
    assert prunable_layers(lenet) == LENET_LAYERS
    assert prunable_layers(lenet, "conv") == ["conv1", "conv2"]
    assert prunable_layers(lenet, "linear") == ["fc1", "fc2"]
    assert prunable_layers(lenet, "pick", ["fc1", "conv1"]) == ["conv1", "fc1"]
    with pytest.raises(UserFacingError) as err:
        prunable_layers(lenet, "pick", ["fc9"])
    assert err.value.key == "prune.error.unknown_layers"
    assert prunable_layers(tiny_vit, "conv") == ["embed.proj"]
    linear = prunable_layers(tiny_vit, "linear")
    assert len(linear) == 13 and linear[-1] == "head.fc"
    assert "blocks.0.attn" in linear and "blocks.0.attn.out_proj" not in linear


# --- masked methods ---------------------------------------------------------------------------


@pytest.mark.parametrize("amount", [0.3, 0.7])
@pytest.mark.parametrize("method", MASKED)
def test_masked_sparsity_matches_the_request(lenet, method, amount):
    before = fingerprint(lenet)
    result = prune_model(lenet, get_spec("lenet"), PruneSettings(method, amount))
    assert fingerprint(lenet) == before
    assert leftover_hooks(result.model) == 0 and leftover_hooks(lenet) == 0
    assert not result.physically_removed and "prune.note.masked_no_speedup" in result.notes
    modules = dict(result.model.named_modules())
    if PRUNE_METHODS[method].structured:
        # The output layer keeps its rows: zeroing them would delete classes.
        assert result.targeted == ["conv1", "conv2", "fc1"]
        assert "prune.note.output_kept" in result.notes
        assert zero_rows(modules["fc2"].weight) == 0
        for name in result.targeted:
            weight = modules[name].weight
            assert abs(zero_rows(weight) - amount * weight.shape[0]) <= 1, name
    else:
        assert result.targeted == LENET_LAYERS
        for name in LENET_LAYERS:
            assert zero_fraction(modules[name].weight) == pytest.approx(amount, abs=0.01), name
    for name in result.targeted:  # the masks say which weights survive
        mask = result.masks[name]
        assert mask.dtype == torch.bool and mask.shape == modules[name].weight.shape
        assert torch.equal(mask, modules[name].weight != 0)
    assert all(int(torch.count_nonzero(modules[n].bias == 0)) == 0 for n in LENET_LAYERS)


@pytest.mark.parametrize("method", ["l1_unstructured", "random_unstructured"])
def test_global_scope_hits_the_total_but_not_each_layer(lenet, method):
    result = prune_model(lenet, get_spec("lenet"), PruneSettings(method, 0.7, "global"))
    weights = [dict(result.model.named_modules())[n].weight for n in LENET_LAYERS]
    total_zero = sum(int((w == 0).sum()) for w in weights)
    total = sum(w.numel() for w in weights)
    assert total_zero / total == pytest.approx(0.7, abs=0.01)
    per_layer = [zero_fraction(w) for w in weights]
    if method == "l1_unstructured":  # layers with small weights lose more
        assert max(per_layer) - min(per_layer) > 0.1
    else:
        assert max(per_layer) - min(per_layer) > 0.0


@pytest.mark.parametrize("method", list(PRUNE_METHODS))
def test_amount_zero_is_an_exact_copy(lenet, method):
    result = prune_model(lenet, get_spec("lenet"), PruneSettings(method, 0.0, finetune_epochs=2))
    assert result.model is not lenet
    assert fingerprint(result.model) == fingerprint(lenet)
    with torch.inference_mode():
        assert torch.equal(result.model(digits()), lenet(digits()))
    assert leftover_hooks(result.model) == 0


def test_random_pruning_is_seeded(lenet):
    spec = get_spec("lenet")
    a, b, c = (
        prune_model(lenet, spec, PruneSettings("random_unstructured", 0.5, seed=s))
        for s in (1, 1, 2)
    )
    assert torch.equal(a.masks["fc1"], b.masks["fc1"])
    assert not torch.equal(a.masks["fc1"], c.masks["fc1"])


def test_masks_stay_applied_while_attention_trains():
    torch.manual_seed(0)
    attention = nn.MultiheadAttention(8, 2, batch_first=True)
    prune.l1_unstructured(attention, "in_proj_weight", amount=0.5)
    prune.l1_unstructured(attention.out_proj, "weight", amount=0.5)
    optimiser = torch.optim.AdamW(attention.parameters(), lr=0.1)
    x = torch.randn(4, 5, 8)
    with masks_follow_attention(attention):
        for _ in range(3):  # a second backward through a stale masked weight would fail
            out, _ = attention(x, x, x)
            optimiser.zero_grad()
            out.square().mean().backward()
            optimiser.step()
    assert len(attention._forward_pre_hooks) == 1  # only the in_proj mask hook is left
    prune.remove(attention, "in_proj_weight")
    prune.remove(attention.out_proj, "weight")
    assert zero_fraction(attention.out_proj.weight) == 0.5
    assert zero_fraction(attention.in_proj_weight) == 0.5
    assert leftover_hooks(attention) == 0


# --- channel removal --------------------------------------------------------------------------


def test_channel_removal_shrinks_lenet(lenet):
    spec = get_spec("lenet")
    before = fingerprint(lenet)
    result = prune_model(lenet, spec, PruneSettings("channel_removal", 0.5))
    pruned = result.model
    assert fingerprint(lenet) == before and leftover_hooks(pruned) == 0
    assert result.physically_removed
    assert (pruned.conv1.out_channels, pruned.conv2.out_channels, pruned.fc1.out_features) == (
        5,
        10,
        25,
    )
    assert pruned.fc2.out_features == 10  # the classifier keeps its classes
    assert result.targeted == ["conv1", "conv2", "fc1"]
    assert "prune.note.output_kept" in result.notes
    kept = result.masks["conv1"]
    assert kept.dtype == torch.long and kept.shape == (5,)
    # The kept filters are original ones, cut out whole, with conv2's matching input slices.
    assert kept.tolist() == sorted(set(kept.tolist())) and kept.min() >= 0 and kept.max() < 10
    assert torch.equal(pruned.conv1.weight, lenet.conv1.weight[kept])
    assert torch.equal(pruned.conv2.weight, lenet.conv2.weight[result.masks["conv2"]][:, kept])
    with torch.inference_mode():
        assert pruned(digits(7)).shape == (7, 10)
    table = sparsity_table(lenet, pruned).set_index("name")
    assert list(table.reset_index().columns) == SPARSITY_COLUMNS
    assert (table["params_after"] < table["params_before"]).all()
    assert table.loc["conv1", "params_after"] == 5 * 25 + 5
    assert table.loc["conv1", "weights_gone"] == pytest.approx(0.5)
    assert table.loc["conv2", "weights_gone"] == pytest.approx(0.75)  # in and out halved
    assert table.loc["conv1", "shape_after"] == "5×1×5×5"
    # No zeros left to skip: the estimate is the counted FLOPs.
    assert effective_flops(pruned, spec) == count_flops(pruned, spec.example_input(pruned, 1)).total


@pytest.mark.slow
def test_channel_removal_then_finetune_recovers(lenet):
    spec = get_spec("lenet")
    progress: list[float] = []
    result = prune_model(
        lenet,
        spec,
        PruneSettings("channel_removal", 0.5, finetune_epochs=2),
        progress=lambda f, _: progress.append(f),
    )
    assert evaluate(result.model, spec).value >= 0.9
    assert progress == sorted(progress) and progress[-1] == 1.0
    assert leftover_hooks(result.model) == 0


def test_channel_removal_runs_on_tiny_vit(tiny_vit):
    spec = get_spec("tiny_vit")
    before = fingerprint(tiny_vit)
    result = prune_model(tiny_vit, spec, PruneSettings("channel_removal", 0.5))
    pruned = result.model
    assert fingerprint(tiny_vit) == before and leftover_hooks(pruned) == 0
    attention = pruned.blocks[0].attn
    assert (attention.embed_dim, attention.num_heads, attention.head_dim) == (32, 4, 8)
    assert pruned.blocks[0].mlp[0].out_features == 64
    assert pruned.embed.pos_embed.shape == (1, 50, 32)
    assert pruned.head.fc.out_features == 10
    with torch.inference_mode():
        assert pruned(digits(3)).shape == (3, 10)
    assert "embed.proj" in result.targeted and "head.fc" not in result.targeted
    assert len(result.masks["blocks.0.attn"]) == 32


def test_channel_removal_at_the_maximum_still_runs(tiny_vit):
    result = prune_model(tiny_vit, get_spec("tiny_vit"), PruneSettings("channel_removal", 0.95))
    with torch.inference_mode():
        assert result.model(digits(2)).shape == (2, 10)
    assert result.model.blocks[0].attn.embed_dim == 4  # one dim per head is kept


class ViewNet(LeNet):
    """LeNet written with ``x.view(-1, 320)``: after channel removal the view mixes samples."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for name in ("conv1", "relu1", "pool1", "conv2", "relu2", "pool2"):
            x = self._modules[name](x)
        return self.fc2(self.relu3(self.fc1(x.view(-1, 320))))


def test_channel_removal_refuses_a_model_it_would_break():
    spec = ModelSpec(
        name="viewnet",
        title="ViewNet",
        task="classification",
        input_kind="image",
        build=ViewNet,
        load_data=load_digits_split,
        example_input=lambda _model, batch: (torch.zeros(batch, 1, 28, 28),),
    )
    torch.manual_seed(0)
    model = ViewNet().eval()
    with pytest.raises(UserFacingError) as err:
        prune_model(model, spec, PruneSettings("channel_removal", 0.5))
    assert err.value.key == "prune.error.unsupported"
    assert err.value.values["model"] == "viewnet" and "160" in err.value.values["reason"]
    # Masks keep every shape, so they still work on it.
    assert prune_model(model, spec, PruneSettings("l1_structured", 0.5)).targeted == [
        "conv1",
        "conv2",
        "fc1",
    ]


# --- MiniLM -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_minilm_layers_and_errors(minilm):
    spec = get_spec("minilm")
    layers = prunable_layers(minilm)
    assert len(layers) == 36 and all(n.startswith("encoder.encoder.layer.") for n in layers)
    assert prunable_layers(minilm, "linear") == layers
    with pytest.raises(UserFacingError) as err:
        prune_model(minilm, spec, PruneSettings("l1_unstructured", 0.3, layers="conv"))
    assert err.value.key == "prune.error.no_layers"


@pytest.mark.slow
def test_minilm_channel_removal_drops_whole_heads(minilm):
    spec = get_spec("minilm")
    result = prune_model(minilm, spec, PruneSettings("channel_removal", 0.5))
    layer = result.model.encoder.encoder.layer[0]
    assert (layer.attention.self.num_attention_heads, layer.attention.self.all_head_size) == (
        6,
        192,
    )
    assert layer.intermediate.dense.out_features == 768
    assert layer.output.dense.out_features == 384  # the residual width (embedding) stays
    assert "prune.note.whole_heads" in result.notes
    assert len(result.targeted) == 6 * 4  # q, k, v and the feed-forward input of each layer
    ids, mask = spec.example_input(result.model, 3)
    with torch.inference_mode():
        assert result.model(ids, mask).shape == (3, 384)
    assert count_parameters(result.model) < count_parameters(minilm)
    assert leftover_hooks(result.model) == 0


@pytest.mark.slow
def test_minilm_light_pruning_keeps_the_embeddings(minilm):
    spec = get_spec("minilm")
    before = fingerprint(minilm)
    result = prune_model(minilm, spec, PruneSettings("l1_unstructured", 0.3, layers="linear"))
    assert fingerprint(minilm) == before and leftover_hooks(result.model) == 0
    assert fidelity(minilm, result.model, spec).mean_cosine > 0.9


# --- measurements -----------------------------------------------------------------------------


def test_sparsity_table_after_masks(lenet):
    result = prune_model(lenet, get_spec("lenet"), PruneSettings("l1_unstructured", 0.6))
    table = sparsity_table(lenet, result.model).set_index("name")
    assert table["weights_gone"].tolist() == pytest.approx([0.6] * 4, abs=0.005)
    assert (table["params_after"] == table["params_before"]).all()  # masks keep shapes
    assert (table["sparsity_before"] == 0).all()
    # The layer table counts biases too: conv1 has 250 weights (150 zeroed) and 10 biases.
    assert table.loc["conv1", "sparsity_after"] == pytest.approx(150 / 260)


def test_effective_flops_scale_with_density(lenet):
    spec = get_spec("lenet")
    dense = count_flops(lenet, spec.example_input(lenet, 1)).total
    assert effective_flops(lenet, spec) == dense
    half = prune_model(lenet, spec, PruneSettings("l1_unstructured", 0.5)).model
    # Every LeNet FLOP is a conv or linear product, each layer now half zeros.
    assert effective_flops(half, spec) == pytest.approx(dense / 2, rel=1e-3)
    assert count_flops(half, spec.example_input(half, 1)).total == dense  # dense kernels


def test_amount_sweep_on_lenet(lenet):
    spec = get_spec("lenet")
    amounts = [i / 10 for i in range(10)] + [0.95]
    steps: list[float] = []
    table = amount_sweep(
        lenet,
        spec,
        "l1_unstructured",
        amounts,
        measure_latency=False,
        progress=lambda f, _: steps.append(f),
    )
    assert list(table.columns) == SWEEP_COLUMNS and len(table) == 11
    assert table["sparsity"].is_monotonic_increasing
    assert table["sparsity"].iloc[-1] == pytest.approx(0.95, abs=0.01)
    assert table["quality"].iloc[0] == evaluate(lenet, spec).value
    assert table["agreement"].iloc[0] == 1.0 and table["mean_cosine"].iloc[0] == pytest.approx(1.0)
    assert table["effective_flops"].is_monotonic_decreasing
    assert table["flops"].nunique() == 1 and table["params"].nunique() == 1
    assert steps == sorted(steps) and steps[-1] == 1.0
    again = amount_sweep(lenet, spec, "l1_unstructured", amounts, measure_latency=False)
    assert again.equals(table)  # deterministic


def test_amount_sweep_measures_latency_and_removal(lenet):
    table = amount_sweep(lenet, get_spec("lenet"), "channel_removal", [0.0, 0.5], batch_size=8)
    assert (table["latency_ms"] > 0).all() and (table["latency_iqr_ms"] >= 0).all()
    assert table["params"].iloc[1] < table["params"].iloc[0]
    assert table["physically_removed"].all()


@pytest.mark.parametrize("method", ["l1_unstructured", "l2_structured", "channel_removal"])
def test_layer_sensitivity_rows(lenet, method):
    spec = get_spec("lenet")
    before = fingerprint(lenet)
    table = layer_sensitivity(lenet, spec, method, amounts=(0.3, 0.9))
    assert list(table.columns) == SENSITIVITY_COLUMNS
    assert len(table) == 4 * 2
    assert table["layer"].tolist() == [n for n in LENET_LAYERS for _ in range(2)]
    baseline = evaluate(lenet, spec).value
    assert (table["quality_drop"] == baseline - table["quality"]).all()
    rows = table.set_index(["layer", "amount"])
    assert rows.loc[("fc2", 0.9), "pruned"] == (method == "l1_unstructured")
    assert (
        rows.loc[("conv2", 0.9), "quality_drop"] > rows.loc[("conv2", 0.3), "quality_drop"] - 0.02
    )
    assert fingerprint(lenet) == before and leftover_hooks(lenet) == 0


def test_weight_view_shapes(lenet, tiny_vit):
    assert weight_view(lenet, "fc1").shape == (50, 320)
    assert weight_view(lenet, "conv1").shape == (10 * 5, 1 * 5)
    conv2 = weight_view(lenet, "conv2")
    assert conv2.shape == (20 * 5, 10 * 5)
    # Tile (row 2, column 3) is the 5×5 kernel from input channel 3 to output channel 2.
    assert (conv2[10:15, 15:20] == lenet.conv2.weight[2, 3].detach().numpy()).all()
    assert weight_view(tiny_vit, "blocks.0.attn").shape == (192, 64)
    assert weight_view(tiny_vit, "embed.proj").shape == (64 * 4, 4)
    result = prune_model(lenet, get_spec("lenet"), PruneSettings("l1_structured", 0.5))
    view = as_2d(result.masks["conv2"]).astype(bool)
    assert view.shape == (100, 50)
    assert (weight_view(result.model, "conv2")[~view] == 0).all()


@pytest.mark.parametrize("method", ["l1_unstructured", "channel_removal"])
def test_a_fine_tuning_passes_on_its_shorter_runs_exactly(lenet, method):
    """The 1-epoch result a 2-epoch run passes on is the 1-epoch run, to the last bit."""
    spec = get_spec("lenet")
    shorter: dict[int, object] = {}
    two = prune_model(
        lenet,
        spec,
        PruneSettings(method, 0.5, finetune_epochs=2),
        on_shorter=lambda epochs, result: shorter.setdefault(epochs, result),
    )
    one = prune_model(lenet, spec, PruneSettings(method, 0.5, finetune_epochs=1))
    assert list(shorter) == [1]  # the run's own length is its result, not passed on
    passed = shorter[1]
    assert passed.model is not two.model and leftover_hooks(passed.model) == 0
    assert not passed.model.training
    for (name, a), (_, b) in zip(
        passed.model.state_dict().items(), one.model.state_dict().items(), strict=True
    ):
        assert torch.equal(a, b), name
    assert not all(
        torch.equal(a, b)
        for a, b in zip(
            two.model.state_dict().values(), one.model.state_dict().values(), strict=True
        )
    )  # the second epoch changed the weights
    assert (passed.targeted, passed.notes) == (one.targeted, one.notes)
    assert passed.masks.keys() == one.masks.keys()
    assert all(torch.equal(passed.masks[k], one.masks[k]) for k in one.masks)


@pytest.mark.parametrize(
    ("model", "method"),
    [
        ("lenet", "l1_unstructured"),
        ("lenet", "channel_removal"),
        # attention: the checkpoint must not keep the training's out_proj refresh hooks
        pytest.param("tiny_vit", "l1_unstructured", marks=pytest.mark.slow),
    ],
)
def test_a_fine_tuning_goes_on_from_its_checkpoint_exactly(model, method, request):
    """One more epoch trains one epoch: a 3-epoch run that goes on from a 1-epoch run's
    checkpoint is the 3-epoch run, to the last bit, and leaves the checkpoint as it was."""
    original, spec = request.getfixturevalue(model), get_spec(model)
    settings = PruneSettings(method, 0.5, finetune_epochs=3)
    along: list[FinetuneCheckpoint] = []
    straight = prune_model(original, spec, settings, on_checkpoint=along.append)
    assert [c.train.epochs for c in along] == [1, 2, 3]
    assert [c.settings.finetune_epochs for c in along] == [1, 2, 3]

    kept: list[FinetuneCheckpoint] = []
    prune_model(original, spec, replace(settings, finetune_epochs=1), on_checkpoint=kept.append)
    checkpoint = kept[0]
    hooks = [h for m in checkpoint.model.modules() for h in m._forward_pre_hooks.values()]
    # its pruning masks (channel removal: none) and nothing else: none of the training's hooks
    assert all(isinstance(h, prune.BasePruningMethod) for h in hooks)
    assert leftover_hooks(checkpoint.model) == len(hooks)
    assert bool(hooks) == (method != "channel_removal")
    before = fingerprint(checkpoint.model)
    messages: list[str] = []
    went_on = prune_model(
        original,
        spec,
        settings,
        progress=lambda fraction, message: messages.append(message),
        resume=checkpoint,
    )
    assert fingerprint(checkpoint.model) == before
    assert messages[0] == "copying the checkpoint"
    assert not any("epoch 1/" in m for m in messages)  # the first epoch was not trained again
    assert leftover_hooks(went_on.model) == 0
    for (name, a), (_, b) in zip(
        straight.model.state_dict().items(), went_on.model.state_dict().items(), strict=True
    ):
        assert torch.equal(a, b), name
    assert (went_on.targeted, went_on.notes) == (straight.targeted, straight.notes)
    assert all(torch.equal(went_on.masks[k], straight.masks[k]) for k in straight.masks)


def test_a_checkpoint_of_other_settings_is_refused(lenet):
    spec = get_spec("lenet")
    kept: list[FinetuneCheckpoint] = []
    settings = PruneSettings("l1_unstructured", 0.5, finetune_epochs=2)
    prune_model(lenet, spec, settings, on_checkpoint=kept.append)
    for other in (replace(settings, amount=0.3, finetune_epochs=3), settings):
        with pytest.raises(ValueError, match="cannot go on"):
            prune_model(lenet, spec, other, resume=kept[-1])  # other pruning; not fewer epochs


def test_a_fine_tuning_nobody_wants_stops_within_its_epoch(lenet):
    """Progress comes after every step: a cancelled run stops there, not at the epoch's end."""

    class Stop(Exception):
        pass

    calls: list[float] = []

    def progress(fraction: float, message: str) -> None:
        calls.append(fraction)
        if fraction > 0.2 and len(calls) >= 6:
            raise Stop

    with pytest.raises(Stop):
        prune_model(
            lenet,
            get_spec("lenet"),
            PruneSettings("l1_unstructured", 0.5, finetune_epochs=3),
            progress=progress,
        )
    # copy, prune, then three steps of a 3-epoch run: far from the first epoch's end (1/3).
    assert calls[-1] < 0.2 + 0.8 / 3
