"""Benchmark: how long a parallel run takes from a click, and how measured bubbles compare with the
textbook formula.

1. Wall time of a 2-stage GPipe step with 4 micro-batches on LeNet, process start-up included
   (the issue's target: ≤ 15 s on this 2-core machine), repeated.
2. Measured vs formula bubble for m ∈ {1, 2, 4, 8} micro-batches (GPipe, 2 processes).
3. The schedules side by side: GPipe, 1F1B and interleaved 1F1B on 2 processes.
4. Naive model parallelism and DDP against one process.

Every process runs 1 thread on the gloo backend over loopback; timings are medians of the
backend's timed steps. This machine is shared: timings swing 2–4× between runs, so compare
within one run (the load average at the start is printed).

Run: ``.venv/bin/python -m tests.benchmarks.bench_parallel [--batch 64] [--repeats 3]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from components.parallel import (
    bubble_fraction,
    default_split,
    ideal_schedule,
    run_data_parallel,
    run_model_parallel,
    run_pipeline,
)
from models.registry import get_spec, load_model

TARGET_S = 15.0


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:.1f}"


def startup_table(repeats: int, batch: int) -> None:
    print(f"### 2-stage GPipe, 4 micro-batches, LeNet, batch {batch}: wall time of one call\n")
    print("| run | call s | start-up s | step ms | loss diff | grad diff | ≤ 15 s |")
    print("|---:|---:|---:|---:|---:|---:|:---:|")
    calls = []
    for i in range(repeats):
        start = time.perf_counter()
        r = run_pipeline("lenet", [3], "gpipe", 4, batch)
        call = time.perf_counter() - start
        calls.append(call)
        print(
            f"| {i + 1} | {call:.2f} | {r.startup_s:.2f} | {ms(r.step_s)} | {r.loss_diff:.1e} "
            f"| {r.grad_max_diff:.1e} | {'yes' if call <= TARGET_S else 'NO'} |",
            flush=True,
        )
    print(f"\nmedian call {statistics.median(calls):.2f} s (target ≤ {TARGET_S:.0f} s)\n")


def bubble_table(models: list[str], batch: int) -> None:
    print(f"### Bubble vs micro-batches: GPipe, 2 processes, batch {batch}\n")
    print("| model | m | step ms | compute ms / process | measured bubble | (p−1)/(m+p−1) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in models:
        model, spec = load_model(name), get_spec(name)
        points = default_split(model, 2, spec)
        for m in (1, 2, 4, 8):
            r = run_pipeline(name, points, "gpipe", m, batch)
            compute = r.rank_times["compute_s"].mean()
            print(
                f"| {name} | {m} | {ms(r.step_s)} | {ms(compute)} | {r.bubble:.2f} "
                f"| {r.bubble_formula:.2f} |",
                flush=True,
            )
    print()


def schedule_table(models: list[str], batch: int, m: int = 4) -> None:
    print(f"### Schedules on 2 processes, {m} micro-batches, batch {batch}\n")
    print(
        "| model | schedule | stages | step ms | measured bubble | ideal bubble "
        "| formula | loss diff | grad diff |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for name in models:
        model, spec = load_model(name), get_spec(name)
        for schedule, stages in (("gpipe", 2), ("1f1b", 2), ("interleaved_1f1b", 4)):
            points = default_split(model, stages, spec)
            r = run_pipeline(name, points, schedule, m, batch)
            ideal = bubble_fraction(ideal_schedule(schedule, 2, m))
            print(
                f"| {name} | {schedule} | {stages} | {ms(r.step_s)} | {r.bubble:.2f} "
                f"| {ideal:.2f} | {r.bubble_formula:.2f} | {r.loss_diff:.1e} "
                f"| {r.grad_max_diff:.1e} |",
                flush=True,
            )
    print()


def baseline_table(models: list[str], batch: int) -> None:
    print(f"### Model parallel (2 stages) and DDP (2 processes) vs one process, batch {batch}\n")
    print("| model | run | parallel ms | one process ms | max diff | matches |")
    print("|---|---|---:|---:|---:|:---:|")
    for name in models:
        model, spec = load_model(name), get_spec(name)
        mp = run_model_parallel(name, default_split(model, 2, spec), batch)
        print(
            f"| {name} | model parallel forward | {ms(mp.pass_s)} | {ms(mp.single_pass_s)} "
            f"| {mp.max_abs_diff:.1e} | {mp.matches} |",
            flush=True,
        )
        dp = run_data_parallel(name, batch, 5)
        print(
            f"| {name} | DDP train step (all-reduce {ms(dp.allreduce_s)} ms) | {ms(dp.step_s)} "
            f"| {ms(dp.single_step_s)} | {max(dp.grad_max_diff, dp.param_max_diff):.1e} "
            f"| {dp.matches and dp.in_sync} |",
            flush=True,
        )
    print()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=3, help="wall-time runs of table 1")
    parser.add_argument("--models", nargs="+", default=["lenet", "tiny_vit"])
    args = parser.parse_args(argv)
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"{os.cpu_count()} cores, load average {load}; 1 thread per process, gloo on 127.0.0.1\n")
    startup_table(args.repeats, args.batch)
    bubble_table(args.models, args.batch)
    schedule_table(args.models, args.batch)
    baseline_table(args.models, args.batch)


if __name__ == "__main__":
    main()
