"""How close a backend gets to what this CPU can compute in the precision it runs: achieved
GFLOP/s (GOP/s for int8) against the measured throughput of the kernel torch dispatches to in that
precision (a practical peak per precision, not the datasheet's).

Comparing every backend with one fp32 peak made reduced precision look impossible: on a CPU with
AMX, bf16 and int8 showed 344 % and 161 % "of peak". Here each backend is a share of its own
precision's peak, and dynamic int8 (Linear layers in int8, the rest fp32) of a ceiling mixed from
both by its split of FLOPs.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils import benchmark

from components.acceleration.backends import torch_threads
from components.flops import count_flops
from components.progress import no_progress
from components.quantization.dynamic import quantize_dynamic_int8
from components.quantization.hardware import CpuFeatures, cpu_features
from components.quantization.settings import QuantSettings
from components.quantization.targets import quantizable_layers

PRECISIONS: tuple[str, ...] = ("fp32", "bf16", "fp16", "int8")
# Square sizes tried, smallest first, while the budget lasts; the peak is the fastest. One size
# is not enough: emulated fp16 measured 15 GFLOP/s at 256 and 19 at 512 here, oneDNN int8
# 270 GOP/s at 256 and 386 at 1024, and a 1024 fp16 matmul without native fp16 takes seconds.
# 128 was never the fastest in any precision (bf16: 126 GFLOP/s against 203 at 256).
PEAK_SIZES: tuple[int, ...] = (256, 512, 1024)
PEAK_BUDGET_S = 0.4  # per precision, for sizes above PEAK_MIN_SIZE; measured once per server
# Sizes up to this one always run, whatever the budget: a ceiling must come from a multiply as
# large as the ones it bounds. On an AVX2-only host emulated fp16 ran 5.2 GFLOP/s at 256 and 6.2
# at 512, and 512 (0.05 s a call) did not fit in the budget: a Linear 512 at batch 256 then read
# 1.18× "its peak" (tests/components/test_acceleration.py).
PEAK_MIN_SIZE = 512
PEAK_BLOCKS = 7  # timed blocks per size: median and IQR over these
PEAK_BLOCK_S = 0.01  # calls per block: enough for ≈ 10 ms, at least one
# A share of peak above this is flagged (and fails the tests): timings on a shared host swing
# ±10 %, so a backend measured in a quiet moment can pass a peak measured in a busy one.
OVER_PEAK = 1.15
ROOFLINE_COLUMNS = [
    "peak_precision",  # "fp32", "bf16", "fp16", "int8", "int8+fp32" (mixed ceiling) or None
    "achieved_gflops",
    "peak_gflops",
    "fraction_of_peak",
    "over_peak",  # fraction_of_peak > OVER_PEAK: a measurement to distrust, shown as such
]

# Which precision's peak a backend is a share of (None: no CPU peak, e.g. a GPU).
BACKEND_PRECISION: dict[str, str | None] = {
    "eager": "fp32",
    "compile": "fp32",
    "onnxruntime": "fp32",
    "int8_dynamic": "int8",  # Linear layers only: mixed with fp32 by roofline_frame
    "bf16": "bf16",
    "fp16": "fp16",
    "cuda": None,
    "mps": None,
}
MIXED_INT8 = "int8+fp32"


@dataclass(frozen=True)
class PeakKernel:
    """What runs for one precision's peak: ``make(n)`` builds an n×n problem and returns the
    zero-argument call to time (2·n³ FLOPs or int8 operations)."""

    precision: str
    label: str
    make: Callable[[int], Callable[[], object]]


def _linear(dtype: torch.dtype) -> Callable[[int], Callable[[], object]]:
    def make(n: int) -> Callable[[], object]:
        x, w = torch.randn(n, n).to(dtype), torch.randn(n, n).to(dtype)
        return lambda: F.linear(x, w)

    return make


def _int8_linear(n: int) -> Callable[[], object]:
    layer = nn.Sequential(nn.Linear(n, n, bias=False)).eval()
    # The dynamic int8 backend's own conversion: same qconfig, same kernel, and the activations
    # quantized on every call as there.
    quantize_dynamic_int8(layer, None, QuantSettings("dynamic_int8"), no_progress)
    x = torch.randn(n, n)
    return lambda: layer(x)


# nn.Linear's kernel, x @ wᵀ, not torch.mm(a, b): without native fp16 the two layouts differ
# 5× (mm 3 GFLOP/s, linear 15 at 256 here), and Linear layers are most of these models' FLOPs.
PEAK_KERNELS: dict[str, PeakKernel] = {
    k.precision: k
    for k in (
        PeakKernel("fp32", "torch.nn.functional.linear (float32)", _linear(torch.float32)),
        PeakKernel("bf16", "torch.nn.functional.linear (bfloat16)", _linear(torch.bfloat16)),
        PeakKernel("fp16", "torch.nn.functional.linear (float16)", _linear(torch.float16)),
        PeakKernel(
            "int8",
            "torch.ao.nn.quantized.dynamic.Linear (quantized.linear_dynamic)",
            _int8_linear,
        ),
    )
}


def is_emulated(precision: str, features: CpuFeatures) -> bool:
    """Whether this CPU lacks arithmetic in ``precision`` (bf16, fp16: widened to fp32 and back).
    int8 always runs on integer SIMD; without VNNI/AMX it is slower, not emulated."""
    if precision == "bf16":
        return not features.bf16_native
    if precision == "fp16":
        return not features.fp16_native
    return False


_EMULATED = "accelerate.peak_cause.emulated"


def peak_cause(precision: str, features: CpuFeatures) -> str:
    """The hardware behind ``precision``'s peak, as an ``accelerate.peak_cause.*`` key."""
    if precision == "bf16":
        if getattr(features, "amx_bf16", features.amx) and features.bf16_native:
            return "accelerate.peak_cause.amx"
        return "accelerate.peak_cause.avx512_bf16" if features.bf16_native else _EMULATED
    if precision == "fp16":
        return "accelerate.peak_cause.fp16_native" if features.fp16_native else _EMULATED
    if precision == "int8":
        if getattr(features, "amx_int8", features.amx):
            return "accelerate.peak_cause.amx"
        return (
            "accelerate.peak_cause.vnni" if features.int8_dot else "accelerate.peak_cause.no_vnni"
        )
    return "accelerate.peak_cause.fp32"


PEAK_I18N_KEYS: tuple[str, ...] = (
    "accelerate.peak_cause.amx",
    "accelerate.peak_cause.avx512_bf16",
    "accelerate.peak_cause.fp16_native",
    "accelerate.peak_cause.vnni",
    "accelerate.peak_cause.no_vnni",
    "accelerate.peak_cause.fp32",
    _EMULATED,
)


@dataclass(frozen=True)
class PeakResult:
    """Achieved GFLOP/s (GOP/s for int8) of ``size``² × ``size`` problems in ``precision`` at
    ``threads`` threads: the fastest of :data:`PEAK_SIZES` (by best block)."""

    gflops: float  # at the median time
    best_gflops: float  # at the fastest block: what the CPU reached when nothing else ran
    median_s: float
    iqr_s: float
    size: int
    threads: int
    runs: int
    precision: str = "fp32"
    kernel: str = PEAK_KERNELS["fp32"].label
    emulated: bool = False  # no native arithmetic in this precision (see is_emulated)
    iqr_gflops: float = math.nan  # GFLOP/s at the first quartile's time − at the third's

    @property
    def ceiling(self) -> float:
        """What shares of peak divide by: the best block. Other processes on a shared host
        only ever slow a kernel down, so the fastest block is the closest to what the hardware
        does, and a ceiling cached once per server is not stuck low from one busy moment."""
        return self.best_gflops

    @property
    def unit(self) -> str:
        return "GOP/s" if self.precision == "int8" else "GFLOP/s"


def _peak_at(call: Callable[[], object], threads: int, call_s: float) -> benchmark.Measurement:
    """:data:`PEAK_BLOCKS` blocks of ``call`` with ``torch.utils.benchmark``, sized from one
    call's time (``blocked_autorange`` would spend most of the budget finding a block size)."""
    timer = benchmark.Timer(stmt="call()", globals={"call": call}, num_threads=threads)
    number = max(1, round(PEAK_BLOCK_S / max(call_s, 1e-9)))
    return benchmark.Measurement.merge([timer.timeit(number) for _ in range(PEAK_BLOCKS)])[0]


def measure_peak(
    threads: int,
    precision: str = "fp32",
    *,
    sizes: Iterable[int] = PEAK_SIZES,
    budget_s: float = PEAK_BUDGET_S,
    features: CpuFeatures | None = None,
) -> PeakResult:
    """The GFLOP/s (GOP/s for int8) of ``precision``'s kernel (:data:`PEAK_KERNELS`) at the
    fastest of the square ``sizes`` (2·n³ operations each), timed with ``torch.utils.benchmark``
    at ``threads`` threads under inference mode: median, IQR and best block of that size.

    Sizes run smallest first: those up to :data:`PEAK_MIN_SIZE` (and the first) always, larger
    ones while ``budget_s`` lasts: a size whose predicted time (from the best throughput so far)
    would not fit in what is left is skipped, so an emulated kernel never runs seconds-long
    multiplies. Each size gets a warm-up call (oneDNN/MKL pick and cache their kernel).
    torch's thread count is restored.

    Args:
        features: the CPU's flags, for :attr:`PeakResult.emulated` (default: this machine's,
            or the fake cpuinfo of ``MODELLENS_CPUINFO``).

    Raises:
        ValueError: for a precision not in :data:`PEAK_KERNELS`.
    """
    if precision not in PEAK_KERNELS:
        raise ValueError(f"unknown precision {precision!r}; known: {PRECISIONS}")
    kernel = PEAK_KERNELS[precision]
    features = features or cpu_features()
    sizes = sorted(sizes)
    best: tuple[float, int, benchmark.Measurement] | None = None  # (best GFLOP/s, size, times)
    start = time.perf_counter()
    with torch_threads(threads), torch.inference_mode():
        for size in sizes:
            left = budget_s - (time.perf_counter() - start)
            # Predicted from the best rate so far: one slow size does not stop the ladder.
            call_s = 2.0 * size**3 / (best[0] * 1e9) if best else 0.0
            too_long = (PEAK_BLOCKS + 2) * max(call_s, PEAK_BLOCK_S) > left
            if best is not None and size > PEAK_MIN_SIZE and too_long:
                break
            call = kernel.make(size)
            call()  # warm-up
            tic = time.perf_counter()
            call()
            m = _peak_at(call, threads, time.perf_counter() - tic)
            # Ranked by the fastest block: other processes only ever slow a kernel down.
            rate = 2.0 * size**3 / min(m.times) / 1e9
            if best is None or rate > best[0]:
                best = (rate, size, m)
    assert best is not None  # sizes is never empty
    _, size, m = best
    q1, q3 = (float(q) for q in np.quantile(m.times, [0.25, 0.75]))
    return PeakResult(
        gflops=2.0 * size**3 / m.median / 1e9,
        best_gflops=2.0 * size**3 / min(m.times) / 1e9,
        median_s=float(m.median),
        iqr_s=float(m.iqr),
        size=size,
        threads=threads,
        runs=len(m.times),
        precision=precision,
        kernel=kernel.label,
        emulated=is_emulated(precision, features),
        iqr_gflops=2.0 * size**3 / 1e9 * (1 / q1 - 1 / q3),
    )


def measure_peaks(
    threads: int,
    precisions: Iterable[str] = PRECISIONS,
    *,
    budget_s: float = PEAK_BUDGET_S,
    features: CpuFeatures | None = None,
) -> dict[str, PeakResult]:
    """:func:`measure_peak` of every precision, in order (0.2–1.2 s each here: emulated ones
    take longest): what the page caches once per server and thread count."""
    features = features or cpu_features()
    return {p: measure_peak(threads, p, budget_s=budget_s, features=features) for p in precisions}


PEAK_TABLE_COLUMNS = [
    "precision",
    "kernel",
    "threads",
    "size",
    "median",
    "iqr",
    "best",
    "unit",
    "runs",
    "emulated",
]


def peak_table(peaks: Iterable[PeakResult]) -> pd.DataFrame:
    """One row per measured peak, for the environment panel and the benchmark."""
    return pd.DataFrame(
        [
            {
                "precision": p.precision,
                "kernel": p.kernel,
                "threads": p.threads,
                "size": p.size,
                "median": p.gflops,
                "iqr": p.iqr_gflops,
                "best": p.best_gflops,
                "unit": p.unit,
                "runs": p.runs,
                "emulated": p.emulated,
            }
            for p in peaks
        ],
        columns=PEAK_TABLE_COLUMNS,
    )


def peak_ratios(peaks: Mapping[str, PeakResult], features: CpuFeatures) -> list[dict[str, object]]:
    """Each reduced precision's measured peak against the fp32 peak, with the hardware behind
    it (an ``accelerate.peak_cause.*`` key): the measured "why" of a speed-up."""
    fp32 = peaks.get("fp32")
    if fp32 is None:
        return []
    return [
        {
            "precision": p,
            "ratio": peaks[p].ceiling / fp32.ceiling,
            "peak": peaks[p].ceiling,
            "fp32": fp32.ceiling,
            "unit": peaks[p].unit,
            "emulated": peaks[p].emulated,
            "cause_key": peak_cause(p, features),
        }
        for p in PRECISIONS
        if p != "fp32" and p in peaks
    ]


def int8_flop_share(model: nn.Module, inputs: tuple[torch.Tensor, ...]) -> float:
    """The share of ``model``'s FLOPs in the layers dynamic int8 converts (its Linear layers);
    the rest (convolutions, attention's matmuls) stays fp32. MiniLM 0.99, TinyViT 0.42, LeNet
    0.03 measured here."""
    counted = count_flops(model, inputs)
    names = {name for name, _ in quantizable_layers(model, "dynamic_int8")}
    int8 = sum(flops for name, flops in counted.per_module.items() if name in names)
    return int8 / counted.total if counted.total else 0.0


def mixed_peak(shares: Mapping[str, float], peaks: Mapping[str, PeakResult]) -> float:
    """The ceiling of work split by precision (``shares`` sum to 1): its FLOPs over the time
    each part would take at its own peak — so it always lies between the parts' peaks."""
    seconds_per_flop = sum(s / peaks[p].ceiling for p, s in shares.items() if s > 0)
    return 1.0 / seconds_per_flop if seconds_per_flop > 0 else math.nan


def achieved_gflops(
    flops_per_sample: float, batch: int | pd.Series, median_s: float | pd.Series
) -> float | pd.Series:
    """GFLOP/s of a forward pass: the model's FLOPs for the batch over its median time (per row,
    given a sweep's columns)."""
    return flops_per_sample * batch / median_s / 1e9


def _peak_index(
    peaks: PeakResult | Iterable[PeakResult] | Mapping[object, PeakResult],
) -> dict[tuple[int, str], PeakResult]:
    if isinstance(peaks, PeakResult):
        peaks = [peaks]
    elif isinstance(peaks, Mapping):
        peaks = peaks.values()
    return {(p.threads, p.precision): p for p in peaks}


def _row_peak(
    backend: str,
    threads: int,
    index: Mapping[tuple[int, str], PeakResult],
    int8_share: float | None,
) -> tuple[str | None, float]:
    """(precision label, peak) that one backend's row is a share of."""
    precision = BACKEND_PRECISION.get(backend)
    if precision is None or (threads, precision) not in index:
        return None, math.nan
    if precision == "int8" and int8_share is not None and int8_share < 1:
        if (threads, "fp32") not in index:
            return None, math.nan
        shares = {"int8": int8_share, "fp32": 1.0 - int8_share}
        by_precision = {p: index[threads, p] for p in shares}
        return MIXED_INT8, mixed_peak(shares, by_precision)
    return precision, index[threads, precision].ceiling


def roofline_frame(
    sweep: pd.DataFrame,
    flops_per_sample: float,
    peaks: PeakResult | Iterable[PeakResult] | Mapping[object, PeakResult],
    *,
    int8_share: float | None = None,
) -> pd.DataFrame:
    """The sweep with :data:`ROOFLINE_COLUMNS` added: each backend's achieved GFLOP/s (GOP/s for
    int8) and its fraction of the measured peak (:attr:`PeakResult.ceiling`) of its own
    precision at the same thread count (:data:`BACKEND_PRECISION`; no peak for GPUs, or where
    none was measured: NaN).

    Args:
        flops_per_sample: the fp32 model's count (:func:`components.flops.count_flops`; for
            text at the sweep's sequence length); narrower types do the same operations.
        peaks: :class:`PeakResult` s of any precisions and thread counts.
        int8_share: the model's share of FLOPs in layers dynamic int8 converts
            (:func:`int8_flop_share`). Its backend is then a share of the ceiling of that mix
            (:func:`mixed_peak` of int8 and fp32, labelled ``int8+fp32``): a CNN whose
            convolutions stay fp32 is not held to the int8 peak. None: the int8 peak alone.

    Bytes moved are not counted, so no arithmetic intensity: this is a fraction of the
    measured peak, not a roofline bound. ``over_peak`` marks fractions above
    :data:`OVER_PEAK`, which no honest measurement reaches.
    """
    index = _peak_index(peaks)
    frame = sweep.copy()
    frame["achieved_gflops"] = achieved_gflops(
        flops_per_sample, frame["batch"], frame["median_ms"] / 1e3
    )
    chosen = [
        _row_peak(b, int(n), index, int8_share)
        for b, n in zip(frame["backend"], frame["threads"], strict=True)
    ]
    frame["peak_precision"] = pd.Series([c[0] for c in chosen], index=frame.index, dtype=object)
    frame["peak_gflops"] = [c[1] for c in chosen]
    frame["fraction_of_peak"] = frame["achieved_gflops"] / frame["peak_gflops"]
    frame["over_peak"] = frame["fraction_of_peak"] > OVER_PEAK
    return frame
