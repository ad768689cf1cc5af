"""Benchmark: backend time of the Fuse page's two interactive steps, in one process (this machine
is shared and noisy: compare within one run, never across runs).

* accuracy recompute: a noise slider moved → the noisy test split rebuilt (450 pairs) and every
  digit-task strategy (9) evaluated on it, one forward pass each, batch 450;
* attribution of one pair: Shapley (4 coalitions, one stacked pass), Integrated Gradients
  (64 Gauss–Legendre steps on a private copy) and ablation, for all 9 strategies, batch 1.

Eager fp32 on the CPU, 3 warm-up calls, then the median, IQR and minimum of the wall time (the
minimum is the least disturbed call). Targets (issue 6): recompute ≤ 500 ms, attribution ≤ 300 ms.

Run: ``.venv/bin/python -m tests.benchmarks.bench_fuse [threads …]`` (default: 1 and all cores)
"""

from __future__ import annotations

import itertools
import os
import statistics
import sys
import time
from collections.abc import Callable

import torch

from components.fusion.attribution import FUSION_ATTRIBUTION_METHODS, modality_attribution
from components.fusion.robustness import accuracy_table
from models.av_digits import noisy_test_set
from models.fusion import fusion_model_names, load_fusion_model

WARMUP = 3
REPEATS = 15
TARGETS_MS = {
    "accuracy recompute (σ)": 500,
    "accuracy recompute (SNR)": 500,
    "attribution, 1 pair": 300,
}


def _timed(fn: Callable[[], object]) -> list[float]:
    for _ in range(WARMUP):
        fn()
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return times


def main(argv: list[str]) -> int:
    threads = [int(a) for a in argv] or sorted({1, os.cpu_count() or 1})
    models = {n: load_fusion_model(n) for n in fusion_model_names("digit")}
    sigmas = itertools.cycle([0.5, 1.3, 2.0, 3.1, 4.0])  # a new level every call: no cache
    snrs = itertools.cycle([-10.0, -12.5, -15.0, -17.5, -20.0])
    image, audio, _ = noisy_test_set()
    pair = (image[5:6], audio[5:6])

    def recompute_sigma():
        return accuracy_table(models, noisy_test_set(image_sigma=next(sigmas)))

    def recompute_snr():
        return accuracy_table(models, noisy_test_set(snr_db=next(snrs)))

    def attribute():
        for model in models.values():
            for method in FUSION_ATTRIBUTION_METHODS:
                modality_attribution(method, model, *pair)

    rows = {
        "accuracy recompute (σ)": recompute_sigma,
        "accuracy recompute (SNR)": recompute_snr,
        "attribution, 1 pair": attribute,
    }
    print(f"torch {torch.__version__}, {len(models)} strategies, {WARMUP} warm-up, {REPEATS} runs")
    print(f"{'threads':>7} {'step':26} {'median ms':>10} {'IQR':>8} {'min':>8}  target")
    for n in threads:
        torch.set_num_threads(n)
        for label, fn in rows.items():
            times = _timed(fn)
            q1, median, q3 = statistics.quantiles(times, n=4)
            target = TARGETS_MS[label]
            verdict = "ok" if median <= target else "MISSED"
            print(
                f"{n:7d} {label:26} {median:10.1f} {q3 - q1:8.1f} {min(times):8.1f}"
                f"  ≤ {target} {verdict}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
