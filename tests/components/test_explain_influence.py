"""Training-data influence (TracIn): the shipped checkpoints, agreement with direct captum calls,
a training example as its own proponent, and the masked history of a pruned variant."""

from __future__ import annotations

import functools

import numpy as np
import pytest
import torch
from captum.influence import TracInCP, TracInCPFast
from safetensors.torch import load_file
from torch import nn
from torch.utils.data import TensorDataset

from components.explain.influence import (
    Influence,
    InfluenceComparison,
    InfluenceSettings,
    final_weights_only,
    has_checkpoints,
    hooked_layers,
    masked_checkpoints,
    self_influence,
    tracin_index,
    train_influence,
    training_checkpoints,
)
from models import train as train_cli
from models.data import load_digits_split
from models.registry import get_spec, load_model, recorded_metrics, weights_path
from models.training import TrainConfig, accuracy, train_epochs

N_TRAIN = 160  # a slice of the training set: the algorithms, not the zoo, are under test here


@functools.lru_cache(maxsize=2)
def zoo(name: str) -> nn.Module:
    return load_model(name)


def data_slice():
    data = load_digits_split()
    return data.x_train[:N_TRAIN], data.y_train[:N_TRAIN]


def direct(model, checkpoints, x_train, y_train, x, label, cls, **kwargs) -> np.ndarray:
    """One captum call over every checkpoint at once, on a fresh copy."""
    import copy

    work = copy.deepcopy(model)

    def load(target, index):
        target.load_state_dict(checkpoints[index].state)
        return checkpoints[index].lr

    common = dict(
        checkpoints_load_func=load,
        loss_fn=nn.CrossEntropyLoss(reduction="sum"),
        batch_size=64,
    )
    indices = list(range(len(checkpoints)))
    if cls is TracInCPFast:
        estimator = TracInCPFast(work, work.fc2, TensorDataset(x_train, y_train), indices, **common)
    else:
        estimator = TracInCP(
            work,
            TensorDataset(x_train, y_train),
            indices,
            sample_wise_grads_per_batch=True,
            **common,
            **kwargs,
        )
    return estimator.influence((x, torch.tensor([label])))[0].double().numpy()


# --- the checkpoints that models.train saves ---------------------------------------------------


def test_checkpoint_epochs_are_even_and_end_at_the_last():
    assert train_cli.checkpoint_epochs(30) == (10, 20, 30)
    assert train_cli.checkpoint_epochs(40) == (13, 27, 40)
    assert train_cli.checkpoint_epochs(2) == (1, 2)


@pytest.mark.parametrize("name", ["lenet", pytest.param("tiny_vit", marks=pytest.mark.slow)])
def test_checkpoints_reload_to_the_recorded_accuracies(name):
    spec = get_spec(name)
    assert has_checkpoints(spec)
    checkpoints = training_checkpoints(spec)
    assert [c.epoch for c in checkpoints] == list(
        train_cli.checkpoint_epochs(train_cli.CONFIGS[name].epochs)
    )
    data = load_digits_split()
    model = spec.build()
    for checkpoint in checkpoints:
        model.load_state_dict(checkpoint.state)
        model.eval()
        measured = accuracy(model, data.x_test, data.y_test)
        assert measured == pytest.approx(checkpoint.test_accuracy, abs=1e-3)
        assert checkpoint.lr > 0
    # The last checkpoint is the shipped model itself, at the accuracy recorded for it.
    final = load_file(weights_path(spec))
    assert all(torch.equal(checkpoints[-1].state[k], v) for k, v in final.items())
    assert checkpoints[-1].test_accuracy == recorded_metrics(spec)["test_accuracy"]


def test_epoch_stats_carry_the_mean_learning_rate():
    data = load_digits_split()
    seen = []
    config = TrainConfig(epochs=2, batch_size=128, lr=1e-3)
    torch.manual_seed(0)
    train_epochs(
        nn.Sequential(nn.Flatten(), nn.Linear(784, 10)),
        data.x_train[:256],
        data.y_train[:256],
        config,
        on_epoch=seen.append,
    )
    assert [s.lr for s in seen] == pytest.approx([1e-3, 1e-3])


# --- agreement with captum ---------------------------------------------------------------------


def test_fast_influence_equals_a_direct_captum_call():
    x_train, y_train = data_slice()
    checkpoints = training_checkpoints(get_spec("lenet"))
    x = load_digits_split().x_test[:1]
    ours = train_influence(zoo("lenet"), checkpoints, x_train, y_train, x, 3, "fast")
    theirs = direct(zoo("lenet"), checkpoints, x_train, y_train, x, 3, TracInCPFast)
    assert ours.scores.shape == (N_TRAIN,)
    np.testing.assert_allclose(ours.scores, theirs, rtol=1e-4, atol=1e-9)
    assert ours.epochs == (10, 20, 30) and ours.method == "fast"


def test_full_influence_equals_a_direct_captum_call():
    x_train, y_train = data_slice()
    checkpoints = training_checkpoints(get_spec("lenet"))[-2:]
    x = load_digits_split().x_test[1:2]
    ours = train_influence(zoo("lenet"), checkpoints, x_train, y_train, x, 7, "full")
    theirs = direct(
        zoo("lenet"),
        checkpoints,
        x_train,
        y_train,
        x,
        7,
        TracInCP,
        layers=hooked_layers(zoo("lenet")),
    )
    np.testing.assert_allclose(ours.scores, theirs, rtol=1e-4, atol=1e-9)


def test_the_index_answers_like_a_fresh_computation():
    x_train, y_train = data_slice()
    checkpoints = training_checkpoints(get_spec("lenet"))
    index = tracin_index(zoo("lenet"), checkpoints, x_train, y_train)
    for i in range(3):
        x = load_digits_split().x_test[i : i + 1]
        fresh = direct(zoo("lenet"), checkpoints, x_train, y_train, x, 5, TracInCPFast)
        np.testing.assert_allclose(index.influence(x, 5).scores, fresh, rtol=1e-4, atol=1e-9)


@pytest.mark.parametrize("method", ["fast", "full"])
def test_a_training_example_is_its_own_top_proponent(method):
    """Queried with itself, the example of highest self-influence ranks first: its gradient is
    the largest, and no other gradient has a larger product with it."""
    x_train, y_train = data_slice()
    checkpoints = training_checkpoints(get_spec("lenet"))
    own = self_influence(zoo("lenet"), checkpoints, x_train, y_train)
    top = int(np.argmax(own))
    result = train_influence(
        zoo("lenet"),
        checkpoints,
        x_train,
        y_train,
        x_train[top : top + 1],
        int(y_train[top]),
        method,
    )
    assert int(result.proponents(1)[0]) == top
    if method == "fast":  # self-influence is the fast estimator's score of an example on itself
        assert result.scores[top] == pytest.approx(own[top], rel=1e-4)


def test_the_model_is_left_untouched():
    model = zoo("lenet")
    before = {k: v.clone() for k, v in model.state_dict().items()}
    x_train, y_train = data_slice()
    train_influence(
        model, training_checkpoints(get_spec("lenet")), x_train, y_train, x_train[:1], 0
    )
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())
    assert all(not p.requires_grad or p.grad is None for p in model.parameters())


# --- variants and models without checkpoints -------------------------------------------------


def test_masked_checkpoints_carry_the_variant_zeros():
    checkpoints = training_checkpoints(get_spec("lenet"))
    variant = zoo("lenet").__class__()
    variant.load_state_dict(checkpoints[-1].state)
    with torch.no_grad():
        variant.fc1.weight[:, :100] = 0.0
    masked = masked_checkpoints(checkpoints, variant)
    assert len(masked) == len(checkpoints)
    for checkpoint in masked[:-1]:
        assert torch.all(checkpoint.state["fc1.weight"][:, :100] == 0)
        assert torch.all(checkpoint.state["fc1.weight"][:, 100:] != 0)
    # Layers without zeros keep their history as it was.
    assert torch.equal(masked[0].state["conv1.weight"], checkpoints[0].state["conv1.weight"])
    assert torch.equal(masked[-1].state["fc1.weight"], variant.fc1.weight)
    assert [c.lr for c in masked] == [c.lr for c in checkpoints]
    assert torch.all(checkpoints[0].state["fc1.weight"][:, :100] != 0)  # originals unchanged


def test_masked_checkpoints_refuse_changed_shapes():
    from models.lenet import LeNet

    with pytest.raises(ValueError):
        masked_checkpoints(training_checkpoints(get_spec("lenet")), LeNet(c1=5))


def test_final_weights_only_is_one_checkpoint_at_rate_one():
    (only,) = final_weights_only(zoo("lenet"))
    assert only.epoch is None and only.lr == 1.0
    assert all(torch.equal(only.state[k], v) for k, v in zoo("lenet").state_dict().items())


def test_hooked_layers_skip_attention_projections():
    layers = hooked_layers(zoo("tiny_vit"))
    assert "head.fc" in layers and "embed.proj" in layers
    assert not any("attn" in name for name in layers)
    assert hooked_layers(zoo("lenet")) == ["conv1", "conv2", "fc1", "fc2"]


def test_comparison_measures():
    scores = np.array([3.0, 1.0, 2.0, -1.0, 0.5])
    a = Influence(scores, 1, "fast", (1,))
    assert a.proponents(2).tolist() == [0, 2] and a.opponents(2).tolist() == [3, 4]
    same = InfluenceComparison(a, a, 2)
    assert same.proponent_overlap == 1.0 and same.rank_correlation == pytest.approx(1.0)
    b = Influence(-scores, 1, "fast", (1,))
    other = InfluenceComparison(a, b, 2)
    assert other.proponent_overlap == 0.0 and other.rank_correlation == pytest.approx(-1.0)


def test_settings_bounds():
    with pytest.raises(ValueError):
        InfluenceSettings(k=100)
    with pytest.raises(ValueError):
        InfluenceSettings(method="exact")
