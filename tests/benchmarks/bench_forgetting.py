"""Benchmark: the forgetting backend ("What compression forgets") on LeNet and the 450 test digits,
in one process (this machine is shared and noisy: compare within one run, never across runs).

Each row is timed after one warm-up call, ``REPEATS`` times (fewer for the long ones), and
reported as median and IQR, with 1 and with all torch threads. The variant is LeNet with 50 %
of its channels removed; the original's outputs are precomputed where the page caches them.

1. Per-class accuracy + both confusion matrices from cached predictions; target ≤ 50 ms. Also
   with the variant's forward pass and the forgotten examples.
2. Linear CKA for all 9 LeNet layers on 300 digits: with the original's Gram matrices cached
   (what the page does) and from scratch; target ≤ 300 ms.
3. FGSM curve, 8 ε, 450 digits, the original; target ≤ 1 s. Also original + variant + int8
   (transferred).
4. PGD curve, 10 steps at each of the 7 non-zero ε, 450 digits, the original, with a progress
   callback; target ≤ 5 s. Also one PGD attack (one ε, 10 steps).
5. For scale: PIE with 5 pruned copies, the PCA projection, one noise flip.

Run: ``.venv/bin/python -m tests.benchmarks.bench_forgetting``
"""

from __future__ import annotations

import os
import statistics
import time
import warnings
from collections.abc import Callable

import torch

from components.fidelity import model_outputs
from components.forgetting import (
    AttackSettings,
    NoiseSearch,
    PieSettings,
    class_damage,
    evaluation_sample,
    forgotten_examples,
    input_range,
    layer_grams,
    penultimate_features,
    penultimate_projection,
    pgd_example,
    pruning_identified_exemplars,
    representation_drift,
    robust_accuracy,
    smallest_flipping_noise,
)
from components.pruning import PruneSettings, prune_model
from components.quantization import QuantSettings, quantize_model
from models.registry import get_spec, load_model

REPEATS = 7
LONG_REPEATS = 3  # PGD and PIE: seconds each


def timed(fn: Callable[[], object], repeats: int) -> list[float]:
    """Milliseconds of ``repeats`` calls after one warm-up call."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return times


def row(name: str, times: list[float], target_ms: float | None) -> str:
    median = statistics.median(times)
    q1, _, q3 = statistics.quantiles(times, n=4) if len(times) > 2 else (median, 0, median)
    verdict = ""
    if target_ms is not None:
        verdict = f"≤ {target_ms:>6.0f}  " + ("ok" if median <= target_ms else "MISSED")
    return f"   {name:54} {median:9.1f} {q3 - q1:8.1f}  {verdict}"


Case = tuple[str, Callable[[], object], int, float | None]  # name, call, repeats, target ms


def cases(steps: list[float]) -> list[Case]:
    """The timed calls; the PGD row appends its progress fractions to ``steps``."""
    spec, model = get_spec("lenet"), load_model("lenet")
    data = spec.load_data()
    x, y = data.x_test, data.y_test
    variant = prune_model(model, spec, PruneSettings("channel_removal", 0.5)).model
    int8 = quantize_model(model, spec, QuantSettings("dynamic_int8")).model
    bounds = input_range(data)
    reference = model_outputs(model, spec)  # the page's cached reference outputs
    variant_outputs = model_outputs(variant, spec)
    sample = evaluation_sample(spec, model, 300)
    grams = layer_grams(model, sample.inputs)
    features = penultimate_features(model, (x,), "fc2")
    fgsm = AttackSettings()
    pgd = AttackSettings(attack="pgd", steps=10)

    def per_class() -> object:
        return class_damage(y, reference.argmax(1), variant_outputs.argmax(1), data.class_names)

    def per_class_with_forward() -> object:
        out = model_outputs(variant, spec)
        class_damage(y, reference.argmax(1), out.argmax(1), data.class_names)
        return forgotten_examples(y, reference.softmax(1), out.softmax(1))

    def pgd_curve() -> object:
        steps.clear()
        return robust_accuracy(
            {"original": model}, x, y, pgd, bounds, progress=lambda f, _m: steps.append(f)
        )

    all_three = {"original": model, "channel": variant, "int8": int8}
    pie = PieSettings(amounts=(0.3,))
    return [
        ("1. per-class + confusion (cached predictions)", per_class, REPEATS, 50),
        ("   … + variant forward + forgotten examples", per_class_with_forward, REPEATS, None),
        (
            "2. CKA, 9 layers, 300 digits (original's Grams cached)",
            lambda: representation_drift(model, variant, sample.inputs, original_grams=grams),
            REPEATS,
            300,
        ),
        (
            "   CKA, 9 layers, 300 digits (both models)",
            lambda: representation_drift(model, variant, sample.inputs),
            REPEATS,
            None,
        ),
        (
            "3. FGSM curve, 8 ε, 450 digits, original",
            lambda: robust_accuracy({"original": model}, x, y, fgsm, bounds),
            REPEATS,
            1000,
        ),
        (
            "   FGSM curves: original + channel 50 % + int8 (transfer)",
            lambda: robust_accuracy(all_three, x, y, fgsm, bounds),
            REPEATS,
            None,
        ),
        ("4. PGD curve, 10 steps × 7 ε, 450 digits, original", pgd_curve, LONG_REPEATS, 5000),
        (
            "   PGD at one ε (0.1), 10 steps, 450 digits, original",
            lambda: pgd_example(model, x, y, 0.1, pgd, bounds),
            LONG_REPEATS,
            None,
        ),
        (
            "5. PIE, 5 random-pruned copies at 30 %",
            lambda: pruning_identified_exemplars(model, spec, pie, original_outputs=reference),
            LONG_REPEATS,
            None,
        ),
        (
            "   PCA projection, 450 digits (original's features cached)",
            lambda: penultimate_projection(model, variant, (x,), y, [], original_features=features),
            REPEATS,
            None,
        ),
        (
            "   noise flip (MinParamPerturbation), one digit",
            lambda: smallest_flipping_noise(model, x[:1], NoiseSearch(), bounds),
            REPEATS,
            None,
        ),
    ]


def main() -> None:
    warnings.filterwarnings("ignore", message="Input Tensor 0 did not already require gradients")
    cores = os.cpu_count() or 1
    print(
        f"torch {torch.__version__}, {cores} cores, eager fp32, LeNet, 450 test digits; "
        f"load average {os.getloadavg()[0]:.1f} at start (other processes share these cores)"
    )
    steps: list[float] = []
    timed_calls = cases(steps)
    for threads in sorted({1, cores}):
        torch.set_num_threads(threads)
        print(f"\n=== {threads} torch thread(s) ===")
        print(f"   {'what':54} {'median ms':>9} {'IQR ms':>8}  target ms")
        print("   " + "-" * 92)
        for name, fn, repeats, target in timed_calls:
            print(row(name, timed(fn, repeats), target), flush=True)
        print(f"   PGD progress: {len(steps)} reports per curve, last {steps[-1]:.2f}")
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
