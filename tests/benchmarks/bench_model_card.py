"""Benchmark: what the model card measures, for every zoo model, at batch 1 and 32 and 1 or all
threads, in one process (compare ratios within one run; this machine is shared and noisy).

Run: ``.venv/bin/python -m tests.benchmarks.bench_model_card``
"""

from __future__ import annotations

import os
import time

import torch

from components.flops import count_flops
from components.latency import measure_latency
from components.profile import profile_model
from models.registry import REGISTRY, load_model


def main() -> None:
    cores = os.cpu_count() or 1
    print(f"torch {torch.__version__}, {cores} cores, eager fp32, torch.utils.benchmark median/IQR")
    header = (
        f"{'model':10} {'batch':>5} {'thr':>3} {'median ms':>10} {'IQR ms':>8} "
        f"{'samples/s':>10} {'GFLOP/s':>8}"
    )
    print(header)
    print("-" * len(header))
    card_seconds = {}
    for name, spec in REGISTRY.items():
        model = load_model(name)
        start = time.perf_counter()
        profile_model(model, spec)
        card_seconds[name] = time.perf_counter() - start
        flops_per_sample = count_flops(model, spec.example_input(model, 1)).per_sample
        for batch in (1, 32):
            inputs = spec.example_input(model, batch)
            for threads in sorted({1, cores}):
                r = measure_latency(model, inputs, threads=threads, min_run_time=0.5)
                gflops = flops_per_sample * batch / r.median_s / 1e9
                print(
                    f"{name:10} {batch:5d} {threads:3d} {r.median_ms:10.3f} {r.iqr_ms:8.3f} "
                    f"{r.throughput:10.0f} {gflops:8.2f}"
                )
    print()
    for name, seconds in card_seconds.items():
        print(f"model card profile of {name}: {seconds:.2f} s (FLOPs + quality + latency)")


if __name__ == "__main__":
    main()
