"""The Explain page's influence and concepts views through AppTest: TracIn proponents on a test
digit, self-influence, the pruned comparison, and TCAV on request, cached afterwards."""

from __future__ import annotations

import re

import pytest

from components.explain.influence import train_influence, training_checkpoints
from components.explain.inputs import prepare_test_digit
from dashboard.shared.resources import shared_model
from models.data import load_digits_split
from models.registry import get_spec
from tests.dashboard.conftest import figure, metrics, open_page, plotly_figures


def titles(at) -> list[str]:
    return [str(f["layout"].get("title", {}).get("text", "")) for f in plotly_figures(at)]


def has_button(at, key: str) -> bool:
    return any(b.key == key for b in at.button)


def test_influence_view_shows_the_proponents_captum_finds(app):
    at = open_page(app, "explain", view="influence", index=3, inf_k=5)
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    grid = figure(at, "pushed toward class")
    captions = [a["text"] for a in grid["layout"]["annotations"]][:5]
    # The page's top-5 are the top-5 of a direct TracIn over the shipped checkpoints.
    data = load_digits_split()
    x = prepare_test_digit(3).model_input
    target = int(shared_model("lenet")(x).argmax())
    direct = train_influence(
        shared_model("lenet"),
        training_checkpoints(get_spec("lenet")),
        data.x_train,
        data.y_train,
        x,
        target,
    )
    shown = [int(re.search(r"#(\d+) ", c).group(1)) for c in captions]
    assert shown == direct.proponents(5).tolist()
    assert figure(at, "pushed away from class")
    assert figure(at, "highest self-influence")


def test_influence_compares_with_a_pruned_variant(app):
    at = open_page(app, "explain", view="influence", inf_compare=1, pamount=0.5)
    assert not at.exception and not at.warning
    shown = metrics(at)
    overlap = next(v for k, v in shown.items() if "proponents shared" in k)
    assert 0 <= float(overlap.rstrip("%")) <= 100
    assert any("pushed toward class" in t for t in titles(at))
    assert any("50%: its proponents for class" in t for t in titles(at))


def test_tcav_on_request_then_cached(app, fresh_caches):
    at = open_page(
        app, "explain", view="concepts", tcav_compare=0, tcav_concepts="loop,thick", tcav_runs=3
    )
    assert not at.exception and not at.warning
    assert not any("TCAV score for class" in t for t in titles(at))
    at.button(key="explain_tcav_run").click().run()
    assert not at.exception and not at.warning
    chart = figure(at, "TCAV score for class 8")
    bars = [tr for tr in chart["data"] if tr["type"] == "bar"]
    assert len(bars) == 1 and len(bars[0]["x"]) == 2 * 2  # 2 concepts × 2 default layers
    assert not has_button(at.run(), "explain_tcav_run")  # cached: shown without asking


@pytest.mark.slow
def test_views_on_the_tiny_vit(app):
    at = open_page(app, "explain", model="tiny_vit", view="influence", inf_k=3)
    assert not at.exception and not at.warning
    assert figure(at, "pushed toward class")


def test_all_layer_tracin_waits_for_a_click(app, fresh_caches):
    at = open_page(app, "explain", view="influence", inf_method="full")
    assert not at.exception and not at.warning
    assert has_button(at, "explain_inf_run")
    assert not any("pushed toward class" in t for t in titles(at))


@pytest.mark.slow
def test_minilm_says_why_there_is_no_influence_view(app):
    at = open_page(app, "explain", model="minilm")
    assert any("training data and checkpoints" in c.value for c in at.caption)


@pytest.fixture
def brought(monkeypatch):
    """The example brought models, registered as the server would at start-up."""
    import os

    from dashboard.shared.resources import startup_user_models
    from models.registry import REGISTRY
    from models.user_models import ENV_VAR, unregister_user_models
    from tests.dashboard.conftest import ROOT

    examples = ROOT / "models" / "examples"
    paths = os.pathsep.join(str(examples / f) for f in ("small_resnet.py", "branching.py"))
    monkeypatch.setenv(ENV_VAR, paths)
    startup_user_models.clear()
    yield
    unregister_user_models([n for n in list(REGISTRY) if n.startswith("user_")])
    startup_user_models.clear()


@pytest.mark.slow
def test_brought_models_use_final_weights_or_say_why(app, brought):
    at = open_page(app, "explain", model="user_small_resnet", view="influence", inf_k=3)
    assert not at.exception and not at.error
    assert any("final weights alone" in c.value for c in at.caption)
    assert figure(at, "pushed toward class")
    from streamlit.testing.v1 import AppTest

    from tests.dashboard.conftest import APP, TIMEOUT

    def fresh():  # a session reads the URL once: each view in a session of its own
        return AppTest.from_file(str(APP), default_timeout=TIMEOUT)

    at = open_page(fresh(), "explain", model="user_small_resnet", view="concepts")
    assert any("only the digit models" in i.value for i in at.info)
    at = open_page(fresh(), "explain", model="user_branching", view="influence")
    assert not at.exception and not at.error
    assert any("labelled training data" in i.value for i in at.info)
