"""Benchmark: training-data influence (TracIn) and concept tests (TCAV), backend time per request.

Issue #19's targets: ``TracInCPFast`` top-10 proponents for one LeNet digit (3 checkpoints, all
1,347 training digits) median ≤ 1 s, from scratch and with the training side cached (what the
page does after the first digit: ``TracInIndex``); TCAV of 3 concepts × 2 layers on LeNet
(5 random sets, 50 examples each) ≤ 10 s, reporting progress as it goes. References without
targets: the same on the Tiny ViT, all-layer TracInCP and self-influence.

Each row: ``torch.utils.benchmark.Timer.blocked_autorange`` after one warm-up call (at least one
measured call; TCAV rows are single runs: one is already seconds long), median and IQR, batch 1,
eager fp32, at the thread count given. This machine is shared: compare rows of one run.

Run: ``.venv/bin/python -m tests.benchmarks.bench_influence [--threads 2] [--full]``
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch.utils import benchmark

from components.explain.concepts import TcavSettings, concept_scores
from components.explain.influence import (
    self_influence,
    tracin_index,
    train_influence,
    training_checkpoints,
)
from models.data import load_digits_split
from models.registry import get_spec, load_model


@dataclass(frozen=True)
class Case:
    label: str
    fn: Callable[[], object]
    target_s: float | None  # None: a reference row
    repeat: bool = True  # False: one timed call after the warm-up (slow rows)


def measure(case: Case, threads: int) -> tuple[float, float]:
    """Median and IQR in seconds."""
    case.fn()  # warm-up: lazy initialisation, allocator, checkpoint loading
    if not case.repeat:
        torch.set_num_threads(threads)
        start = time.perf_counter()
        case.fn()
        return time.perf_counter() - start, 0.0
    timer = benchmark.Timer(stmt="fn()", globals={"fn": case.fn}, num_threads=threads)
    m = timer.blocked_autorange(min_run_time=1.0)
    return m.median, m.iqr


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--full", action="store_true", help="also the slow reference rows")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    data = load_digits_split()
    x, label = data.x_test[:1], int(data.y_test[0])
    models = {name: load_model(name) for name in ("lenet", "tiny_vit")}
    history = {name: training_checkpoints(get_spec(name)) for name in models}
    progress_calls: list[float] = []

    def top10(name: str, method: str) -> Callable[[], object]:
        def run() -> object:
            scores = train_influence(
                models[name], history[name], data.x_train, data.y_train, x, label, method
            )
            return scores.proponents(10)

        return run

    indexes = {
        name: tracin_index(models[name], history[name], data.x_train, data.y_train)
        for name in models
    }

    def query(name: str) -> Callable[[], object]:
        return lambda: indexes[name].influence(x, label).proponents(10)

    def tcav(name: str) -> Callable[[], object]:
        settings = TcavSettings(target=8, concepts=("thick", "slanted", "loop"))

        def run() -> object:
            return concept_scores(
                models[name], data, settings, progress=lambda f, _m: progress_calls.append(f)
            )

        return run

    cases = [
        Case("lenet TracInCPFast top-10 proponents", top10("lenet", "fast"), 1.0),
        Case("lenet  the same, training side cached", query("lenet"), 1.0),
        Case("lenet TCAV 3 concepts x 2 layers", tcav("lenet"), 10.0, repeat=False),
        Case(
            "lenet self-influence (1,347 digits)",
            lambda: self_influence(models["lenet"], history["lenet"], data.x_train, data.y_train),
            None,
        ),
        Case("tiny_vit TracInCPFast top-10", top10("tiny_vit", "fast"), None, repeat=False),
        Case("tiny_vit  the same, training side cached", query("tiny_vit"), None),
        Case("tiny_vit TCAV 3 concepts x 2 layers", tcav("tiny_vit"), None, repeat=False),
    ]
    if args.full:
        cases += [
            Case("lenet TracInCP (all layers) top-10", top10("lenet", "full"), None, False),
            Case("tiny_vit TracInCP (hooked layers)", top10("tiny_vit", "full"), None, False),
        ]
    print(f"torch {torch.__version__}, {args.threads} thread(s), eager fp32, batch 1")
    print(f"{'case':42s} {'median s':>9s} {'IQR s':>7s} {'target':>7s}  ok")
    for case in cases:
        progress_calls.clear()
        median, iqr = measure(case, args.threads)
        target = f"{case.target_s:.0f}" if case.target_s is not None else "-"
        ok = "-" if case.target_s is None else ("yes" if median <= case.target_s else "NO")
        print(f"{case.label:42s} {median:9.3f} {iqr:7.3f} {target:>7s}  {ok}")
        if "TCAV" in case.label:
            print(f"{'':42s} progress reports: {len(progress_calls)} (0 … 1)")


if __name__ == "__main__":
    main()
