"""Sanity check for saliency maps: cascading randomisation (Adebayo et al. 2018).

Re-initialise the model's layers from the output side down, one more at a time, and recompute
the map after each. A map that explains the model must change once the weights it depends on are
random; one that stays put (Guided Backprop is the famous case) shows the input's edges, not
the model. Runs on a private copy: the shared model is never touched.

Measured on LeNet, first test digit, all four layers random: Spearman ρ with the trained map fell
to 0.35 for Saliency and −0.47 for Grad-CAM, but stayed at 0.85 for Integrated Gradients and
0.87 for DeepLift: their maps are gradient × (input − black baseline), so every background pixel
is 0 whatever the weights, and the digit's shape survives randomisation (as Adebayo et al. found
for gradient ⊙ input).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import torch
from numpy.lib.stride_tricks import sliding_window_view
from scipy.stats import spearmanr
from torch import nn

from components.errors import UserFacingError
from components.progress import ProgressFn, no_progress
from components.runtime import seeded_global_rng
from components.shared_models import working_copy

AttributeFn = Callable[[nn.Module, torch.Tensor, int], np.ndarray]

SSIM_WINDOW = 7  # skimage's default window; maps are 28×28, so 22×22 windows are averaged
# Parameters of modules without reset_parameters (class token, position embedding) get normal
# noise at the trained tensor's own scale, which erases what was learned without blowing up or
# silencing the activations that follow; this std where that scale is 0 (a scalar, all zeros).
FALLBACK_STD = 0.02


@dataclass(frozen=True, eq=False)  # eq=False: an ndarray field has no single truth value
class RandomisationStep:
    """The map after randomising one more layer (step 0: the trained model)."""

    layer: str  # the unit randomised at this step ("" for the trained model)
    attribution: np.ndarray  # (28, 28) map of the model as randomised so far
    spearman: float  # rank correlation of |map| with the trained |map| (nan for a constant map)
    ssim: float | None  # structural similarity of the max-normalised |maps|, in [-1, 1]


def _has_own_parameters(module: nn.Module) -> bool:
    return next(module.parameters(recurse=False), None) is not None


def randomisation_units(model: nn.Module) -> list[str]:
    """Names of the units the cascade randomises, output side first.

    A unit is a top-level child with parameters; a ``ModuleList`` of blocks (the ViT's
    encoder) contributes each block. LeNet: fc2, fc1, conv2, conv1; TinyViT: head, blocks.3 …
    blocks.0, embed. Children are taken in registration order, which is the forward order for
    the zoo's models.
    """
    units: list[str] = []
    for name, child in model.named_children():
        if next(child.parameters(), None) is None:
            continue
        if isinstance(child, nn.ModuleList):
            units.extend(
                f"{name}.{sub}"
                for sub, block in child.named_children()
                if next(block.parameters(), None) is not None
            )
        else:
            units.append(name)
    if not units and next(model.parameters(), None) is not None:
        units.append("")  # a bare layer (e.g. one nn.Linear): the model is the only unit
    return units[::-1]


def reinitialise(module: nn.Module, seed: int) -> None:
    """Give every parameter inside ``module`` fresh random values, seeded.

    Each layer's own ``reset_parameters`` (its construction-time init) where it has one
    (``MultiheadAttention`` calls it ``_reset_parameters``); other parameters get
    N(0, σ²) with σ the tensor's own std (:data:`FALLBACK_STD` when that is 0).
    """
    # reset_parameters draws from torch's global generator: seed a fork so a seed always gives
    # the same weights and the caller's random state is left alone. The generator is shared by
    # every thread (every page session), so two sessions seeding it at once would draw from each
    # other's streams (measured: 5 of 20 concurrent cascades differed from the serial result);
    # the lock serialises these few milliseconds.
    with seeded_global_rng(seed), torch.no_grad():
        for sub in module.modules():
            if not _has_own_parameters(sub):
                continue
            reset = getattr(sub, "reset_parameters", None) or getattr(
                sub, "_reset_parameters", None
            )
            if callable(reset):
                reset()
                continue
            for param in sub.parameters(recurse=False):
                std = float(param.std()) if param.numel() > 1 else 0.0
                param.normal_(0.0, std if std > 0 else FALLBACK_STD)


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    """Rank correlation of |a| and |b| (ties get average ranks); nan when either is constant."""
    x, y = np.abs(np.ravel(a)), np.abs(np.ravel(b))
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return float("nan")
    return float(spearmanr(x, y).statistic)


def ssim(a: np.ndarray, b: np.ndarray, window: int = SSIM_WINDOW) -> float | None:
    """Mean structural similarity of |a| and |b|, each scaled to [0, 1] by its maximum.

    The same numbers as ``skimage.metrics.structural_similarity(data_range=1, win_size=7)``
    (uniform window, sample covariance, mean over windows inside the image); None for maps
    smaller than the window.
    """
    x, y = (np.abs(np.asarray(m, dtype=np.float64)) for m in (a, b))
    if x.ndim != 2 or min(x.shape) < window:
        return None
    x, y = (m / m.max() if m.max() > 0 else m for m in (x, y))
    wx, wy = sliding_window_view(x, (window, window)), sliding_window_view(y, (window, window))
    n = window * window
    mx, my = wx.mean(axis=(-2, -1)), wy.mean(axis=(-2, -1))
    cov_norm = n / (n - 1)
    vx = cov_norm * ((wx * wx).mean(axis=(-2, -1)) - mx * mx)
    vy = cov_norm * ((wy * wy).mean(axis=(-2, -1)) - my * my)
    vxy = cov_norm * ((wx * wy).mean(axis=(-2, -1)) - mx * my)
    c1, c2 = 0.01**2, 0.03**2  # K1, K2 of Wang et al. 2004 with a data range of 1
    s = ((2 * mx * my + c1) * (2 * vxy + c2)) / ((mx**2 + my**2 + c1) * (vx + vy + c2))
    return float(s.mean())


def _map(attribute_fn: AttributeFn, model: nn.Module, x: torch.Tensor, target: int) -> np.ndarray:
    out = attribute_fn(model, x.clone(), target)
    if isinstance(out, torch.Tensor):
        out = out.detach().cpu().numpy()
    return np.asarray(out, dtype=np.float64).reshape(x.shape[-2:])


def cascading_randomisation(
    model: nn.Module,
    x: torch.Tensor,
    target: int,
    attribute_fn: AttributeFn,
    seed: int = 0,
    progress: ProgressFn | None = None,
    *,
    units: Sequence[str] | None = None,
) -> list[RandomisationStep]:
    """Randomise ``units`` cumulatively from the output side and recompute the map each time.

    Args:
        model: the (shared) model; it is deep-copied, never changed.
        x: one image (1, C, H, W) in the model's input scale.
        target: the class explained at every step.
        attribute_fn: (model, x, target) → (H, W) map, e.g. Saliency on the given model.
        seed: re-initialisation seed (unit i uses ``seed + i``).
        progress: called after each step with (fraction done, "randomised fc2").
        units: the units in the order to randomise; default :func:`randomisation_units`.
    Returns:
        1 + len(units) steps; step 0 is the trained model (spearman 1, ssim 1).
    Raises:
        UserFacingError("explain.error.unknown_layer"): a unit is not a module of the model.
    """
    progress = progress or no_progress
    copy = working_copy(model).eval()
    modules = dict(copy.named_modules())
    order = list(randomisation_units(copy) if units is None else units)
    unknown = [name for name in order if name not in modules]
    if unknown:
        raise UserFacingError(
            "explain.error.unknown_layer",
            layer=", ".join(unknown),
            layers=", ".join(randomisation_units(copy)),
        )
    reference = _map(attribute_fn, copy, x, target)
    steps = [RandomisationStep("", reference, 1.0, ssim(reference, reference))]
    for i, name in enumerate(order):
        reinitialise(modules[name], seed + i)
        current = _map(attribute_fn, copy, x, target)
        steps.append(
            RandomisationStep(name, current, spearman(reference, current), ssim(reference, current))
        )
        progress((i + 1) / len(order), f"randomised {name or 'model'}")
    return steps
