"""Generation speed of several models timed in alternation, so that the load of a shared
machine falls on all of them alike and their ratios stay honest."""

from __future__ import annotations

import statistics
from collections.abc import Mapping

import torch
from torch import nn
from torch.utils import benchmark

from components.llm.generation import GenerationSettings, Speed, generate_ids
from components.progress import ProgressFn, no_progress


def median_iqr(times: list[float]) -> tuple[float, float]:
    """Median and interquartile range (0 for fewer than two values) of ``times``."""
    if len(times) < 2:
        return times[0], 0.0
    q = statistics.quantiles(times, n=4, method="inclusive")
    return statistics.median(times), q[2] - q[0]


def interleaved_generation_speeds(
    models: Mapping[str, nn.Module],
    prompt_ids: torch.Tensor,
    new_tokens: int,
    *,
    threads: int = 1,
    rounds: int = 7,
    progress: ProgressFn | None = None,
) -> dict[str, Speed]:
    """Greedy generation of exactly ``new_tokens`` tokens after ``prompt_ids`` (KV cache on,
    batch 1), timed with ``torch.utils.benchmark`` on ``threads`` threads: one warm-up per
    model, then ``rounds`` rounds that time each model once in turn. Median and IQR per model.
    """
    report = progress or no_progress
    settings = GenerationSettings(max_new_tokens=new_tokens, stop_at_end=False)
    timers = {
        name: benchmark.Timer(
            stmt="generate_ids(model, ids, settings)",
            globals={
                "generate_ids": generate_ids,
                "model": m,
                "ids": prompt_ids,
                "settings": settings,
            },
            num_threads=threads,
        )
        for name, m in models.items()
    }
    for timer in timers.values():
        timer.timeit(1)  # warm-up: lazy initialisation, first kernel choices
    times: dict[str, list[float]] = {name: [] for name in models}
    for r in range(rounds):
        report(r / rounds, f"{r + 1}/{rounds}")
        for name, timer in timers.items():
            times[name].append(float(timer.timeit(1).median))
    speeds = {}
    for name, values in times.items():
        median, iqr = median_iqr(values)
        speeds[name] = Speed(new_tokens, median, iqr, len(values), threads)
    return speeds
