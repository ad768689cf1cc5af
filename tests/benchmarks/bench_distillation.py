"""Benchmark: does distillation beat training from scratch, and how long does a run take?

1. LeNet students over width × temperature × alpha: test accuracy of the distilled student and
   of its scratch baseline (same init, data order and epochs), mean ± std over seeds, and their
   difference in percentage points, with how many seeds distillation won / tied / lost.
   The same for the default settings over the epoch budget, and on the ViT.
2. Wall time of one default ``distill`` call (distilled + scratch run) on lenet and tiny_vit.

Everything runs in one process; this machine is shared and timings swing 2–4× between runs, so
compare within one run. The accuracy tables use 1 thread (thousands of tiny batches: extra
threads only add synchronisation, and oversubscribe a busy machine).

Run: ``.venv/bin/python -m tests.benchmarks.bench_distillation [--seeds 3] [--epochs 10]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Sequence

import torch

from components.distillation import DistillSettings, distill
from models.registry import get_spec, load_model

WIDTHS = (0.1, 0.2, 0.3, 0.5)
TEMPERATURES = (1.0, 4.0)
ALPHAS = (0.0, 0.5, 0.9)


def mean_std(values: Sequence[float], scale: float = 100.0) -> str:
    mean = statistics.fmean(values) * scale
    std = statistics.pstdev(values) * scale if len(values) > 1 else 0.0
    return f"{mean:6.2f} ± {std:4.2f}"


Cell = tuple[float, float, float, int]  # width, temperature, alpha, epochs


def grid(
    widths: Sequence[float], temperatures: Sequence[float], alphas: Sequence[float], epochs: int
) -> list[Cell]:
    return [(w, t, a, epochs) for w in widths for t in temperatures for a in alphas]


def accuracy_table(cells: Sequence[Cell], seeds: int, name: str = "lenet") -> None:
    """One row per cell: distilled and scratch accuracy over ``seeds`` seeds, and agreement."""
    spec, teacher = get_spec(name), load_model(name)
    header = (
        f"{'width':>5} {'T':>4} {'alpha':>5} {'ep':>3} {'params':>6} {'distilled %':>14} "
        f"{'scratch %':>14} {'diff pp':>14} {'W/T/L':>7} {'agree d/s %':>12}"
    )
    print(header)
    print("-" * len(header))
    scratch_seen: dict[tuple[float, int, int], float] = {}
    for width, temperature, alpha, epochs in cells:
        distilled, scratch, agree_d, agree_s, params = [], [], [], [], 0
        for seed in range(seeds):
            settings = DistillSettings(
                width=width, temperature=temperature, alpha=alpha, epochs=epochs, seed=seed
            )
            result = distill(teacher, spec, settings)
            distilled.append(result.student_accuracy)
            scratch.append(result.scratch_accuracy)
            agree_d.append(result.agreement)
            agree_s.append(result.scratch_agreement)
            params = result.student_params
            # The baseline must not depend on T or alpha: same init, order and loss.
            first = scratch_seen.setdefault((width, epochs, seed), result.scratch_accuracy)
            assert first == result.scratch_accuracy, "scratch baseline is not reproducible"
        diff = [d - s for d, s in zip(distilled, scratch, strict=True)]
        wins = sum(d > 1e-9 for d in diff)
        losses = sum(d < -1e-9 for d in diff)
        agree = f"{statistics.fmean(agree_d) * 100:.1f}/{statistics.fmean(agree_s) * 100:.1f}"
        print(
            f"{width:5.2f} {temperature:4.1f} {alpha:5.2f} {epochs:3d} {params:6d} "
            f"{mean_std(distilled):>14} {mean_std(scratch):>14} "
            f"{mean_std(diff):>14} {wins}/{seeds - wins - losses}/{losses:<3} {agree:>12}",
            flush=True,
        )


def timing_table(names: Sequence[str], repeats: int) -> None:
    settings = DistillSettings()
    cores = os.cpu_count() or 1
    header = (
        f"{'model':9} {'thr':>3} {'runs':>4} {'median s':>9} {'min s':>7} {'max s':>7} "
        f"{'params t→s':>16} {'distilled %':>11} {'scratch %':>9}"
    )
    print(header)
    print("-" * len(header))
    for name in names:
        spec, teacher = get_spec(name), load_model(name)
        for threads in sorted({1, cores}):
            torch.set_num_threads(threads)
            seconds, result = [], None
            for _ in range(repeats if name == "lenet" else 1):
                start = time.perf_counter()
                result = distill(teacher, spec, settings)
                seconds.append(time.perf_counter() - start)
            assert result is not None
            print(
                f"{name:9} {threads:3d} {len(seconds):4d} {statistics.median(seconds):9.2f} "
                f"{min(seconds):7.2f} {max(seconds):7.2f} "
                f"{result.teacher_params:>7d}→{result.student_params:<8d} "
                f"{result.student_accuracy * 100:11.1f} {result.scratch_accuracy * 100:9.1f}",
                flush=True,
            )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--default-seeds", type=int, default=5)
    parser.add_argument("--vit-seeds", type=int, default=3, help="0 skips the ViT table")
    parser.add_argument("--repeats", type=int, default=3, help="timed lenet runs per thread count")
    parser.add_argument("--skip-grid", action="store_true", help="only the timing table")
    args = parser.parse_args(argv)
    threads = torch.get_num_threads()
    print(
        f"torch {torch.__version__}, {os.cpu_count()} cores, eager fp32, batch 64, "
        f"default settings {DistillSettings()}"
    )
    if not args.skip_grid:
        torch.set_num_threads(1)
        print(
            "\n1. LeNet teacher (21,840 params, 98.2 %) → students: final test accuracy on 450 "
            f"digits, {args.seeds} seeds, 1 thread. diff = distilled − scratch (percentage "
            "points), W/T/L = seeds won/tied/lost by distillation, agree = agreement with the "
            "teacher's predictions (distilled/scratch)."
        )
        start = time.perf_counter()
        accuracy_table(grid(WIDTHS, TEMPERATURES, ALPHAS, args.epochs), args.seeds)
        print(f"({time.perf_counter() - start:.0f} s)")
        d = DistillSettings()
        print(f"\n1b. The default cell over the epoch budget, {args.default_seeds} seeds.")
        epochs = sorted({5, d.epochs, 20})
        cells = [(d.width, d.temperature, d.alpha, e) for e in epochs]
        accuracy_table(cells, args.default_seeds)
        if args.vit_seeds:
            print(
                f"\n1c. tiny_vit teacher (139,018 params, 98.7 %), default settings, "
                f"{args.vit_seeds} seeds (its recipe: ±2-pixel shifts, one-cycle, label smoothing)."
            )
            accuracy_table(
                [(d.width, d.temperature, d.alpha, d.epochs)], args.vit_seeds, "tiny_vit"
            )
    print("\n2. One default distill() call (distilled + scratch run, teacher logits included).")
    timing_table(("lenet", "tiny_vit"), args.repeats)
    torch.set_num_threads(threads)


if __name__ == "__main__":
    main()
