"""What every attribution method shares: its parameters, its description, and one call shape.

Like captum's ``Attribution.attribute(inputs, target, ...)``, every method here is one function
``attribute(call) -> Attributed`` behind one :class:`AttributionMethod`; adding a method means
adding one entry to :data:`components.explain.methods.ATTRIBUTION_METHODS`.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Literal

import torch
from torch import nn

from components.runtime import seeded_global_rng

ParamValue = float | int | str
ParamKind = Literal["int", "float", "choice"]
# What a method needs from the model; components.explain.attributions checks each one.
Requirement = Literal["image", "gradients", "conv", "relu", "deeplift_rules"]


@dataclass(frozen=True)
class ParamSpec:
    """One control of a method, with the bounds the page draws its slider from."""

    name: str
    default: ParamValue | None  # None: chosen per model (Grad-CAM's layer: the last conv layer)
    low: float | None = None
    high: float | None = None
    step: float | None = None
    label_key: str = ""  # defaults to "explain.param.<name>"
    choices: tuple[str, ...] = ()  # fixed choices; empty for numbers and per-model choices

    def __post_init__(self) -> None:
        if not self.label_key:
            object.__setattr__(self, "label_key", f"explain.param.{self.name}")

    @property
    def kind(self) -> ParamKind:
        """How the page draws it: an int or float slider, or a select box."""
        if self.low is None:
            return "choice"
        return "int" if isinstance(self.default, int) else "float"

    def choice_key(self, choice: str) -> str:
        """The i18n key of a fixed choice's label: ``explain.<param>.<choice>``."""
        return f"explain.{self.name}.{choice}"


@dataclass(frozen=True)
class Attributed:
    """What a method returns: attributions shaped like the input (or like a layer, for CAM)."""

    attribution: torch.Tensor
    delta: float | None = None


@dataclass(frozen=True)
class AttributionCall:
    """The arguments every method receives.

    ``model`` is a private copy (captum may hook it); ``x`` is a private clone of the (1, 1, H, W)
    input (captum toggles ``requires_grad`` on it); ``params`` are complete and validated.
    """

    model: nn.Module
    x: torch.Tensor
    target: int
    baseline: torch.Tensor  # same shape as x: a blank (black, ink-free) digit, normalised
    params: dict[str, ParamValue]
    seed: int


@dataclass(frozen=True)
class AttributionMethod:
    """One attribution method: how the page labels it and what the backend runs."""

    name: str
    signed: bool  # attributions can be negative (evidence against the target)
    needs_conv: bool  # works on a conv layer (Grad-CAM)
    params: tuple[ParamSpec, ...]
    attribute: Callable[[AttributionCall], Attributed] = field(repr=False, compare=False)
    requires: tuple[Requirement, ...] = ("image", "gradients")
    stochastic: bool = False  # draws from torch's global RNG (seeded, see seeded_rng)

    @property
    def label_key(self) -> str:
        """The i18n key of the method's display name."""
        return f"explain.method.{self.name}"

    def param(self, name: str) -> ParamSpec:
        return next(p for p in self.params if p.name == name)


# captum's NoiseTunnel, Lime and KernelShap draw from torch's global generator and accept none of
# their own. The server-wide lock of components.runtime makes "seed, then draw" atomic among all
# its users (random pruning too), and fork_rng puts the global state back afterwards.
def seeded_rng(seed: int) -> AbstractContextManager[None]:
    """Run the block with torch's global CPU generator seeded to ``seed``, one block at a time."""
    return seeded_global_rng(seed)
