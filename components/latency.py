"""Latency measured like ``torch.utils.benchmark``: warm-up, fixed threads, median and IQR."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import nn
from torch.utils import benchmark


@dataclass(frozen=True)
class LatencyResult:
    """One latency measurement of one model on one input batch."""

    median_s: float  # median time of one forward pass over the whole batch
    iqr_s: float  # interquartile range of the per-call times: the spread
    runs: int  # how many timed calls the median is over
    batch_size: int
    threads: int
    backend: str = "eager fp32"

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
    )
