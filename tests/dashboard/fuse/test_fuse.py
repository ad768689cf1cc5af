"""The Fuse page through AppTest: every view on both tasks and in both languages, the noise
sliders at their ends, drop, URL round trip, a missing model, and shared models untouched."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from components.shared_models import fingerprint, leftover_hooks
from dashboard.areas.fuse.cache import fusion_model
from dashboard.areas.fuse.params import FUSE_VIEWS
from models.registry import weights_dir
from tests.dashboard.conftest import APP, TIMEOUT, figure, open_page, plotly_array, shown


def open_fuse(app, **params):
    return open_page(app, "fuse", **params)


def accuracy_bars(at) -> dict[str, float]:
    bars = figure(at, "Test accuracy at")["data"][0]
    return dict(zip(bars["x"], plotly_array(bars["y"]).tolist(), strict=True))


@pytest.mark.slow
@pytest.mark.parametrize("task", ["digit", "same"])
@pytest.mark.parametrize("view", FUSE_VIEWS)
def test_every_view_on_both_tasks(app, view, task):
    at = open_fuse(app, view=view, task=task)
    assert not at.error, [e.value for e in at.error]
    assert not at.warning, [w.value for w in at.warning]
    if view in ("sample", "robustness", "attribution", "compare"):
        assert at.get("plotly_chart")


@pytest.mark.slow
def test_every_view_in_chinese(app):
    at = open_fuse(app, lang="zh")
    assert at.title[0].value.startswith("🔗 融合")
    for view in FUSE_VIEWS:
        at.radio(key="fuse_view").set_value(view).run()
        assert not at.exception, (view, [e.value for e in at.exception])
        assert not at.error


def test_prediction_of_every_strategy(app):
    at = open_fuse(app, view="sample", index=3)
    matrix = figure(at, "What every strategy predicts")["data"][0]
    probs = plotly_array(matrix["z"])
    assert probs.shape == (9, 10)
    assert abs(probs.sum(1) - 1).max() < 1e-4


@pytest.mark.slow
def test_sliders_at_their_ends_change_the_accuracy(app):
    at = open_fuse(app, view="robustness")
    trained = accuracy_bars(at)
    assert trained["Late fusion (sum of logits)"] == pytest.approx(0.9111, abs=0.02)
    at.slider(key="fuse_sigma").set_value(0.0).run()
    clean = accuracy_bars(at)
    at.slider(key="fuse_sigma").set_value(4.0).run()
    at.slider(key="fuse_snr").set_value(-20.0).run()
    worst = accuracy_bars(at)
    assert not at.exception
    assert clean["Image only"] > 0.9 > trained["Image only"] > worst["Image only"]
    assert worst["Speech only"] < 0.2
    assert at.query_params["sigma"] == "4.0" and at.query_params["snr"] == "-20.0"
    curve = figure(at, "Accuracy over speech noise")
    assert len(curve["data"]) == 9


@pytest.mark.slow
def test_drop_a_modality(app):
    at = open_fuse(app, view="robustness", drop="image")
    acc = accuracy_bars(at)
    assert acc["Image only"] == pytest.approx(0.1, abs=0.02)
    assert acc["Speech only"] == pytest.approx(0.76, abs=0.02)


@pytest.mark.slow
def test_same_digit_task_shows_the_interaction_lesson(app):
    at = open_fuse(app, view="robustness", task="same")
    acc = accuracy_bars(at)
    assert acc["Same? Additive"] < 0.6 < acc["Same? Concat + MLP"]
    assert any("interaction" in i.value for i in at.info)
    assert len(at.dataframe) >= 2


@pytest.mark.slow
def test_url_round_trip_and_bad_values(app):
    at = open_fuse(app, view="compare", index=12, clip=5, compare="tensor,gated", sigma=2.5)
    assert at.number_input(key="fuse_index").value == 12
    assert at.selectbox(key="fuse_clip").value == 5
    assert list(at.multiselect(key="fuse_compare").value) == ["tensor", "gated"]
    assert at.query_params["view"] == "compare" and at.query_params["clip"] == "5"
    fresh = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at = open_fuse(fresh, sigma=9, view="teleport")
    assert len(at.warning) == 2
    assert at.slider(key="fuse_sigma").value == pytest.approx(1.3)


@pytest.mark.slow
def test_a_strategy_missing_its_weights_gives_a_message(app, tmp_path, monkeypatch, fresh_caches):
    for path in weights_dir().glob("fusion_*"):
        if path.name != "fusion_gated.safetensors":
            shutil.copy(path, tmp_path / path.name)
    monkeypatch.setenv("MODELLENS_WEIGHTS_DIR", str(tmp_path))
    at = open_fuse(app, view="robustness")
    assert any("Gated fusion" in e.value and "fusion_train" in shown(e.value) for e in at.error)
    assert "Gated fusion" not in accuracy_bars(at)
    at.radio(key="fuse_view").set_value("attribution").run()
    assert not at.exception


@pytest.mark.slow
def test_test_set_attribution_and_shared_models_untouched(app):
    models = {n: fusion_model(n) for n in ("gated", "graph", "late")}
    before = {n: fingerprint(m) for n, m in models.items()}
    at = open_fuse(app, view="attribution")
    assert figure(at, "Attribution to image and speech")
    assert figure(at, "What the model shows")
    at.button(key="fuse_attr_run").click().run()
    assert not at.exception
    average = figure(at, "Mean attribution")
    assert len(average["data"]) == 2 * 3  # image and speech bars in three method panels
    for name, model in models.items():
        assert fingerprint(model) == before[name] and leftover_hooks(model) == 0


@pytest.mark.slow
def test_live_training(app):
    at = open_fuse(app, view="train", rstrategy="image_only", epochs=2, hidden=16)
    at.button(key="fuse_train_run").click().run()
    assert not at.exception
    curves = figure(at, "Retraining Image only")
    assert len(plotly_array(curves["data"][1]["y"])) == 2
