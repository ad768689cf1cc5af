"""The Accelerate page through AppTest: backends over batch sizes, thread scaling, parallel runs
on real processes, compressed variants, the memory guard and bad URL values."""

from __future__ import annotations

import numpy as np
import pytest

from components import machine_load
from components.parallel import live_workers
from components.shared_models import fingerprint, leftover_hooks
from dashboard.areas.accelerate.cache import ORIGINAL, batch_point, peaks, sweep_batches
from dashboard.shared.resources import shared_model
from tests.dashboard.conftest import figure, metrics, open_page, plotly_array

pytestmark = pytest.mark.usefixtures("one_thread")


def open_accelerate(app, **params):
    return open_page(app, "accelerate", **params)


def _xs(fig: dict) -> dict[str, list[float]]:
    return {trace["name"]: plotly_array(trace["x"]).tolist() for trace in fig["data"]}


@pytest.mark.slow
def test_backends_over_batch_sizes(app):
    before = fingerprint(shared_model("lenet"))
    at = open_accelerate(app, backends="eager,onnxruntime", batch=4, threads=1)
    assert not at.warning and not at.error, [w.value for w in at.warning]
    latency = figure(at, "Latency per batch")
    assert _xs(latency) == {"eager fp32": [1, 2, 4], "ONNX Runtime": [1, 2, 4]}
    for trace in latency["data"]:
        assert np.all(plotly_array(trace["y"]) > 0)
    speedup = figure(at, "Speed-up vs eager")
    eager = next(t for t in speedup["data"] if t["name"] == "eager fp32")
    np.testing.assert_allclose(plotly_array(eager["y"]), 1.0)
    shown = metrics(at)
    assert set(shown) == {"eager fp32", "ONNX Runtime"}
    assert shown["eager fp32"].endswith(tuple("0123456789")) and " ms ± " in shown["eager fp32"]
    gflops = figure(at, "Achieved GFLOP/s")
    peak = next(t for t in gflops["data"] if t["name"].startswith("measured fp32 peak"))
    assert 1 < plotly_array(peak["y"])[0] < 10_000  # GFLOP/s of one core, measured
    # The sweep is cached server-wide under this model's key only.
    assert sweep_batches.ready("lenet", ("eager", "onnxruntime"), (1, 2, 4), 1, None)
    assert sweep_batches.ready("lenet", ("eager", "onnxruntime"), (1, 2, 4), 1, None, ORIGINAL)
    assert not sweep_batches.ready("tiny_vit", ("eager", "onnxruntime"), (1, 2, 4), 1, None)
    assert fingerprint(shared_model("lenet")) == before
    assert not leftover_hooks(shared_model("lenet"))


def _load_caption(at, load: float) -> str:
    """The "Measured at … · load …" caption showing ``load``."""
    found = [c.value for c in at.caption if c.value.startswith("Measured at ")]
    assert found, "no measured-at caption"
    caption = next(c for c in found if f"load {load:.1f} on " in c)
    # The "Busy" badge is drawn beside the caption (inside, the caption's fading hid it).
    busy = [m.value for m in at.markdown if m.value.startswith(":orange-badge[")]
    return " ".join([caption, *busy])


@pytest.mark.slow
def test_timings_say_when_and_under_what_load_and_can_be_remeasured(app, monkeypatch, fresh_caches):
    # Fresh caches: the sweep and the peaks it shows are both measured under the fake load.
    monkeypatch.setattr(machine_load.os, "getloadavg", lambda: (0.25, 0.0, 0.0))
    at = open_accelerate(app, backends="eager", batch=2, threads=1)
    entry = batch_point.entry("lenet", ("eager",), 2, 1, None)  # the sweep's point at batch 2
    first = entry.measured_at()
    assert first is not None
    # The caption covers the sweep and the peaks it is compared with; other processes on this
    # machine may have been busy during either.
    shown = machine_load.combined([first, peaks.entry(1).measured_at()])
    if not shown.busy:
        assert "Busy" not in _load_caption(at, first.load)
    # The next measurement runs on a machine that looks busy: the caption says so.
    monkeypatch.setattr(machine_load.os, "getloadavg", lambda: (99.0, 99.0, 99.0))
    at.button(key="accelerate_backends_remeasure").click().run()
    assert not at.exception, [e.value for e in at.exception]
    again = entry.measured_at()
    assert again.taken_at > first.taken_at and again.load == 99.0  # measured again
    caption = _load_caption(at, 99.0)
    assert f"on {again.cores} cores" in caption and "Busy" in caption
    assert metrics(at)["eager fp32"].endswith(tuple("0123456789"))
    # A cached result shows its record without measuring again.
    at.run()
    assert entry.measured_at() == again and _load_caption(at, 99.0)


@pytest.mark.slow
def test_agreement_table_lists_each_backend_within_tolerance(app):
    at = open_accelerate(app, backends="eager,onnxruntime,int8_dynamic", batch=2, threads=1)
    table = at.dataframe[-1].value
    assert list(table["Backend"]) == ["eager fp32", "ONNX Runtime", "dynamic int8"]
    assert list(table["Within tolerance"]) == ["✅", "✅", "✅"]


@pytest.mark.slow
def test_each_backend_is_a_share_of_its_own_precisions_peak(app, fake_cpu):
    """The environment panel lists a peak per precision (emulated ones marked, from the fake
    CPU's flags); the backends view holds each backend to its own precision's peak, explains
    dynamic int8's mixed ceiling, and cites the measured peaks as the why."""
    at = open_accelerate(app, backends="eager,int8_dynamic,bf16", batch=2, threads=1)
    assert not at.warning, [w.value for w in at.warning]  # no share past the noise
    tables = {tuple(d.value.columns)[:2]: d.value for d in at.dataframe}
    peaks = tables[("Precision", "Kernel")]
    assert list(peaks["Precision"]) == ["fp32", "bf16", "fp16", "int8"]
    emulated = dict(zip(peaks["Precision"], peaks["Emulated"], strict=True))
    assert emulated["bf16"] == ("—" if fake_cpu.bf16_native else "⚠️")
    assert emulated["fp16"] == ("—" if fake_cpu.fp16_native else "⚠️")
    shares = tables[("Backend", "Peak it is held to")]
    assert list(shares["Peak it is held to"]) == ["fp32", "int8+fp32", "bf16"]  # LeNet: convs
    assert all(s.endswith("%") and int(s[:-1]) <= 115 for s in shares["Share of peak"])
    captions = " ".join(c.value for c in at.caption)
    assert "only its Linear layers" in captions
    why = " ".join(m.value for m in at.markdown)
    assert "the bf16 peak here is" in why and "× the fp32 peak" in why
    cause = "AMX tiles" if fake_cpu.amx else "emulated"
    assert cause in why


@pytest.mark.slow
def test_thread_scaling(app):
    at = open_accelerate(app, view="threads", backends="eager", batch=8)
    scaling = figure(at, "Speed-up over 1 thread")
    eager = next(t for t in scaling["data"] if t["name"] == "eager fp32")
    xs = plotly_array(eager["x"]).tolist()
    assert xs[0] == 1 and plotly_array(eager["y"])[0] == pytest.approx(1.0)
    assert any(c.value.startswith("Measured at ") for c in at.caption)
    assert at.button(key="accelerate_threads_remeasure")


@pytest.mark.slow
def test_memory_guard_refuses_with_a_message(app, monkeypatch):
    import components.acceleration.inputs as inputs

    monkeypatch.setattr(inputs, "available_memory_bytes", lambda: 4 * 2**20)
    at = open_accelerate(app, batch=256, threads=1, backends="eager")
    assert any("would need about" in e.value for e in at.error)
    assert not at.get("plotly_chart")


@pytest.mark.slow
def test_pipeline_run_matches_one_process(app):
    at = open_accelerate(app, view="parallel", pmode="pipeline", micro=4, pbatch=64)
    ideal = figure(at, "Ideal schedule")
    assert "bubble 20%" in ideal["layout"]["title"]["text"]  # (2−1)/(4+2−1)
    at.button(key="parallel_run_pp").click().run()
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    assert any("Same result as the whole model" in s.value for s in at.success)
    shown = metrics(at)
    assert shown["Measured bubble"].endswith("%")
    measured = figure(at, "Measured schedule")
    kinds = {trace["name"] for trace in measured["data"]}
    assert {"forward", "backward"} <= kinds
    assert live_workers() == 0


@pytest.mark.slow
def test_model_parallel(app, monkeypatch):
    at = open_accelerate(app, view="parallel", pmode="model", pbatch=32)
    at.button(key="parallel_run_mp").click().run()
    assert any("Same result" in s.value for s in at.success)
    assert figure(at, "one stage works at a time")
    assert any("saves memory per process" in c.value for c in at.caption)
    assert live_workers() == 0
    # The cached run can be measured again: the new run's load is the one shown.
    monkeypatch.setattr(machine_load.os, "getloadavg", lambda: (77.0, 1.0, 1.0))
    at.button(key="parallel_run_mp_again").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Same result" in s.value for s in at.success)
    assert "Busy" in _load_caption(at, 77.0)
    assert live_workers() == 0


@pytest.mark.slow
def test_data_parallel(app):
    at = open_accelerate(app, view="parallel", pmode="data", pbatch=32)
    at.button(key="parallel_run_dp").click().run()
    assert any("Same result" in s.value for s in at.success)
    assert metrics(at)["Gradient difference between ranks"] == "0.0e+00"
    assert live_workers() == 0


def test_text_model_is_not_split(app):
    at = open_accelerate(app, view="parallel", model="minilm")
    assert any("is not split into stages" in i.value for i in at.info)


@pytest.mark.slow
def test_bad_pipeline_request_explains(app):
    at = open_accelerate(app, view="parallel", schedule="1f1b", stages=4, micro=2)
    assert any("1F1B needs at least one micro-batch per process" in w.value for w in at.warning)


@pytest.mark.slow
def test_compressed_variants_side_by_side(app):
    at = open_accelerate(app, view="compressed", backends="eager", batch=8, threads=1)
    chart = figure(at, "Latency of each model")
    labels = plotly_array(chart["data"][0]["x"]).tolist()
    assert labels[0] == "Original" and len(labels) == 4
    table = at.dataframe[-1].value
    quality = dict(zip(table["Model"], table["Test accuracy"], strict=False))
    assert quality["Original"] == pytest.approx(0.9822, abs=1e-4)
    assert quality["50 % weights masked"] > 0.9
    assert any(c.value.startswith("Measured at ") for c in at.caption)
    assert at.button(key="accelerate_variants_remeasure")


def test_bad_url_values_fall_back_with_a_warning(app):
    at = open_accelerate(app, batch=1000, threads=99, backends="eager,warp_drive", seq=3)
    warned = " ".join(w.value for w in at.warning)
    assert "batch" in warned and "threads" in warned
    assert metrics(at)  # the page still measured with the defaults
