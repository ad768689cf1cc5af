"""Accelerate backend on LeNet and TinyViT: every backend that runs here matches eager within
its stated tolerance (also at batch sizes it was not built for), the shared model is untouched,
unavailable backends say why, the memory guard refuses, sweeps are well-formed and restore
torch's threads. MiniLM: test_acceleration_text.py.

Measured here (max |Δ| / max ‖item output‖): ONNX Runtime ≤ 4e-7, dynamic int8 LeNet 0.004,
TinyViT 0.015; bf16 ≤ 0.0084; fp16 ≤ 0.0029 — the tolerances of BACKEND_INFO are 2.5–3× that.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
import torch
from torch import nn

import components.acceleration.backends as backends_module
from components.acceleration import (
    BACKEND_INFO,
    BACKEND_PRECISION,
    BACKENDS,
    BATCH_RANGE,
    I18N_KEYS,
    PEAK_TABLE_COLUMNS,
    PRECISIONS,
    ROOFLINE_COLUMNS,
    SWEEP_COLUMNS,
    PeakResult,
    PreparedBackend,
    achieved_gflops,
    activation_bytes_per_sample,
    availability,
    batch_sweep,
    check_budget,
    environment_report,
    int8_flop_share,
    make_inputs,
    measure,
    measure_peak,
    measure_peaks,
    peak_ratios,
    peak_table,
    prepare_backend,
    roofline_frame,
    thread_sweep,
)
from components.acceleration.charts import (
    BACKEND_COLORS,
    gflops_chart,
    latency_chart,
    speedup_chart,
    thread_scaling_chart,
    throughput_chart,
)
from components.acceleration.peak import PEAK_KERNELS, is_emulated, mixed_peak, peak_cause
from components.errors import UserFacingError
from components.figures import ORIGINAL_COLOR
from components.latency import LatencyResult
from components.quantization import cpu_features
from components.quantization.hardware import CpuFeatures
from components.shared_models import fingerprint, leftover_hooks
from models.registry import get_spec, load_model

pytestmark = pytest.mark.usefixtures("one_thread")

LENET = get_spec("lenet")
TINY_VIT = get_spec("tiny_vit")
CPU_BACKENDS = ("eager", "compile", "onnxruntime", "int8_dynamic", "bf16", "fp16")


@pytest.fixture(scope="module")
def lenet() -> nn.Module:
    return load_model("lenet")


@pytest.fixture(scope="module")
def tiny_vit() -> nn.Module:
    return load_model("tiny_vit")


@pytest.fixture(scope="module")
def lenet_prepared(lenet) -> tuple[dict[str, PreparedBackend], str]:
    """Every available CPU backend on LeNet (compile costs 3–15 s; only LeNet compiles here),
    and the shared model's fingerprint before any of them was built."""
    before = fingerprint(lenet)
    inputs = make_inputs(LENET, lenet, 8)
    prepared = {
        name: prepare_backend(name, lenet, inputs, threads=1)
        for name in CPU_BACKENDS
        if availability(name, lenet).ok
    }
    return prepared, before


def eager(model: nn.Module, inputs) -> torch.Tensor:
    with torch.inference_mode():
        return model(*inputs)


# --- the backend table and availability ----------------------------------------------------------


def test_backend_table():
    assert BACKENDS == (
        "eager",
        "compile",
        "onnxruntime",
        "int8_dynamic",
        "bf16",
        "fp16",
        "cuda",
        "mps",
    )
    assert set(BACKEND_INFO) == set(BACKENDS)
    lossy = {k for k, info in BACKEND_INFO.items() if info.lossy}
    assert lossy == {"int8_dynamic", "bf16", "fp16"}
    # Exact backends are held far tighter than the lossy ones.
    assert max(BACKEND_INFO[k].rel_tolerance for k in ("eager", "compile", "onnxruntime")) <= 1e-5
    assert BACKEND_INFO["fp16"].rel_tolerance < BACKEND_INFO["int8_dynamic"].rel_tolerance


def test_cpu_backends_available_here(lenet):
    for name in CPU_BACKENDS:
        assert availability(name, lenet).ok, name
        assert availability(name, LENET).ok, name


def test_half_precision_caveat_follows_the_cpu():
    features = cpu_features()
    fp16 = availability("fp16")
    assert fp16.ok
    assert (fp16.reason_key == "accelerate.note.fp16_emulated") == (not features.fp16_native)
    bf16 = availability("bf16")
    assert (bf16.reason_key == "accelerate.note.bf16_emulated") == (not features.bf16_native)


def test_gpu_backends_say_why_not():
    if not torch.cuda.is_available():
        cuda = availability("cuda")
        assert cuda.ok is False
        assert cuda.reason_key == "accelerate.reason.no_cuda"
        assert cuda.reason_values == {"torch": torch.__version__}
        with pytest.raises(UserFacingError) as err:
            prepare_backend("cuda", nn.Linear(2, 2), (torch.zeros(1, 2),), threads=1)
        assert err.value.key == "accelerate.error.unavailable"
        assert err.value.values == {"backend": "CUDA GPU"}
    if not torch.backends.mps.is_available():
        mps = availability("mps")
        assert (mps.ok, mps.reason_key) == (False, "accelerate.reason.no_mps")


def test_int8_needs_linear_layers():
    convs = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Conv2d(4, 2, 3))
    result = availability("int8_dynamic", convs)
    assert result.ok is False
    assert result.reason_key == "accelerate.reason.no_linear"
    assert result.reason_values == {"model": "Sequential"}
    assert availability("int8_dynamic").ok  # without a model only the engine counts


def test_onnx_import_failure_is_a_reason(monkeypatch):
    monkeypatch.setattr(
        backends_module, "_onnx_import_error", lambda: "onnxscript: ImportError: no module"
    )
    result = availability("onnxruntime")
    assert result.ok is False
    assert result.reason_key == "accelerate.reason.onnx_missing"
    assert result.reason_values == {"error": "onnxscript: ImportError: no module"}


def test_unknown_backend_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown backend"):
        availability("tensorrt")


def test_every_reason_and_note_key_is_listed(lenet):
    keys = set(I18N_KEYS)
    for name in BACKENDS:
        result = availability(name, lenet)
        assert result.reason_key is None or result.reason_key in keys
    assert all(k.startswith(("accelerate.", "quant.note.")) for k in keys)
    assert {info.label_key for info in BACKEND_INFO.values()} <= keys
    assert {f"accelerate.env.{name}" for name, _ in environment_report().rows()} <= keys


# --- prepared backends match eager ---------------------------------------------------------------


def test_lenet_backends_match_eager(lenet, lenet_prepared):
    prepared, _ = lenet_prepared
    assert set(prepared) == set(CPU_BACKENDS)
    # Other batch sizes than the one each backend was built with: the ONNX batch axis is
    # dynamic; so is the compiled graph, but batch 1 and batches ≥ 16 would compile new graphs
    # (3–8 s each), so compile is checked at batch 3 only, which reuses the batch-8 graph.
    for batch in (8, 3, 1, 17):
        inputs = make_inputs(LENET, lenet, batch)
        reference = eager(lenet, inputs)
        scale = float(reference.norm(dim=1).max())
        for name, backend in prepared.items():
            if name == "compile" and batch not in (8, 3):
                continue
            out = backend.run(*inputs)
            assert out.dtype == torch.float32 and out.device.type == "cpu"
            assert out.shape == (batch, 10), name
            diff = float((out - reference).abs().max())
            assert diff <= BACKEND_INFO[name].rel_tolerance * scale, (name, batch, diff)


def test_lenet_prepared_fields(lenet_prepared):
    prepared, _ = lenet_prepared
    for name, backend in prepared.items():
        assert backend.backend == name
        assert backend.matches, (name, backend.max_abs_diff, backend.tolerance)
        assert backend.prepare_s >= 0
        assert backend.threads == 1
    assert prepared["eager"].max_abs_diff == 0.0
    assert prepared["onnxruntime"].max_abs_diff < 1e-4  # logits up to ≈30
    assert 0 < prepared["int8_dynamic"].max_abs_diff < 1.0  # int8 changes the numbers a little
    assert prepared["compile"].prepare_s > prepared["eager"].prepare_s  # compiling costs time
    assert prepared["int8_dynamic"].notes == ("quant.note.dynamic_linear_only",)
    assert prepared["compile"].notes == ("accelerate.note.compile_graphs",)


def test_shared_model_untouched(lenet, lenet_prepared):
    _, before = lenet_prepared
    assert fingerprint(lenet) == before
    assert leftover_hooks(lenet) == 0
    assert all(p.dtype == torch.float32 for p in lenet.parameters())
    assert not lenet.training


@pytest.mark.slow
def test_tiny_vit_backends_match_eager(tiny_vit):
    before = fingerprint(tiny_vit)
    inputs = make_inputs(TINY_VIT, tiny_vit, 4)
    other = make_inputs(TINY_VIT, tiny_vit, 2)
    reference = eager(tiny_vit, other)
    for name in ("onnxruntime", "int8_dynamic", "bf16", "fp16"):  # compile: LeNet only (time)
        backend = prepare_backend(name, tiny_vit, inputs, threads=1)
        assert backend.matches, (name, backend.max_abs_diff, backend.tolerance)
        diff = float((backend.run(*other) - reference).abs().max())
        assert diff <= backend.tolerance, (name, diff)
    assert fingerprint(tiny_vit) == before


def test_export_failure_is_explained():
    class DataDependent(nn.Module):
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return x * 2 if x.sum() > 0 else x  # torch.export cannot trace this branch

    with pytest.raises(UserFacingError) as err:
        prepare_backend("onnxruntime", DataDependent(), (torch.randn(3, 3),), threads=1)
    assert err.value.key == "accelerate.error.prepare_failed"
    assert err.value.values["backend"] == "ONNX Runtime"
    reason = err.value.values["reason"]
    assert reason.startswith("TorchExportError") and "data-dependent" in reason
    assert "\x1b[" not in reason  # no terminal colour codes on the page


# --- inputs and the memory guard -----------------------------------------------------------------


def test_make_inputs_images(lenet):
    (x,) = make_inputs(LENET, lenet, 5)
    assert x.shape == (5, 1, 28, 28)
    assert x.dtype == torch.float32
    (big,) = make_inputs(LENET, lenet, BATCH_RANGE[1])
    assert big.shape[0] == 256
    for batch in (0, 257):
        with pytest.raises(UserFacingError) as err:
            make_inputs(LENET, lenet, batch)
        assert err.value.key == "accelerate.error.batch_range"
        assert err.value.values == {"value": batch, "low": 1, "high": 256}


def test_activation_memory_is_measured(lenet):
    # conv1's output (10 × 24 × 24 fp32 = 23,040 bytes) and its ReLU copy are alive together.
    per_sample = activation_bytes_per_sample(LENET, lenet)
    assert per_sample == 2 * 10 * 24 * 24 * 4


def test_budget_allows_the_full_range_and_refuses_little_memory(lenet):
    budget = check_budget(LENET, 256, model=lenet, available_bytes=2**30)
    weights = sum(p.numel() * 4 for p in lenet.parameters())
    assert budget.estimate_bytes == int(256 * budget.per_sample_bytes * 3.0) + weights
    assert budget.limit_bytes == 2**29
    assert budget.fraction < 0.1
    with pytest.raises(UserFacingError) as err:
        check_budget(LENET, 256, model=lenet, available_bytes=16 * 2**20)
    assert err.value.key == "accelerate.error.memory"
    assert err.value.values["batch"] == 256
    assert err.value.values["limit"] == "8.0 MiB"
    with pytest.raises(UserFacingError) as err:
        check_budget(LENET, 1000, model=lenet)
    assert err.value.key == "accelerate.error.batch_range"


# --- timing --------------------------------------------------------------------------------------


def test_measure_restores_threads(lenet, lenet_prepared):
    prepared, _ = lenet_prepared
    inputs = make_inputs(LENET, lenet, 4)
    before = torch.get_num_threads()
    result = measure(prepared["onnxruntime"], inputs, threads=2, min_run_time=0.02)
    assert torch.get_num_threads() == before
    assert isinstance(result, LatencyResult)
    assert (result.backend, result.batch_size, result.threads) == ("onnxruntime", 4, 2)
    assert 0 < result.median_s < 0.1


def test_batch_sweep(lenet, lenet_prepared):
    prepared, _ = lenet_prepared
    chosen = {k: prepared[k] for k in ("onnxruntime", "int8_dynamic")}  # eager gets added
    before = torch.get_num_threads()
    calls = []
    frame = batch_sweep(
        chosen,
        LENET,
        lenet,
        [1, 4],
        threads=1,
        progress=lambda f, m: calls.append(f),
        rounds=2,
        min_run_time=0.01,
    )
    assert torch.get_num_threads() == before
    assert list(frame.columns) == SWEEP_COLUMNS
    assert len(frame) == 6
    assert frame["backend"].tolist() == ["eager", "onnxruntime", "int8_dynamic"] * 2
    assert frame["batch"].tolist() == [1, 1, 1, 4, 4, 4]
    assert (frame["threads"] == 1).all()
    assert frame["error"].isna().all()
    assert frame["seq_len"].isna().all()
    eager_rows = frame[frame["backend"] == "eager"]
    assert (eager_rows["speedup_vs_eager"] == 1.0).all()
    for row in frame.itertuples():
        assert row.q1_ms <= row.median_ms <= row.q3_ms
        assert row.iqr_ms == pytest.approx(row.q3_ms - row.q1_ms)
        assert row.throughput == pytest.approx(row.batch / (row.median_ms / 1e3))
        eager_ms = eager_rows[eager_rows["batch"] == row.batch]["median_ms"].iloc[0]
        assert row.speedup_vs_eager == pytest.approx(eager_ms / row.median_ms)
        assert row.runs >= 2 and row.first_call_ms > 0
    assert calls[0] == 0.0 and calls[-1] == 1.0


def test_batch_sweep_records_a_failing_backend(lenet, lenet_prepared):
    prepared, _ = lenet_prepared

    class FailsAbove2:
        def convert(self, inputs):
            return tuple(inputs)

        def callable(self, threads):
            def call(x):
                if x.shape[0] > 2:
                    raise RuntimeError("out of memory\nsecond line")
                return x

            return call

    broken = PreparedBackend("bf16", 0.0, 0.0, 1.0, 1, runner=FailsAbove2())
    frame = batch_sweep(
        {"eager": prepared["eager"], "bf16": broken},
        LENET,
        lenet,
        [2, 4],
        threads=1,
        rounds=1,
        min_run_time=0.01,
    )
    failed = frame[(frame["backend"] == "bf16") & (frame["batch"] == 4)].iloc[0]
    assert failed["error"] == "RuntimeError: out of memory"
    assert math.isnan(failed["median_ms"]) and failed["runs"] == 0
    ok = frame[(frame["backend"] == "bf16") & (frame["batch"] == 2)].iloc[0]
    assert pd.isna(ok["error"]) and ok["median_ms"] > 0


def test_thread_sweep(lenet, lenet_prepared):
    prepared, _ = lenet_prepared
    before = torch.get_num_threads()
    frame = thread_sweep(
        {"onnxruntime": prepared["onnxruntime"]},
        LENET,
        lenet,
        batch=4,
        threads=[1, 2],
        rounds=1,
        min_run_time=0.01,
    )
    assert torch.get_num_threads() == before
    assert list(frame.columns) == [*SWEEP_COLUMNS, "scaling_vs_1_thread"]
    assert frame["threads"].tolist() == [1, 1, 2, 2]
    assert (frame[frame["threads"] == 1]["scaling_vs_1_thread"] == 1.0).all()
    assert (frame[frame["backend"] == "eager"]["speedup_vs_eager"] == 1.0).all()
    assert frame["error"].isna().all()


def test_measured_peak_and_achieved_gflops():
    before = torch.get_num_threads()
    peak = measure_peak(1, sizes=(64, 128), budget_s=0.2)
    assert torch.get_num_threads() == before
    assert (peak.precision, peak.threads, peak.runs) == ("fp32", 1, 7)
    assert peak.size in (64, 128) and peak.kernel == PEAK_KERNELS["fp32"].label
    assert peak.gflops == pytest.approx(2 * peak.size**3 / peak.median_s / 1e9)
    assert peak.ceiling == peak.best_gflops >= peak.gflops
    assert peak.iqr_gflops >= 0
    assert 0.5 < peak.gflops < 1e4
    assert achieved_gflops(1e6, 10, 0.01) == pytest.approx(1.0)


def test_sizes_up_to_512_always_run_and_larger_ones_only_within_the_budget(monkeypatch):
    """A ceiling comes from a multiply as large as the ones it bounds: on an AVX2-only host an
    emulated fp16 kernel is ~20 % faster at 512 than at 256, and a budget that stopped at 256
    put a Linear 512 at batch 256 over "its peak"."""
    made: list[int] = []

    class Kernel:
        label = "no-op"

        def make(self, size: int):
            made.append(size)
            return lambda: None

    monkeypatch.setitem(PEAK_KERNELS, "fp32", Kernel())
    measure_peak(1, "fp32", sizes=(1024, 256, 512, 2048), budget_s=0.0)
    assert made == [256, 512]


def test_every_precision_has_a_peak_kernel_and_every_backend_a_precision():
    assert set(PEAK_KERNELS) == set(PRECISIONS) == {"fp32", "bf16", "fp16", "int8"}
    assert set(BACKEND_PRECISION) == set(BACKENDS)
    assert {p for p in BACKEND_PRECISION.values() if p} <= set(PRECISIONS)
    assert BACKEND_PRECISION["int8_dynamic"] == "int8" and BACKEND_PRECISION["cuda"] is None


def test_int8_peak_runs_the_dynamic_int8_kernel():
    """The int8 peak times the same module the dynamic int8 backend builds, so its share
    compares like with like."""
    call = PEAK_KERNELS["int8"].make(64)
    layer = call.__closure__[0].cell_contents  # the quantized Sequential
    assert isinstance(layer[0], torch.ao.nn.quantized.dynamic.Linear)
    assert call().shape == (64, 64)


@pytest.mark.slow
def test_peaks_of_every_precision_are_short_and_labelled(fake_cpu):
    """Each precision gets its own median and spread; one that this (fake) CPU has no
    arithmetic for is labelled emulated. The kernels are this host's: only labels follow."""
    peaks = measure_peaks(1, budget_s=0.05, features=fake_cpu)
    assert list(peaks) == list(PRECISIONS)
    expected = {
        "fp32": False,
        "bf16": not fake_cpu.bf16_native,
        "fp16": not fake_cpu.fp16_native,
        "int8": False,
    }
    assert {p: r.emulated for p, r in peaks.items()} == expected
    for precision, result in peaks.items():
        assert result.precision == precision and result.runs == 7
        assert result.size in (256, 512)  # sizes up to 512 always run; 1024 not in this budget
        assert result.unit == ("GOP/s" if precision == "int8" else "GFLOP/s")
    table = peak_table(peaks.values())
    assert list(table.columns) == PEAK_TABLE_COLUMNS
    assert table["emulated"].tolist() == list(expected.values())


@pytest.mark.parametrize(
    ("flags", "emulated", "causes"),
    [
        # Sapphire Rapids: AMX (bf16, int8) and AVX512-FP16
        (
            {"amx": True, "bf16_native": True, "fp16_native": True, "avx512_vnni": True},
            {"bf16": False, "fp16": False},
            {"bf16": "amx", "fp16": "fp16_native", "int8": "amx"},
        ),
        # Zen 4: AVX512-BF16 and VNNI, no fp16 arithmetic
        (
            {"bf16_native": True, "avx512_vnni": True},
            {"bf16": False, "fp16": True},
            {"bf16": "avx512_bf16", "fp16": "emulated", "int8": "vnni"},
        ),
        # AVX2 only
        (
            {},
            {"bf16": True, "fp16": True},
            {"bf16": "emulated", "fp16": "emulated", "int8": "no_vnni"},
        ),
    ],
)
def test_emulated_and_cause_follow_the_cpu_features(flags, emulated, causes):
    base = {
        "model_name": "fake",
        "capability": "AVX2",
        "avx2": True,
        "avx512": False,
        "avx512_vnni": False,
        "avx_vnni": False,
        "amx": False,
        "fp16_native": False,
        "bf16_native": False,
    }
    features = CpuFeatures(**{**base, **flags})
    assert {p: is_emulated(p, features) for p in emulated} == emulated
    assert not is_emulated("fp32", features) and not is_emulated("int8", features)
    assert {p: peak_cause(p, features) for p in causes} == {
        p: f"accelerate.peak_cause.{c}" for p, c in causes.items()
    }


def _peak(precision: str, best: float, threads: int = 1) -> PeakResult:
    return PeakResult(
        best * 0.9,
        best,
        median_s=0.02,
        iqr_s=0.0,
        size=1024,
        threads=threads,
        runs=7,
        precision=precision,
        kernel=PEAK_KERNELS[precision].label,
    )


def test_peak_ratios_cite_the_measured_peaks():
    peaks = {p: _peak(p, best) for p, best in (("fp32", 100.0), ("bf16", 480.0), ("int8", 900.0))}
    amx = CpuFeatures("x", "AVX512", True, True, True, True, True, True, True)
    ratios = {r["precision"]: r for r in peak_ratios(peaks, amx)}
    assert set(ratios) == {"bf16", "int8"}
    assert ratios["bf16"]["ratio"] == pytest.approx(4.8)
    assert ratios["bf16"]["cause_key"] == "accelerate.peak_cause.amx"
    assert (ratios["int8"]["peak"], ratios["int8"]["unit"]) == (900.0, "GOP/s")


def test_roofline_frame_uses_each_backends_own_peak():
    backends = ["eager", "onnxruntime", "int8_dynamic", "bf16", "fp16", "cuda"]
    sweep = pd.DataFrame(
        {
            "backend": backends,
            "batch": [64] * 6,
            "threads": [1] * 6,
            "median_ms": [2.0, 1.0, 0.5, 0.25, 4.0, 0.1],
        }
    )
    peaks = [_peak("fp32", 100.0), _peak("int8", 400.0), _peak("bf16", 480.0), _peak("fp16", 50.0)]
    frame = roofline_frame(sweep, flops_per_sample=1e6, peaks=peaks)
    assert set(ROOFLINE_COLUMNS) <= set(frame.columns)
    rows = frame.set_index("backend")
    assert rows["achieved_gflops"].tolist() == pytest.approx([32, 64, 128, 256, 16, 640])
    assert rows["peak_precision"].tolist()[:5] == ["fp32", "fp32", "int8", "bf16", "fp16"]
    assert rows["peak_gflops"].tolist()[:5] == [100.0, 100.0, 400.0, 480.0, 50.0]  # best block
    assert rows["fraction_of_peak"].tolist()[:5] == pytest.approx(
        [0.32, 0.64, 0.32, 256 / 480, 0.32]
    )
    assert math.isnan(rows.loc["cuda", "fraction_of_peak"])  # no CPU peak for a GPU
    assert not frame["over_peak"].any()
    # The bug this replaces: bf16 against the fp32 peak would read 256 %.
    assert rows.loc["bf16", "achieved_gflops"] / 100.0 > 2.5
    two = roofline_frame(sweep.assign(threads=[2] * 6), 1e6, peaks)
    assert two["peak_gflops"].isna().all()  # no peak measured at 2 threads: no fraction


def test_dynamic_int8_is_held_to_the_ceiling_of_its_mix():
    """Half of the FLOPs in int8 at 400, half in fp32 at 100: 1 GFLOP takes 1.25 + 5 ms, so
    the ceiling is 160 — between the two peaks, and the mix is labelled."""
    peaks = {"fp32": _peak("fp32", 100.0), "int8": _peak("int8", 400.0)}
    assert mixed_peak({"int8": 0.5, "fp32": 0.5}, peaks) == pytest.approx(160.0)
    sweep = pd.DataFrame(
        {"backend": ["int8_dynamic"], "batch": [1], "threads": [1], "median_ms": [0.01]}
    )
    frame = roofline_frame(sweep, 1e6, peaks, int8_share=0.5)
    assert frame["peak_precision"].tolist() == ["int8+fp32"]
    assert frame["peak_gflops"].tolist() == pytest.approx([160.0])
    assert frame["fraction_of_peak"].tolist() == pytest.approx([100 / 160])
    all_int8 = roofline_frame(sweep, 1e6, peaks, int8_share=1.0)
    assert all_int8["peak_precision"].tolist() == ["int8"]


def test_a_share_past_the_noise_is_flagged():
    sweep = pd.DataFrame(
        {"backend": ["eager", "eager"], "batch": [1, 2], "threads": [1, 1], "median_ms": [1.0, 1.0]}
    )
    frame = roofline_frame(sweep, 1e8 * 1.1, [_peak("fp32", 100.0)])  # 110 %, 220 %
    assert frame["over_peak"].tolist() == [False, True]


def test_int8_flop_share(lenet):
    share = int8_flop_share(lenet, make_inputs(LENET, lenet, 1))
    assert 0.01 < share < 0.1  # fc1 and fc2; the convolutions are 96 % of LeNet's FLOPs
    mlp = nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 4))
    assert int8_flop_share(mlp, (torch.randn(2, 8),)) == pytest.approx(1.0)


@pytest.mark.slow
@pytest.mark.timed  # a backend's throughput against its precision's peak, both measured here
def test_no_backend_passes_the_peak_of_its_precision():
    """Every CPU backend on a Linear-heavy model (where int8 and bf16 reach their kernels'
    speed) against the peaks of their precisions: no share may pass the peak by more than
    timing noise. Against one fp32 peak, int8 read 3× here (in every run).

    Other work on a shared host can slow the peak's 0.4 s down more than a backend's timing
    taken in a quieter moment, so a pass in one of three attempts counts (each attempt keeps
    the best ceiling measured so far): a wrong ceiling is over in every attempt, noise is not.
    """
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 512)).eval()
    example = (torch.randn(64, 512),)
    prepared = {
        name: prepare_backend(name, model, example, threads=1)
        for name in ("eager", "onnxruntime", "int8_dynamic", "bf16", "fp16")
    }
    share = int8_flop_share(model, example)
    peaks = measure_peaks(1)
    for _attempt in range(3):
        rows = []
        for batch in (8, 256):
            for name, backend in prepared.items():
                result = measure(backend, (torch.randn(batch, 512),), threads=1, min_run_time=0.05)
                rows.append(
                    {"backend": name, "batch": batch, "threads": 1, "median_ms": result.median_ms}
                )
        again = measure_peaks(1)
        peaks = {k: max(peaks[k], again[k], key=lambda r: r.ceiling) for k in peaks}
        flops = 2 * 2 * 512 * 512
        frame = roofline_frame(pd.DataFrame(rows), flops, peaks.values(), int8_share=share)
        assert frame["fraction_of_peak"].notna().all()
        over = frame[frame["over_peak"]]
        if over.empty:
            break
    assert over.empty, over[["backend", "batch", "achieved_gflops", "peak_gflops"]]


# --- environment ---------------------------------------------------------------------------------


def test_environment_report():
    report = environment_report()
    features = cpu_features()
    assert report.torch_version == torch.__version__
    assert report.onnxruntime_version is not None
    assert 1 <= report.usable_cores <= report.logical_cores
    assert report.torch_threads == torch.get_num_threads()
    assert (report.avx2, report.avx512) == (features.avx2, features.avx512)
    assert report.amx == features.amx
    assert report.vnni == features.int8_dot
    assert report.cuda == torch.cuda.is_available()
    assert list(report.backends) == list(BACKENDS)
    assert report.backends["eager"].ok
    assert report.backends["cuda"].ok == torch.cuda.is_available()
    rows = dict(report.rows())
    assert rows["torch_version"] == torch.__version__ and "backends" not in rows


# --- charts --------------------------------------------------------------------------------------


@pytest.fixture
def sweep_frame() -> pd.DataFrame:
    rows = []
    for backend, label, factor in (("eager", "eager fp32", 1.0), ("onnxruntime", "ORT", 0.25)):
        for batch in (1, 8, 64):
            median = factor * (0.1 + 0.02 * batch)
            rows.append(
                {
                    "backend": backend,
                    "label": label,
                    "batch": batch,
                    "threads": 1,
                    "median_ms": median,
                    "q1_ms": median * 0.9,
                    "q3_ms": median * 1.2,
                    "runs": 10,
                    "throughput": batch / (median / 1e3),
                    "speedup_vs_eager": 1.0 / factor,
                }
            )
    rows.append({**rows[-1], "batch": 256, "median_ms": math.nan})  # a failed point
    return pd.DataFrame(rows)


def test_latency_chart(sweep_frame):
    fig = latency_chart(sweep_frame, names={"eager": "Eager"}, y_label="ms")
    assert [t.name for t in fig.data] == ["Eager", "ORT"]
    eager_trace, ort = fig.data
    assert list(eager_trace.x) == [1, 8, 64]  # the failed point is left out
    assert list(ort.y) == pytest.approx([0.025 + 0.005 * b for b in (1, 8, 64)])
    assert list(ort.error_y.array) == pytest.approx([0.2 * y for y in ort.y])
    assert list(ort.error_y.arrayminus) == pytest.approx([0.1 * y for y in ort.y])
    assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.type == "log"
    assert eager_trace.line.color == ORIGINAL_COLOR
    assert ort.line.color == BACKEND_COLORS["onnxruntime"]


def test_speedup_throughput_and_gflops_charts(sweep_frame):
    speedup = speedup_chart(sweep_frame)
    assert list(speedup.data[1].y) == [4.0, 4.0, 4.0]
    assert speedup.layout.shapes[0].y0 == 1.0  # the eager line
    throughput = throughput_chart(sweep_frame)
    assert list(throughput.data[0].y) == pytest.approx(sweep_frame["throughput"].iloc[:3].tolist())
    roofline = sweep_frame.assign(
        achieved_gflops=1.0,
        peak_precision=sweep_frame["backend"].map({"eager": "fp32", "onnxruntime": "int8"}),
        peak_gflops=sweep_frame["backend"].map({"eager": 50.0, "onnxruntime": 200.0}),
        fraction_of_peak=0.02,
    )
    gflops = gflops_chart(roofline, peak_labels={"fp32": "fp32 peak (50)"})
    assert [t.name for t in gflops.data] == ["eager fp32", "ORT", "fp32 peak (50)", "int8 peak"]
    fp32_line, int8_line = gflops.data[2:]
    assert set(fp32_line.y) == {50.0} and set(int8_line.y) == {200.0}
    assert int8_line.line.color == BACKEND_COLORS["onnxruntime"]  # the line of its backend
    assert fp32_line.line.color not in BACKEND_COLORS.values()  # shared: no backend's colour
    assert "of its peak" in gflops.data[0].hovertemplate
    assert not gflops.layout.annotations  # log axes read annotation y as log10: no annotation


def test_thread_scaling_chart():
    frame = pd.DataFrame(
        {
            "backend": ["eager", "eager"],
            "label": ["eager fp32"] * 2,
            "batch": [64, 64],
            "threads": [1, 2],
            "runs": [5, 5],
            "median_ms": [2.0, 1.25],
            "scaling_vs_1_thread": [1.0, 1.6],
        }
    )
    fig = thread_scaling_chart(frame, ideal_label="ideal")
    assert list(fig.data[0].y) == [1.0, 1.6]
    assert fig.data[1].name == "ideal" and list(fig.data[1].y) == [1.0, 2.0]
