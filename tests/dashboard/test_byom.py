"""Bring your own model through every page under AppTest: the example ResNet (colour images,
labels, skip connections inside blocks) and a model with an unusual structure (branches, a
reused activation, attention whose weights are dropped, no data) degrade with reasons, never an
exception."""

from __future__ import annotations

import os

import pytest

from dashboard.resources import startup_user_models
from models.registry import REGISTRY
from models.user_models import ENV_VAR, unregister_user_models
from tests.dashboard.conftest import ROOT, figure, open_page

pytestmark = pytest.mark.usefixtures("one_thread")

EXAMPLES = ROOT / "models" / "examples"
RESNET, BRANCHING = "user_small_resnet", "user_branching"

PAGES = [
    ("home", {}),
    ("compress", {"technique": "prune", "method": "channel_removal"}),
    ("compress", {"technique": "quantize"}),
    ("compress", {"technique": "distill"}),
    ("accelerate", {"backends": "eager,int8_dynamic", "batch": 4, "threads": 1}),
    ("accelerate", {"view": "parallel"}),
    ("explain", {"methods": "saliency,integrated_gradients,gradcam,occlusion"}),
    ("explain", {"view": "faithfulness"}),
    ("explain", {"view": "gradients"}),
]


@pytest.fixture
def brought(monkeypatch):
    """The two example files registered as the server would at start-up; removed afterwards."""
    paths = os.pathsep.join(str(EXAMPLES / f) for f in ("small_resnet.py", "branching.py"))
    monkeypatch.setenv(ENV_VAR, paths)
    startup_user_models.clear()
    yield
    unregister_user_models([n for n in list(REGISTRY) if n.startswith("user_")])
    startup_user_models.clear()


def _open(app, page, model, params):
    app.query_params["model"] = model
    if page == "home":
        for key, value in params.items():
            app.query_params[key] = str(value)
        at = app.run()
        assert not at.exception
        return at
    return open_page(app, page, **params)


@pytest.mark.parametrize(("page", "params"), PAGES)
@pytest.mark.parametrize("model", [RESNET, BRANCHING])
def test_every_page_works_on_brought_models(app, brought, model, page, params):
    at = _open(app, page, model, params)
    assert not at.error, [e.value for e in at.error]
    assert at.session_state["shared_model"] == model


def test_home_lists_what_applies_and_why(app, brought):
    at = _open(app, "home", BRANCHING, {})
    table = at.dataframe[-1].value
    why = dict(zip(table["Feature"], table["Why not / note"], strict=True))
    assert "do not form a chain" in why["Model / pipeline parallel splits"]
    assert "No labelled test data" in why["Accuracy (labelled data)"]
    assert any("Agreement with original" in m.label for m in at.metric)


def test_brought_resnet_reaches_its_recorded_accuracy_on_home(app, brought):
    at = _open(app, "home", RESNET, {})
    values = {m.label: m.value for m in at.metric}
    assert values["Test accuracy"] == "98.7%"  # models/examples/small_resnet.json: 0.9867
    assert figure(at, "")  # the colour samples grid is drawn


def test_pipeline_split_of_the_brought_resnet(app, brought):
    at = open_page(app, "accelerate", model=RESNET, view="parallel", pmode="pipeline")
    table = at.dataframe[-1].value
    assert table.shape[0] == 2  # two stages of the chained top-level children
    at.button(key="parallel_run_pp").click().run()
    assert any("Same result as the whole model" in s.value for s in at.success)


def test_a_broken_model_file_is_reported_and_the_zoo_still_works(app, monkeypatch, tmp_path):
    bad = tmp_path / "bad_model.py"
    bad.write_text("def build_model():\n    raise ValueError('no weights here')\n")
    monkeypatch.setenv(ENV_VAR, str(bad))
    startup_user_models.clear()
    try:
        at = app.run()
        assert not at.exception
        assert any(
            "bad_model.py must define a function example_input()" in e.value
            or "no weights here" in e.value
            for e in at.error
        )
        assert at.session_state["shared_model"] == "lenet"
    finally:
        startup_user_models.clear()
