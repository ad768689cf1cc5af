"""Compress → "What it forgets" through the real app: the numbers on the page are the backend's
on the same variants (per-class damage, CKA, robustness), int8 is marked transferred, and a
sentence encoder says why the per-class and attack parts do not apply."""

from __future__ import annotations

from urllib.parse import parse_qs

import numpy as np
import pytest

from components.forgetting import class_damage
from components.i18n import STRINGS
from components.pruning import PruneSettings
from dashboard.areas.compress.params import COMPRESS_PARAMS, COMPRESS_TECHNIQUES
from dashboard.shared.variants import pruned, reference_outputs
from models.registry import get_spec
from tests.dashboard.conftest import figure, open_page, plotly_array, shown

LENET_L1_70 = {"model": "lenet", "technique": "forget", "method": "l1_unstructured", "amount": 0.7}


def test_the_technique_and_its_settings_are_declared():
    assert "forget" in COMPRESS_TECHNIQUES
    assert STRINGS["compress.technique.forget"]["en"] and STRINGS["compress.technique.forget"]["zh"]
    parsers = {param.key: param for param in COMPRESS_PARAMS}
    assert parsers["eps"].parse("0.3") == 0.3
    for key, bad in (("eps", "5"), ("attack", "cw"), ("fvariant", "99"), ("noise_index", "-1")):
        with pytest.raises(ValueError):
            parsers[key].parse(bad)


@pytest.fixture(scope="module")
def lenet_page():
    from streamlit.testing.v1 import AppTest

    from tests.dashboard.conftest import APP, TIMEOUT

    mp = pytest.MonkeyPatch()  # the module-scoped twin of the autouse ``finished_runs``
    mp.setenv("MODELLENS_INLINE_S", str(TIMEOUT))
    at = open_page(AppTest.from_file(str(APP), default_timeout=TIMEOUT), "compress", **LENET_L1_70)
    yield at
    mp.undo()


def _direct_damage():
    data = get_spec("lenet").load_data()
    variant = pruned("lenet", PruneSettings("l1_unstructured", 0.7)).model
    original = reference_outputs("lenet")
    return class_damage(
        data.y_test,
        original.argmax(1),
        variant(data.x_test).argmax(1),
        data.class_names,
    )


@pytest.mark.slow
def test_per_class_bars_match_a_direct_class_damage_call(lenet_page):
    expected = _direct_damage()
    bars = figure(lenet_page, "Per-class accuracy")
    seen = {}
    for trace in bars["data"]:
        seen |= dict(zip(trace["y"], plotly_array(trace["x"]).tolist(), strict=True))
    want = {name: -100 * expected.damage[c] for c, name in enumerate(expected.class_names)}
    assert seen.keys() == want.keys()
    for name, value in want.items():
        assert seen[name] == pytest.approx(value, abs=1e-9), name
    # sorted by damage: the first class drawn on top is the most damaged
    top = bars["layout"]["yaxis"]["categoryarray"][0]
    assert top == expected.class_names[expected.order[0]]
    captions = " ".join(shown(c.value) for c in lenet_page.caption)
    assert f"{expected.original_accuracy:.1%} → {expected.variant_accuracy:.1%}" in captions
    confusion = figure(lenet_page, "Confusion matrices")
    diff = np.asarray(plotly_array(confusion["data"][2]["z"]))
    np.testing.assert_array_equal(diff, expected.confusion_difference)


@pytest.mark.slow
def test_forgotten_examples_link_to_explain_on_that_digit(lenet_page):
    links = lenet_page.get("page_link")
    explain = [link.proto for link in links if "explain" in link.proto.page]
    assert len(explain) >= 8  # the listed forgotten examples, the adversarial and noise examples
    first = parse_qs(explain[0].query_string)
    assert first["source"] == ["test"] and first["model"] == ["lenet"]
    listed = [m.value for m in lenet_page.markdown if m.value.startswith("**#")]
    assert listed[0].startswith(f"**#{first['index'][0]}**")


@pytest.mark.slow
def test_cka_has_one_line_per_variant(lenet_page):
    cka = figure(lenet_page, "Linear CKA")
    names = [trace["name"] for trace in cka["data"]]
    assert names == ["L1 unstructured (smallest weights) 70%", "Dynamic int8 (Linear layers)"]
    pruned_cka = [v for v in cka["data"][0]["y"] if v is not None]
    assert pruned_cka and all(0.0 <= v <= 1.0 + 1e-9 for v in pruned_cka)
    assert any("30 per class, seed 0" in shown(c.value) for c in lenet_page.caption)


@pytest.mark.slow
def test_robustness_starts_at_clean_accuracy_and_int8_is_transferred(lenet_page):
    chart = figure(lenet_page, "Accuracy under FGSM")
    curves = {trace["name"]: trace for trace in chart["data"]}
    original = curves["Original"]
    assert plotly_array(original["x"])[0] == 0.0
    labels = get_spec("lenet").load_data().y_test
    clean = float((reference_outputs("lenet").argmax(1) == labels).float().mean())
    assert plotly_array(original["y"])[0] == pytest.approx(clean, abs=1e-6)  # all 450 digits
    int8 = curves["Dynamic int8 (Linear layers) (transferred)"]
    assert int8["line"]["dash"] == "dash"
    assert curves["L1 unstructured (smallest weights) 70%"]["line"]["dash"] == "solid"
    assert any("transferred from the original" in shown(c.value) for c in lenet_page.caption)
    assert figure(lenet_page, "One adversarial example at ε = 0.1")


@pytest.mark.slow
def test_pie_on_request(lenet_page):
    at = lenet_page
    assert not any("PIE among" in m.value for m in at.markdown)
    at.button(key="compress_forget_pie_run").click().run()
    assert not at.exception
    count = next(m.value for m in at.markdown if "PIE among" in m.value)
    assert count.endswith("PIE among 450 test examples")


@pytest.mark.slow
def test_minilm_says_why_parts_do_not_apply(app):
    at = open_page(app, "compress", model="minilm", technique="forget", amount=0.5)
    infos = " ".join(shown(i.value) for i in at.info)
    assert "sentence encoder: it has no classes to lose" in infos
    assert "is discrete, such as token ids" in infos
    assert any("Top-1:" in shown(c.value) for c in at.caption)  # the paraphrase pairs
    assert figure(at, "Linear CKA")
