"""Adversarial inputs from ``captum.robust``: FGSM and PGD, in the models' normalised input
space, clamped to the data's valid range (:mod:`components.forgetting.bounds`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import ClassVar, Literal, get_args

import torch
import torch.nn.functional as F
from captum.robust import FGSM, PGD
from torch import nn

from components.forgetting.bounds import InputRange
from components.runtime import seeded_global_rng
from components.shared_models import working_copy
from models.rng import check_seed

AttackName = Literal["fgsm", "pgd"]
# ε in normalised units (the digits: 1 unit = std = 0.32 of the pixel range). LeNet measured
# 98 % clean, 92 % at 0.1, 43 % at 0.3 and 0 % at 1.0 under FGSM.
DEFAULT_EPSILONS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0)


@dataclass(frozen=True)
class AttackSettings:
    """One attack and the ε values of a curve; pages draw their controls from the bounds."""

    ATTACKS: ClassVar[tuple[str, ...]] = get_args(AttackName)
    # 2 normalised units is 0.65 of the digits' pixel range: every model is at 0 % long before.
    EPSILON_RANGE: ClassVar[tuple[float, float]] = (0.0, 2.0)
    MAX_EPSILONS: ClassVar[int] = 12
    # PGD steps: each is a forward and backward pass over the sample at every non-zero ε
    # (LeNet, 450 digits: 50–140 ms per pass measured on a shared 2-core machine).
    STEPS_RANGE: ClassVar[tuple[int, int]] = (1, 40)
    N_RANGE: ClassVar[tuple[int, int]] = (10, 450)

    attack: AttackName = "fgsm"
    epsilons: tuple[float, ...] = DEFAULT_EPSILONS
    steps: int = 10  # PGD only
    # PGD step size = step_ratio · ε / steps: Madry et al. (2018) take 2.5, so that the walk
    # can reach the edge of the ε-ball from anywhere inside it.
    step_ratio: float = 2.5
    random_start: bool = False  # PGD only; seeded with ``seed``
    n_examples: int = 450  # stratified sample of the test split (all 450 digits)
    seed: int = 0

    def __post_init__(self) -> None:
        if self.attack not in self.ATTACKS:
            raise ValueError(f"attack {self.attack!r} not in {self.ATTACKS}")
        epsilons = tuple(sorted({float(e) for e in self.epsilons}))
        low, high = self.EPSILON_RANGE
        if not epsilons or len(epsilons) > self.MAX_EPSILONS:
            raise ValueError(f"1 to {self.MAX_EPSILONS} ε values, got {len(epsilons)}")
        if not all(low <= e <= high for e in epsilons):
            raise ValueError(f"ε values {epsilons} outside {self.EPSILON_RANGE}")
        object.__setattr__(self, "epsilons", epsilons)
        if not self.STEPS_RANGE[0] <= self.steps <= self.STEPS_RANGE[1]:
            raise ValueError(f"steps {self.steps} outside {self.STEPS_RANGE}")
        if not self.N_RANGE[0] <= self.n_examples <= self.N_RANGE[1]:
            raise ValueError(f"n_examples {self.n_examples} outside {self.N_RANGE}")
        if self.step_ratio <= 0:
            raise ValueError("step_ratio must be positive")
        check_seed(self.seed)

    def step_size(self, epsilon: float) -> float:
        return self.step_ratio * epsilon / self.steps


def example_loss(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Cross-entropy per example, in float64.

    captum's default loss, −log of the output, assumes probabilities; the models return logits.
    float64 keeps the gradient of a confidently right digit from rounding to exactly zero
    (LeNet's logit gaps reach 28: the wrong classes' softmax is then about 1e-12).
    """
    return F.cross_entropy(logits.double(), target, reduction="none")


def _unthresholded(attack: FGSM) -> FGSM:
    # captum leaves every input whose |gradient| is below ``zero_thresh`` (1e-6) untouched.
    # Confident digits have gradients that small everywhere: with the default, half of LeNet's
    # test digits were never perturbed and FGSM accuracy levelled off at 56 % instead of 0 %
    # (gradient masking by a threshold). Only an exactly zero gradient is left alone now.
    attack.zero_thresh = 0.0
    return attack


def has_gradients(model: nn.Module, x: torch.Tensor) -> bool:
    """Whether the loss of ``model`` on one example has a gradient with respect to the input
    (int8 layers have none; neither has a forward that leaves autograd)."""
    if any("quantized" in type(m).__module__.split(".") for m in model.modules()):
        # Asked to backpropagate, int8 kernels warn and fall through; they have no gradient.
        return False
    probe = x[:1].detach().clone().requires_grad_()
    try:
        with torch.enable_grad():
            out = model(probe)
            if not isinstance(out, torch.Tensor) or not out.requires_grad:
                return False
            (grad,) = torch.autograd.grad(out.float().sum(), probe, allow_unused=True)
    except (RuntimeError, NotImplementedError):
        return False
    return grad is not None


def _attackable(model: nn.Module) -> nn.Module:
    """A private copy whose weights need no gradient: only the input's is computed."""
    private = working_copy(model).eval()
    private.requires_grad_(False)
    return private


def fgsm_examples(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    epsilons: Sequence[float],
    bounds: InputRange,
) -> list[torch.Tensor]:
    """FGSM adversarial inputs of ``x`` (true classes ``y``) at every ε, clamped to ``bounds``.

    FGSM moves every input by ε · sign(∇ₓ loss), and that sign does not depend on ε: one
    ``captum.robust.FGSM.perturb`` call (at ε = 1, unclamped) gives it, and each ε is then
    ``clamp(x + ε · sign)``, the same arithmetic FGSM.perturb does at that ε (a test checks).
    One gradient instead of one per ε: a curve of 8 ε costs about 3 forward passes.
    """
    private = _attackable(model)
    attack = _unthresholded(FGSM(private, loss_func=example_loss))
    stepped = attack.perturb(x, 1.0, y)
    sign = torch.sign(stepped - x)  # exactly the captum step's sign; 0 where the gradient is 0
    return [bounds.clamp(x + float(eps) * sign) for eps in epsilons]


def pgd_example(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    epsilon: float,
    settings: AttackSettings,
    bounds: InputRange,
    on_step: Callable[[], None] | None = None,
) -> torch.Tensor:
    """PGD (L∞) adversarial inputs at radius ``epsilon``: ``settings.steps`` steps of
    ``settings.step_size(epsilon)``, one ``captum.robust.PGD.perturb`` call; ``on_step`` is
    called once per step (progress)."""
    if epsilon == 0:
        return x.clone()  # the ε-ball is the input itself
    private = _attackable(model)

    def forward(inputs: torch.Tensor) -> torch.Tensor:
        if on_step is not None:
            on_step()
        return private(inputs)

    attack = PGD(forward, loss_func=example_loss, lower_bound=bounds.low, upper_bound=bounds.high)
    _unthresholded(attack.fgsm)
    # The random start draws from torch's global generator: seed it under the process lock
    # (held only then: a whole PGD run would otherwise block every other seeded block).
    seeded = seeded_global_rng(settings.seed) if settings.random_start else nullcontext()
    with seeded:
        return attack.perturb(
            x,
            radius=float(epsilon),
            step_size=settings.step_size(epsilon),
            step_num=settings.steps,
            target=y,
            random_start=settings.random_start,
        )
