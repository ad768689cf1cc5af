"""Explain backend: attributions equal direct captum calls, completeness, pass counts, agreement,
variants, and the shared model left untouched (threads, 100 calls, memory)."""

from __future__ import annotations

import gc
import math
import resource
import threading
import tracemalloc

import numpy as np
import pytest
import torch
from captum.attr import (
    DeepLift,
    GuidedBackprop,
    IntegratedGradients,
    KernelShap,
    LayerAttribution,
    LayerGradCam,
    Lime,
    NoiseTunnel,
    Occlusion,
    Saliency,
)
from scipy.stats import spearmanr
from torch import nn

from components.errors import UserFacingError
from components.explain import (
    ATTRIBUTION_METHODS,
    ERROR_KEYS,
    REASON_KEYS,
    Explanation,
    agreement_matrix,
    agreement_vs_pruning,
    applicable_methods,
    blank_baseline,
    conv_layers,
    count_passes,
    explain,
    explain_variant_pair,
    i18n_keys,
    method_grid,
    predict_topk,
    resolve_params,
    spearman,
    topk_overlap,
)
from components.explain.methods.base import ParamSpec
from components.explain.methods.perturbation import PERTURBATION_BATCH
from components.explain.methods.segmentation import feature_mask, patch_mask
from components.i18n import STRINGS, t
from components.pruning import PruneSettings, prune_model
from components.quantization import QuantSettings, quantize_model
from components.shared_models import fingerprint, leftover_hooks, working_copy
from models.data import load_digits_split
from models.registry import get_spec, load_model

GRADIENT_METHODS = ["saliency", "integrated_gradients", "smoothgrad", "guided_backprop", "deeplift"]
GRID6 = [*GRADIENT_METHODS, "gradcam"]
# captum announces its (temporary) activation hooks on every DeepLift / Guided Backprop call.
pytestmark = [
    pytest.mark.usefixtures("one_thread"),
    pytest.mark.filterwarnings("ignore:Setting .*hooks:UserWarning"),
]


@pytest.fixture(scope="module")
def lenet() -> nn.Module:
    return load_model("lenet")


@pytest.fixture(scope="module")
def tiny_vit() -> nn.Module:
    return load_model("tiny_vit")


def digit(i: int = 0) -> torch.Tensor:
    return load_digits_split().x_test[i : i + 1].clone()


def blank() -> torch.Tensor:
    return load_digits_split().normalise(torch.zeros(1, 1, 28, 28))


def predicted(model: nn.Module, x: torch.Tensor) -> int:
    return predict_topk(model, x, 1)[0][0]


# --- the method table ---------------------------------------------------------------------------


def test_methods_and_their_controls():
    assert list(ATTRIBUTION_METHODS) == [
        "saliency",
        "integrated_gradients",
        "smoothgrad",
        "guided_backprop",
        "deeplift",
        "gradcam",
        "occlusion",
        "lime",
        "kernel_shap",
    ]
    bounds = {
        (m, p.name): (p.default, p.low, p.high)
        for m, i in ATTRIBUTION_METHODS.items()
        for p in i.params
    }
    assert bounds[("integrated_gradients", "steps")] == (50, 10, 200)
    assert bounds[("smoothgrad", "samples")] == (20, 5, 50)
    assert bounds[("smoothgrad", "noise")] == (0.2, 0.05, 1.0)
    assert bounds[("occlusion", "window")] == (6, 2, 14)
    assert bounds[("occlusion", "stride")] == (3, 1, 7)
    for m in ("lime", "kernel_shap"):
        assert bounds[(m, "samples")] == (200, 50, 1000)
        assert bounds[(m, "size")] == (4, 2, 14)
        assert ATTRIBUTION_METHODS[m].param("segmentation").choices == ("patches", "superpixels")
    assert [n for n, i in ATTRIBUTION_METHODS.items() if i.needs_conv] == ["gradcam"]
    assert {n for n, i in ATTRIBUTION_METHODS.items() if not i.signed} == {
        "saliency",
        "smoothgrad",
        "gradcam",
    }
    assert ATTRIBUTION_METHODS["deeplift"].label_key == "explain.method.deeplift"
    assert ATTRIBUTION_METHODS["occlusion"].param("window").label_key == "explain.param.window"


def test_param_kinds():
    assert ATTRIBUTION_METHODS["smoothgrad"].param("samples").kind == "int"
    assert ATTRIBUTION_METHODS["smoothgrad"].param("noise").kind == "float"
    assert ATTRIBUTION_METHODS["gradcam"].param("layer").kind == "choice"
    assert ATTRIBUTION_METHODS["lime"].param("segmentation").kind == "choice"
    assert ParamSpec("x", 1, 0, 2, 1).label_key == "explain.param.x"


def test_i18n_keys_cover_what_the_backend_hands_out():
    keys = i18n_keys()
    assert set(ERROR_KEYS) | set(REASON_KEYS.values()) <= set(keys)
    assert {f"explain.method.{m}" for m in ATTRIBUTION_METHODS} <= set(keys)
    assert {"explain.param.steps", "explain.segmentation.superpixels"} <= set(keys)
    if not set(keys) & set(STRINGS):
        pytest.skip("the attribution strings are not in components/strings yet")
    assert [key for key in keys if key not in STRINGS] == []
    for key in REASON_KEYS.values():  # pages fill reasons with the method's name only
        t(key, "zh", method="DeepLift")


def test_conv_layers_and_default_layer(lenet, tiny_vit):
    assert conv_layers(lenet) == ["conv1", "conv2"]
    assert conv_layers(tiny_vit) == ["embed.proj"]
    assert resolve_params("gradcam", None, lenet) == {"layer": "conv2"}
    assert resolve_params("gradcam", None, tiny_vit) == {"layer": "embed.proj"}
    assert resolve_params("occlusion", {"window": 8.0}, lenet) == {"window": 8, "stride": 3}


def test_applicable_methods(lenet, tiny_vit):
    assert set(applicable_methods(lenet, get_spec("lenet")).values()) == {None}
    vit = applicable_methods(tiny_vit, get_spec("tiny_vit"))
    assert vit["deeplift"] == "explain.reason.deeplift_rules"
    assert vit["guided_backprop"] == "explain.reason.no_relu"
    assert {m for m, why in vit.items() if why is None} == set(ATTRIBUTION_METHODS) - {
        "deeplift",
        "guided_backprop",
    }


# --- equal to a direct captum call --------------------------------------------------------------


def direct(method: str, model: nn.Module, x: torch.Tensor, target: int) -> torch.Tensor:
    """The library call a reader would write, on a private copy, with the defaults of
    ATTRIBUTION_METHODS."""
    m, x, b = working_copy(model).eval(), x.clone().requires_grad_(), blank()
    torch.manual_seed(0)
    if method == "saliency":
        return Saliency(m).attribute(x, target=target)
    if method == "integrated_gradients":
        return IntegratedGradients(m).attribute(x, baselines=b, target=target, n_steps=50)
    if method == "smoothgrad":
        return NoiseTunnel(Saliency(m)).attribute(
            x, nt_type="smoothgrad", nt_samples=20, stdevs=0.2, target=target
        )
    if method == "guided_backprop":
        return GuidedBackprop(m).attribute(x, target=target)
    if method == "deeplift":
        return DeepLift(m).attribute(x, baselines=b, target=target)
    if method == "gradcam":
        layer = m.get_submodule(conv_layers(m)[-1])
        cam = LayerGradCam(m, layer).attribute(x, target=target, relu_attributions=True)
        return LayerAttribution.interpolate(cam, (28, 28), "bilinear")
    x = x.detach()
    if method == "occlusion":
        return Occlusion(m).attribute(
            x, (1, 6, 6), strides=(1, 3, 3), baselines=b, target=target, perturbations_per_eval=64
        )
    explainer = {"lime": Lime, "kernel_shap": KernelShap}[method]
    return explainer(m).attribute(
        x,
        baselines=b,
        target=target,
        feature_mask=patch_mask(28, 28, 4).expand_as(x),
        n_samples=200,
        perturbations_per_eval=PERTURBATION_BATCH,
    )


@pytest.mark.parametrize("method", list(ATTRIBUTION_METHODS))
def test_lenet_attribution_equals_direct_captum_call(lenet, method):
    x = digit(3)
    target = predicted(lenet, x)
    result = explain(lenet, x, target, method)
    expected = direct(method, lenet, x, target).detach()[0, 0].numpy()
    assert result.attribution.shape == (28, 28)
    assert result.attribution.dtype == np.float32
    np.testing.assert_allclose(result.attribution, expected, rtol=1e-5, atol=1e-6)
    assert np.abs(result.attribution).sum() > 0
    assert result.method == method and result.target == target
    assert result.seconds > 0


@pytest.mark.parametrize("method", ["saliency", "integrated_gradients", "gradcam", "occlusion"])
def test_tiny_vit_attribution_equals_direct_captum_call(tiny_vit, method):
    x = digit(5)
    target = predicted(tiny_vit, x)
    result = explain(tiny_vit, x, target, method)
    expected = direct(method, tiny_vit, x, target).detach()[0, 0].numpy()
    np.testing.assert_allclose(result.attribution, expected, rtol=1e-5, atol=1e-6)


def test_baseline_is_a_blank_digit():
    x = digit()
    baseline = blank_baseline(x)
    split = load_digits_split()
    assert torch.allclose(split.denormalise(baseline), torch.zeros_like(x), atol=1e-6)
    # The test digits' background is exactly this value.
    assert math.isclose(float(x.min()), float(baseline[0, 0, 0, 0]), abs_tol=1e-5)


# --- completeness -------------------------------------------------------------------------------


def score(model: nn.Module, x: torch.Tensor, target: int) -> float:
    with torch.no_grad():
        return float(model(x)[0, target])


@pytest.mark.parametrize("model_name", ["lenet", "tiny_vit"])
def test_integrated_gradients_completeness(model_name, lenet, tiny_vit):
    model = {"lenet": lenet, "tiny_vit": tiny_vit}[model_name]
    x = digit(7)
    target = predicted(model, x)
    gap = score(model, x, target) - score(model, blank(), target)
    coarse = explain(model, x, target, "integrated_gradients", {"steps": 10})
    fine = explain(model, x, target, "integrated_gradients", {"steps": 200})
    for result in (coarse, fine):
        total = float(result.attribution.astype(np.float64).sum())
        assert abs(total - gap) <= abs(result.delta) + 1e-3
        assert result.score_change == pytest.approx(gap, abs=1e-3)  # what the page divides by
    # Completeness holds to a small fraction of the output gap, and tightens with more steps.
    assert abs(fine.delta) < 0.01 * abs(gap)
    assert abs(fine.delta) <= abs(coarse.delta)


def test_deeplift_completeness_on_lenet(lenet):
    x = digit(11)
    target = predicted(lenet, x)
    gap = score(lenet, x, target) - score(lenet, blank(), target)
    result = explain(lenet, x, target, "deeplift")
    assert abs(float(result.attribution.sum()) - gap) <= abs(result.delta) + 1e-3
    assert abs(result.delta) < 1e-3  # the rescale rule is exactly complete up to float error
    assert result.score_change == pytest.approx(gap, abs=1e-3)


# --- Grad-CAM -----------------------------------------------------------------------------------


@pytest.mark.parametrize("layer", ["conv1", "conv2"])
def test_gradcam_maps_are_upsampled_to_the_input(lenet, layer):
    result = explain(lenet, digit(), 0, "gradcam", {"layer": layer})
    assert result.attribution.shape == (28, 28)
    assert (result.attribution >= 0).all()  # Grad-CAM's ReLU
    assert result.params == {"layer": layer}


def test_gradcam_on_tiny_vit_patch_projection(tiny_vit):
    x = digit(2)
    result = explain(tiny_vit, x, predicted(tiny_vit, x), "gradcam")
    assert result.attribution.shape == (28, 28)
    assert result.params == {"layer": "embed.proj"}


# --- counting -----------------------------------------------------------------------------------


def test_saliency_costs_one_forward_and_one_backward(lenet):
    result = explain(lenet, digit(), 1, "saliency")
    assert (result.forward_passes, result.backward_passes) == (1, 1)
    assert (result.forward_calls, result.backward_calls) == (1, 1)
    assert result.delta is None and result.score_change is None


@pytest.mark.parametrize("steps", [10, 50, 120])
def test_integrated_gradients_counts(lenet, steps):
    """Observed in captum 0.9: without internal_batch_size all ``steps`` scaled inputs go through
    the model as ONE batch (1 forward of ``steps`` rows, 1 backward); the convergence delta then
    runs the input and the baseline once each without gradients (2 more forwards of 1 row).
    Passes count images, however batched: ``steps`` + 2 forward, ``steps`` backward."""
    result = explain(lenet, digit(), 1, "integrated_gradients", {"steps": steps})
    assert (result.forward_calls, result.backward_calls) == (3, 1)
    assert (result.forward_passes, result.backward_passes) == (steps + 2, steps)


def test_integrated_gradients_internal_batching_is_counted(lenet):
    """With internal_batch_size=b captum runs ceil(steps / b) forward and backward passes."""
    model, x = working_copy(lenet), digit().requires_grad_()
    with count_passes(model) as passes:
        IntegratedGradients(model).attribute(
            x, baselines=blank(), target=1, n_steps=50, internal_batch_size=16
        )
    assert (passes.forward, passes.backward, passes.examples) == (4, 4, 50)
    assert passes.backward_examples == 50


def test_other_method_counts(lenet):
    x = digit()
    # (forward calls, backward calls, images forward, images backward)
    counts = {
        e.method: (e.forward_calls, e.backward_calls, e.forward_passes, e.backward_passes)
        for e in method_grid(lenet, x, 2, [*GRID6, "occlusion", "lime"])
    }
    assert counts["smoothgrad"] == (1, 1, 20, 20)  # 20 noisy copies in one batch
    assert counts["guided_backprop"] == (1, 1, 1, 1)
    # Input and baseline as one batch of 2 (both differentiated), then the delta's 2 forwards.
    assert counts["deeplift"] == (3, 1, 4, 2)
    assert counts["gradcam"] == (1, 1, 1, 1)
    # Occlusion: the unoccluded input, then 9 × 9 window positions in batches of 64.
    assert counts["occlusion"] == (3, 0, 82, 0)
    assert counts["lime"] == (4, 0, 200, 0)  # 200 samples in batches of 64, no gradients


def test_surrogate_cost_grows_with_its_samples(lenet):
    """What the local-explanations lesson promises: five times the samples, five times the
    forward passes (the cost line counts images, not the batched calls: 4 → 16)."""
    x = digit()
    few, many = (explain(lenet, x, 2, "lime", {"samples": n}) for n in (200, 1000))
    assert (few.forward_passes, many.forward_passes) == (200, 1000)
    assert (few.forward_calls, many.forward_calls) == (4, 16)


def test_count_passes_removes_its_hook_even_on_error(lenet):
    model = working_copy(lenet)
    with pytest.raises(RuntimeError, match="boom"), count_passes(model) as passes:
        model(digit())
        raise RuntimeError("boom")
    assert passes.forward == 1
    assert leftover_hooks(model) == 0


# --- agreement ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def grid(lenet) -> list[Explanation]:
    x = digit(4)
    return method_grid(lenet, x, predicted(lenet, x), GRID6)


@pytest.mark.parametrize("measure", ["spearman", "topk"])
def test_agreement_matrix_is_symmetric_with_unit_diagonal(grid, measure):
    table = agreement_matrix(grid, measure)
    assert list(table.index) == list(table.columns) == GRID6
    values = table.to_numpy()
    np.testing.assert_allclose(values, values.T)
    np.testing.assert_allclose(np.diag(values), 1.0)
    low = -1 if measure == "spearman" else 0
    assert ((values >= low - 1e-12) & (values <= 1 + 1e-12)).all()
    assert values[~np.eye(len(grid), dtype=bool)].min() < 0.99  # the methods do differ


def test_agreement_measures(grid):
    a, b = grid[0].attribution, grid[1].attribution
    assert spearman(a, b) == pytest.approx(spearmanr(np.abs(a).ravel(), np.abs(b).ravel())[0])
    table = agreement_matrix([grid[0], grid[0]], "spearman")
    assert list(table.index) == ["saliency", "saliency #2"]
    assert table.iloc[0, 1] == pytest.approx(1.0)
    assert agreement_matrix([grid[0], grid[0]], "topk").iloc[0, 1] == 1.0
    # Top-k IoU by hand: the 10 % largest |values| (78 pixels) of a ramp and its mirror.
    ramp = np.arange(784, dtype=float).reshape(28, 28)
    assert topk_overlap(ramp, ramp[::-1]) == 0.0
    assert topk_overlap(ramp, ramp, k=0.5) == 1.0
    assert math.isnan(spearman(np.zeros((28, 28)), ramp))


# --- original vs variants -----------------------------------------------------------------------


@pytest.mark.parametrize("method", ["saliency", "smoothgrad", "gradcam"])
def test_variant_pruned_by_zero_agrees_completely(lenet, method):
    unpruned = prune_model(lenet, get_spec("lenet"), PruneSettings(amount=0.0)).model
    pair = explain_variant_pair(lenet, unpruned, digit(9), 3, method)
    assert pair.agreement == 1.0
    assert pair.topk_overlap == 1.0
    assert np.abs(pair.difference).max() == 0.0


def test_variant_pair_on_half_precision_and_int8(lenet):
    x = digit(6)
    target = predicted(lenet, x)
    spec = get_spec("lenet")
    half = quantize_model(lenet, spec, QuantSettings("bf16")).model
    pair = explain_variant_pair(lenet, half, x, target, "gradcam", {"layer": "conv2"})
    assert pair.variant.params == {"layer": "inner.conv2"}
    assert pair.agreement > 0.8  # bf16 keeps about 3 significant digits
    int8 = quantize_model(lenet, spec, QuantSettings("dynamic_int8")).model
    assert applicable_methods(int8, spec)["saliency"] == "explain.reason.no_gradients"
    assert applicable_methods(int8, spec)["occlusion"] is None
    pair = explain_variant_pair(lenet, int8, x, target, "occlusion")
    assert pair.agreement > 0.8
    with pytest.raises(UserFacingError) as err:
        explain_variant_pair(lenet, int8, x, target, "saliency")
    assert err.value.key == "explain.error.method_na"
    assert err.value.values["reason_key"] == "explain.reason.no_gradients"


def test_agreement_falls_as_pruning_grows(lenet):
    x = digit(8)
    steps: list[float] = []
    table = agreement_vs_pruning(
        lenet,
        get_spec("lenet"),
        x,
        predicted(lenet, x),
        "saliency",
        amounts=(0.0, 0.5, 0.9),
        progress=lambda fraction, _msg: steps.append(fraction),
    )
    assert list(table.columns) == [
        "amount",
        "spearman",
        "topk_overlap",
        "prediction",
        "prediction_prob",
        "prob",
    ]
    assert table["amount"].tolist() == [0.0, 0.5, 0.9]
    assert table["spearman"].iloc[0] == pytest.approx(1.0)
    assert table["topk_overlap"].iloc[0] == 1.0
    assert table["spearman"].iloc[-1] < table["spearman"].iloc[0]
    assert ((table["prob"] > 0) & (table["prob"] <= table["prediction_prob"])).all()
    assert table["prob"].iloc[0] == pytest.approx(predict_topk(lenet, x, 1)[0][1])
    assert steps[0] == 0.0 and steps[-1] == 1.0
    assert leftover_hooks(lenet) == 0


# --- seeds --------------------------------------------------------------------------------------


def test_sampling_methods_follow_their_seed_and_leave_the_global_rng_alone(lenet):
    x = digit()
    torch.manual_seed(1234)
    state = torch.get_rng_state()
    one = explain(lenet, x, 0, "smoothgrad", seed=1)
    again = explain(lenet, x, 0, "smoothgrad", seed=1)
    other = explain(lenet, x, 0, "smoothgrad", seed=2)
    assert np.array_equal(one.attribution, again.attribution)
    assert not np.array_equal(one.attribution, other.attribution)
    assert torch.equal(torch.get_rng_state(), state)


def test_superpixels_follow_the_strokes(lenet):
    x = digit()
    mask = feature_mask(x, "superpixels", 4)
    ids = mask.unique()
    assert mask.shape == x.shape
    assert ids.tolist() == list(range(len(ids)))  # contiguous ids, as captum expects
    assert 30 <= len(ids) <= 49  # about one per 4×4 patch
    assert not torch.equal(mask, patch_mask(28, 28, 4).expand_as(x))
    result = explain(lenet, x, 0, "lime", {"segmentation": "superpixels", "samples": 100})
    # LIME gives one value per superpixel: the map is constant on each.
    for i in ids.tolist():
        assert np.ptp(result.attribution[mask[0, 0].numpy() == i]) == 0


# --- the shared model stays untouched -----------------------------------------------------------


def _explain_all(model: nn.Module, x: torch.Tensor) -> dict[str, np.ndarray]:
    methods = [*GRID6, "occlusion", "lime"]
    return {
        m: explain(model, x, 5, m, {"samples": 50} if m == "lime" else None).attribution
        for m in methods
    }


def test_threads_explaining_one_shared_model_match_serial(lenet):
    """8 threads explain the SAME cached model with every method while 2 more run plain
    inference on it: no exceptions, no differences from the serial results, no hooks left."""
    before = fingerprint(lenet)
    inputs = [digit(i) for i in range(8)]
    serial = [_explain_all(lenet, x) for x in inputs]
    batch = load_digits_split().x_test[:64]
    with torch.no_grad():
        expected_logits = lenet(batch)
    errors: list[BaseException] = []
    results: list[dict | None] = [None] * len(inputs)
    wrong_predictions = 0
    done = threading.Event()

    def explainer(i: int) -> None:
        try:
            results[i] = _explain_all(lenet, inputs[i])
        except BaseException as exc:
            errors.append(exc)

    def inference() -> None:
        nonlocal wrong_predictions
        try:
            while not done.is_set():
                with torch.no_grad():
                    logits = lenet(batch)
                if not torch.allclose(logits, expected_logits, atol=1e-5):
                    wrong_predictions += 1
        except BaseException as exc:
            errors.append(exc)

    readers = [threading.Thread(target=inference) for _ in range(2)]
    workers = [threading.Thread(target=explainer, args=(i,)) for i in range(len(inputs))]
    for thread in readers + workers:
        thread.start()
    for thread in workers:
        thread.join()
    done.set()
    for thread in readers:
        thread.join()

    assert errors == []
    assert wrong_predictions == 0
    differences = [
        (i, m)
        for i, (got, want) in enumerate(zip(results, serial, strict=True))
        for m in want
        if not np.array_equal(got[m], want[m])
    ]
    assert differences == []
    assert leftover_hooks(lenet) == 0
    assert fingerprint(lenet) == before


@pytest.mark.slow
def test_hundred_explanations_leave_no_hooks_and_flat_memory(lenet, tiny_vit):
    """Like pytorch-grad-cam's memory test: repeated use must not accumulate anything."""
    fingerprints = {id(m): fingerprint(m) for m in (lenet, tiny_vit)}
    cycle = [
        (lenet, "saliency"),
        (lenet, "deeplift"),
        (lenet, "guided_backprop"),
        (lenet, "gradcam"),
        (lenet, "integrated_gradients"),
        (tiny_vit, "saliency"),
        (tiny_vit, "gradcam"),
    ]
    x = digit()

    def run(n: int) -> None:
        for i in range(n):
            model, method = cycle[i % len(cycle)]
            params = {"steps": 10} if method == "integrated_gradients" else None
            explain(model, x, i % 10, method, params)

    run(20)  # warm-up: lazy imports, allocator pools
    gc.collect()
    tracemalloc.start()
    start_traced = tracemalloc.get_traced_memory()[0]
    start_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    run(100)
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] - start_traced
    tracemalloc.stop()
    rss_grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - start_rss
    print(f"heap +{grown / 1024:.1f} KiB, peak RSS +{rss_grown} KiB over 100 explanations")
    assert grown < 256 * 1024, f"Python heap grew by {grown} bytes over 100 explanations"
    assert rss_grown < 32 * 1024, f"peak RSS grew by {rss_grown} KiB over 100 explanations"
    for model in (lenet, tiny_vit):
        assert leftover_hooks(model) == 0
        assert fingerprint(model) == fingerprints[id(model)]
        assert all(p.grad is None for p in model.parameters())


# --- what does not apply, and bad requests ------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "reason"),
    [("deeplift", "explain.reason.deeplift_rules"), ("guided_backprop", "explain.reason.no_relu")],
)
def test_methods_that_do_not_apply_to_tiny_vit(tiny_vit, method, reason):
    with pytest.raises(UserFacingError) as err:
        explain(tiny_vit, digit(), 0, method, model_name="tiny_vit")
    assert err.value.key == "explain.error.method_na"
    assert err.value.values["reason_key"] == reason
    assert err.value.values["method"] == method
    assert err.value.values["model"] == "tiny_vit"
    if method == "deeplift":
        assert err.value.values["layers"] == "GELU, LayerNorm, MultiheadAttention"
    with pytest.raises(UserFacingError):
        method_grid(tiny_vit, digit(), 0, ["saliency", method])


@pytest.mark.slow
def test_no_image_method_applies_to_the_text_model():
    minilm = load_model("minilm")
    reasons = applicable_methods(minilm, get_spec("minilm"))
    assert set(reasons.values()) == {"explain.reason.image_only"}
    with pytest.raises(UserFacingError) as err:
        explain(minilm, digit(), 0, "gradcam")
    assert err.value.key == "explain.error.method_na"
    assert err.value.values["reason_key"] == "explain.reason.image_only"
    assert leftover_hooks(minilm) == 0


@pytest.mark.parametrize(
    ("method", "params", "target", "key"),
    [
        ("lrp", None, 0, "explain.error.unknown_method"),
        ("integrated_gradients", {"steps": 5}, 0, "explain.error.param_range"),
        ("integrated_gradients", {"steps": 50.5}, 0, "explain.error.param_range"),
        ("smoothgrad", {"noise": "loud"}, 0, "explain.error.param_range"),
        ("occlusion", {"window": float("nan")}, 0, "explain.error.param_range"),
        ("saliency", {"steps": 50}, 0, "explain.error.unknown_param"),
        ("lime", {"segmentation": "slic"}, 0, "explain.error.param_choice"),
        ("gradcam", {"layer": "fc1"}, 0, "explain.error.unknown_conv_layer"),
        ("saliency", None, 10, "explain.error.bad_target"),
        ("saliency", None, -1, "explain.error.bad_target"),
    ],
)
def test_bad_requests_raise_user_facing_errors(lenet, method, params, target, key):
    with pytest.raises(UserFacingError) as err:
        explain(lenet, digit(), target, method, params)
    assert err.value.key == key
    assert key in ERROR_KEYS
    assert leftover_hooks(lenet) == 0


def test_bad_inputs_raise_user_facing_errors(lenet):
    with pytest.raises(UserFacingError) as err:
        explain(lenet, torch.zeros(1, 28, 28), 0, "saliency")
    assert err.value.key == "explain.error.input_shape"
    with pytest.raises(UserFacingError) as err:
        explain(lenet, torch.zeros(1, 1, 20, 20), 0, "saliency")
    assert err.value.key == "explain.error.input_mismatch"


def test_predict_topk(lenet):
    top = predict_topk(lenet, digit(), k=5)
    assert len(top) == 5
    probs = [p for _, p in top]
    assert probs == sorted(probs, reverse=True)
    assert sum(probs) <= 1 + 1e-6
    assert top[0][0] == int(load_digits_split().y_test[0])
