"""Benchmark: the Accelerate backend, in one process (this machine is shared and noisy: compare
ratios within one run, never across runs).

(a) ONNX Runtime vs eager on LeNet at batch 1, interleaved: target latency ratio ≤ 0.5.
(b) :func:`components.acceleration.measure` of eager LeNet at batch 64 against a direct
    ``torch.utils.benchmark.Timer(...).blocked_autorange()`` median, alternated in the same run:
    target within 15 %.
(c) Every available backend × batch {1, 64} on LeNet, TinyViT and MiniLM (32 tokens), prepared
    at batch 64, timed by :func:`batch_sweep` (backends interleaved per batch): prepare time,
    median and IQR, speed-up over eager, first call at the other batch (recompiles), the
    output difference against its tolerance, and GFLOP/s as a share of the measured peak of the
    backend's own precision (dynamic int8: the int8+fp32 ceiling of its FLOP split), measured
    right after the sweep. Target: every share ≤ 100 % (flagged past OVER_PEAK).
(d) The peak of each precision (median, IQR, best block, size, emulated or not).

Run: ``.venv/bin/python -m tests.benchmarks.bench_accelerate [--threads 1] [--no-compile]
[--models lenet,minilm] [--batches 1,8] [--cpuinfo FAKE_CPUINFO]``. ``--cpuinfo`` makes the app
read another CPU's flags (``MODELLENS_CPUINFO``): labels such as "emulated" follow them, while the
kernels, and so the numbers, stay this machine's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import torch
from torch.utils import benchmark

from components.acceleration import (
    BACKEND_INFO,
    BACKENDS,
    OVER_PEAK,
    availability,
    batch_sweep,
    environment_report,
    int8_flop_share,
    make_inputs,
    measure,
    measure_peaks,
    peak_table,
    prepare_backend,
    roofline_frame,
)
from components.errors import UserFacingError
from components.flops import count_flops
from components.quantization.hardware import CPUINFO_ENV
from models.registry import get_spec, load_model

MODELS = ("lenet", "tiny_vit", "minilm")
BATCHES = (1, 64)
SEQ_LEN = 32  # MiniLM tokens per sentence


def ort_vs_eager(threads: int, rounds: int = 5) -> tuple[float, float, list[float]]:
    """(eager ms, ORT ms, per-round ratios) on LeNet batch 1, measured in alternation."""
    spec, model = get_spec("lenet"), load_model("lenet")
    inputs = make_inputs(spec, model, 1)
    eager = prepare_backend("eager", model, inputs, threads=threads)
    ort = prepare_backend("onnxruntime", model, inputs, threads=threads)
    eager_ms, ort_ms, ratios = [], [], []
    for _ in range(rounds):
        e = measure(eager, inputs, threads=threads, min_run_time=0.2).median_ms
        o = measure(ort, inputs, threads=threads, min_run_time=0.2).median_ms
        eager_ms.append(e)
        ort_ms.append(o)
        ratios.append(o / e)
    return statistics.median(eager_ms), statistics.median(ort_ms), ratios


def measure_vs_timer(threads: int, rounds: int = 5) -> tuple[float, float, list[float]]:
    """(measure ms, direct Timer ms, per-round ratios) for eager LeNet at batch 64."""
    spec, model = get_spec("lenet"), load_model("lenet")
    inputs = make_inputs(spec, model, 64)
    eager = prepare_backend("eager", model, inputs, threads=threads)
    (x,) = inputs

    @torch.inference_mode()
    def direct() -> None:
        model(x)

    ours, theirs, ratios = [], [], []
    before = torch.get_num_threads()
    for _ in range(rounds):
        a = measure(eager, inputs, threads=threads, min_run_time=0.3).median_ms
        torch.set_num_threads(threads)
        direct()
        timer = benchmark.Timer("direct()", globals={"direct": direct}, num_threads=threads)
        b = timer.blocked_autorange(min_run_time=0.3).median * 1e3
        torch.set_num_threads(before)
        ours.append(a)
        theirs.append(b)
        ratios.append(a / b)
    return statistics.median(ours), statistics.median(theirs), ratios


def backend_table(
    name: str, threads: int, with_compile: bool, batches: tuple[int, ...], shares: list[float]
) -> list[str]:
    spec, model = get_spec(name), load_model(name)
    seq_len = SEQ_LEN if spec.input_kind == "text" else None
    inputs = make_inputs(spec, model, batches[-1], seq_len)
    one = make_inputs(spec, model, 1, seq_len)
    flops = count_flops(model, one).per_sample
    int8_share = int8_flop_share(model, one)
    prepared, lines = {}, []
    for backend in BACKENDS:
        if backend == "compile" and not with_compile:
            continue
        if not availability(backend, model).ok:
            continue
        try:
            prepared[backend] = prepare_backend(backend, model, inputs, threads=threads)
        except UserFacingError as err:
            lines.append(f"| {name} | {backend} | failed: {err} | | | | | | | |")
    frame = batch_sweep(
        prepared, spec, model, batches, threads, seq_len, rounds=3, min_run_time=0.1
    )
    peaks = measure_peaks(threads)  # right after the sweep: the host's load changes by the minute
    frame = roofline_frame(frame, flops, peaks.values(), int8_share=int8_share)
    for backend, p in prepared.items():
        rows = frame[frame["backend"] == backend].set_index("batch")
        cells = []
        for batch in batches:
            r = rows.loc[batch]
            cells.append(
                f"{r.median_ms:.3f} ± {r.iqr_ms / 2:.3f} ({r.speedup_vs_eager:.2f}×)"
                if not r.error
                else f"failed: {r.error}"
            )
        first_b1 = rows.loc[batches[0]].first_call_ms
        fractions = [rows.loc[b].fraction_of_peak for b in (batches[0], batches[-1])]
        shares += [f for f in fractions if f == f]  # not NaN
        flagged = " ⚠️" if rows["over_peak"].any() else ""
        lines.append(
            f"| {name} | {BACKEND_INFO[backend].label} | {p.prepare_s:.2f} | {cells[0]} | "
            f"{cells[-1]} | {first_b1:.1f} | {p.max_abs_diff:.1e} / {p.tolerance:.1e} | "
            f"{rows.iloc[0].peak_precision} | {fractions[0]:.0%} / {fractions[1]:.0%}{flagged} | "
            f"{', '.join(p.notes) or '—'} |"
        )
    summary = ", ".join(
        f"{k} {v.ceiling:.0f} (median {v.gflops:.0f} ± {v.iqr_gflops:.0f})"
        f"{' emulated' if v.emulated else ''}"
        for k, v in peaks.items()
    )
    lines.append(
        f"| {name} | *peaks* | | | {summary}; int8 share of FLOPs {int8_share:.0%} | | | | "
        f"{flops / 1e6:.1f} MFLOP/item | |"
    )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--no-compile", action="store_true", help="skip torch.compile (slow)")
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--batches", default=",".join(map(str, BATCHES)))
    parser.add_argument("--cpuinfo", help="a fake /proc/cpuinfo: another CPU's flags")
    parser.add_argument("--skip-ab", action="store_true", help="skip (a) and (b)")
    args = parser.parse_args()
    if args.cpuinfo:
        os.environ[CPUINFO_ENV] = args.cpuinfo
    threads = args.threads
    batches = tuple(int(b) for b in args.batches.split(","))
    env = environment_report()
    print(
        f"torch {env.torch_version}, onnxruntime {env.onnxruntime_version}, {env.cpu_model} "
        f"({env.cpu_capability}; AVX-512 {env.avx512}, VNNI {env.vnni}, AMX {env.amx}, "
        f"bf16 {env.bf16_native}, fp16 {env.fp16_native}), {env.usable_cores} usable cores, "
        f"{threads} thread(s), load average {os.getloadavg()[0]:.1f}\n"
    )
    start = time.perf_counter()
    print(f"(d) Peaks at {threads} thread(s), measured before the sweeps:\n")
    print("| precision | kernel | size | median | IQR | best | unit | blocks | emulated |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in peak_table(measure_peaks(threads).values()).itertuples():
        print(
            f"| {r.precision} | {r.kernel} | {r.size} | {r.median:.1f} | {r.iqr:.1f} | "
            f"{r.best:.1f} | {r.unit} | {r.runs} | {r.emulated} |"
        )
    if not args.skip_ab:
        ab(threads)
    print(
        f"\n(c) Backends, prepared at batch {batches[-1]}, batch sweep {batches} interleaved "
        f"(3 rounds × 0.1 s per backend per batch), {threads} thread(s); median ± IQR/2 ms "
        f"(speed-up vs eager in the same sweep); MiniLM at {SEQ_LEN} tokens.\n"
    )
    print(
        f"| model | backend | prepare s | batch {batches[0]} ms | batch {batches[-1]} ms "
        "| first call b1 ms | max abs diff / tol | peak | share of peak "
        f"b{batches[0]} / b{batches[-1]} | notes |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    shares: list[float] = []
    for name in args.models.split(","):
        for line in backend_table(name, threads, not args.no_compile, batches, shares):
            print(line)
    worst = max(shares, default=float("nan"))
    verdict = "PASS" if worst <= 1.0 else "NOISE" if worst <= OVER_PEAK else "FAIL"
    print(f"\nHighest share of peak {worst:.0%}; target ≤ 100 %: {verdict}")
    print(f"Total {time.perf_counter() - start:.0f} s")


def ab(threads: int) -> None:
    eager_ms, ort_ms, ratios = ort_vs_eager(threads)
    ratio = statistics.median(ratios)
    print(
        f"\n(a) LeNet batch 1: eager {eager_ms * 1e3:.0f} µs, ONNX Runtime {ort_ms * 1e3:.0f} µs, "
        f"ratio {ratio:.2f} (rounds {min(ratios):.2f}–{max(ratios):.2f}); target ≤ 0.5: "
        f"{'PASS' if ratio <= 0.5 else 'FAIL'}"
    )
    ours, theirs, ratios = measure_vs_timer(threads)
    ratio = statistics.median(ratios)
    print(
        f"(b) LeNet batch 64 eager: measure() {ours:.3f} ms, direct Timer {theirs:.3f} ms, "
        f"ratio {ratio:.3f} (rounds {min(ratios):.3f}–{max(ratios):.3f}); target within 15 %: "
        f"{'PASS' if abs(ratio - 1) <= 0.15 else 'FAIL'}"
    )


if __name__ == "__main__":
    main()
