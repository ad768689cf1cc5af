"""Knowledge distillation: the loss against hand-computed values, students' shapes, and real
distillation runs on the digits (the shared teacher must come back untouched)."""

from __future__ import annotations

import dataclasses
import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from components.distillation import (
    CURVE_COLUMNS,
    DistillSettings,
    distill,
    distillation_loss,
    make_student,
    softened_probabilities,
    training_config,
)
from components.errors import UserFacingError
from components.profile import count_parameters
from components.shared_models import fingerprint, leftover_hooks
from models.data import load_digits_split
from models.registry import get_spec, load_model
from models.training import fit_classifier, seed_everything

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def teacher() -> nn.Module:
    return load_model("lenet")


@pytest.fixture(scope="module")
def run(teacher):
    """One real run at width 0.3 for 5 epochs, recording everything the page would see."""
    before = fingerprint(teacher)
    fractions: list[float] = []
    frames = []
    result = distill(
        teacher,
        get_spec("lenet"),
        DistillSettings(width=0.3, epochs=5),
        progress=lambda fraction, _message: fractions.append(fraction),
        on_epoch=frames.append,
    )
    return result, before, fractions, frames


def logits_batch(seed: int = 0, n: int = 8, classes: int = 10) -> tuple[torch.Tensor, ...]:
    g = torch.Generator().manual_seed(seed)
    student = torch.randn(n, classes, generator=g) * 3
    teacher = torch.randn(n, classes, generator=g) * 3
    targets = torch.randint(0, classes, (n,), generator=g)
    return student, teacher, targets


# --- the loss --------------------------------------------------------------------------------


@pytest.mark.parametrize("temperature", [1.0, 4.0])
def test_alpha_zero_is_exactly_cross_entropy(temperature):
    s, t, y = logits_batch()
    assert torch.equal(distillation_loss(s, t, y, temperature, 0.0), F.cross_entropy(s, y))


def test_alpha_one_with_identical_logits_is_zero():
    s, _, y = logits_batch()
    assert float(distillation_loss(s, s.clone(), y, 4.0, 1.0)) == 0.0


def test_two_class_example_matches_the_formula_by_hand():
    s, t, y, temperature, alpha = [[0.0, 0.0]], [[2.0, 0.0]], [1], 2.0, 0.7
    p = 1 / (1 + math.exp(-1.0))  # softmax([2, 0] / 2)[0] = sigmoid(1)
    kl = p * math.log(p / 0.5) + (1 - p) * math.log((1 - p) / 0.5)
    expected = alpha * temperature**2 * kl + (1 - alpha) * math.log(2.0)  # CE of [0, 0] is ln 2
    loss = distillation_loss(torch.tensor(s), torch.tensor(t), torch.tensor(y), temperature, alpha)
    assert float(loss) == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize("temperature", [1.0, 4.0, 10.0])
def test_soft_gradient_is_t_times_the_probability_gap(temperature):
    """d(T² · KL)/ds = T · (softmax(s/T) − softmax(t/T)) / N: the T² factor undoes the 1/T²."""
    s, t, y = logits_batch(seed=1)
    s.requires_grad_(True)
    distillation_loss(s, t, y, temperature, 1.0).backward()
    gap = softened_probabilities(s.detach(), temperature) - softened_probabilities(t, temperature)
    torch.testing.assert_close(s.grad, temperature * gap / len(s))


def test_soft_gradient_magnitude_is_roughly_independent_of_temperature():
    """At high T the gradient tends to (s − t) / (classes · N) for zero-mean logits."""
    s, t, y = logits_batch(seed=2)
    s, t = s - s.mean(1, keepdim=True), t - t.mean(1, keepdim=True)
    limit = (s - t) / (s.shape[1] * len(s))
    norms = {}
    for temperature in (20.0, 50.0):
        x = s.clone().requires_grad_(True)
        distillation_loss(x, t, y, temperature, 1.0).backward()
        norms[temperature] = float(x.grad.norm())
    assert norms[50.0] == pytest.approx(float(limit.norm()), rel=0.02)
    assert norms[20.0] == pytest.approx(norms[50.0], rel=0.1)


def test_teacher_gets_no_gradient():
    s, t, y = logits_batch()
    t.requires_grad_(True)
    distillation_loss(s.requires_grad_(True), t, y, 4.0, 0.5).backward()
    assert t.grad is None


def test_softened_probabilities_sum_to_one_and_flatten_with_temperature():
    logits, _, _ = logits_batch()
    entropies = []
    for temperature in (1.0, 2.0, 4.0, 10.0):
        p = softened_probabilities(logits, temperature)
        torch.testing.assert_close(p.sum(-1), torch.ones(len(logits)))
        assert torch.equal(p.argmax(-1), logits.argmax(-1))
        entropies.append(float(-(p * p.log()).sum(-1).mean()))
    assert entropies == sorted(entropies)
    assert entropies[0] < entropies[-1] < math.log(10)


# --- settings and students -------------------------------------------------------------------


def test_settings_bounds_hold_the_defaults_and_reject_the_rest():
    settings = DistillSettings()
    bounds = DistillSettings.bounds()
    assert set(bounds) == {"width", "temperature", "alpha", "epochs"}
    for name, (low, high) in bounds.items():
        assert low <= getattr(settings, name) <= high
    with pytest.raises(ValueError, match="alpha"):
        DistillSettings(alpha=1.5)
    with pytest.raises(ValueError, match="width"):
        DistillSettings(width=0.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.width = 0.9  # type: ignore[misc]


@pytest.mark.parametrize(
    ("width", "shape"),
    [(1.0, (10, 20, 50)), (0.5, (5, 10, 25)), (0.3, (3, 6, 15)), (0.1, (1, 2, 5))],
)
def test_lenet_student_shapes(width, shape):
    student = make_student(get_spec("lenet"), width)
    c1, c2, hidden = shape
    assert student.conv1.out_channels == c1
    assert student.conv2.out_channels == c2
    assert student.fc1.in_features == c2 * 16
    assert student.fc1.out_features == hidden
    assert student(torch.zeros(2, 1, 28, 28)).shape == (2, 10)


@pytest.mark.parametrize("name", ["lenet", "tiny_vit"])
def test_student_parameters_shrink_with_width(name):
    spec = get_spec(name)
    counts = [count_parameters(make_student(spec, w)) for w in (1.0, 0.5, 0.3, 0.1)]
    assert counts == sorted(counts, reverse=True)
    assert len(set(counts)) == 4
    assert counts[0] == count_parameters(spec.build())  # width 1 is the teacher's architecture


def test_tiny_vit_student_keeps_heads_whole():
    for width in (0.1, 0.25, 0.3, 0.5, 0.77):
        student = make_student(get_spec("tiny_vit"), width)
        attn = student.blocks[0].attn
        assert attn.embed_dim % attn.num_heads == 0
        assert student(torch.zeros(2, 1, 28, 28)).shape == (2, 10)
    assert make_student(get_spec("tiny_vit"), 0.5).blocks[0].attn.embed_dim == 32


def test_sentence_encoder_is_unsupported():
    spec = get_spec("minilm")  # the spec only: nothing is loaded
    with pytest.raises(UserFacingError) as err:
        make_student(spec, 0.5)
    assert err.value.key == "distill.error.unsupported"
    assert err.value.values["model"] == spec.title
    with pytest.raises(UserFacingError) as err:
        distill(nn.Linear(2, 2), spec, DistillSettings())
    assert err.value.key == "distill.error.unsupported"


# --- real runs --------------------------------------------------------------------------------


def test_distilled_student_learns_and_curves_are_complete(run):
    result, _, _, _ = run
    assert result.student_accuracy >= 0.85
    assert result.teacher_accuracy >= 0.95
    assert list(result.curves.columns) == CURVE_COLUMNS
    assert len(result.curves) == 2 * 5
    assert CURVE_COLUMNS[:5] == ["epoch", "model", "loss", "train_accuracy", "test_accuracy"]
    for name in ("distilled", "scratch"):
        rows = result.curves[result.curves["model"] == name]
        assert rows["epoch"].tolist() == [1, 2, 3, 4, 5]
        assert rows[["train_accuracy", "test_accuracy"]].stack().between(0, 1).all()
        assert rows["loss"].iloc[-1] < rows["loss"].iloc[0]  # cross-entropy on the labels falls
    scratch = result.curves[result.curves["model"] == "scratch"]
    # LeNet's recipe has no label smoothing: the scratch objective is the reported loss itself
    assert (scratch["objective"] - scratch["loss"]).abs().max() < 1e-6
    assert 0.0 <= result.agreement <= 1.0
    assert 0.0 <= result.scratch_agreement <= 1.0
    assert (
        result.agreement >= 0.85
    )  # a student that is right ~90 % mostly agrees with a 98 % teacher
    assert not result.student.training and not result.scratch.training
    assert result.teacher_params == 21840
    assert result.student_params == count_parameters(result.student) < 21840 // 5


def test_teacher_is_untouched(run, teacher):
    _, before, _, _ = run
    assert fingerprint(teacher) == before
    assert leftover_hooks(teacher) == 0
    assert not teacher.training
    assert all(p.grad is None for p in teacher.parameters())


def test_progress_reaches_one_and_curves_arrive_live(run):
    result, _, fractions, frames = run
    assert fractions[0] == 0.0
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    assert 0.5 in fractions  # the distilled run ends at half the bar
    assert [len(frame) for frame in frames] == list(range(1, 11))
    assert frames[-1].equals(result.curves)


def test_alpha_zero_is_plain_training_weight_for_weight(teacher):
    """Same init, data order and loss: the 'distilled' student is the scratch baseline exactly,
    and both equal the project's shared training loop run from the same start."""
    spec = get_spec("lenet")
    settings = DistillSettings(width=0.2, alpha=0.0, epochs=2, seed=3)
    result = distill(teacher, spec, settings)
    seed_everything(settings.seed)
    reference = make_student(spec, settings.width)
    data = load_digits_split()
    fit_classifier(reference, data.x_train, data.y_train, training_config(spec, settings))
    for (name, a), b, c in zip(
        result.student.state_dict().items(),
        result.scratch.state_dict().values(),
        reference.state_dict().values(),
        strict=True,
    ):
        assert torch.equal(a, b), name
        assert torch.equal(a, c), name
    curves = result.curves.set_index(["model", "epoch"])
    assert curves.loc["distilled"].equals(curves.loc["scratch"])


class ShiftedLabels(nn.Module):
    """A teacher that confidently answers (digit + 1) mod 10."""

    def __init__(self, model: nn.Module):
        super().__init__()
        self.model = model

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.model(x).roll(1, dims=1) * 3


def test_soft_targets_come_from_the_teacher_for_the_right_digits(teacher):
    """With alpha = 1 the labels are ignored: a student of a teacher that shifts every answer
    learns the shifted answers. If batches were paired with the wrong teacher logits, the
    student could not agree with the teacher."""
    liar = ShiftedLabels(teacher).eval()
    result = distill(liar, get_spec("lenet"), DistillSettings(width=0.3, alpha=1.0, epochs=4))
    assert result.agreement >= 0.75  # about what a 4-epoch student reaches on the true labels
    assert result.student_accuracy <= 0.05
    assert result.scratch_agreement <= 0.05


def test_teacher_in_training_mode_is_left_in_training_mode():
    seed_everything(0)
    untrained = get_spec("lenet").build().train()
    before = fingerprint(untrained)
    result = distill(untrained, get_spec("lenet"), DistillSettings(width=0.1, epochs=1))
    assert untrained.training
    assert fingerprint(untrained) == before
    assert len(result.curves) == 2


@pytest.mark.slow
def test_augmented_recipe_runs_the_teacher_per_batch():
    """The ViT recipe shifts every batch, so the teacher is asked per batch, not precomputed."""
    spec = get_spec("tiny_vit")
    assert training_config(spec, DistillSettings()).max_shift > 0
    teacher = load_model("tiny_vit")
    before = fingerprint(teacher)
    calls = []
    handle = teacher.register_forward_pre_hook(lambda _m, args: calls.append(len(args[0])))
    try:
        result = distill(teacher, spec, DistillSettings(width=0.1, epochs=1))
    finally:
        handle.remove()
    data = load_digits_split()
    batches = -(-len(data.x_train) // 64)
    # test logits once (one chunk of 450), then one call per training batch; no train-set pass
    assert calls[0] == len(data.x_test)
    assert len(calls) == 1 + batches
    assert fingerprint(teacher) == before
    assert leftover_hooks(teacher) == 0
    assert 0.0 <= result.agreement <= 1.0
