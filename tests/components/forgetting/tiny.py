"""Tiny models and data built in code for the forgetting tests: three classes of 6×6 "images"
(class c lights up rows 2c and 2c + 1), a two-layer CNN trained on them in a few milliseconds."""

from __future__ import annotations

import functools

import torch
from torch import nn

from models.registry import ModelSpec
from models.user_models import UserData

CLASSES = 3
SIZE = 6
MEAN, STD = 0.3, 0.4  # the tiny data's normalisation: pixels [0, 1] → [-0.75, 1.75]
LEARNING_RATE = 0.3


def _images(n: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    labels = torch.arange(n) % CLASSES
    images = 0.25 * torch.rand(n, 1, SIZE, SIZE, generator=generator)
    for i, c in enumerate(labels.tolist()):
        images[i, 0, 2 * c : 2 * c + 2] += 0.6
    return ((images.clamp(0, 1) - MEAN) / STD), labels


@functools.lru_cache(maxsize=1)
def tiny_data() -> UserData:
    """60 test and 60 training rows, labelled, with the normalisation recorded."""
    generator = torch.Generator().manual_seed(0)
    x_test, y_test = _images(60, generator)
    x_train, y_train = _images(60, generator)
    return UserData(
        x_test=x_test,
        y_test=y_test,
        x_train=x_train,
        y_train=y_train,
        class_names=("a", "b", "c"),
        mean=MEAN,
        std=STD,
    )


class TinyNet(nn.Sequential):
    """conv 1→4 k3 → ReLU → flatten → fc 64→8 → ReLU → fc 8→3."""

    def __init__(self, channels: int = 4, hidden: int = 8) -> None:
        super().__init__()
        self.add_module("conv", nn.Conv2d(1, channels, 3))
        self.add_module("relu1", nn.ReLU())
        self.add_module("flatten", nn.Flatten(1))
        self.add_module("fc1", nn.Linear(channels * 4 * 4, hidden))
        self.add_module("relu2", nn.ReLU())
        self.add_module("fc2", nn.Linear(hidden, CLASSES))


def trained_tiny(seed: int = 0, steps: int = 60, **sizes: int) -> TinyNet:
    """A TinyNet fitted to the tiny training rows (full-batch gradient descent, ~20 ms)."""
    torch.manual_seed(seed)
    model = TinyNet(**sizes)
    data = tiny_data()
    # Plain gradient descent: torch.optim's first step imports torch._dynamo (seconds).
    for _ in range(steps):
        model.zero_grad()
        nn.functional.cross_entropy(model(data.x_train), data.y_train).backward()
        with torch.no_grad():
            for parameter in model.parameters():
                parameter -= LEARNING_RATE * parameter.grad
    return model.eval()


def tiny_spec(model: nn.Module) -> ModelSpec:
    """A :class:`ModelSpec` over :func:`tiny_data` for ``model``."""
    return ModelSpec(
        name="tiny",
        title="tiny net",
        task="classification",
        input_kind="image",
        build=lambda: model,
        load_data=tiny_data,
        example_input=lambda _model, batch: (tiny_data().x_test[:batch],),
    )
