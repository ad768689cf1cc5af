"""Robust accuracy curves: one per model, int8 transferred from the original."""

from __future__ import annotations

import pytest
import torch

from components.errors import UserFacingError
from components.forgetting import (
    CURVE_COLUMNS,
    AttackSettings,
    fgsm_examples,
    input_range,
    robust_accuracy,
)
from components.quantization import QuantSettings, quantize_model
from models.registry import get_spec, load_model
from tests.components.forgetting.tiny import tiny_data, trained_tiny

pytestmark = [
    pytest.mark.usefixtures("one_thread"),
    pytest.mark.filterwarnings("ignore:Input Tensor 0 did not already require gradients"),
]


@pytest.fixture(scope="module")
def lenet_models():
    spec = get_spec("lenet")
    model = load_model("lenet")
    int8 = quantize_model(model, spec, QuantSettings("dynamic_int8")).model
    data = spec.load_data()
    return {"original": model, "int8": int8}, data.x_test[:64], data.y_test[:64], input_range(data)


def test_int8_meets_the_originals_adversarial_inputs(lenet_models):
    models, x, y, bounds = lenet_models
    settings = AttackSettings(epsilons=(0.0, 0.1, 0.3), n_examples=64)
    curves = robust_accuracy(models, x, y, settings, bounds)
    original, int8 = curves.curves
    assert (original.transferred, int8.transferred) == (False, True)
    assert curves.source == "original" and curves.n == 64
    crafted = fgsm_examples(models["original"], x, y, settings.epsilons, bounds)
    with torch.no_grad():
        expected = [float((models["int8"](a).argmax(1) == y).float().mean()) for a in crafted]
    assert list(int8.accuracy) == pytest.approx(expected)
    with torch.no_grad():
        clean = float((models["original"](x).argmax(1) == y).float().mean())
    assert original.accuracy[0] == pytest.approx(clean)
    table = curves.table()
    assert list(table.columns) == list(CURVE_COLUMNS) and len(table) == 6


def test_a_source_without_gradients_is_refused(lenet_models):
    models, x, y, bounds = lenet_models
    with pytest.raises(UserFacingError) as err:
        robust_accuracy(models, x, y, AttackSettings(epsilons=(0.1,)), bounds, source="int8")
    assert err.value.key == "forget.error.no_gradients_source"


def test_pgd_reports_every_step():
    model = trained_tiny()
    data = tiny_data()
    settings = AttackSettings(attack="pgd", epsilons=(0.0, 0.2, 0.5), steps=3, n_examples=60)
    seen: list[tuple[float, str]] = []
    curves = robust_accuracy(
        {"a": model, "b": trained_tiny(seed=1)},
        data.x_test,
        data.y_test,
        settings,
        input_range(data),
        progress=lambda f, message: seen.append((f, message)),
    )
    steps = [message for _, message in seen if message.startswith("PGD step")]
    assert len(steps) == 2 * 2 * 3  # 2 models × 2 ε above 0 × 3 steps
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    for curve in curves.curves:
        assert curve.accuracy[0] >= curve.accuracy[-1]


def test_cached_source_inputs_spare_the_original_a_second_attack():
    model, other = trained_tiny(), trained_tiny(seed=1)
    data = tiny_data()
    settings = AttackSettings(attack="pgd", epsilons=(0.0, 0.3), steps=2, n_examples=60)
    bounds = input_range(data)
    first = robust_accuracy(
        {"original": model, "v": other}, data.x_test, data.y_test, settings, bounds
    )
    assert len(first.source_inputs) == 2
    seen: list[str] = []
    again = robust_accuracy(
        {"original": model, "v": other},
        data.x_test,
        data.y_test,
        settings,
        bounds,
        source_inputs=first.source_inputs,
        progress=lambda _f, message: seen.append(message),
    )
    assert [c.accuracy for c in again.curves] == [c.accuracy for c in first.curves]
    assert len([m for m in seen if m.startswith("PGD step")]) == 2  # the variant's only
    with pytest.raises(ValueError, match="one tensor per"):
        robust_accuracy(
            {"original": model}, data.x_test, data.y_test, settings, bounds, source_inputs=[]
        )
