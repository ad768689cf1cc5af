"""A small ResNet for 3-channel 32×32 colour digits: the "bring your own model" example.

Start the app with it::

    streamlit run dashboard/app.py -- --model models/examples/small_resnet.py

Retrain its weights: ``python -m models.examples.small_resnet``.

A model file needs ``build_model()`` and ``example_input()``; ``load_data()``, ``WEIGHTS``,
``TITLE`` and ``DESCRIPTION`` are optional. The data are scikit-learn's bundled 8×8 digits,
upsampled to 32×32 and painted in a seeded random ink colour on a seeded random background with
a little noise, so nothing is downloaded and every run sees the same images.
"""

from __future__ import annotations

import json
import platform
import time
from collections import OrderedDict
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from torch import nn

from models.user_models import UserData

TITLE = "Small ResNet (colour digits)"
DESCRIPTION = "Residual CNN, 3 stages 16→32→64 channels, on 3×32×32 colour digits."
WEIGHTS = "small_resnet.safetensors"  # relative to this file
IMAGE_SIZE = 32
DATA_SEED = 0  # colours and noise
SPLIT_SEED = 0  # the same stratified 75/25 split as the zoo's digits
NOISE_STD = 0.03  # pixel noise on the [0, 1] scale: enough that the net cannot key on flat colour
EPOCHS = 12  # test accuracy settles above 0.95 after about 8 epochs on this data
BATCH_SIZE = 64
LR = 3e-3


class BasicBlock(nn.Module):
    """Two 3×3 convolutions with a skip connection (ResNet's basic block, He et al. 2016).

    Each ReLU is its own module: captum's DeepLift and Guided Backprop hook modules, and one
    module called twice in a forward confuses them.
    """

    def __init__(self, c_in: int, c_out: int, stride: int = 1):
        super().__init__()
        self.conv1 = nn.Conv2d(c_in, c_out, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(c_out)
        self.relu1 = nn.ReLU()
        self.conv2 = nn.Conv2d(c_out, c_out, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(c_out)
        self.shortcut: nn.Module = nn.Identity()
        if stride != 1 or c_in != c_out:  # 1×1 projection where the shape changes
            self.shortcut = nn.Sequential(
                nn.Conv2d(c_in, c_out, 1, stride=stride, bias=False), nn.BatchNorm2d(c_out)
            )
        self.relu2 = nn.ReLU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.relu1(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu2(out + self.shortcut(x))


class SmallResNet(nn.Module):
    """stem → 3 residual stages (32×32, 16×16, 8×8) → global average pool → linear classifier.

    The skip connections live inside the blocks, so the top-level children still form a chain
    (what pipeline parallelism splits); ``nn.Flatten`` keeps it a chain and channel-prunable.
    """

    def __init__(self, widths: tuple[int, int, int] = (16, 32, 64), num_classes: int = 10):
        super().__init__()
        c1, c2, c3 = widths
        self.stem = nn.Sequential(
            OrderedDict(
                conv=nn.Conv2d(3, c1, 3, padding=1, bias=False),
                bn=nn.BatchNorm2d(c1),
                relu=nn.ReLU(),
            )
        )
        self.layer1 = BasicBlock(c1, c1)
        self.layer2 = BasicBlock(c1, c2, stride=2)
        self.layer3 = BasicBlock(c2, c3, stride=2)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.flatten = nn.Flatten(1)
        self.fc = nn.Linear(c3, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.layer3(self.layer2(self.layer1(self.stem(x))))
        return self.fc(self.flatten(self.pool(x)))


def build_model() -> nn.Module:
    return SmallResNet()


def build_student(width: float) -> nn.Module:
    """The same ResNet with ``width`` × the channels of each stage: the distillation student."""
    return SmallResNet(widths=tuple(max(1, round(c * width)) for c in (16, 32, 64)))


def colour_digits() -> tuple[torch.Tensor, torch.Tensor]:
    """All 1,797 digits as (N, 3, 32, 32) images in [0, 1] and their labels."""
    digits = load_digits()
    ink = torch.as_tensor(digits.images, dtype=torch.float32).reshape(-1, 1, 8, 8) / 16.0
    ink = F.interpolate(ink, size=(IMAGE_SIZE, IMAGE_SIZE), mode="bilinear", align_corners=False)
    ink = ink.clamp(0.0, 1.0)
    rng = np.random.default_rng(DATA_SEED)
    n = len(ink)
    # Ink bright, background dark, hues random: colour carries no class information.
    fg = torch.as_tensor(rng.uniform(0.5, 1.0, (n, 3, 1, 1)), dtype=torch.float32)
    bg = torch.as_tensor(rng.uniform(0.0, 0.35, (n, 3, 1, 1)), dtype=torch.float32)
    noise = torch.as_tensor(rng.normal(0.0, NOISE_STD, (n, 3, IMAGE_SIZE, IMAGE_SIZE)))
    images = (bg * (1 - ink) + fg * ink + noise.float()).clamp(0.0, 1.0)
    return images, torch.as_tensor(digits.target, dtype=torch.int64)


_DATA: UserData | None = None


def load_data() -> UserData:
    """The fixed split, normalised per channel with the training images' mean and std."""
    global _DATA
    if _DATA is None:
        images, labels = colour_digits()
        train, test = train_test_split(
            np.arange(len(labels)), test_size=0.25, random_state=SPLIT_SEED, stratify=labels
        )
        mean = images[train].mean(dim=(0, 2, 3))
        std = images[train].std(dim=(0, 2, 3))

        def norm(x: torch.Tensor) -> torch.Tensor:
            return (x - mean[:, None, None]) / std[:, None, None]

        _DATA = UserData(
            x_test=norm(images[test]),
            y_test=labels[test],
            class_names=tuple(str(d) for d in range(10)),
            x_train=norm(images[train]),
            y_train=labels[train],
            mean=tuple(float(m) for m in mean),
            std=tuple(float(s) for s in std),
        )
    return _DATA


def example_input() -> torch.Tensor:
    return load_data().x_test[:4]


@torch.inference_mode()
def test_accuracy(model: nn.Module) -> float:
    data = load_data()
    return float((model.eval()(data.x_test).argmax(1) == data.y_test).float().mean())


def train(out: Path | None = None, seed: int = 0) -> dict:
    """Train from scratch with AdamW and a one-cycle schedule; save weights and metrics.

    Took 200 s (112 s of CPU) on a busy 2-core machine. Writes ``small_resnet.safetensors`` and
    ``small_resnet.json`` (the measured test accuracy) next to this file unless ``out`` names
    another weights file.
    """
    from safetensors.torch import save_file

    out = out or Path(__file__).with_name(WEIGHTS)
    torch.manual_seed(seed)
    data = load_data()
    model = build_model()
    optimiser = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=5e-4)
    steps = -(-len(data.x_train) // BATCH_SIZE)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, LR, total_steps=EPOCHS * steps)
    generator = torch.Generator().manual_seed(seed)
    start = time.perf_counter()
    for epoch in range(EPOCHS):
        model.train()
        order = torch.randperm(len(data.x_train), generator=generator)
        for i in range(0, len(order), BATCH_SIZE):
            idx = order[i : i + BATCH_SIZE]
            loss = F.cross_entropy(model(data.x_train[idx]), data.y_train[idx])
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            optimiser.step()
            schedule.step()
        print(f"epoch {epoch + 1}/{EPOCHS} loss {float(loss):.4f}", flush=True)
    seconds = time.perf_counter() - start
    metrics = {
        "model": "small_resnet",
        "test_accuracy": round(test_accuracy(model), 4),
        "train_seconds": round(seconds, 1),
        "threads": torch.get_num_threads(),
        "epochs": EPOCHS,
        "seed": seed,
        "n_train": len(data.y_train),
        "n_test": len(data.y_test),
        "torch": torch.__version__,
        "python": platform.python_version(),
    }
    state = {k: v.detach().contiguous() for k, v in model.state_dict().items()}
    save_file(state, out, metadata={"model": "small_resnet"})
    out.with_suffix(".json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    print(f"test accuracy {metrics['test_accuracy']:.4f} ({seconds:.1f} s) → {out}")
    return metrics


if __name__ == "__main__":
    train()
