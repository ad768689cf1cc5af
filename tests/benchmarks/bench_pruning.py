"""Benchmark: the pruning backend of the Compress page, in one process (this machine is shared
and noisy: compare ratios within one run, never across runs).

1. One pruning interaction on LeNet (prune_model l1_unstructured 50 % + evaluate on the test split
   + profile_model without latency): median of 20 repeats; target ≤ 150 ms.
2. Latency of pruned vs original at batch 64, measured back to back (torch.utils.benchmark,
   median and IQR, threads stated): channel removal 50 % (target ratio ≤ 0.6, next to the FLOP
   ratio) and masked l1_unstructured 50 % (≈ 1.0: masks give no speed-up).
3. A full 11-point amount sweep on LeNet with latency: total seconds; target ≤ 5 s.
4. One more fine-tuning epoch (l1_unstructured 50 % on LeNet and TinyViT): ``k + 1`` epochs
   from the start against going on from the ``k``-epoch checkpoint, interleaved, median of
   3; the two results are checked equal to the last bit. Expected ratio ≈ 1 / (k + 1) plus the
   copy and pruning.

Run: ``.venv/bin/python -m tests.benchmarks.bench_pruning``
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import replace

import torch
from torch.utils import benchmark

from components.flops import count_flops
from components.profile import profile_model
from components.pruning import FinetuneCheckpoint, PruneSettings, amount_sweep, prune_model
from components.quality import evaluate
from components.shared_models import fingerprint
from models.registry import get_spec, load_model

BATCH = 64
MIN_RUN_TIME = 0.5  # seconds of timed calls per latency measurement in part 2
ROUNDS = 5  # interleaved rounds per variant; the best median counts


def interaction_ms(repeats: int = 20, *, separate_evaluate: bool = True) -> list[float]:
    """Wall times of one pruning interaction on LeNet. ``separate_evaluate``: also call
    ``evaluate`` although ``profile_model`` evaluates the same split again (the brief's recipe);
    without it the page reads the quality from the profile."""
    spec, model = get_spec("lenet"), load_model("lenet")
    settings = PruneSettings("l1_unstructured", 0.5)
    times = []
    for _ in range(repeats + 1):  # the first one warms up
        start = time.perf_counter()
        result = prune_model(model, spec, settings)
        if separate_evaluate:
            evaluate(result.model, spec)
        profile_model(result.model, spec, with_latency=False)
        times.append((time.perf_counter() - start) * 1e3)
    return times[1:]


def prune_only_ms(repeats: int = 20) -> list[float]:
    spec, model = get_spec("lenet"), load_model("lenet")
    settings = PruneSettings("l1_unstructured", 0.5)
    times = []
    for _ in range(repeats + 1):
        start = time.perf_counter()
        prune_model(model, spec, settings)
        times.append((time.perf_counter() - start) * 1e3)
    return times[1:]


def _summary(times: list[float]) -> str:
    q1, median, q3 = statistics.quantiles(times, n=4)
    return f"median {median:6.1f} ms  IQR {q3 - q1:6.1f} ms  min {min(times):6.1f} ms"


def _measure(model: torch.nn.Module, inputs: tuple, threads: int) -> benchmark.Measurement:
    """Like components.latency.measure_latency (warm-up, inference mode, blocked_autorange), but
    returning the whole Measurement so that the fastest block is available too."""

    @torch.inference_mode()
    def call() -> None:
        model(*inputs)

    for _ in range(3):
        call()
    timer = benchmark.Timer(stmt="call()", globals={"call": call}, num_threads=threads)
    return timer.blocked_autorange(min_run_time=MIN_RUN_TIME)


def latency_rows(name: str, threads: int) -> list[tuple[str, float, float, float, float, float]]:
    """(variant, median ms, IQR ms, median ratio, fastest-block ratio, FLOP ratio) per variant.

    The variants are measured interleaved (original, pruned, masked, original, …) for
    :data:`ROUNDS` rounds; the best round's median counts. Other processes slow every variant
    alike then, and the fastest block (the per-call time of the least disturbed block) is a
    second, contention-robust reading of the same ratio.
    """
    spec, model = get_spec(name), load_model(name)
    variants = {
        "original": model,
        "channel_removal 50 %": prune_model(
            model, spec, PruneSettings("channel_removal", 0.5)
        ).model,
        "l1_unstructured 50 %": prune_model(
            model, spec, PruneSettings("l1_unstructured", 0.5)
        ).model,
    }
    flops = {k: count_flops(m, spec.example_input(m, 1)).total for k, m in variants.items()}
    runs: dict[str, list[benchmark.Measurement]] = {k: [] for k in variants}
    for _ in range(ROUNDS):
        for key, variant in variants.items():
            runs[key].append(_measure(variant, spec.example_input(variant, BATCH), threads))
    best = {k: min(v, key=lambda m: m.median) for k, v in runs.items()}
    fastest = {k: min(min(m.times) for m in v) for k, v in runs.items()}
    return [
        (
            key,
            best[key].median * 1e3,
            best[key].iqr * 1e3,
            best[key].median / best["original"].median,
            fastest[key] / fastest["original"],
            flops[key] / flops["original"],
        )
        for key in variants
    ]


def sweep_seconds() -> float:
    spec, model = get_spec("lenet"), load_model("lenet")
    amounts = [i / 10 for i in range(10)] + [0.95]
    start = time.perf_counter()
    amount_sweep(model, spec, "l1_unstructured", amounts, measure_latency=True, batch_size=BATCH)
    return time.perf_counter() - start


def resume_rows(name: str, repeats: int = 3) -> list[tuple[int, float, float]]:
    """(k, seconds for k + 1 epochs from the start, seconds going on from epoch k) per k."""
    spec, model = get_spec(name), load_model(name)
    settings = PruneSettings("l1_unstructured", 0.5, finetune_epochs=5)
    along: list[FinetuneCheckpoint] = []
    prune_model(model, spec, settings, on_checkpoint=along.append)
    rows = []
    for checkpoint in along[:-1]:
        k = checkpoint.train.epochs
        wanted = replace(settings, finetune_epochs=k + 1)
        start_s, on_s = [], []
        for _ in range(repeats):
            start = time.perf_counter()
            full = prune_model(model, spec, wanted)
            start_s.append(time.perf_counter() - start)
            start = time.perf_counter()
            went_on = prune_model(model, spec, wanted, resume=checkpoint)
            on_s.append(time.perf_counter() - start)
        assert fingerprint(full.model) == fingerprint(went_on.model), (
            f"{name}: going on from epoch {k} differs from the run from the start"
        )
        rows.append((k, statistics.median(start_s), statistics.median(on_s)))
    return rows


def main() -> None:
    cores = os.cpu_count() or 1
    print(
        f"torch {torch.__version__}, {cores} cores, eager fp32, torch.utils.benchmark; "
        f"load average {os.getloadavg()[0]:.1f} at start (other processes share these cores)"
    )
    for threads in sorted({1, cores}):
        torch.set_num_threads(threads)
        print(f"\n=== {threads} torch thread(s) ===")

        print("1. LeNet pruning interaction, 20 repeats (target: median ≤ 150 ms)")
        as_briefed = interaction_ms()
        print(f"   prune + evaluate + profile(no latency)  {_summary(as_briefed)}")
        profile_only = interaction_ms(separate_evaluate=False)
        print(f"   prune + profile(no latency)             {_summary(profile_only)}")
        print(f"   prune_model alone                       {_summary(prune_only_ms())}")

        print(f"2. Latency at batch {BATCH}: best of {ROUNDS} interleaved medians, fastest block")
        header = (
            f"   {'model':9} {'variant':22} {'median ms':>10} {'IQR ms':>8} "
            f"{'latency ×':>10} {'fastest ×':>10} {'FLOPs ×':>8}"
        )
        print(header)
        print("   " + "-" * (len(header) - 3))
        for name in ("lenet", "tiny_vit"):
            for variant, ms, iqr, ratio, fast, flop_ratio in latency_rows(name, threads):
                mark = ""
                if variant.startswith("channel"):
                    mark = "  target ≤ 0.6: " + ("ok" if ratio <= 0.6 else "MISSED")
                print(
                    f"   {name:9} {variant:22} {ms:10.3f} {iqr:8.3f} {ratio:10.2f} "
                    f"{fast:10.2f} {flop_ratio:8.2f}{mark}"
                )

        seconds = sweep_seconds()
        verdict = "ok" if seconds <= 5 else "MISSED"
        print(f"3. LeNet amount sweep, 11 points, l1_unstructured, latency at batch {BATCH}")
        print(f"   total {seconds:.2f} s  (target ≤ 5 s: {verdict})")

        print("4. One more fine-tuning epoch, l1_unstructured 50 %: median of 3, interleaved")
        print(f"   {'model':9} {'epochs':>9} {'from start s':>13} {'going on s':>11} {'ratio':>6}")
        for name in ("lenet", "tiny_vit"):
            for k, from_start, going_on in resume_rows(name):
                print(
                    f"   {name:9} {f'{k} → {k + 1}':>9} {from_start:13.3f} {going_on:11.3f} "
                    f"{going_on / from_start:6.2f}"
                )
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
