"""The Compress page through AppTest: each technique with its charts and real values, URL state,
bad input, and proof that one session's pruning never touches the shared model."""

from __future__ import annotations

import numpy as np
import pytest

from components import machine_load
from components.shared_models import fingerprint, leftover_hooks
from dashboard.shared.resources import server_threads, shared_model
from dashboard.shared.variants import latencies
from tests.dashboard.conftest import APP, TIMEOUT, figure, open_page, plotly_array, shown


def fresh_app():
    """A second session of the app (its own session state, as a second browser)."""
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(str(APP), default_timeout=TIMEOUT)


def open_compress(app, **params):
    return open_page(app, "compress", **params)


def comparison(at):
    """The original-vs-variant table (metrics as rows)."""
    return at.dataframe[0].value


def test_default_l1_pruning_half_the_weights(app):
    at = open_compress(app)
    table = comparison(at)
    assert table.columns[0] == "Original"
    sparsity = figure(at, "Sparsity per layer")
    before, after = (plotly_array(trace["y"]) for trace in sparsity["data"])
    np.testing.assert_allclose(before, 0.0, atol=1e-6)
    np.testing.assert_allclose(after, 0.5, atol=0.01)  # per layer, as requested
    assert any("Masks keep every weight matrix dense" in i.value for i in at.info)
    assert figure(at, "Weights of")  # histogram before/after
    assert figure(at, "they disagree on")  # predictions side by side


def test_amount_zero_gives_the_originals_numbers(app):
    at = open_compress(app, amount=0.0)
    table = comparison(at)
    original, pruned = table.iloc[:, 0], table.iloc[:, 1]
    for metric in ("Test accuracy", "Agreement with original", "parameters", "non-zero"):
        assert original[metric] == pruned[metric], metric
    assert pruned["Agreement with original"] == "100.0%"


def test_extreme_amount_still_works(app):
    at = open_compress(app, amount=0.95)
    after = plotly_array(figure(at, "Sparsity per layer")["data"][1]["y"])
    np.testing.assert_allclose(after, 0.95, atol=0.01)


def test_channel_removal_really_shrinks_layers(app):
    at = open_compress(app, method="channel_removal", amount=0.5)
    chart = figure(at, "Parameters per layer")
    before, after = (plotly_array(trace["y"]) for trace in chart["data"])
    assert after.sum() < before.sum()
    assert any("Channels were really removed" in s.value for s in at.success)


def test_slider_move_recomputes(app):
    at = open_compress(app)
    at.slider(key="compress_amount").set_value(0.8).run()
    assert not at.exception
    after = plotly_array(figure(at, "Sparsity per layer")["data"][1]["y"])
    np.testing.assert_allclose(after, 0.8, atol=0.01)
    assert "0.8" in str(at.query_params["amount"])


def test_layer_filter_with_nothing_to_prune_explains(app):
    at = open_compress(app, model="minilm", layers="conv")
    assert any("conv" in w.value.lower() or "no layer" in w.value.lower() for w in at.warning)


def test_bad_url_values_fall_back(app):
    at = open_compress(app, amount=7, method="magic")
    warnings = " ".join(w.value for w in at.warning)
    assert "amount" in warnings and "method" in warnings
    assert at.slider(key="compress_amount").value == 0.5


def _load_caption(at, load: float) -> str:
    found = [c.value for c in at.caption if c.value.startswith("Measured at ")]
    assert found, "no measured-at caption"
    caption = next(c for c in found if f"load {load:.1f} on " in c)
    # The "Busy" badge is drawn beside the caption (inside, the caption's fading hid it).
    busy = [m.value for m in at.markdown if m.value.startswith(":orange-badge[")]
    return " ".join([caption, *busy])


@pytest.mark.slow
def test_comparison_latency_says_when_and_can_be_remeasured(app, monkeypatch):
    from components.quantization import QuantSettings

    monkeypatch.setattr(machine_load.os, "getloadavg", lambda: (0.25, 0.0, 0.0))
    at = open_compress(app, technique="quantize")
    recipes = (("quantize", QuantSettings("dynamic_int8")),)
    entry = latencies.entry("lenet", recipes, server_threads())  # the page's, cached
    first = entry.measured_at()
    assert first is not None
    assert f"on {first.cores} cores" in _load_caption(at, first.load)
    monkeypatch.setattr(machine_load.os, "getloadavg", lambda: (99.0, 99.0, 99.0))
    at.button(key="compress_cmp_remeasure").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert entry.measured_at().taken_at > first.taken_at  # the latencies were measured again
    assert "Busy" in _load_caption(at, 99.0)
    assert comparison(at).shape[1] == 2


@pytest.mark.slow
def test_amount_sweep_latency_can_be_remeasured(app, monkeypatch):
    at = open_compress(app)
    at.button(key="compress_sweep_run").click().run()
    assert figure(at, "vs amount") and at.button(key="compress_sweep_remeasure")
    monkeypatch.setattr(machine_load.os, "getloadavg", lambda: (88.0, 1.0, 1.0))
    at.button(key="compress_sweep_remeasure").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert figure(at, "vs amount")  # shown again without pressing its own button
    assert "Busy" in _load_caption(at, 88.0)


def test_quantization_dynamic_int8(app):
    at = open_compress(app, technique="quantize")
    table = comparison(at)
    assert table.shape[1] == 2
    error = figure(at, "Quantization error per layer")
    sqnr = plotly_array(error["data"][0]["y"])
    assert (sqnr > 20).all()  # int8 weights: tens of dB, far from noise
    assert figure(at, "on the int8 grid")


# What the "why" must name on each fake CPU, whichever way this host's timing comes out.
CPU_WHY = {
    ("xeon_sapphire_rapids", "static_int8"): "AMX-INT8 tiles",
    ("xeon_sapphire_rapids", "fp16"): "computes in fp16 natively (AVX512-FP16",
    ("xeon_sapphire_rapids", "bf16"): "AMX-BF16 tiles",
    ("epyc_avx2", "static_int8"): "no VNNI or AMX int8",
    ("epyc_avx2", "fp16"): "no native fp16",
    ("epyc_avx2", "bf16"): "no native bf16",
}


@pytest.mark.slow
@pytest.mark.parametrize("method", ["static_int8", "fp16", "bf16"])
def test_other_quantization_methods(app, method, fake_cpu, request):
    at = open_compress(app, technique="quantize", qmethod=method)
    table = comparison(at)
    assert table.shape[1] == 2
    accuracy = float(table.loc["Test accuracy"].iloc[1].rstrip("%")) / 100
    assert accuracy > 0.95  # the digits survive every precision
    size_ratio = float(table.loc["Size on disk"].iloc[1].split("×")[1].rstrip(")"))
    assert size_ratio < 0.6  # int8 and half precision both shrink the file
    # The measured latency always comes with its "why", true of the CPU the page was told of.
    whys = [i.value for i in at.info if "× the fp32 time" in i.value]
    assert len(whys) == 1
    cpu_kind = request.node.callspec.params["fake_cpu"]
    assert CPU_WHY[cpu_kind, method] in " ".join(i.value for i in at.info)


@pytest.mark.slow
def test_distillation_trains_with_curves(app):
    at = open_compress(app, technique="distill", epochs=3)
    assert any("Press the button" in i.value for i in at.info)
    at.button(key="compress_distill_train").click().run()
    assert not at.exception
    accuracy = figure(at, "Test accuracy per epoch")
    assert len(accuracy["data"]) == 2
    assert all(len(plotly_array(trace["y"])) == 3 for trace in accuracy["data"])
    assert comparison(at).shape[1] == 3  # teacher, distilled, scratch


@pytest.mark.slow
def test_keep_variants_and_download(app):
    at = open_compress(app, amount=0.3)
    at.button(key="compress_keep_prune").click().run()
    at.radio(key="compress_technique").set_value("compare").run()
    assert not at.exception
    table = comparison(at)
    assert table.shape[1] == 2
    assert at.get("download_button")
    assert figure(at, "relative to the original")
    # The kept recipe is in the link: a new session opened with it shows the same table.
    assert at.query_params["kept"] == "lenet:prune:amount=0.3"
    again = open_compress(fresh_app(), technique="compare", kept="lenet:prune:amount=0.3")
    assert comparison(again).equals(table)


def test_a_link_keeps_three_kinds_and_warns_about_a_missing_layer(app):
    kept = ";".join(
        [
            "lenet:prune:amount=0.3",
            "lenet:quantize:per_channel=0",
            "lenet:prune:layers=pick,picked=no_such_layer",
        ]
    )
    at = open_compress(app, technique="compare", kept=kept)
    assert list(comparison(at).columns) == [
        "Original",
        "L1 unstructured (smallest weights) 30%",
        "Dynamic int8 (Linear layers)",
    ]
    assert any("no_such_layer" in shown(w.value) for w in at.warning)
    # Forgetting them empties the comparison and the link.
    at.button(key="compress_variants_clear").click().run()
    assert not at.exception
    assert at.query_params["kept"] == ""
    assert any("No variant kept yet" in i.value for i in at.info)


@pytest.mark.slow
def test_one_sessions_pruning_leaves_the_shared_model_untouched(app):
    model = shared_model("lenet")
    before = fingerprint(model)
    first = open_compress(app, amount=0.9, method="random_unstructured")
    second = fresh_app().run()
    assert not first.exception and not second.exception
    assert fingerprint(model) == before
    assert leftover_hooks(model) == 0
    assert second.metric[0].value == "21,840"


@pytest.mark.slow
def test_minilm_pruning_shows_fidelity(app):
    at = open_compress(app, model="minilm", amount=0.3, layers="linear")
    table = comparison(at)
    cosine = float(table.loc["Output cosine vs original"].iloc[1])
    assert 0.8 < cosine < 1.0
