"""Benchmark: backend time of one Explain-page interaction, in one process (this machine is shared
and noisy: compare within one run, never across runs).

One interaction is one backend call as the page makes it — :func:`explain` (private copy of the
cached model, checks, the captum call) or :func:`method_grid` — on one test digit at batch 1,
eager fp32 on the CPU, after 3 warm-up calls. The table gives the median, IQR and minimum of
the wall time (the minimum is the least disturbed call: other processes share these 2 cores, and
with 2 torch threads each busy core stalls the OpenMP pool), the median of the captum call alone
(``Explanation.seconds``), and the passes each method cost.

Targets (issue 4, LeNet): Saliency ≤ 20 ms, Grad-CAM ≤ 20 ms, Integrated Gradients (50 steps)
≤ 60 ms, the grid of 6 methods ≤ 1 s. TinyViT and the other methods are reported without one.

Run: ``.venv/bin/python -m tests.benchmarks.bench_explain [threads …]`` (default: 1 and all cores)
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import warnings
from collections.abc import Callable

import torch

from components.explain import (
    agreement_matrix,
    agreement_vs_pruning,
    applicable_methods,
    explain,
    method_grid,
    predict_topk,
)
from models.data import load_digits_split
from models.registry import get_spec, load_model

GRID6 = ["saliency", "integrated_gradients", "smoothgrad", "guided_backprop", "deeplift", "gradcam"]
TARGETS_MS = {  # (model, row) → target median in ms
    ("lenet", "saliency"): 20,
    ("lenet", "gradcam"): 20,
    ("lenet", "integrated_gradients"): 60,
    ("lenet", "grid of 6"): 1000,
}
WARMUP = 3
REPEATS = {"fast": 30, "slow": 10}  # methods above ~50 ms get fewer repeats


def _timed(fn: Callable[[], object], repeats: int) -> tuple[list[float], list]:
    """Wall times in ms of ``repeats`` calls after :data:`WARMUP` calls, and their results."""
    for _ in range(WARMUP):
        fn()
    times, results = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        results.append(fn())
        times.append((time.perf_counter() - start) * 1e3)
    return times, results


def _stats(times: list[float]) -> tuple[float, float]:
    q1, median, q3 = statistics.quantiles(times, n=4)
    return median, q3 - q1


def _row(model: str, label: str, times: list[float], captum_ms: float | None, passes: str) -> str:
    median, iqr = _stats(times)
    target = TARGETS_MS.get((model, label))
    verdict = (
        "" if target is None else f"≤ {target:5d}  " + ("ok" if median <= target else "MISSED")
    )
    captum = f"{captum_ms:9.1f}" if captum_ms is not None else f"{'':9}"
    return (
        f"{model:9} {label:22} {median:9.1f} {iqr:8.1f} {min(times):7.1f} {captum} "
        f"{passes:>16}  {verdict}"
    )


def bench_model(name: str) -> list[str]:
    spec, model = get_spec(name), load_model(name)
    x = load_digits_split().x_test[:1].clone()
    target = predict_topk(model, x, 1)[0][0]
    rows = []
    applicable = [m for m, why in applicable_methods(model, spec).items() if why is None]
    for method in applicable:
        probe = explain(model, x, target, method)
        repeats = REPEATS["fast" if probe.seconds < 0.05 else "slow"]
        times, results = _timed(lambda m=method: explain(model, x, target, m), repeats)
        captum_ms = statistics.median(e.seconds for e in results) * 1e3
        e = results[-1]
        passes = f"{e.forward_calls}c/{e.forward_passes}f/{e.backward_passes}b"
        rows.append(_row(name, method, times, captum_ms, passes))
    grid = [m for m in GRID6 if m in applicable]
    times, grids = _timed(lambda: method_grid(model, x, target, grid), REPEATS["slow"])
    captum_ms = statistics.median(sum(e.seconds for e in g) for g in grids) * 1e3
    label = "grid of 6" if len(grid) == 6 else f"grid of {len(grid)}"
    rows.append(_row(name, label, times, captum_ms, f"{len(grid)} methods"))
    times, _ = _timed(lambda: agreement_matrix(grids[-1]), REPEATS["fast"])
    rows.append(_row(name, f"agreement {len(grid)}×{len(grid)}", times, None, "spearman"))
    return rows


def settle(seconds: float = 1.0) -> None:
    """Run explanations for a while after a thread-count change: the first calls on a new
    OpenMP pool are slow, and a short warm-up per row does not absorb that."""
    model, x = load_model("lenet"), load_digits_split().x_test[:1].clone()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        method_grid(model, x, 0, GRID6)


def pruning_curve_ms(name: str) -> float:
    spec, model = get_spec(name), load_model(name)
    x = load_digits_split().x_test[:1].clone()
    target = predict_topk(model, x, 1)[0][0]
    agreement_vs_pruning(model, spec, x, target, "saliency")  # warm-up
    start = time.perf_counter()
    agreement_vs_pruning(model, spec, x, target, "saliency")
    return (time.perf_counter() - start) * 1e3


def main() -> None:
    warnings.filterwarnings("ignore")  # captum's notes about its temporary hooks
    cores = os.cpu_count() or 1
    print(
        f"torch {torch.__version__}, {cores} cores, eager fp32, batch 1, one test digit; "
        f"load average {os.getloadavg()[0]:.1f} at start (other processes share these cores)"
    )
    print("passes: forward calls / images forward / images backward")
    chosen = [int(a) for a in sys.argv[1:]] or sorted({1, cores})
    for threads in chosen:
        torch.set_num_threads(threads)
        settle()
        print(f"\n=== {threads} torch thread(s) ===")
        header = (
            f"{'model':9} {'interaction':22} {'median ms':>9} {'IQR ms':>8} {'min ms':>7} "
            f"{'captum ms':>9} "
            f"{'passes':>16}  target ms"
        )
        print(header)
        print("-" * (len(header) + 12))
        for name in ("lenet", "tiny_vit"):
            for row in bench_model(name):
                print(row)
        for name in ("lenet", "tiny_vit"):
            print(
                f"{name:9} {'pruning curve, 10 pts':22} {pruning_curve_ms(name):9.1f}"
                "   (saliency; prune_model + explain per amount; one run)"
            )
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
