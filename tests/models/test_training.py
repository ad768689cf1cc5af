"""The shared training loop and the retrain CLI: reproducible, and accurate enough."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
import torch
from safetensors.torch import load_file

from models import train as train_cli
from models.data import load_digits_split
from models.lenet import LeNet
from models.registry import load_model
from models.training import TrainConfig, TrainState, accuracy, fit_classifier, random_shift

pytestmark = pytest.mark.usefixtures("one_thread")


def train_lenet(epochs: int = 2, seed: int = 0) -> LeNet:
    data = load_digits_split()
    torch.manual_seed(seed)
    model = LeNet()
    return fit_classifier(model, data.x_train, data.y_train, TrainConfig(epochs=epochs, seed=seed))


@pytest.fixture(scope="module")
def two_runs() -> tuple[LeNet, LeNet]:
    return train_lenet(), train_lenet()


def test_fit_is_reproducible(two_runs):
    first, second = two_runs
    for (name, a), (_, b) in zip(
        first.state_dict().items(), second.state_dict().items(), strict=True
    ):
        assert torch.equal(a, b), name


def test_fit_learns_and_returns_eval_mode(two_runs):
    model, _ = two_runs
    assert not model.training
    data = load_digits_split()
    # Two epochs of LeNet are far above chance (0.1) on the digits.
    assert accuracy(model, data.x_test, data.y_test) > 0.8


def test_fit_reports_progress_and_uses_custom_loss():
    data = load_digits_split()
    calls: list[tuple[int, int, float]] = []
    seen_inputs: list[torch.Size] = []

    def loss_fn(logits, targets, indices, inputs):
        seen_inputs.append(inputs.shape)
        return torch.nn.functional.cross_entropy(logits, targets)

    torch.manual_seed(0)
    steps: list[tuple[int, int]] = []
    fit_classifier(
        LeNet(),
        data.x_train[:100],
        data.y_train[:100],
        TrainConfig(epochs=2, batch_size=64),
        progress=lambda e, total, loss: calls.append((e, total, loss)),
        loss_fn=loss_fn,
        on_step=lambda done, total: steps.append((done, total)),
    )
    assert [(e, total) for e, total, _ in calls] == [(1, 2), (2, 2)]
    assert steps == [(1, 4), (2, 4), (3, 4), (4, 4)]  # after every optimiser step
    assert all(loss > 0 for _, _, loss in calls)
    # 100 samples in batches of 64: 64 + 36, twice.
    assert [s[0] for s in seen_inputs] == [64, 36, 64, 36]


def dropout_net(seed: int, inputs: int) -> torch.nn.Module:
    torch.manual_seed(seed)
    return torch.nn.Sequential(
        torch.nn.Flatten(),
        torch.nn.Linear(inputs, 32),
        torch.nn.Dropout(0.5),
        torch.nn.Linear(32, 10),
    )


def test_a_run_that_stops_and_goes_on_is_the_run_that_never_stopped():
    """Shuffles, shifts, dropout and the optimiser's moments all carry over: stopping after
    one epoch and going on to three gives the three-epoch run's weights, to the last bit."""
    data = load_digits_split()
    x, y = data.x_train[:300], data.y_train[:300]
    inputs = x[0].numel()
    config = TrainConfig(epochs=3, batch_size=64, max_shift=2, seed=3)
    states: list[TrainState] = []
    straight = fit_classifier(dropout_net(0, inputs), x, y, config, on_state=states.append)
    assert [s.epochs for s in states] == [1, 2, 3]

    first: list[TrainState] = []
    stopped = fit_classifier(
        dropout_net(0, inputs), x, y, replace(config, epochs=1), on_state=first.append
    )
    epochs: list[int] = []
    went_on = fit_classifier(
        stopped,
        x,
        y,
        config,
        progress=lambda done, total, loss: epochs.append(done),
        resume=first[0],
    )
    assert epochs == [2, 3]  # only the epochs after the checkpoint
    for (name, a), (_, b) in zip(
        straight.state_dict().items(), went_on.state_dict().items(), strict=True
    ):
        assert torch.equal(a, b), name
    # The checkpoint is a copy: going on from it left it as it was, so it can be used again.
    again = fit_classifier(
        fit_classifier(dropout_net(0, inputs), x, y, replace(config, epochs=1)),
        x,
        y,
        config,
        resume=first[0],
    )
    assert all(
        torch.equal(a, b)
        for a, b in zip(straight.state_dict().values(), again.state_dict().values(), strict=True)
    )


def test_a_one_cycle_run_cannot_go_on():
    data = load_digits_split()
    x, y = data.x_train[:64], data.y_train[:64]
    states: list[TrainState] = []
    fit_classifier(LeNet(), x, y, TrainConfig(epochs=1), on_state=states.append)
    with pytest.raises(ValueError, match="one-cycle"):
        fit_classifier(LeNet(), x, y, TrainConfig(epochs=2, one_cycle=True), resume=states[0])


@pytest.mark.parametrize("max_shift", [0, 2])
def test_training_leaves_the_global_generator_alone(max_shift):
    """Sessions share torch's global generator: a training run must neither reseed it nor
    draw from it (shuffles and shifts come from the run's own generator)."""
    data = load_digits_split()
    torch.manual_seed(123)
    model = LeNet()
    state = torch.random.get_rng_state()
    config = TrainConfig(epochs=1, seed=5, max_shift=max_shift)
    fit_classifier(model, data.x_train[:256], data.y_train[:256], config)
    assert torch.equal(torch.random.get_rng_state(), state)


def test_random_shift_without_shift_is_identity():
    x = torch.randn(4, 1, 28, 28)
    out = random_shift(x, 0, torch.Generator().manual_seed(0))
    assert torch.equal(out, x)


def test_random_shift_moves_each_image_within_bounds():
    x = torch.zeros(32, 1, 28, 28)
    x[:, 0, 14, 14] = 1.0
    out = random_shift(x, 2, torch.Generator().manual_seed(0))
    assert out.shape == x.shape
    offsets = set()
    for image in out[:, 0]:
        assert float(image.sum()) == 1.0  # the pixel is moved, not lost (zero fill)
        row, col = divmod(int(image.argmax()), 28)
        assert 12 <= row <= 16 and 12 <= col <= 16
        offsets.add((row, col))
    assert len(offsets) > 1  # each image gets its own offset
    again = random_shift(x, 2, torch.Generator().manual_seed(0))
    assert torch.equal(again, out)


@pytest.mark.slow
def test_train_cli_writes_weights_and_metrics(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MODELLENS_WEIGHTS_DIR", str(tmp_path))
    assert train_cli.main(["lenet"]) == 0
    weights = tmp_path / "lenet.safetensors"
    metrics_file = tmp_path / "lenet.json"
    assert weights.is_file()
    assert metrics_file.is_file()
    metrics = json.loads(metrics_file.read_text())
    assert metrics["model"] == "lenet"
    assert metrics["test_accuracy"] >= 0.95
    assert metrics["n_train"] == 1347
    assert metrics["n_test"] == 450
    assert metrics["threads"] == 1
    assert metrics["config"]["epochs"] == train_cli.CONFIGS["lenet"].epochs
    assert set(load_file(weights)) == set(LeNet().state_dict())
    # The written weights are the ones load_model now reads, and give the recorded accuracy.
    data = load_digits_split()
    measured = accuracy(load_model("lenet"), data.x_test, data.y_test)
    assert measured == pytest.approx(metrics["test_accuracy"], abs=1e-3)
    assert "test accuracy" in capsys.readouterr().out
