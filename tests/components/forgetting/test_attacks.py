"""FGSM and PGD: the same inputs as direct captum calls, ε = 0 is clean, bounds hold."""

from __future__ import annotations

import itertools

import pytest
import torch
from captum.robust import FGSM, PGD

from components.forgetting import (
    AttackSettings,
    example_loss,
    fgsm_examples,
    has_gradients,
    input_range,
    pgd_example,
)
from components.quantization import QuantSettings, quantize_model
from components.shared_models import fingerprint, leftover_hooks
from models.registry import get_spec, load_model
from tests.components.forgetting.tiny import tiny_data, trained_tiny

pytestmark = [
    pytest.mark.usefixtures("one_thread"),
    pytest.mark.filterwarnings("ignore:Input Tensor 0 did not already require gradients"),
]
EPSILONS = (0.0, 0.05, 0.1, 0.2, 0.4, 0.8)


@pytest.fixture(scope="module")
def lenet_batch():
    spec = get_spec("lenet")
    data = spec.load_data()
    return load_model("lenet"), data.x_test[:96], data.y_test[:96], input_range(data)


def accuracy(model, x, y) -> float:
    with torch.no_grad():
        return float((model(x).argmax(1) == y).float().mean())


def direct_fgsm(model, bounds) -> FGSM:
    attack = FGSM(model, loss_func=example_loss, lower_bound=bounds.low, upper_bound=bounds.high)
    attack.zero_thresh = 0.0
    return attack


def test_fgsm_equals_a_direct_captum_call_at_every_epsilon(lenet_batch):
    model, x, y, bounds = lenet_batch
    ours = fgsm_examples(model, x, y, EPSILONS, bounds)
    attack = direct_fgsm(model, bounds)
    for eps, adversarial in zip(EPSILONS, ours, strict=True):
        assert torch.equal(adversarial, attack.perturb(x, eps, y)), eps


def test_fgsm_at_zero_is_clean_and_accuracy_falls_with_epsilon(lenet_batch):
    model, x, y, bounds = lenet_batch
    ours = fgsm_examples(model, x, y, EPSILONS, bounds)
    assert torch.equal(ours[0], x)
    curve = [accuracy(model, adversarial, y) for adversarial in ours]
    assert curve[0] == accuracy(model, x, y)
    steps = [b - a for a, b in itertools.pairwise(curve)]
    assert sum(steps) / len(steps) < 0  # falls on average …
    assert all(step <= 0.02 for step in steps)  # … and never rises by more than 2 of 96
    assert curve[-1] < 0.2


def test_adversarial_inputs_stay_inside_the_ball_and_the_range(lenet_batch):
    model, x, y, bounds = lenet_batch
    for eps, adversarial in zip(
        EPSILONS, fgsm_examples(model, x, y, EPSILONS, bounds), strict=True
    ):
        assert float((adversarial - x).abs().max()) <= eps + 1e-6
        assert float(adversarial.min()) >= bounds.low_value - 1e-6
        assert float(adversarial.max()) <= bounds.high_value + 1e-6
    settings = AttackSettings(attack="pgd", steps=5)
    adversarial = pgd_example(model, x, y, 0.2, settings, bounds)
    assert float((adversarial - x).abs().max()) <= 0.2 + 1e-6
    assert float(adversarial.max()) <= bounds.high_value + 1e-6


def test_every_confident_digit_is_perturbed(lenet_batch):
    """captum's default threshold (|gradient| ≤ 1e-6 counts as zero) leaves confident digits
    untouched; with the float64 loss and no threshold every digit moves."""
    model, x, y, bounds = lenet_batch
    (adversarial,) = fgsm_examples(model, x, y, [0.1], bounds)
    assert bool(((adversarial - x).flatten(1).abs().amax(1) > 0).all())
    default = FGSM(model, loss_func=example_loss, lower_bound=bounds.low, upper_bound=bounds.high)
    untouched = (default.perturb(x, 0.1, y) - x).flatten(1).abs().amax(1) == 0
    assert int(untouched.sum()) > 10


def test_pgd_equals_a_direct_captum_call(lenet_batch):
    model, x, y, bounds = lenet_batch
    settings = AttackSettings(attack="pgd", steps=4)
    steps: list[int] = []
    ours = pgd_example(model, x, y, 0.3, settings, bounds, on_step=lambda: steps.append(1))
    attack = PGD(model, loss_func=example_loss, lower_bound=bounds.low, upper_bound=bounds.high)
    attack.fgsm.zero_thresh = 0.0
    direct = attack.perturb(x, radius=0.3, step_size=2.5 * 0.3 / 4, step_num=4, target=y)
    assert torch.equal(ours, direct)
    assert len(steps) == 4
    assert (
        accuracy(model, ours, y)
        <= accuracy(model, fgsm_examples(model, x, y, [0.3], bounds)[0], y) + 0.02
    )


def test_pgd_random_start_is_seeded(lenet_batch):
    model, x, y, bounds = lenet_batch
    settings = AttackSettings(attack="pgd", steps=2, random_start=True, seed=4)
    first = pgd_example(model, x, y, 0.2, settings, bounds)
    assert torch.equal(first, pgd_example(model, x, y, 0.2, settings, bounds))
    assert torch.equal(pgd_example(model, x, y, 0.0, settings, bounds), x)


def test_the_model_is_left_as_it_was(lenet_batch):
    model, x, y, bounds = lenet_batch
    before = fingerprint(model)
    fgsm_examples(model, x, y, [0.1], bounds)
    pgd_example(model, x, y, 0.1, AttackSettings(attack="pgd", steps=2), bounds)
    assert fingerprint(model) == before and leftover_hooks(model) == 0
    assert all(p.requires_grad for p in model.parameters())


def test_int8_has_no_gradients(lenet_batch):
    model, x, _, _ = lenet_batch
    spec = get_spec("lenet")
    int8 = quantize_model(model, spec, QuantSettings("dynamic_int8")).model
    assert has_gradients(model, x) and not has_gradients(int8, x)
    assert has_gradients(trained_tiny(), tiny_data().x_test)


def test_settings_are_bounded():
    settings = AttackSettings(epsilons=(0.3, 0.0, 0.1, 0.1))
    assert settings.epsilons == (0.0, 0.1, 0.3)
    assert AttackSettings(steps=10).step_size(0.2) == pytest.approx(0.05)
    for bad in (
        {"epsilons": (3.0,)},
        {"epsilons": ()},
        {"epsilons": tuple(i / 100 for i in range(13))},
        {"steps": 0},
        {"n_examples": 5},
        {"attack": "cw"},
        {"step_ratio": 0.0},
    ):
        with pytest.raises(ValueError):
            AttackSettings(**bad)
