"""Bring your own model through every page under AppTest: the example ResNet (colour images,
labels, skip connections inside blocks) and a model with an unusual structure (branches, a
reused activation, attention whose weights are dropped, no data) degrade with reasons, never an
exception."""

from __future__ import annotations

import os

import pytest
from streamlit.testing.v1 import AppTest

from components.i18n import t_text
from dashboard.shared.resources import startup_user_models
from models.registry import REGISTRY
from models.user_models import ENV_VAR, unregister_user_models
from tests.dashboard.conftest import APP, ROOT, TIMEOUT, figure, open_page

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


@pytest.mark.slow
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


@pytest.mark.slow
def test_pipeline_split_of_the_brought_resnet(app, brought):
    at = open_page(app, "accelerate", model=RESNET, view="parallel", pmode="pipeline")
    (table,) = [d.value for d in at.dataframe if "Layers" in d.value.columns]  # the stages
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
        shown = [e.value.replace("\\", "") for e in at.error]  # markdown escapes removed
        assert any(
            "bad_model.py must define a function example_input()" in text
            or "no weights here" in text
            for text in shown
        )
        assert at.session_state["shared_model"] == "lenet"
    finally:
        startup_user_models.clear()


# --- brought models of several kinds: every page opens, and says why where a view does not apply

BROUGHT = ROOT / "tests" / "models" / "brought"
KINDS = ("token_classifier", "colour_relu6", "tabular_mlp", "regression", "two_inputs")
# (page, URL parameters, the Home feature whose "no" the page must explain, or None)
EVERY_VIEW = [
    ("home", {}, None),
    ("compress", {"technique": "prune", "method": "l1_unstructured"}, None),
    ("compress", {"technique": "prune", "method": "channel_removal"}, None),
    ("compress", {"technique": "quantize", "qmethod": "dynamic_int8"}, "dynamic_int8"),
    ("compress", {"technique": "quantize", "qmethod": "static_int8"}, "static_int8"),
    ("compress", {"technique": "quantize", "qmethod": "fp16"}, None),
    ("compress", {"technique": "quantize", "qmethod": "bf16"}, None),
    ("compress", {"technique": "distill"}, "distillation"),
    ("compress", {"technique": "compare"}, None),
    *(
        (
            "accelerate",
            {"view": v, "backends": "eager,int8_dynamic", "batch": 4, "threads": 1},
            None,
        )
        for v in ("backends", "threads", "parallel", "compressed")
    ),
    *(
        ("explain", {"view": v}, "attention" if v == "attention" else "explain")
        for v in ("attributions", "faithfulness", "sanity", "attention", "gradients", "compressed")
    ),
    ("fuse", {}, None),
]


@pytest.fixture
def brought_kinds(monkeypatch):
    """The five test model files registered as at start-up; removed afterwards."""
    monkeypatch.setenv(ENV_VAR, os.pathsep.join(str(BROUGHT / f"{k}.py") for k in KINDS))
    startup_user_models.clear()
    yield
    unregister_user_models([n for n in list(REGISTRY) if n.startswith("user_")])
    startup_user_models.clear()


def _fresh() -> AppTest:
    """A new browser session: widget values of the previous page do not carry over."""
    return AppTest.from_file(str(APP), default_timeout=TIMEOUT)


def _home_list(model: str) -> dict[str, tuple[bool, str]]:
    """Home's "what applies" table: feature label → (applies, why not)."""
    table = _open(_fresh(), "home", model, {}).dataframe[-1].value
    return {
        f: (ok == "✅", why)
        for f, ok, why in zip(
            table["Feature"], table["Applies"], table["Why not / note"], strict=True
        )
    }


def _shown(at) -> list[str]:
    return [m.value.replace("\\", "") for m in [*at.info, *at.caption, *at.warning]]


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_every_view_opens_or_says_why_for_brought_models(brought_kinds, kind):
    model = f"user_{kind}"
    home = _home_list(model)
    for page, params, feature in EVERY_VIEW:
        at = _open(_fresh(), page, model, params)
        where = f"{kind} {page} {params}"
        assert not at.exception and not at.error, (where, [e.value for e in at.error])
        if feature is None:
            continue
        label = t_text(f"byom.feature.{feature}", "en")
        ok, why = home[label]
        if not ok:  # the page gives Home's reason (worded for the view, after its name)
            tail = why.removeprefix(label).strip()
            assert any(tail in text for text in _shown(at)), (where, tail, _shown(at))


def test_home_and_compress_agree_on_distillation(brought_kinds):
    for kind in ("colour_relu6", "token_classifier"):
        ok, why = _home_list(f"user_{kind}")["Distillation"]
        assert not ok and "build_student" in why
        at = _open(_fresh(), "compress", f"user_{kind}", {"technique": "distill"})
        assert any("build_student" in text for text in _shown(at))
