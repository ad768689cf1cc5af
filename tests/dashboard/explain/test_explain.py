"""The Explain page through AppTest: every view on a test digit, attention on the transformers,
bad input, and the shared model left untouched."""

from __future__ import annotations

import numpy as np
import pytest

from components.explain import ATTRIBUTION_METHODS, method_grid
from components.explain.inputs import prepare_test_digit
from components.shared_models import fingerprint, leftover_hooks
from dashboard.shared.resources import shared_model
from tests.dashboard.conftest import figure, open_page, plotly_array, plotly_figures


def open_explain(app, **params):
    return open_page(app, "explain", **params)


def test_attribution_grid_for_the_predicted_class(app):
    at = open_explain(app)
    prediction = figure(at, "Prediction:")
    probs = plotly_array(prediction["data"][0]["y"])
    assert probs.shape == (10,) and abs(probs.sum() - 1) < 1e-4
    grid = figure(at, "Why class")
    overlays = [trace for trace in grid["data"] if trace.get("opacity") is not None]
    assert len(overlays) == 4  # the four default methods
    for trace in overlays:
        z = plotly_array(trace["z"])
        assert z.shape == (28, 28) and np.nanmax(np.abs(z)) == pytest.approx(1.0)
    agreement = plotly_array(figure(at, "How much the methods agree")["data"][0]["z"])
    np.testing.assert_allclose(np.diag(agreement), 1.0, atol=1e-6)


@pytest.mark.parametrize(
    "view", ["faithfulness", "gradients", "compressed", "sanity", "influence", "concepts"]
)
def test_each_view_runs(app, view):
    at = open_explain(app, view=view)
    assert not at.warning, [w.value for w in at.warning]


def test_faithfulness_curves_beat_random(app):
    at = open_explain(app, view="faithfulness", methods="integrated_gradients")
    curves = figure(at, "Deletion and insertion curves")["data"]
    deletion, random_deletion = plotly_array(curves[0]["y"]), plotly_array(curves[2]["y"])
    assert deletion[0] == pytest.approx(random_deletion[0])  # same start: nothing removed
    assert deletion.mean() < random_deletion.mean()  # removing the important pixels hurts more


@pytest.mark.slow
def test_vit_attention_and_rollout(app):
    at = open_explain(app, model="tiny_vit", view="attention")
    grid = figure(at, "Where the class token looks")
    overlays = [plotly_array(t["z"]) for t in grid["data"] if t.get("opacity") is not None]
    assert len(overlays) == 2 + 4  # class-token map, rollout, then each of the 4 heads


@pytest.mark.slow
def test_minilm_head_view_and_token_attributions(app):
    at = open_explain(app, model="minilm", sentence="The cat is sleeping on the sofa.")
    matrix = plotly_array(figure(at, "query (row)")["data"][0]["z"])
    np.testing.assert_allclose(matrix.sum(axis=1), 1.0, atol=1e-4)
    assert figure(at, "Which tokens make the two sentences similar")


@pytest.mark.slow
def test_minilm_empty_and_chinese_text(app):
    from streamlit.testing.v1 import AppTest

    from tests.dashboard.conftest import APP, TIMEOUT

    at = open_explain(app, model="minilm", sentence="   ")
    assert any("empty" in w.value for w in at.warning)
    fresh = AppTest.from_file(str(APP), default_timeout=TIMEOUT)  # the URL is read once a session
    at = open_explain(fresh, model="minilm", sentence="猫在沙发上睡觉。")
    assert any("[UNK]" in i.value for i in at.info)


def test_bad_index_and_method_in_url(app):
    at = open_explain(app, index=999, methods="saliency,teleportation")
    assert any("index" in w.value for w in at.warning)
    assert figure(at, "Why class")


def test_convergence_delta_is_shown_beside_the_cost(app):
    at = open_explain(app, index=3, methods="saliency,integrated_gradients,deeplift")
    grid = figure(at, "Why class")
    target = int(grid["layout"]["title"]["text"].split("class ")[1].split("?")[0])
    subtitles = {
        text.split("<br>")[0]: text
        for a in grid["layout"]["annotations"]
        if "<br>" in (text := a["text"])
    }
    # The same maps computed directly: the page shows each one's own delta.
    expected = method_grid(
        shared_model("lenet"),
        prepare_test_digit(3).model_input,
        target,
        ["integrated_gradients", "deeplift"],
    )
    for e, label in zip(expected, ("Integrated Gradients", "DeepLift"), strict=True):
        share = abs(e.delta / e.score_change)
        assert share < 0.05  # LeNet, IG at its default 50 steps: about 1 %
        assert f"Δ {e.delta:+.1e} ({share:.1%})" in subtitles[label]
    assert "Δ" not in subtitles["Saliency (gradient)"]
    assert any("convergence delta" in c.value for c in at.caption)


def test_explaining_leaves_the_shared_model_untouched(app):
    model = shared_model("lenet")
    before = fingerprint(model)
    open_explain(app, methods="saliency,integrated_gradients,deeplift,guided_backprop,gradcam")
    assert fingerprint(model) == before
    assert leftover_hooks(model) == 0


@pytest.mark.parametrize("method", list(ATTRIBUTION_METHODS))
def test_each_method_with_its_parameter_widgets(app, method):
    at = open_explain(app, methods=method)
    grid = figure(at, "Why class")
    overlays = [trace for trace in grid["data"] if trace.get("opacity") is not None]
    assert len(overlays) == 1
    assert np.isfinite(plotly_array(overlays[0]["z"])).all()


def test_quantized_variant_explanations(app):
    at = open_explain(app, view="compressed", methods="occlusion")
    at.radio(key="explain_cmp_kind").set_value("quantize").run()
    assert not at.exception
    grid = figure(at, "original, compressed, difference")
    assert len([tr for tr in grid["data"] if tr.get("opacity") is not None]) == 3
    # a gradient method cannot pass int8 layers: a message, not a crash
    at.selectbox(key="explain_cmp_qmethod").set_value("static_int8").run()
    assert not at.exception


def test_the_cost_line_counts_one_pass_per_sample(app):
    """What the local-explanations lesson reads under LIME's map: one forward pass per sample
    (the page reaches 1000), however the samples were batched."""
    at = open_explain(app, methods="lime", param_lime_samples=1000)
    grid = figure(at, "Why class")
    subtitle = next(a["text"] for a in grid["layout"]["annotations"] if "<br>" in a["text"])
    assert "1000 forward / 0 backward" in subtitle


def has_button(at, key: str) -> bool:
    return any(b.key == key for b in at.button)


def has_figure(at, title_part: str) -> bool:
    return any(title_part in str(f["layout"].get("title", "")) for f in plotly_figures(at))


def test_sanity_run_on_request_then_from_the_cache(app, fresh_caches):
    from streamlit.testing.v1 import AppTest

    from tests.dashboard.conftest import APP, TIMEOUT

    at = open_explain(app, view="sanity", methods="saliency")
    assert not has_figure(at, "Rank correlation")  # nothing runs before the click
    at.button(key="explain_sanity_run").click().run()
    assert not at.exception and not at.warning
    rho = plotly_array(figure(at, "Rank correlation")["data"][0]["y"])
    assert rho[0] == pytest.approx(1.0)  # the trained model's map against itself
    assert len(rho) > 2
    # Another session on the same case finds the run in the server's cache: no button.
    fresh = open_explain(
        AppTest.from_file(str(APP), default_timeout=TIMEOUT), view="sanity", methods="saliency"
    )
    assert not has_button(fresh, "explain_sanity_run")
    assert figure(fresh, "Rank correlation")


def test_agreement_curve_over_pruning_amounts(app, fresh_caches):
    at = open_explain(app, view="compressed", methods="saliency")
    assert not has_figure(at, "vs pruning amount")
    at.button(key="explain_cmp_curve").click().run()
    assert not at.exception and not at.warning
    curve = figure(at, "vs pruning amount")
    amounts = plotly_array(curve["data"][0]["x"])
    spearman = plotly_array(curve["data"][0]["y"])
    np.testing.assert_allclose(amounts, np.round(np.linspace(0.0, 0.9, 10), 2))
    assert spearman[0] == pytest.approx(1.0)  # nothing pruned: the original's own map
    assert not has_button(at.run(), "explain_cmp_curve")  # cached: shown without asking
