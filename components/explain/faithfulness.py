"""Does a saliency map point at what the model uses? Deletion/insertion curves and captum's metrics.

A map is *faithful* when the pixels it ranks highest are the ones the prediction depends on:
deleting them (most important first) should make the target probability fall fast, and inserting
them into a blank image should make it rise fast (Petsiuk et al. 2018, RISE). A random ranking is
the reference a real method must beat. :func:`infidelity_and_sensitivity` adds the two metrics of
Yeh et al. 2019 as captum implements them.

"Removed" pixels take the value of a black pixel in the models' input scale, so a deleted digit
looks like the background, not like a grey smudge the model never saw in training.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import torch
from captum.metrics import infidelity, sensitivity_max
from torch import nn

from components.explain.scale import blank_like
from components.shared_models import working_copy

Mode = Literal["deletion", "insertion"]
MODES: tuple[str, ...] = ("deletion", "insertion")
ExplainFn = Callable[[nn.Module, torch.Tensor, int], "np.ndarray | torch.Tensor"]

# Infidelity perturbs the input with Gaussian noise I ~ N(0, σ²) per pixel, in the models'
# normalised input units (1 unit = one training-set std ≈ 0.3 of the 0–1 pixel range), so
# σ = 0.1 moves a pixel by about 3 % of its range: large enough to change the output measurably,
# small enough that a first-order (gradient) explanation should still predict the change.
INFIDELITY_NOISE_STD = 0.1
# Sensitivity perturbs uniformly inside an L∞ ball of this radius (captum's default, 0.02 units
# ≈ 0.6 % of the pixel range): how much does the map move when the input barely does?
SENSITIVITY_RADIUS = 0.02


@dataclass(frozen=True, eq=False)  # eq=False: ndarray fields have no single truth value
class PerturbationCurve:
    """Target-class probability as the top-ranked pixels are removed or inserted."""

    fractions: np.ndarray  # (steps + 1,) share of pixels removed/inserted, 0 … 1
    probabilities: np.ndarray  # (steps + 1,) softmax probability of the target class
    auc: float  # trapezoid area over fractions in [0, 1], hence in [0, 1]
    mode: str  # "deletion" (lower AUC = more faithful) | "insertion" (higher = more faithful)


def black_baseline() -> float:
    """The value of a black (0) pixel in the model's input scale (per-channel scales use the
    mean over channels; see :mod:`components.explain.scale`)."""
    return float(blank_like(torch.zeros(1, 1, 1, 1)).mean())


def _check_image(x: torch.Tensor) -> tuple[int, int]:
    if x.dim() != 4 or x.shape[0] != 1:
        raise ValueError(f"expected one image of shape (1, C, H, W), got {tuple(x.shape)}")
    return int(x.shape[2]), int(x.shape[3])


def _ranking(attribution: np.ndarray | torch.Tensor, hw: tuple[int, int]) -> np.ndarray:
    """Flat pixel indices, most important (largest |attribution|) first.

    A stable sort breaks ties in raster order (top-left first), so equal scores, such as the
    zeros of a map that ignores the background, always give the same curve.
    """
    if isinstance(attribution, torch.Tensor):
        attribution = attribution.detach().cpu().numpy()
    scores = np.nan_to_num(np.abs(np.asarray(attribution, dtype=np.float64)))
    if scores.size != hw[0] * hw[1]:
        raise ValueError(f"attribution of shape {scores.shape} does not cover a {hw} image")
    return np.argsort(-scores.ravel(), kind="stable")


def _selected(order: np.ndarray, fractions: np.ndarray, hw: tuple[int, int]) -> torch.Tensor:
    """(len(fractions), 1, H, W) bool: True on the top round(f·H·W) pixels of each fraction."""
    n = order.size
    # rank[p] = position of pixel p in the ranking; pixel p is selected when rank < k.
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    counts = np.rint(np.asarray(fractions, dtype=np.float64) * n).astype(np.int64)
    chosen = rank[None, :] < counts[:, None]
    return torch.from_numpy(chosen).reshape(len(counts), 1, *hw)


def _compose(
    x: torch.Tensor, chosen: torch.Tensor, mode: str, baseline: float | None
) -> torch.Tensor:
    """Deletion puts the baseline on chosen pixels; insertion keeps only the chosen pixels of x."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    fill = torch.full_like(x, black_baseline() if baseline is None else float(baseline))
    # chosen is (S, 1, H, W): it broadcasts over channels and expands x to S images.
    if mode == "deletion":
        return torch.where(chosen, fill, x)
    return torch.where(chosen, x, fill)


def masked_input(
    x: torch.Tensor,
    attribution: np.ndarray | torch.Tensor,
    fraction: float,
    mode: Mode = "deletion",
    baseline: float | None = None,
) -> torch.Tensor:
    """The (1, C, H, W) image a curve evaluates at ``fraction``: what the k % slider shows."""
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"fraction {fraction} outside [0, 1]")
    hw = _check_image(x)
    chosen = _selected(_ranking(attribution, hw), np.array([fraction]), hw)
    return _compose(x.detach(), chosen, mode, baseline)


def _curve(
    model: nn.Module,
    x: torch.Tensor,
    target: int,
    order: np.ndarray,
    steps: int,
    mode: str,
    baseline: float | None,
) -> PerturbationCurve:
    if steps < 1:
        raise ValueError(f"steps must be at least 1, got {steps}")
    hw = _check_image(x)
    fractions = np.linspace(0.0, 1.0, steps + 1)
    batch = _compose(x.detach(), _selected(order, fractions, hw), mode, baseline)
    with torch.no_grad():  # read-only use of the (possibly shared) model: one batched forward
        probs = torch.softmax(model(batch).float(), dim=1)[:, target].cpu().numpy()
    probs = probs.astype(np.float64)
    return PerturbationCurve(
        fractions=fractions,
        probabilities=probs,
        auc=float(np.trapezoid(probs, fractions)),
        mode=mode,
    )


def deletion_curve(
    model: nn.Module,
    x: torch.Tensor,
    target: int,
    attribution: np.ndarray | torch.Tensor,
    steps: int = 20,
    baseline: float | None = None,
) -> PerturbationCurve:
    """Remove the top-ranked pixels (by |attribution|) in ``steps`` equal shares, most important
    first, and record the target probability. One forward pass of ``steps + 1`` images.

    Args:
        model: a classifier returning logits; only read (no hooks, no mode change).
        x: one image (1, C, H, W) in the model's input scale.
        target: the class whose probability is tracked.
        attribution: an (H, W) map (any shape with H·W values); its sign is ignored.
        baseline: the value of a removed pixel; default: a black pixel (:func:`black_baseline`).
    """
    return _curve(
        model, x, target, _ranking(attribution, _check_image(x)), steps, "deletion", baseline
    )


def insertion_curve(
    model: nn.Module,
    x: torch.Tensor,
    target: int,
    attribution: np.ndarray | torch.Tensor,
    steps: int = 20,
    baseline: float | None = None,
) -> PerturbationCurve:
    """Start from the all-baseline image and insert the top-ranked pixels of ``x`` in ``steps``
    shares; arguments as in :func:`deletion_curve`. Higher AUC = more faithful."""
    return _curve(
        model, x, target, _ranking(attribution, _check_image(x)), steps, "insertion", baseline
    )


def random_curve(
    model: nn.Module,
    x: torch.Tensor,
    target: int,
    steps: int = 20,
    seed: int = 0,
    mode: Mode = "deletion",
    baseline: float | None = None,
) -> PerturbationCurve:
    """The same curve for a random pixel order (seeded): the reference a real method must beat."""
    hw = _check_image(x)
    order = np.random.default_rng(seed).permutation(hw[0] * hw[1])
    return _curve(model, x, target, order, steps, mode, baseline)


def _as_input_shaped(attribution: np.ndarray | torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """An (H, W) or (1, C, H, W) map as a float tensor of x's shape (repeated over channels)."""
    if isinstance(attribution, torch.Tensor):
        attribution = attribution.detach().cpu()
    a = torch.as_tensor(np.asarray(attribution), dtype=x.dtype)
    if a.numel() == x[0, 0].numel():
        return a.reshape(1, 1, *x.shape[2:]).expand_as(x).clone()
    return a.reshape(x.shape).clone()


def infidelity_and_sensitivity(
    model: nn.Module,
    x: torch.Tensor,
    target: int,
    explain_fn: ExplainFn,
    n_perturb: int = 20,
    seed: int = 0,
    *,
    normalize: bool = True,
) -> tuple[float, float]:
    """captum's explanation infidelity and max-sensitivity for one image (lower is better for both).

    Infidelity: mean squared difference between the map's predicted output change, Σ map·I, and
    the real change of the target logit, f(x) − f(x − I), for ``n_perturb`` Gaussian
    perturbations I of std :data:`INFIDELITY_NOISE_STD`. With ``normalize`` the map is rescaled
    by the best factor first (Yeh et al.'s own code does this), so only its shape counts and
    methods with arbitrary scales compare fairly — but its sign still counts: an absolute-value
    map cannot be faithful where the gradient is negative.

    Sensitivity: the largest relative change ‖map(x + δ) − map(x)‖ / ‖map(x)‖ over ``n_perturb``
    uniform perturbations ‖δ‖∞ ≤ :data:`SENSITIVITY_RADIUS`. It reruns ``explain_fn`` once per
    perturbation, so costs n_perturb + 1 explanations.

    Both run on a private copy of ``model`` (explanations may hook it) with seeded noise.

    Args:
        explain_fn: (model, x of shape (1, C, H, W), target) → map of H·W (or x's shape) values,
            the same explanation the page shows (e.g. ``lambda m, x, t: explain(m, x, t, …)
            .attribution``). It explains the target's logit, which is what infidelity compares.
    Returns:
        (infidelity, sensitivity) as floats.
    """
    _check_image(x)
    copy = working_copy(model).eval()
    x = x.detach().clone()
    generator = torch.Generator().manual_seed(seed)

    original: list[torch.Tensor] = []  # the map of x itself, which both metrics need

    def explain_batch(inputs: torch.Tensor | tuple[torch.Tensor, ...], **kwargs) -> torch.Tensor:
        batch = inputs[0] if isinstance(inputs, tuple) else inputs
        if original and torch.equal(batch, x):
            return original[0]
        with torch.enable_grad():  # captum's metrics call this under no_grad
            maps = [_as_input_shaped(explain_fn(copy, row[None], target), x) for row in batch]
        return torch.cat(maps)

    def gaussian(inputs: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        noise = torch.randn(inputs.shape, generator=generator, dtype=inputs.dtype)
        noise *= INFIDELITY_NOISE_STD
        return noise, inputs - noise

    def uniform(inputs: torch.Tensor, radius: float) -> torch.Tensor:
        delta = torch.rand(inputs.shape, generator=generator, dtype=inputs.dtype)
        return inputs + (2 * delta - 1) * radius

    original.append(explain_batch(x))
    infid = infidelity(
        copy,
        gaussian,
        x,
        original[0],
        target=target,
        n_perturb_samples=n_perturb,
        normalize=normalize,
    )
    sens = sensitivity_max(
        explain_batch,
        x,
        perturb_func=uniform,
        perturb_radius=SENSITIVITY_RADIUS,
        n_perturb_samples=n_perturb,
    )
    # Normalised infidelity is E[b²] − E[ab]²/E[a²] ≥ 0 (Cauchy–Schwarz), which captum sums in
    # float32 as a difference of near-equal terms: an exact map comes out as −1e-8, not 0.
    return max(0.0, float(infid.reshape(-1)[0])), float(sens.reshape(-1)[0])
