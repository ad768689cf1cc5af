"""Latency measured like ``torch.utils.benchmark``: warm-up, fixed threads, median and IQR."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import nn
from torch.utils import benchmark

from components.progress import ProgressFn, no_progress


@dataclass(frozen=True)
class LatencyResult:
    """One latency measurement of one model on one input batch."""

    median_s: float  # median time of one forward pass over the whole batch
    iqr_s: float  # interquartile range of the per-call times: the spread
    runs: int  # how many timed calls the median is over
    batch_size: int
    threads: int
    backend: str = "eager fp32"
    times_s: tuple[float, ...] = ()  # per-call times of every timed block, for pooling

    @property
    def throughput(self) -> float:
        """Samples per second at this batch size."""
        return self.batch_size / self.median_s

    @property
    def median_ms(self) -> float:
        return self.median_s * 1e3

    @property
    def iqr_ms(self) -> float:
        return self.iqr_s * 1e3


def measure_latency(
    model: nn.Module,
    inputs: Sequence[torch.Tensor],
    *,
    threads: int | None = None,
    min_run_time: float = 0.3,
    warmup: int = 3,
    backend: str = "eager fp32",
) -> LatencyResult:
    """Time ``model(*inputs)`` under ``torch.inference_mode``.

    Args:
        model: the model, in the mode it should be timed in (usually eval).
        inputs: positional arguments of one forward call; their first dimension is the batch.
        threads: torch intra-op threads during the measurement (default: the current setting).
        min_run_time: seconds of timed calls at least; ``blocked_autorange`` picks the block size.
        warmup: untimed calls first, so lazy initialisation and caches are not measured.
    """
    if threads is None:
        threads = torch.get_num_threads()
    if threads < 1:
        raise ValueError(f"threads must be at least 1, got {threads}")
    inputs = tuple(inputs)

    @torch.inference_mode()
    def call() -> None:
        model(*inputs)

    for _ in range(warmup):
        call()
    timer = benchmark.Timer(stmt="call()", globals={"call": call}, num_threads=threads)
    measurement = timer.blocked_autorange(min_run_time=min_run_time)
    return LatencyResult(
        median_s=float(measurement.median),
        iqr_s=float(measurement.iqr),
        runs=len(measurement.times),
        batch_size=int(inputs[0].shape[0]),
        threads=threads,
        backend=backend,
        times_s=tuple(float(x) for x in measurement.times),
    )


def interleaved_latency(
    calls: Sequence[tuple[nn.Module, Sequence[torch.Tensor]]],
    *,
    threads: int | None = None,
    rounds: int = 5,
    min_run_time: float = 0.05,
    progress: ProgressFn | None = None,
) -> list[LatencyResult]:
    """Time several models in alternation (A, B, A, B, …) and pool each one's per-call times.

    On a shared, noisy machine two models timed minutes apart can differ by 2–4× for no reason of
    their own; interleaving exposes them to the same background load, so their *ratio* is
    trustworthy. Each result's median and IQR are over all its pooled per-call times.
    ``progress`` hears of every round (and may raise to stop: a measurement nobody waits for).
    """
    pooled: list[list[float]] = [[] for _ in calls]
    report = progress or no_progress
    for round_index in range(rounds):
        report(round_index / rounds, f"round {round_index + 1}/{rounds}")
        for i, (model, inputs) in enumerate(calls):
            result = measure_latency(
                model,
                inputs,
                threads=threads,
                min_run_time=min_run_time,
                warmup=3 if round_index == 0 else 1,
            )
            pooled[i].extend(result.times_s)
    results = []
    for (_, inputs), times in zip(calls, pooled, strict=True):
        q1, median, q3 = (
            float(v)
            for v in torch.tensor(times).quantile(
                torch.tensor([0.25, 0.5, 0.75], dtype=torch.float64).to(torch.float32)
            )
        )
        results.append(
            LatencyResult(
                median_s=median,
                iqr_s=q3 - q1,
                runs=len(times),
                batch_size=int(inputs[0].shape[0]),
                threads=threads or torch.get_num_threads(),
                times_s=tuple(times),
            )
        )
    return results
