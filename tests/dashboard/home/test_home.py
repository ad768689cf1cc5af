"""The Home page through AppTest: measured model card, model and language switch, URL state,
and bad input that yields a message instead of a traceback."""

from __future__ import annotations

from urllib.parse import parse_qs

import numpy as np
import pytest
from safetensors.torch import save_file

from components.i18n import t
from components.lessons import AREAS, LESSON_KEY, lessons_in
from dashboard.areas.home.params import ARCHITECTURE_FOLD, CARD_TABS, LESSON_TABS
from dashboard.shell.pages import PAGES, page_file
from models.lenet import LeNet
from tests.dashboard.conftest import metrics, plotly_array, plotly_figures, shown


def assert_clean(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


def percent(text: str) -> float:
    return float(text.rstrip("%")) / 100


def test_default_view_shows_measured_lenet_card(app):
    at = app.run()
    assert_clean(at)
    values = metrics(at)
    assert values["Parameters"] == "21,840"  # 10·25+10 + 20·250+20 + 320·50+50 + 50·10+10
    assert values["FLOPs / sample"] == "961.0 k"
    assert percent(values["Test accuracy"]) >= 0.95
    latency = next(c.value for c in at.caption if "torch.utils.benchmark" in c.value)
    assert "batch 1" in latency and "thread(s)" in latency and "IQR" in latency
    figures = plotly_figures(at)
    params_chart = figures[0]["data"][0]
    assert list(params_chart["x"]) == ["conv1", "conv2", "fc1", "fc2"]
    assert plotly_array(params_chart["y"]).tolist() == [260, 5020, 16050, 510]
    assert at.query_params["model"] == ["lenet"] or at.query_params["model"] == "lenet"


def test_model_switch_updates_card_and_url(app):
    at = app.run()
    at.sidebar.selectbox[0].set_value("tiny_vit").run()
    assert_clean(at)
    assert metrics(at)["Parameters"] == "139,018"
    assert percent(metrics(at)["Test accuracy"]) >= 0.93
    assert "tiny_vit" in str(at.query_params["model"])


@pytest.mark.slow
def test_minilm_card_uses_paraphrase_measure(app):
    app.query_params["model"] = "minilm"
    at = app.run()
    assert_clean(at)
    values = metrics(at)
    assert values["Parameters"] == "22,713,216"
    assert percent(values["Paraphrase top-1"]) >= 0.9
    z = plotly_array(plotly_figures(at)[-1]["data"][0]["z"])
    assert z.shape == (8, 8)
    np.testing.assert_allclose(np.diag(z), 1.0, atol=1e-4)
    np.testing.assert_allclose(z, z.T, atol=1e-5)


def test_language_switch_translates_page_and_url(app):
    at = app.run()
    at.sidebar.radio[0].set_value("zh").run()
    assert_clean(at)
    assert at.title[0].value == "ModelLens 模型透镜"
    assert "参数量" in metrics(at)
    assert "zh" in str(at.query_params["lang"])


def test_seed_changes_sample_and_url(app):
    at = app.run()
    before = plotly_figures(at)[-1]["layout"]["annotations"]
    at.sidebar.number_input[0].set_value(5).run()
    assert_clean(at)
    after = plotly_figures(at)[-1]["layout"]["annotations"]
    assert [a["text"] for a in before] != [a["text"] for a in after]
    assert "5" in str(at.query_params["seed"])


def test_query_parameters_round_trip(app):
    for key, value in {"model": "tiny_vit", "lang": "zh", "seed": "42"}.items():
        app.query_params[key] = value
    at = app.run()
    assert_clean(at)
    assert at.sidebar.selectbox[0].value == "tiny_vit"
    assert at.sidebar.radio[0].value == "zh"
    assert at.sidebar.number_input[0].value == 42
    assert not at.warning
    for key, value in {"model": "tiny_vit", "lang": "zh", "seed": "42"}.items():
        assert value in str(at.query_params[key])


@pytest.mark.parametrize(
    ("key", "value", "fallback_widget", "fallback"),
    [
        ("model", "resnet9000", "selectbox", "lenet"),
        ("lang", "klingon", "radio", "en"),
        ("seed", "-3", "number_input", 0),
        ("seed", "1e99", "number_input", 0),
    ],
)
def test_bad_url_values_warn_and_fall_back(app, key, value, fallback_widget, fallback):
    app.query_params[key] = value
    at = app.run()
    assert_clean(at)
    assert any(key in w.value and "invalid value" in w.value for w in at.warning)
    assert getattr(at.sidebar, fallback_widget)[0].value == fallback
    assert metrics(at)  # the page still works


def test_unknown_url_parameter_is_reported(app):
    app.query_params["foo"] = "bar"
    at = app.run()
    assert_clean(at)
    assert any("Ignored unknown URL parameter “foo”" in w.value for w in at.warning)


def test_missing_weights_give_retrain_message(app, tmp_path, monkeypatch, fresh_caches):
    monkeypatch.setenv("MODELLENS_WEIGHTS_DIR", str(tmp_path))
    at = app.run()
    assert_clean(at)
    message = shown(" ".join(e.value for e in at.error))
    assert "python -m models.train lenet" in message
    assert not at.metric


def test_mismatched_weights_name_the_key(app, tmp_path, monkeypatch, fresh_caches):
    wrong = LeNet(hidden=64).state_dict()  # fc1 64×320 and fc2 10×64 instead of 50×…
    save_file({k: v.contiguous() for k, v in wrong.items()}, tmp_path / "lenet.safetensors")
    monkeypatch.setenv("MODELLENS_WEIGHTS_DIR", str(tmp_path))
    at = app.run()
    assert_clean(at)
    message = shown(" ".join(e.value for e in at.error))
    assert "fc1.weight" in message and "(64, 320)" in message and "(50, 320)" in message


@pytest.mark.parametrize("page", PAGES)  # every page once in the fast tier
def test_every_page_runs_without_exception(app, page):
    at = app.run()
    at.switch_page(page_file(page)).run()
    assert_clean(at)


def test_only_the_open_lessons_tab_is_drawn_and_stays_open_across_languages(app):
    def lessons_shown(at) -> set[str]:
        queries = (parse_qs(e.proto.query_string) for e in at.get("page_link"))
        return {q[LESSON_KEY][0] for q in queries if LESSON_KEY in q}

    at = app.run()
    assert lessons_shown(at) == {lesson.id for lesson in lessons_in(AREAS[0])}
    at.session_state[LESSON_TABS] = t("area.explain.title", "en")
    at.run()
    assert_clean(at)
    explain = {lesson.id for lesson in lessons_in("explain")}
    assert lessons_shown(at) == explain
    at.sidebar.radio[0].set_value("zh").run()
    assert_clean(at)
    assert at.session_state[LESSON_TABS] == t("area.explain.title", "zh")
    assert lessons_shown(at) == explain


def test_card_draws_only_its_open_tab_and_folds_the_layer_table(app):
    def titles(at) -> list[str]:
        return [f["layout"]["title"]["text"] for f in plotly_figures(at)]

    at = app.run()
    assert_clean(at)
    assert "Parameters per layer" in titles(at)
    assert "FLOPs per layer" not in titles(at)
    assert not at.dataframe  # the layer table is folded: no data grid is sent
    at.session_state[CARD_TABS] = t("card.layers_flops", "en")
    at.run()
    assert_clean(at)
    assert "FLOPs per layer" in titles(at)
    assert "Parameters per layer" not in titles(at)
    flops = next(f for f in plotly_figures(at) if f["layout"]["title"]["text"] == "FLOPs per layer")
    assert plotly_array(flops["data"][0]["y"]).sum() > 0
    at.sidebar.radio[0].set_value("zh").run()  # the open tab stays open in the other language
    assert_clean(at)
    assert at.session_state[CARD_TABS] == t("card.layers_flops", "zh")
    at.session_state[ARCHITECTURE_FOLD] = True
    at.run()
    assert_clean(at)
    (table,) = at.dataframe
    assert list(table.value.iloc[:, 0]) == ["conv1", "conv2", "fc1", "fc2"]
    at.sidebar.radio[0].set_value("en").run()  # the unfolded table stays unfolded too
    assert_clean(at)
    (table,) = at.dataframe
    assert list(table.value.iloc[:, 0]) == ["conv1", "conv2", "fc1", "fc2"]
