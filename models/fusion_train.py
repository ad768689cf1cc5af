"""Retrain the fusion models: ``python -m models.fusion_train [name ...|all] [--seeds N]``.

Every model trains on the AV digits with the shared loop of :mod:`models.training` (seeded, so a
rerun on the same machine with the same thread count reproduces the weights). Images get fresh
Gaussian noise every batch: a fixed noise draw would let joint models memorise the training set.
Seed 0's weights are shipped; with ``--seeds N`` seeds 1…N−1 are trained too (weights not
kept) and their accuracies stored in the metrics as mean ± std.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from dataclasses import asdict

import torch
from safetensors.torch import save_file
from torch import nn

from models.av_digits import (
    IMAGE_SIGMA,
    TEST_NOISE_SEED,
    load_av_digits,
    noisy_images,
    noisy_test_set,
    same_digit_pairs,
    same_digit_test_set,
)
from models.fusion import FUSION_MODELS, FusionModel, get_fusion_spec, load_fusion_model
from models.fusion.late import LateFusion
from models.registry import weights_dir
from models.training import EpochStats, TrainConfig, seed_everything, train_epochs

IMAGE_PIXELS = 28 * 28

DIGIT = TrainConfig(epochs=25, batch_size=64, lr=3e-3, weight_decay=1e-3, one_cycle=True)
SAME = TrainConfig(epochs=40, batch_size=64, lr=3e-3, weight_decay=1e-3, one_cycle=True)
CONFIGS: dict[str, TrainConfig] = {
    "image_only": DIGIT,
    "audio_only": DIGIT,
    "early_raw": DIGIT,
    "concat": DIGIT,
    "tensor": DIGIT,
    "cross_attention": DIGIT,
    "gated": DIGIT,
    "graph": DIGIT,
    # "Same digit?": only the fusion head learns (the encoders are the digit models', frozen).
    "same_additive": SAME,
    "same_concat": SAME,
    "same_tensor": SAME,
}


# The "same digit?" models start from the digit models' encoders, frozen: learning what a digit
# is from match/mismatch labels alone stayed at chance in 40 epochs at this noise. The task
# then isolates the fusion operator, which is what it is there to show.
ENCODERS_FROM = {"image_encoder": "image_only", "audio_encoder": "audio_only"}
FROZEN_ENCODERS = frozenset({"same_additive", "same_concat", "same_tensor"})
_fitted: dict[tuple[str, int], FusionModel] = {}  # (name, seed) → model trained in this process


def pack(image: torch.Tensor, audio: torch.Tensor) -> torch.Tensor:
    """(N, 784 + 1024): both modalities in one tensor, as the shared loop feeds one input."""
    return torch.cat([image.flatten(1), audio.flatten(1)], dim=1)


class PackedInput(nn.Module):
    """Unpacks :func:`pack` for a fusion model and, in training mode only, adds fresh image
    noise (std ``image_sigma`` pixel units) from its own seeded generator, so runs repeat."""

    def __init__(
        self,
        model: FusionModel,
        image_sigma: float,
        seed: int,
        frozen: tuple[nn.Module, ...] = (),
    ):
        super().__init__()
        self.model, self.image_sigma, self.frozen = model, image_sigma, frozen
        self.generator = torch.Generator().manual_seed(seed + 10_000)

    def train(self, mode: bool = True) -> PackedInput:
        super().train(mode)
        for module in self.frozen:  # frozen encoders keep their batch-norm statistics
            module.eval()
        return self

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        image = x[:, :IMAGE_PIXELS].reshape(-1, 1, 28, 28)
        audio = x[:, IMAGE_PIXELS:].reshape(-1, 1, 32, 32)
        if self.training:
            image = noisy_images(image, self.image_sigma, self.generator)
        return self.model(image, audio)


def training_data(task: str) -> tuple[torch.Tensor, torch.Tensor]:
    """Packed clean training inputs and labels for a task ("digit" or "same")."""
    data = load_av_digits()
    if task == "digit":
        return pack(data.image_train, data.audio_train), data.y_train
    pairs = same_digit_pairs()[0]
    image = data.image_train[torch.from_numpy(pairs.image_index)]
    audio = data.audio_train[torch.from_numpy(pairs.audio_index)]
    return pack(image, audio), pairs.same


def test_data(task: str) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """The standard noisy test set (image, audio, labels) of a task."""
    return noisy_test_set() if task == "digit" else same_digit_test_set()


@torch.inference_mode()
def evaluate(model: FusionModel, task: str) -> float:
    """Accuracy on the task's standard noisy test set."""
    image, audio, y = test_data(task)
    return float((model.eval()(image, audio).argmax(1) == y).float().mean())


def fit(name: str, seed: int, verbose: bool = True) -> tuple[FusionModel, float, float]:
    """Train ``name`` from scratch; returns (model, test accuracy, seconds)."""
    spec = get_fusion_spec(name)
    config = TrainConfig(**{**asdict(CONFIGS[name]), "seed": seed})
    seed_everything(seed)
    model = spec.build()
    frozen = freeze_pretrained_encoders(name, model, seed)
    x, y = training_data(spec.task)

    def report(stats: EpochStats) -> None:
        if stats.epoch % 5 and stats.epoch != config.epochs:
            return
        print(
            f"  {name} seed {seed} epoch {stats.epoch:3d}/{config.epochs}"
            f"  loss {stats.loss:.4f}  train {stats.train_accuracy:.3f}",
            flush=True,
        )

    start = time.perf_counter()
    train_epochs(
        PackedInput(model, IMAGE_SIGMA, seed, frozen),
        x,
        y,
        config,
        on_epoch=report if verbose else None,
    )
    seconds = time.perf_counter() - start
    _fitted[name, seed] = model.eval()
    return model, evaluate(model, spec.task), seconds


def trained(name: str, seed: int) -> FusionModel:
    """``name`` trained with ``seed``: from this process if it was, else the shipped weights
    (seed 0) or a fresh fit."""
    if (name, seed) not in _fitted:
        if seed == 0:
            _fitted[name, seed] = load_fusion_model(name)
        else:
            fit(name, seed, verbose=False)
    return _fitted[name, seed]


def freeze_pretrained_encoders(name: str, model: FusionModel, seed: int) -> tuple[nn.Module, ...]:
    """For :data:`FROZEN_ENCODERS`: copy the unimodal models' encoders in and freeze them."""
    if name not in FROZEN_ENCODERS:
        return ()
    frozen = []
    for attr, source in ENCODERS_FROM.items():
        encoder = getattr(model, attr)
        encoder.load_state_dict(trained(source, seed).encoder.state_dict())
        encoder.requires_grad_(False)
        frozen.append(encoder)
    return tuple(frozen)


def train(name: str, seeds: int = 1, verbose: bool = True) -> dict:
    """Train seed 0 (weights kept) and seeds 1…seeds−1 (accuracy only); write weights + json."""
    spec = get_fusion_spec(name)
    out = weights_dir()
    out.mkdir(parents=True, exist_ok=True)
    if spec.components:  # late fusion trains nothing: it measures its trained parts
        return write_late_metrics(name, seeds)
    model, acc, seconds = fit(name, 0, verbose)
    accs, times = [acc], [seconds]
    for seed in range(1, seeds):
        _, a, s = fit(name, seed, verbose)
        accs.append(a)
        times.append(s)
    metrics = {
        "model": name,
        "task": spec.task,
        "test_accuracy": round(acc, 4),
        "seed": 0,
        "epochs": CONFIGS[name].epochs,
        "train_seconds": round(seconds, 1),
        "parameters": sum(p.numel() for p in model.parameters()),
        **seed_summary(accs),
        "config": asdict(CONFIGS[name]),
        "image_sigma": IMAGE_SIGMA,
        "test_noise_seed": TEST_NOISE_SEED,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "python": platform.python_version(),
    }
    state = {k: v.detach().contiguous() for k, v in model.state_dict().items()}
    save_file(state, out / spec.weights_file, metadata={"model": name})
    spec.metrics_file.write_text(json.dumps(metrics, indent=2) + "\n")
    print(f"{name}: test accuracy {acc:.4f} ({seconds:.1f} s) → {out / spec.weights_file}")
    return metrics


def seed_summary(accs: list[float]) -> dict:
    """Per-seed accuracies with their mean and (sample) standard deviation."""
    return {
        "seeds": len(accs),
        "seed_accuracies": [round(a, 4) for a in accs],
        "mean_accuracy": round(statistics.fmean(accs), 4),
        "std_accuracy": round(statistics.stdev(accs), 4) if len(accs) > 1 else 0.0,
    }


def write_late_metrics(name: str, seeds: int = 1) -> dict:
    """Late fusion's accuracy: its components, trained apart, combined (per seed if several)."""
    spec = get_fusion_spec(name)
    image_name, audio_name = spec.components
    accs = [
        evaluate(LateFusion(trained(image_name, s), trained(audio_name, s)), spec.task)
        for s in range(seeds)
    ]
    metrics = {
        "model": name,
        "task": spec.task,
        "test_accuracy": round(accs[0], 4),
        "seed": 0,
        "epochs": 0,
        "train_seconds": 0.0,
        "components": list(spec.components),
        **seed_summary(accs),
        "test_noise_seed": TEST_NOISE_SEED,
        "torch": torch.__version__,
        "python": platform.python_version(),
    }
    spec.metrics_file.write_text(json.dumps(metrics, indent=2) + "\n")
    print(f"{name}: test accuracy {accs[0]:.4f} (no training: {', '.join(spec.components)})")
    return metrics


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", default=["all"], choices=[*FUSION_MODELS, "all"])
    parser.add_argument("--seeds", type=int, default=1, help="seeds 0…N−1; seed 0 is shipped")
    parser.add_argument("--quiet", action="store_true", help="no per-epoch lines")
    # One thread: these models are tiny, and on a shared 2-core machine two threads that wait
    # for each other ran several times slower; the thread count also fixes the float results.
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    names = list(FUSION_MODELS) if "all" in args.names else args.names
    # Late fusion last: it reads the unimodal weights trained before it.
    names = sorted(names, key=lambda n: bool(FUSION_MODELS[n].components))
    for name in names:
        train(name, seeds=args.seeds, verbose=not args.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
