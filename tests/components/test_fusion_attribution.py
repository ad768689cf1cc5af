"""Modality attribution of fusion models: exact Shapley efficiency, a modality the model ignores
gets 0, Integrated Gradients equals a direct captum call, interactions vanish for sums."""

from __future__ import annotations

import pytest
import torch
from captum.attr import IntegratedGradients
from torch import nn

from components.fusion.attribution import (
    FUSION_ATTRIBUTION_METHODS,
    attribution_summary,
    coalition_scores,
    ig_attribution,
    interaction_index,
    modality_attribution,
    shapley_attribution,
)
from components.shared_models import fingerprint, leftover_hooks
from models.av_digits import noisy_test_set, same_digit_test_set
from models.fusion import fusion_model_names, load_fusion_model

pytestmark = pytest.mark.usefixtures("one_thread")


class Additive(nn.Module):
    """f(image) + g(audio), hand-checkable: no interaction at all in logit space."""

    def __init__(self, classes: int = 3):
        super().__init__()
        torch.manual_seed(0)
        self.f = nn.Linear(28 * 28, classes)
        self.g = nn.Linear(32 * 32, classes)

    def forward(self, image, audio):
        return self.f(image.flatten(1)) + self.g(audio.flatten(1))


class Product(nn.Module):
    """Logit 0 is image·audio sums: a pure interaction."""

    def forward(self, image, audio):
        z = image.flatten(1).sum(1) * audio.flatten(1).sum(1)
        return torch.stack([z, -z], dim=1)


@pytest.fixture(scope="module")
def digit_models() -> dict[str, nn.Module]:
    return {name: load_fusion_model(name) for name in fusion_model_names("digit")}


@pytest.fixture(scope="module")
def pairs():
    image, audio, labels = noisy_test_set()
    return image[:24], audio[:24], labels[:24]


def test_shapley_efficiency_is_exact_on_every_shipped_model(digit_models, pairs):
    image, audio, _ = pairs
    for name, model in digit_models.items():
        for output in ("probability", "logit"):
            r = shapley_attribution(model, image, audio, output=output)
            torch.testing.assert_close(r.image + r.audio, r.full - r.empty, atol=1e-5, rtol=0)
            assert r.image.shape == (24,), name


def test_a_model_that_ignores_a_modality_gives_it_zero(digit_models, pairs):
    image, audio, _ = pairs
    for method in FUSION_ATTRIBUTION_METHODS:
        only_image = modality_attribution(method, digit_models["image_only"], image, audio)
        only_audio = modality_attribution(method, digit_models["audio_only"], image, audio)
        assert only_image.audio.abs().max() < 1e-6, method
        assert only_audio.image.abs().max() < 1e-6, method
        assert only_image.image.abs().mean() > 0.1, method  # and the used one is not 0
        assert only_audio.audio.abs().mean() > 0.1, method
    share = shapley_attribution(digit_models["image_only"], image, audio).image_share
    assert torch.all(share == 1.0)


def test_fused_models_use_both_modalities(digit_models, pairs):
    image, audio, _ = pairs
    for name in ("concat", "tensor", "gated", "graph", "late", "cross_attention"):
        r = shapley_attribution(digit_models[name], image, audio)
        assert 0.15 < float(r.image_share.mean()) < 0.85, name


def test_ablation_is_what_blanking_one_modality_costs(digit_models, pairs):
    image, audio, _ = pairs
    model = digit_models["concat"]
    r = modality_attribution("ablation", model, image, audio)
    v = coalition_scores(model, image, audio, r.target)
    torch.testing.assert_close(r.image, v["both"] - v["audio"])
    torch.testing.assert_close(r.audio, v["both"] - v["image"])
    with torch.inference_mode():
        blank = model(torch.zeros_like(image), audio).softmax(-1).gather(1, r.target[:, None])[:, 0]
    torch.testing.assert_close(v["audio"], blank, atol=1e-6, rtol=0)


@pytest.mark.parametrize("output", ["probability", "logit"])
def test_integrated_gradients_agrees_with_a_direct_captum_call(pairs, output):
    image, audio, _ = pairs
    model = Additive().eval()
    target = torch.tensor([0, 1, 2] * 8)
    ours = ig_attribution(model, image, audio, target, output=output, n_steps=32)

    def forward(i, a):
        logits = model(i, a)
        return logits.softmax(-1) if output == "probability" else logits

    att_i, att_a = IntegratedGradients(forward).attribute(
        (image, audio),
        baselines=(torch.zeros_like(image), torch.zeros_like(audio)),
        target=target,
        n_steps=32,
    )
    torch.testing.assert_close(ours.image, att_i.flatten(1).sum(1), atol=1e-5, rtol=1e-4)
    torch.testing.assert_close(ours.audio, att_a.flatten(1).sum(1), atol=1e-5, rtol=1e-4)
    if output == "logit":  # a linear model: IG is exact, and equals Shapley
        shap = shapley_attribution(model, image, audio, target, output="logit")
        torch.testing.assert_close(ours.image, shap.image, atol=1e-4, rtol=1e-4)
        assert ours.delta.abs().max() < 1e-4


def test_ig_delta_and_default_target_match_captum(digit_models, pairs):
    """Our one-pass completeness error equals captum's ``return_convergence_delta``."""
    image, audio, _ = pairs
    model = digit_models["graph"]
    ours = ig_attribution(model, image, audio, n_steps=16)
    with torch.inference_mode():
        assert torch.equal(ours.target, model(image, audio).argmax(-1))

    def forward(i, a):
        return model(i, a).softmax(-1)

    (att_i, _), delta = IntegratedGradients(forward).attribute(
        (image.clone(), audio.clone()),
        baselines=(torch.zeros_like(image), torch.zeros_like(audio)),
        target=ours.target,
        n_steps=16,
        return_convergence_delta=True,
    )
    torch.testing.assert_close(ours.image, att_i.flatten(1).sum(1), atol=1e-5, rtol=1e-4)
    torch.testing.assert_close(ours.delta, delta, atol=1e-5, rtol=1e-4)


def test_ig_completeness_on_shipped_models(digit_models, pairs):
    image, audio, _ = pairs
    for name in ("concat", "graph", "audio_only"):
        r = ig_attribution(digit_models[name], image, audio)
        gap = (r.full - r.empty).abs().clamp_min(1e-3)
        assert float((r.delta.abs() / gap).median()) < 0.02, name


def test_ig_leaves_the_shared_model_alone_and_accepts_inference_tensors(digit_models):
    model = digit_models["gated"]
    before = fingerprint(model)
    with torch.inference_mode():
        image, audio, _ = noisy_test_set()
    r = ig_attribution(model, image[:4], audio[:4], target=3)  # an int target is broadcast
    assert r.target.tolist() == [3, 3, 3, 3]
    assert fingerprint(model) == before and leftover_hooks(model) == 0
    assert all(not p.requires_grad or p.grad is None for p in model.parameters())


def test_interaction_index_is_zero_for_additive_fusion(pairs):
    image, audio, _ = pairs
    target = torch.zeros(24, dtype=torch.long)
    assert interaction_index(Additive().eval(), image, audio, target).abs().max() < 1e-4
    product = interaction_index(Product(), image, audio, target)
    # v(both) − v(image) − v(audio) + v(∅) = z(both) − 0 − 0 + 0 for a pure product
    expected = image.flatten(1).sum(1) * audio.flatten(1).sum(1)
    torch.testing.assert_close(product, expected, rtol=1e-4, atol=1e-3)


def test_shipped_same_digit_models_interaction():
    image, audio, _ = same_digit_test_set()
    image, audio = image[:64], audio[:64]
    target = torch.ones(64, dtype=torch.long)
    additive = interaction_index(load_fusion_model("same_additive"), image, audio, target)
    tensor = interaction_index(load_fusion_model("same_tensor"), image, audio, target)
    assert additive.abs().max() < 1e-4
    assert tensor.abs().mean() > 0.5


def test_attribution_summary_table(digit_models):
    image, audio, _ = noisy_test_set()
    models = {n: digit_models[n] for n in ("image_only", "late")}
    seen = []
    frame = attribution_summary(
        models, image[:40], audio[:40], ig_samples=8, progress=lambda f, m: seen.append(f)
    )
    assert list(frame.columns) == [
        "strategy",
        "method",
        "image",
        "audio",
        "image_share",
        "samples",
        "max_delta",
    ]
    assert len(frame) == 2 * len(FUSION_ATTRIBUTION_METHODS)
    ig = frame[frame["method"] == "integrated_gradients"]
    assert ig["samples"].tolist() == [8, 8]
    image_only = frame[frame["strategy"] == "image_only"]
    assert image_only["audio"].abs().max() < 1e-6
    assert seen[0] == 0.0 and seen[-1] == 1.0


def test_unknown_method():
    with pytest.raises(ValueError, match="unknown attribution method"):
        modality_attribution(
            "lime", Additive(), torch.zeros(1, 1, 28, 28), torch.zeros(1, 1, 32, 32)
        )
