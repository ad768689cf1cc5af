"""Latency of prepared backends, measured like ``torch.utils.benchmark``: warm-up, fixed threads,
median and IQR; sweeps time the backends in alternation so their ratios are fair on a busy host."""

from __future__ import annotations

import math
import os
import time
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import torch
from torch import nn

from components.acceleration.backends import PreparedBackend, prepare_backend, torch_threads
from components.acceleration.inputs import make_inputs
from components.latency import LatencyResult, measure_latency
from components.progress import ProgressFn, no_progress
from models.registry import ModelSpec

SWEEP_COLUMNS = [
    "backend",
    "label",
    "batch",
    "seq_len",  # tokens per row for text models, else None
    "threads",
    "median_ms",  # pooled over all rounds
    "iqr_ms",
    "q1_ms",
    "q3_ms",
    "runs",
    "throughput",  # items per second at the median
    "speedup_vs_eager",  # eager median / this median, same batch and threads, same run
    "first_call_ms",  # the first call at this shape: recompiles, allocations
    "error",  # the reason a backend failed at this point, else None
]


def usable_cores() -> int:
    """CPU cores this process may run on (its affinity), which can be fewer than the host's."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def measure(
    prepared: PreparedBackend,
    inputs: Sequence[torch.Tensor],
    *,
    threads: int,
    min_run_time: float = 0.3,
    warmup: int = 3,
) -> LatencyResult:
    """Time one forward call of ``prepared`` on ``inputs`` (CPU tensors).

    The inputs are converted to the backend's own form (device tensors, numpy arrays for ONNX
    Runtime) once, outside the timing; warm-up and timed calls both run at ``threads``, and
    torch's previous thread count is restored afterwards.
    """
    native = prepared.convert(inputs)
    with torch_threads(threads):
        call = prepared.callable(threads)
        return measure_latency(
            call,
            native,
            threads=threads,
            min_run_time=min_run_time,
            warmup=warmup,
            backend=prepared.backend,
        )


def _first_call_s(prepared: PreparedBackend, native: tuple, threads: int) -> float:
    with torch_threads(threads), torch.inference_mode():
        call = prepared.callable(threads)
        start = time.perf_counter()
        call(*native)
        return time.perf_counter() - start


def _row(
    name: str,
    prepared: PreparedBackend,
    batch: int,
    seq_len: int | None,
    threads: int,
    times: list[float],
    first_s: float,
    error: str | None,
) -> dict[str, object]:
    if times:
        q1, median, q3 = (float(v) for v in np.quantile(times, [0.25, 0.5, 0.75]))
    else:
        q1 = median = q3 = math.nan
    return {
        "backend": name,
        "label": prepared.info.label,
        "batch": batch,
        "seq_len": seq_len,
        "threads": threads,
        "median_ms": median * 1e3,
        "iqr_ms": (q3 - q1) * 1e3,
        "q1_ms": q1 * 1e3,
        "q3_ms": q3 * 1e3,
        "runs": len(times),
        "throughput": batch / median if times else math.nan,
        "speedup_vs_eager": math.nan,
        "first_call_ms": first_s * 1e3,
        "error": error,
    }


def _interleaved(
    prepared_by_backend: Mapping[str, PreparedBackend],
    inputs: tuple[torch.Tensor, ...],
    *,
    batch: int,
    seq_len: int | None,
    threads: int,
    rounds: int,
    min_run_time: float,
) -> list[dict[str, object]]:
    """One row per backend at one (batch, threads) point: each round times every backend once,
    in order, and each backend's per-call times are pooled over the rounds."""
    names = list(prepared_by_backend)
    times: dict[str, list[float]] = {n: [] for n in names}
    first: dict[str, float] = dict.fromkeys(names, math.nan)
    errors: dict[str, str | None] = dict.fromkeys(names)
    native = {}
    for name, prepared in prepared_by_backend.items():
        try:
            native[name] = prepared.convert(inputs)
            first[name] = _first_call_s(prepared, native[name], threads)
        except Exception as err:  # a recompile or a session that fails at this shape
            errors[name] = f"{type(err).__name__}: {err}".splitlines()[0][:300]
    for _ in range(rounds):
        for name, prepared in prepared_by_backend.items():
            if errors[name]:
                continue
            try:
                result = measure(
                    prepared, inputs, threads=threads, min_run_time=min_run_time, warmup=1
                )
            except Exception as err:
                errors[name] = f"{type(err).__name__}: {err}".splitlines()[0][:300]
                continue
            times[name].extend(result.times_s)
    rows = [
        _row(n, prepared_by_backend[n], batch, seq_len, threads, times[n], first[n], errors[n])
        for n in names
    ]
    eager = next((r["median_ms"] for r in rows if r["backend"] == "eager"), math.nan)
    for row in rows:
        row["speedup_vs_eager"] = eager / row["median_ms"]
    return rows


def _with_eager(
    prepared_by_backend: Mapping[str, PreparedBackend],
    spec: ModelSpec,
    model: nn.Module,
    threads: int,
    seq_len: int | None,
) -> dict[str, PreparedBackend]:
    """The backends with eager first: every speed-up is relative to it, in the same run."""
    out = dict(prepared_by_backend)
    if "eager" not in out:
        inputs = make_inputs(spec, model, 1, seq_len)
        out["eager"] = prepare_backend("eager", model, inputs, threads=threads)
    return {"eager": out.pop("eager"), **out}


def batch_sweep(
    prepared_by_backend: Mapping[str, PreparedBackend],
    spec: ModelSpec,
    model: nn.Module,
    batches: Sequence[int],
    threads: int,
    seq_len: int | None = None,
    progress: ProgressFn | None = None,
    *,
    rounds: int = 3,
    min_run_time: float = 0.05,
) -> pd.DataFrame:
    """Latency of every backend at every batch size, backends interleaved per batch.

    Args:
        prepared_by_backend: backend key → prepared backend (eager is added when missing).
        spec, model: the zoo model, for :func:`make_inputs` (check the budget first:
            :func:`components.acceleration.check_budget`).
        batches: batch sizes, timed in this order.
        threads: torch / onnxruntime threads for every measurement.
        seq_len: tokens per row for text models.
        rounds: interleaved rounds per batch; each backend gets ``min_run_time`` per round.

    Returns:
        One row per (backend, batch) with :data:`SWEEP_COLUMNS`; ``speedup_vs_eager`` of eager
        is 1.0. A backend that fails at some batch gets NaN times and its ``error``.
    """
    progress = progress or no_progress
    backends = _with_eager(prepared_by_backend, spec, model, threads, seq_len)
    rows: list[dict[str, object]] = []
    for i, batch in enumerate(batches):
        progress(i / len(batches), f"batch {batch} ({i + 1}/{len(batches)})")
        inputs = make_inputs(spec, model, batch, seq_len)
        rows += _interleaved(
            backends,
            inputs,
            batch=batch,
            seq_len=seq_len if spec.input_kind == "text" else None,
            threads=threads,
            rounds=rounds,
            min_run_time=min_run_time,
        )
    progress(1.0, "done")
    return pd.DataFrame(rows, columns=SWEEP_COLUMNS)


def thread_sweep(
    prepared_by_backend: Mapping[str, PreparedBackend],
    spec: ModelSpec,
    model: nn.Module,
    batch: int,
    threads: Sequence[int] | None = None,
    seq_len: int | None = None,
    progress: ProgressFn | None = None,
    *,
    rounds: int = 3,
    min_run_time: float = 0.05,
) -> pd.DataFrame:
    """Latency of every backend at each thread count (default 1 … usable cores), one batch.

    Same columns as :func:`batch_sweep` plus ``scaling_vs_1_thread`` (the backend's median at
    the fewest threads / its median here: 2.0 means twice as fast). torch.compile recompiles per
    thread count and ONNX Runtime opens one session per count: ``first_call_ms`` shows the cost.
    """
    progress = progress or no_progress
    counts = list(threads or range(1, usable_cores() + 1))
    backends = _with_eager(prepared_by_backend, spec, model, counts[0], seq_len)
    inputs = make_inputs(spec, model, batch, seq_len)
    rows: list[dict[str, object]] = []
    for i, count in enumerate(counts):
        progress(i / len(counts), f"{count} threads ({i + 1}/{len(counts)})")
        rows += _interleaved(
            backends,
            inputs,
            batch=batch,
            seq_len=seq_len if spec.input_kind == "text" else None,
            threads=count,
            rounds=rounds,
            min_run_time=min_run_time,
        )
    progress(1.0, "done")
    frame = pd.DataFrame(rows, columns=SWEEP_COLUMNS)
    fewest = frame[frame["threads"] == min(counts)].set_index("backend")["median_ms"]
    frame["scaling_vs_1_thread"] = frame["backend"].map(fewest) / frame["median_ms"]
    return frame
