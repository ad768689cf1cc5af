"""How much of a prediction comes from the image and how much from the speech.

Each modality is one player. "Absent" means the input the drop slider uses: zeros, the training
mean of the normalised inputs (:func:`dropped`). Three methods share one signature,
``method(model, image, audio, target, *, output) -> ModalityAttribution``:

* ``shapley``: exact two-player Shapley values from the four coalitions
  ``v(∅), v(image), v(audio), v(both)``; ``φ_image + φ_audio = v(both) − v(∅)`` holds exactly.
* ``integrated_gradients``: captum's IG with the inputs as the tuple ``(image, audio)`` and the
  dropped inputs as baselines, summed over each modality's elements. Completeness
  (``Σ attributions = f(x) − f(baseline)``) holds up to the integral's error, reported as
  ``delta``.
* ``ablation``: what is lost when one modality alone is blanked, ``v(both) − v(other)``. It
  ignores interactions, so the two numbers need not add up to anything.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

import pandas as pd
import torch
from torch import nn

from components.progress import ProgressFn, no_progress
from components.shared_models import working_copy

Output = Literal["probability", "logit"]
# Gauss–Legendre points. Measured on the shipped models (50 test pairs, probability output): with
# 16 points the completeness error was a median 2–4 % of f(x) − f(baseline) and up to 0.76 on
# the graph model; with 64 it is under 1 % (max 0.07), and one pair still costs a few ms.
IG_STEPS = 64


@dataclass(frozen=True)
class ModalityAttribution:
    """Per-sample attributions (N,) of the ``target`` score to each modality."""

    method: str
    image: torch.Tensor
    audio: torch.Tensor
    full: torch.Tensor  # f(image, audio)
    empty: torch.Tensor  # f(dropped image, dropped audio)
    target: torch.Tensor  # the class explained, per sample
    delta: torch.Tensor | None = None  # IG: φ_image + φ_audio − (full − empty)

    @property
    def image_share(self) -> torch.Tensor:
        """|φ_image| / (|φ_image| + |φ_audio|); 0.5 where both are 0 (nothing to split)."""
        total = self.image.abs() + self.audio.abs()
        share = self.image.abs() / total.clamp_min(1e-12)
        return torch.where(total > 1e-12, share, torch.full_like(share, 0.5))


def dropped(x: torch.Tensor) -> torch.Tensor:
    """A modality as the drop slider removes it: zeros, i.e. the training mean."""
    return torch.zeros_like(x)


def _scores(logits: torch.Tensor, target: torch.Tensor, output: Output) -> torch.Tensor:
    values = logits.softmax(-1) if output == "probability" else logits
    return values.gather(1, target[:, None])[:, 0]


@torch.inference_mode()
def predicted(model: nn.Module, image: torch.Tensor, audio: torch.Tensor) -> torch.Tensor:
    """The predicted class of each pair (the default target)."""
    return model(image, audio).argmax(-1)


@torch.inference_mode()
def coalition_scores(
    model: nn.Module,
    image: torch.Tensor,
    audio: torch.Tensor,
    target: torch.Tensor,
    output: Output = "probability",
) -> dict[str, torch.Tensor]:
    """``v(S)`` for the four coalitions (keys ``both``, ``image``, ``audio``, ``none``), each
    (N,), from one forward pass over the stacked batch (eval-mode models are per-sample)."""
    n = len(image)
    zi, za = dropped(image), dropped(audio)
    # rows: both (N), image alone (N), audio alone (N), none (1: the same for every sample)
    images = torch.cat([image, image, zi, zi[:1]])
    audios = torch.cat([audio, za, audio, za[:1]])
    logits = model(images, audios)
    both, only_image, only_audio = logits[:n], logits[n : 2 * n], logits[2 * n : 3 * n]
    none = logits[3 * n :].expand(n, -1)
    return {
        "both": _scores(both, target, output),
        "image": _scores(only_image, target, output),
        "audio": _scores(only_audio, target, output),
        "none": _scores(none, target, output),
    }


def _target(
    model: nn.Module, image: torch.Tensor, audio: torch.Tensor, target: object
) -> torch.Tensor:
    """The class explained for each pair: the prediction, or ``target`` (an int is broadcast)."""
    if target is None:
        return predicted(model, image, audio)
    target = torch.as_tensor(target, dtype=torch.long)
    return target.expand(len(image)).clone() if target.ndim == 0 else target


def shapley_attribution(
    model: nn.Module,
    image: torch.Tensor,
    audio: torch.Tensor,
    target: torch.Tensor | None = None,
    *,
    output: Output = "probability",
) -> ModalityAttribution:
    """Exact Shapley values of the two modalities (each the mean of its two marginal gains)."""
    target = _target(model, image, audio, target)
    v = coalition_scores(model, image, audio, target, output)
    phi_image = 0.5 * ((v["image"] - v["none"]) + (v["both"] - v["audio"]))
    phi_audio = 0.5 * ((v["audio"] - v["none"]) + (v["both"] - v["image"]))
    return ModalityAttribution("shapley", phi_image, phi_audio, v["both"], v["none"], target)


def ablation_attribution(
    model: nn.Module,
    image: torch.Tensor,
    audio: torch.Tensor,
    target: torch.Tensor | None = None,
    *,
    output: Output = "probability",
) -> ModalityAttribution:
    """Drop in the score when one modality alone is blanked (the other kept)."""
    target = _target(model, image, audio, target)
    v = coalition_scores(model, image, audio, target, output)
    return ModalityAttribution(
        "ablation", v["both"] - v["audio"], v["both"] - v["image"], v["both"], v["none"], target
    )


class _Scored(nn.Module):
    """``model`` as captum's forward function: (image, audio) → class probabilities or logits."""

    def __init__(self, model: nn.Module, output: Output):
        super().__init__()
        self.model, self.output = model, output

    def forward(self, image: torch.Tensor, audio: torch.Tensor) -> torch.Tensor:
        logits = self.model(image, audio)
        # A model that ignores one input leaves it out of the autograd graph, and captum asks
        # for both gradients: a zero-weighted term keeps it in, with a gradient of exactly 0.
        unused = 0.0 * (image.flatten(1).sum(1) + audio.flatten(1).sum(1))
        logits = logits + unused[:, None]
        return logits.softmax(-1) if self.output == "probability" else logits


def ig_attribution(
    model: nn.Module,
    image: torch.Tensor,
    audio: torch.Tensor,
    target: torch.Tensor | None = None,
    *,
    output: Output = "probability",
    n_steps: int = IG_STEPS,
    internal_batch_size: int | None = None,
) -> ModalityAttribution:
    """captum Integrated Gradients from the dropped inputs, summed per modality.

    Runs on a private copy of ``model`` (captum must never touch a shared model).
    """
    from captum.attr import IntegratedGradients

    # Tensors made under inference mode (cached test sets) cannot enter autograd: plain copies.
    image, audio = image.detach().clone(), audio.detach().clone()
    copy = working_copy(model).eval().requires_grad_(False)
    baselines = (dropped(image), dropped(audio))
    # One forward pass gives the target (the prediction by default), f(x) and f(baseline);
    # captum's own convergence delta would run two more, and at one pair a pass is mostly
    # overhead.
    n = len(image)
    with torch.inference_mode():
        logits = copy(torch.cat([image, baselines[0]]), torch.cat([audio, baselines[1]]))
    target = logits[:n].argmax(-1) if target is None else _target(model, image, audio, target)
    full, empty = _scores(logits[:n], target, output), _scores(logits[n:], target, output)
    ig = IntegratedGradients(_Scored(copy, output))
    att_image, att_audio = ig.attribute(
        (image, audio),
        baselines=baselines,
        target=target,
        n_steps=n_steps,
        internal_batch_size=internal_batch_size,
    )
    att_image = att_image.detach().flatten(1).sum(1)
    att_audio = att_audio.detach().flatten(1).sum(1)
    return ModalityAttribution(
        "integrated_gradients",
        att_image,
        att_audio,
        full,
        empty,
        target,
        # Completeness error, as captum's return_convergence_delta computes it.
        delta=att_image + att_audio - (full - empty),
    )


AttributionFn = Callable[..., ModalityAttribution]
# The methods by name, in the order the page lists them.
FUSION_ATTRIBUTION_METHODS: dict[str, AttributionFn] = {
    "shapley": shapley_attribution,
    "integrated_gradients": ig_attribution,
    "ablation": ablation_attribution,
}


def modality_attribution(
    method: str,
    model: nn.Module,
    image: torch.Tensor,
    audio: torch.Tensor,
    target: torch.Tensor | None = None,
    **options: object,
) -> ModalityAttribution:
    """Dispatch to one of :data:`FUSION_ATTRIBUTION_METHODS` by name."""
    if method not in FUSION_ATTRIBUTION_METHODS:
        known = ", ".join(FUSION_ATTRIBUTION_METHODS)
        raise ValueError(f"unknown attribution method {method!r}; known: {known}")
    return FUSION_ATTRIBUTION_METHODS[method](model, image, audio, target, **options)


def interaction_index(
    model: nn.Module,
    image: torch.Tensor,
    audio: torch.Tensor,
    target: torch.Tensor,
    output: Output = "logit",
) -> torch.Tensor:
    """Shapley interaction of the two modalities, ``v(both) − v(image) − v(audio) + v(∅)`` (N,).

    Exactly 0 in logit space for any model of the form ``f(image) + g(audio)``.
    """
    v = coalition_scores(model, image, audio, target, output)
    return v["both"] - v["image"] - v["audio"] + v["none"]


def attribution_rows(name: str, result: ModalityAttribution) -> dict[str, object]:
    """One table row: means over the samples of ``result``."""
    return {
        "strategy": name,
        "method": result.method,
        "image": float(result.image.mean()),
        "audio": float(result.audio.mean()),
        "image_share": float(result.image_share.mean()),
        "samples": len(result.image),
        "max_delta": None if result.delta is None else float(result.delta.abs().max()),
    }


def attribution_summary(
    models: Mapping[str, nn.Module],
    image: torch.Tensor,
    audio: torch.Tensor,
    *,
    output: Output = "probability",
    ig_samples: int = 100,
    n_steps: int = IG_STEPS,
    progress: ProgressFn = no_progress,
) -> pd.DataFrame:
    """Every method on every model, averaged over the test pairs (each explains its own
    predicted class). Shapley and ablation use every pair; IG, 16+ backward passes per pair,
    the first ``ig_samples``.

    Returns columns strategy, method, image, audio, image_share, samples, max_delta.
    """
    rows = []
    for i, (name, model) in enumerate(models.items()):
        progress(i / len(models), name)
        rows.append(attribution_rows(name, shapley_attribution(model, image, audio, output=output)))
        rows.append(
            attribution_rows(name, ablation_attribution(model, image, audio, output=output))
        )
        ig = ig_attribution(
            model, image[:ig_samples], audio[:ig_samples], output=output, n_steps=n_steps
        )
        rows.append(attribution_rows(name, ig))
    progress(1.0, "done")
    return pd.DataFrame(rows)
