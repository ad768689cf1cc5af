"""What the Compress page can ask of the pruning backend: methods, layer filters and bounds.

The page draws its controls from the class constants of :class:`PruneSettings`; adding a pruning
criterion means adding one :class:`PruneMethod` to :data:`PRUNE_METHODS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import ClassVar, Literal, get_args

from torch.nn.utils import prune

from models.rng import check_seed

PruneMethodName = Literal[
    "l1_unstructured", "random_unstructured", "l1_structured", "l2_structured", "channel_removal"
]
LayerFilter = Literal["all", "conv", "linear", "pick"]
Scope = Literal["layer", "global"]


@dataclass(frozen=True)
class PruneMethod:
    """One pruning method and how it is applied.

    Masked methods name a ``torch.nn.utils.prune`` method class (``mask_method``) and its extra
    arguments; ``channel_removal`` has none and goes through torch-pruning instead.
    """

    name: str
    physically_removes: bool  # True: tensors shrink (fewer parameters, real speed-up)
    structured: bool  # whole output channels/rows rather than single weights
    supports_global: bool  # one threshold across all chosen layers (prune.global_unstructured)
    mask_method: type[prune.BasePruningMethod] | None = None
    mask_kwargs: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def label_key(self) -> str:
        """The i18n key of the method's display name."""
        return f"prune.method.{self.name}"


def _structured(n: int) -> Mapping[str, object]:
    # ln_structured over dim 0: whole output channels of a conv, whole rows of a linear layer.
    return MappingProxyType({"n": n, "dim": 0})


PRUNE_METHODS: dict[str, PruneMethod] = {
    info.name: info
    for info in (
        PruneMethod(
            "l1_unstructured",
            physically_removes=False,
            structured=False,
            supports_global=True,
            mask_method=prune.L1Unstructured,
        ),
        PruneMethod(
            "random_unstructured",
            physically_removes=False,
            structured=False,
            supports_global=True,
            mask_method=prune.RandomUnstructured,
        ),
        PruneMethod(
            "l1_structured",
            physically_removes=False,
            structured=True,
            supports_global=False,
            mask_method=prune.LnStructured,
            mask_kwargs=_structured(1),
        ),
        PruneMethod(
            "l2_structured",
            physically_removes=False,
            structured=True,
            supports_global=False,
            mask_method=prune.LnStructured,
            mask_kwargs=_structured(2),
        ),
        PruneMethod(  # torch-pruning, see channels.py
            "channel_removal", physically_removes=True, structured=True, supports_global=False
        ),
    )
}
assert set(PRUNE_METHODS) == set(get_args(PruneMethodName)), (
    "PRUNE_METHODS and PruneMethodName disagree"
)


@dataclass(frozen=True)
class PruneSettings:
    """One pruning request; pages draw their sliders from the bounds declared here."""

    # Fraction of the chosen weights (or output channels) to remove. Capped below 1: a layer with
    # every weight gone predicts a constant, which teaches nothing the 0.95 point does not.
    AMOUNT_RANGE: ClassVar[tuple[float, float]] = (0.0, 0.95)
    AMOUNT_STEP: ClassVar[float] = 0.05
    # Fine-tuning epochs after pruning. LeNet recovers in 1–2 epochs; more than 5 makes a page
    # interaction slow on 2 CPU cores (the ViT takes ≈2 s per epoch).
    FINETUNE_RANGE: ClassVar[tuple[int, int]] = (0, 5)
    SCOPES: ClassVar[tuple[str, ...]] = get_args(Scope)
    LAYER_FILTERS: ClassVar[tuple[str, ...]] = get_args(LayerFilter)

    method: PruneMethodName = "l1_unstructured"
    amount: float = 0.5
    scope: Scope = "layer"  # "global" applies to unstructured methods only (see PruneMethod)
    layers: LayerFilter = "all"
    picked: tuple[str, ...] = ()  # layer names when layers == "pick"
    finetune_epochs: int = 0  # classification models only
    seed: int = 0  # for random pruning and fine-tuning

    def __post_init__(self) -> None:
        low, high = self.AMOUNT_RANGE
        if self.method not in PRUNE_METHODS:
            raise ValueError(
                f"unknown pruning method {self.method!r}; known: {list(PRUNE_METHODS)}"
            )
        if not low <= self.amount <= high:
            raise ValueError(f"amount {self.amount} outside {self.AMOUNT_RANGE}")
        if self.scope not in self.SCOPES:
            raise ValueError(f"scope {self.scope!r} not in {self.SCOPES}")
        if self.layers not in self.LAYER_FILTERS:
            raise ValueError(f"layer filter {self.layers!r} not in {self.LAYER_FILTERS}")
        if not self.FINETUNE_RANGE[0] <= self.finetune_epochs <= self.FINETUNE_RANGE[1]:
            raise ValueError(
                f"finetune_epochs {self.finetune_epochs} outside {self.FINETUNE_RANGE}"
            )
        check_seed(self.seed)
        object.__setattr__(self, "picked", tuple(self.picked))

    @property
    def info(self) -> PruneMethod:
        return PRUNE_METHODS[self.method]

    @property
    def is_global(self) -> bool:
        """Whether one global threshold is used (only where the method supports it)."""
        return self.scope == "global" and self.info.supports_global
