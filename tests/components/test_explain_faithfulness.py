"""Explain backend: deletion/insertion curves, captum's metrics, the randomisation sanity check
and parameter gradients — on hand-built models whose answers are known, and on the shipped zoo."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from captum.attr import Saliency
from scipy.ndimage import uniform_filter
from torch import nn

from components.errors import UserFacingError
from components.explain.faithfulness import (
    black_baseline,
    deletion_curve,
    infidelity_and_sensitivity,
    insertion_curve,
    masked_input,
    random_curve,
)
from components.explain.param_grads import GRADIENT_COLUMNS, gradient_values, parameter_gradients
from components.explain.sanity import (
    cascading_randomisation,
    randomisation_units,
    spearman,
    ssim,
)
from components.shared_models import fingerprint, leftover_hooks, working_copy
from models.data import load_digits_split
from models.registry import load_model

# The linear "oracle" model: class 0's logit is 0.25 × the sum of one 4×4 patch, class 1's is 0.
PATCH = (slice(12, 16), slice(12, 16))


def patch_model() -> nn.Sequential:
    linear = nn.Linear(28 * 28, 2)
    with torch.no_grad():
        linear.weight.zero_()
        linear.bias.zero_()
        linear.weight[0].view(28, 28)[PATCH] = 0.25
    return nn.Sequential(nn.Flatten(1), linear).eval()


def saliency(model: nn.Module, x: torch.Tensor, target: int, *, signed: bool = False) -> np.ndarray:
    """A captum Saliency map built directly (independent of components.explain.attributions)."""
    grads = Saliency(model).attribute(x.clone().requires_grad_(True), target=target, abs=not signed)
    return grads.detach()[0, 0].numpy()


def signed_saliency(model: nn.Module, x: torch.Tensor, target: int) -> np.ndarray:
    return saliency(model, x, target, signed=True)


@pytest.fixture(scope="module")
def lenet() -> nn.Module:
    return load_model("lenet")


@pytest.fixture(scope="module")
def tiny_vit() -> nn.Module:
    return load_model("tiny_vit")


@pytest.fixture(scope="module")
def digit() -> tuple[torch.Tensor, int]:
    data = load_digits_split()
    return data.x_test[:1].clone(), int(data.y_test[0])


@pytest.fixture(autouse=True)
def shared_models_untouched(request):
    """Every test leaves the shared zoo models exactly as it found them, without hooks."""
    shared = [
        request.getfixturevalue(n) for n in ("lenet", "tiny_vit") if n in request.fixturenames
    ]
    before = [fingerprint(m) for m in shared]
    yield
    assert [fingerprint(m) for m in shared] == before
    assert all(leftover_hooks(m) == 0 for m in shared)
    assert all(p.grad is None for m in shared for p in m.parameters())


# ----------------------------------------------------------------------- deletion / insertion


def test_oracle_deletion_drops_faster_than_random_and_insertion_rises_faster():
    model, x = patch_model(), torch.ones(1, 1, 28, 28)
    oracle = model[1].weight[0].detach().view(28, 28).numpy() * (x[0, 0].numpy() - 0.0)
    deletion = deletion_curve(model, x, 0, oracle, steps=20, baseline=0.0)
    insertion = insertion_curve(model, x, 0, oracle, steps=20, baseline=0.0)
    rand_del = random_curve(model, x, 0, steps=20, seed=0, mode="deletion", baseline=0.0)
    rand_ins = random_curve(model, x, 0, steps=20, seed=0, mode="insertion", baseline=0.0)

    full, empty = torch.sigmoid(torch.tensor(4.0)).item(), 0.5  # p(class 0) at logit 4 and 0
    np.testing.assert_allclose(deletion.fractions, np.linspace(0, 1, 21))
    # The 16 patch pixels are the first 39 removed (5 %): the evidence is gone after one step.
    assert deletion.probabilities[0] == pytest.approx(full, abs=1e-6)
    np.testing.assert_allclose(deletion.probabilities[1:], empty, atol=1e-6)
    np.testing.assert_allclose(insertion.probabilities[1:], full, atol=1e-6)
    assert insertion.probabilities[0] == pytest.approx(empty, abs=1e-6)
    # Random order removes the patch at the average rate: p = sigmoid(4·(1 − f)), AUC ≈ 0.83.
    assert deletion.auc == pytest.approx(0.5 + 0.05 * (full - empty) / 2, abs=1e-6)
    assert rand_del.auc > deletion.auc + 0.2
    assert rand_ins.auc < insertion.auc - 0.1
    assert rand_del.probabilities[1] > deletion.probabilities[1] + 0.3
    assert (deletion.mode, insertion.mode, rand_del.mode, rand_ins.mode) == (
        "deletion",
        "insertion",
        "deletion",
        "insertion",
    )
    for curve in (deletion, insertion, rand_del, rand_ins):
        assert 0.0 <= curve.auc <= 1.0
        assert curve.auc == pytest.approx(np.trapezoid(curve.probabilities, curve.fractions))


def test_all_steps_go_through_the_model_as_one_batch():
    calls: list[int] = []
    model = patch_model()
    model.register_forward_pre_hook(lambda _m, args: calls.append(args[0].shape[0]))
    x = torch.ones(1, 1, 28, 28)
    deletion_curve(model, x, 0, np.random.default_rng(0).random((28, 28)), steps=20)
    assert calls == [21]
    random_curve(model, x, 0, steps=7, mode="insertion")
    assert calls == [21, 8]


def test_masked_input_ends_and_matches_the_curve(lenet, digit):
    x, target = digit
    attribution = saliency(working_copy(lenet), x, target)
    black = black_baseline()
    assert black == pytest.approx(-load_digits_split().mean / load_digits_split().std)
    assert torch.equal(masked_input(x, attribution, 0.0), x)
    assert torch.all(masked_input(x, attribution, 1.0) == black)
    assert torch.all(masked_input(x, attribution, 0.0, mode="insertion") == black)
    assert torch.equal(masked_input(x, attribution, 1.0, mode="insertion"), x)

    curve = deletion_curve(lenet, x, target, attribution, steps=10)
    half = masked_input(x, attribution, 0.5)
    assert int((half != x).sum()) <= 392  # pixels already black stay equal
    assert int((half == black).sum()) >= 392
    with torch.no_grad():
        p_half = torch.softmax(lenet(half), dim=1)[0, target].item()
    assert p_half == pytest.approx(curve.probabilities[5], abs=1e-5)
    # The trained model explains a digit better than chance.
    assert curve.auc < random_curve(lenet, x, target, steps=10).auc
    assert 0.0 <= curve.auc <= 1.0


def test_ties_are_broken_in_raster_order():
    x = torch.zeros(1, 1, 28, 28)
    half = masked_input(x, np.zeros((28, 28)), 0.5, baseline=-1.0)
    assert torch.all(half[0, 0, :14] == -1.0)  # the top 392 pixels, row by row
    assert torch.all(half[0, 0, 14:] == 0.0)
    a = masked_input(x, np.ones((28, 28)), 0.3, baseline=-1.0)
    assert torch.equal(a, masked_input(x, np.ones((28, 28)), 0.3, baseline=-1.0))


def test_bad_arguments():
    model, x = patch_model(), torch.ones(1, 1, 28, 28)
    with pytest.raises(ValueError, match="mode"):
        masked_input(x, np.ones((28, 28)), 0.5, mode="sideways")
    with pytest.raises(ValueError, match="fraction"):
        masked_input(x, np.ones((28, 28)), 1.5)
    with pytest.raises(ValueError, match="cover"):
        deletion_curve(model, x, 0, np.ones((14, 14)))
    with pytest.raises(ValueError, match="one image"):
        deletion_curve(model, torch.ones(2, 1, 28, 28), 0, np.ones((28, 28)))


# -------------------------------------------------------------------- infidelity / sensitivity


def test_saliency_of_a_linear_model_has_no_infidelity_and_no_sensitivity():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Flatten(1), nn.Linear(28 * 28, 3)).eval()
    x = torch.randn(1, 1, 28, 28)
    before = fingerprint(model)
    # The gradient of a linear model is exact: f(x) − f(x − I) = w·I for every perturbation I.
    for normalize in (True, False):
        infid, sens = infidelity_and_sensitivity(
            model, x, 1, signed_saliency, n_perturb=10, normalize=normalize
        )
        # The squared output changes are ≈ σ²·‖w‖² ≈ 0.01 · 0.34: float32 rounding stays < 1e-6.
        assert 0.0 <= infid < 1e-6
        assert sens == 0.0  # the gradient does not depend on x at all
    # |gradient| throws the sign away, so it can no longer predict the output change:
    # E[((|w| − w)·I)²] = σ²·Σ_{w<0} 4w² ≈ 0.007 (10 samples of a heavy-tailed square: 0.04).
    infid_abs, _ = infidelity_and_sensitivity(model, x, 1, saliency, n_perturb=10, normalize=False)
    assert infid_abs > 1e-3
    assert fingerprint(model) == before
    assert leftover_hooks(model) == 0


def test_metrics_on_lenet_are_finite_seeded_and_leave_the_model_alone(lenet, digit):
    x, target = digit
    calls: list[int] = []

    def counted(model: nn.Module, x: torch.Tensor, target: int) -> np.ndarray:
        calls.append(x.shape[0])
        return signed_saliency(model, x, target)

    infid, sens = infidelity_and_sensitivity(lenet, x, target, counted, n_perturb=8)
    assert calls == [1] * 9  # the map of x once (shared by both metrics), one per perturbation
    assert np.isfinite(infid) and infid >= 0.0
    assert np.isfinite(sens) and sens > 0.0  # ReLU gradients change with the input
    again = infidelity_and_sensitivity(lenet, x, target, signed_saliency, n_perturb=8)
    assert again == (infid, sens)


# ------------------------------------------------------------------ cascading randomisation


def recording(attribute_fn):
    """attribute_fn that also keeps a copy of the weights it was called with."""
    seen: list[dict[str, torch.Tensor]] = []

    def fn(model: nn.Module, x: torch.Tensor, target: int) -> np.ndarray:
        seen.append({k: v.detach().clone() for k, v in model.state_dict().items()})
        return attribute_fn(model, x, target)

    return fn, seen


def test_cascading_randomisation_on_lenet(lenet, digit):
    x, target = digit
    original = {k: v.clone() for k, v in lenet.state_dict().items()}
    fn, seen = recording(saliency)
    reports: list[tuple[float, str]] = []
    steps = cascading_randomisation(
        lenet, x, target, fn, seed=0, progress=lambda f, m: reports.append((f, m))
    )

    order = ["fc2", "fc1", "conv2", "conv1"]
    assert randomisation_units(lenet) == order
    assert [s.layer for s in steps] == ["", *order]
    assert [f for f, _ in reports] == [0.25, 0.5, 0.75, 1.0]
    assert reports[0][1] == "randomised fc2"
    # Step i has the first i units randomised (every tensor changed) and the rest still trained.
    for i, weights in enumerate(seen):
        for name, trained in original.items():
            unit = name.split(".")[0]
            randomised = unit in order[:i]
            assert torch.equal(weights[name], trained) != randomised, (i, name)
    assert steps[0].spearman == 1.0 and steps[0].ssim == pytest.approx(1.0)
    np.testing.assert_allclose(steps[0].attribution, saliency(lenet, x, target))
    assert all(s.attribution.shape == (28, 28) for s in steps)
    assert steps[-1].spearman < 0.5
    assert steps[-1].ssim < steps[0].ssim
    # Seeded: the same seed gives the same maps, another seed other ones.
    again = cascading_randomisation(lenet, x, target, saliency, seed=0)
    assert all(
        np.array_equal(a.attribution, b.attribution) for a, b in zip(steps, again, strict=True)
    )
    other = cascading_randomisation(lenet, x, target, saliency, seed=1)
    assert not np.array_equal(other[-1].attribution, steps[-1].attribution)


def test_cascading_randomisation_on_tiny_vit(tiny_vit, digit):
    x, target = digit
    original = {k: v.clone() for k, v in tiny_vit.state_dict().items()}
    fn, seen = recording(saliency)
    steps = cascading_randomisation(tiny_vit, x, target, fn, units=["head", "blocks.3"])
    assert randomisation_units(tiny_vit) == [
        "head",
        "blocks.3",
        "blocks.2",
        "blocks.1",
        "blocks.0",
        "embed",
    ]
    assert [s.layer for s in steps] == ["", "head", "blocks.3"]
    final = seen[-1]
    for name, trained in original.items():
        changed = not torch.equal(final[name], trained)
        assert changed == name.startswith(("head.", "blocks.3.")), name
    assert steps[-1].spearman < steps[0].spearman
    with pytest.raises(UserFacingError) as error:
        cascading_randomisation(tiny_vit, x, target, saliency, units=["blocks.9"])
    assert error.value.key == "explain.error.unknown_layer"
    assert error.value.values["layer"] == "blocks.9"


def test_threads_sharing_one_model_get_the_serial_results(lenet, digit):
    """Curves read the shared model while other threads randomise and hook their own copies."""
    x, target = digit
    attribution = saliency(lenet, x, target)
    serial_curve = deletion_curve(lenet, x, target, attribution).probabilities
    serial_steps = [s.attribution for s in cascading_randomisation(lenet, x, target, saliency)]

    def work(i: int) -> bool:
        if i % 2:
            steps = cascading_randomisation(lenet, x, target, saliency)
            return all(
                np.array_equal(s.attribution, r) for s, r in zip(steps, serial_steps, strict=True)
            )
        curve = deletion_curve(lenet, x, target, attribution).probabilities
        return np.array_equal(curve, serial_curve)

    with ThreadPoolExecutor(4) as pool:
        assert all(pool.map(work, range(16)))


def test_ssim_matches_the_skimage_definition():
    rng = np.random.default_rng(0)
    a, b = rng.random((28, 28)), rng.random((28, 28))
    b[5:20, 5:20] = a[5:20, 5:20]
    a, b = a / a.max(), b / b.max()  # ssim() scales each map by its maximum
    # skimage: uniform 7×7 filter, sample covariance, mean over the part not touched by padding.
    ux, uy = uniform_filter(a, 7), uniform_filter(b, 7)
    cn = 49 / 48
    vx = cn * (uniform_filter(a * a, 7) - ux * ux)
    vy = cn * (uniform_filter(b * b, 7) - uy * uy)
    vxy = cn * (uniform_filter(a * b, 7) - ux * uy)
    c1, c2 = 1e-4, 9e-4
    s = ((2 * ux * uy + c1) * (2 * vxy + c2)) / ((ux**2 + uy**2 + c1) * (vx + vy + c2))
    reference = s[3:-3, 3:-3].mean()
    assert ssim(a, b) == pytest.approx(reference, abs=1e-10)
    assert ssim(a, a) == pytest.approx(1.0)
    assert ssim(np.ones((5, 5)), np.ones((5, 5))) is None
    assert spearman(a, a) == 1.0 and spearman(a, -a) == 1.0  # ranks of |map|
    assert np.isnan(spearman(np.zeros(4), a[0, :4]))


# ------------------------------------------------------------------------- parameter gradients


def test_parameter_gradients_equal_a_direct_autograd_computation(lenet):
    data = load_digits_split()
    x, y = data.x_test[:4], data.y_test[:4]
    table = parameter_gradients(lenet, x, y)
    assert list(table.columns) == GRADIENT_COLUMNS
    assert len(table) == len(list(lenet.parameters())) == 8
    assert table.layer.iloc[0] == "conv1" and list(table.param.iloc[:2]) == ["weight", "bias"]
    assert table["shape"].iloc[0] == "10×1×5×5"
    assert (table.grad_norm > 0).all()

    direct = working_copy(lenet)
    F.cross_entropy(direct(x), y).backward()
    for row, (name, p) in zip(table.itertuples(), direct.named_parameters(), strict=True):
        assert f"{row.layer}.{row.param}" == name
        assert row.grad_norm == pytest.approx(float(p.grad.norm()), rel=1e-5)
        assert row.grad_abs_mean == pytest.approx(float(p.grad.abs().mean()), rel=1e-5)
        assert row.weight_norm == pytest.approx(float(p.detach().norm()), rel=1e-6)
        assert row.ratio == pytest.approx(row.grad_norm / row.weight_norm)

    values = gradient_values(lenet, x, y, "conv2")
    np.testing.assert_allclose(values, direct.conv2.weight.grad.reshape(-1).numpy(), rtol=1e-5)
    with pytest.raises(UserFacingError) as error:
        gradient_values(lenet, x, y, "conv9")
    assert error.value.key == "explain.error.unknown_layer"
    assert error.value.values == {"layer": "conv9", "layers": "conv1, conv2, fc1, fc2"}
    np.testing.assert_allclose(
        gradient_values(lenet, x, y, "fc1", "bias"), direct.fc1.bias.grad.numpy(), rtol=1e-5
    )


@pytest.mark.slow
def test_parameter_gradients_on_tiny_vit_and_one_label(tiny_vit, digit):
    x, target = digit
    table = parameter_gradients(tiny_vit, x, target)
    assert len(table) == len(list(tiny_vit.parameters()))
    assert np.isfinite(table.grad_norm).all() and (table.grad_norm > 0).any()
    # Every layer of the table has a histogram: "weight", MultiheadAttention's in_proj_weight,
    # and for the embedding (no weight) its class token and position embedding together.
    for layer in dict.fromkeys(table.layer):
        assert gradient_values(tiny_vit, x, target, layer).size > 0
    assert gradient_values(tiny_vit, x, target, "blocks.0.attn").shape == (3 * 64 * 64,)
    assert gradient_values(tiny_vit, x, target, "embed").shape == (64 + 50 * 64,)
    assert gradient_values(tiny_vit, x, target, "head.fc").shape == (10 * 64,)
