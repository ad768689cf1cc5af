"""How close a backend gets to what this CPU can compute: achieved GFLOP/s against the measured
throughput of a large fp32 matrix multiply (a practical peak, not the datasheet's)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import torch
from torch.utils import benchmark

from components.acceleration.backends import torch_threads

PEAK_SIZE = 1024  # n of the n×n @ n×n matmul: 2.1 GFLOP, large enough to run at full speed
ROOFLINE_COLUMNS = ["achieved_gflops", "peak_gflops", "fraction_of_peak"]


@dataclass(frozen=True)
class PeakResult:
    """Achieved fp32 GFLOP/s of ``size``³ matrix multiplies at ``threads`` threads."""

    gflops: float  # at the median time
    best_gflops: float  # at the fastest block: what the CPU reached when nothing else ran
    median_s: float
    iqr_s: float
    size: int
    threads: int
    runs: int


def measure_peak(threads: int, size: int = PEAK_SIZE, min_run_time: float = 0.5) -> PeakResult:
    """Median GFLOP/s of an fp32 ``size × size`` matmul (2·size³ FLOPs) at ``threads`` threads.

    About ``min_run_time`` + one warm-up call (≈ 0.6 s at the default size on one core). The
    thread count is restored afterwards. On a shared host the median drops while others compute
    (measured here: 119 GFLOP/s on one idle core, 64 under load): measure it next to the sweep
    it is compared with.
    """
    a = torch.randn(size, size)
    b = torch.randn(size, size)
    with torch_threads(threads):
        torch.mm(a, b)  # warm-up: oneDNN/MKL picks and caches its kernel
        timer = benchmark.Timer(
            stmt="torch.mm(a, b)", globals={"torch": torch, "a": a, "b": b}, num_threads=threads
        )
        m = timer.blocked_autorange(min_run_time=min_run_time)
    flops = 2.0 * size**3
    return PeakResult(
        gflops=flops / m.median / 1e9,
        best_gflops=flops / min(m.times) / 1e9,
        median_s=float(m.median),
        iqr_s=float(m.iqr),
        size=size,
        threads=threads,
        runs=len(m.times),
    )


def achieved_gflops(flops_per_sample: float, batch: int, median_s: float) -> float:
    """GFLOP/s of a forward pass: the model's FLOPs for the batch over its median time."""
    return flops_per_sample * batch / median_s / 1e9


def roofline_frame(
    sweep: pd.DataFrame,
    flops_per_sample: float,
    peaks: PeakResult | dict[int, PeakResult],
) -> pd.DataFrame:
    """The sweep with :data:`ROOFLINE_COLUMNS` added: achieved GFLOP/s and its fraction of the
    measured peak at the same thread count.

    ``flops_per_sample`` is the fp32 model's count (:func:`components.flops.count_flops`; for
    text at the sweep's sequence length). int8 and half-precision backends do the same
    operations in narrower types, so theirs is fp32-equivalent GFLOP/s, compared with the fp32
    peak: it can exceed 1 (int8 dot products do four times the work per instruction). Bytes
    moved are not counted, so no arithmetic intensity: this is a fraction of the measured peak,
    not a roofline bound.
    """
    by_threads = peaks if isinstance(peaks, dict) else {peaks.threads: peaks}
    frame = sweep.copy()
    frame["achieved_gflops"] = flops_per_sample * frame["batch"] / (frame["median_ms"] / 1e3) / 1e9
    frame["peak_gflops"] = frame["threads"].map(
        lambda n: by_threads[n].gflops if n in by_threads else float("nan")
    )
    frame["fraction_of_peak"] = frame["achieved_gflops"] / frame["peak_gflops"]
    return frame
