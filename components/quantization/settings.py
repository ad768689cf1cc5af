"""What the Compress page can ask of the quantization backend: methods, bounds, the result.

The page draws its controls from the class constants of :class:`QuantSettings` and lists the
methods of :data:`QUANT_METHODS`; :mod:`components.quantization.quantize` maps each to its function.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Literal, get_args

import torch
from torch import nn

QuantMethodName = Literal["dynamic_int8", "static_int8", "fp16", "bf16"]

HALF_DTYPES: dict[str, torch.dtype] = {"fp16": torch.float16, "bf16": torch.bfloat16}


@dataclass(frozen=True)
class QuantMethod:
    """One quantization method and which library call does the work. Where it applies is
    decided from the model itself: :func:`components.quantization.applies.method_reason`."""

    name: str
    library: str  # the exact API that runs, shown on the page
    needs_calibration: bool  # runs training data through the model to fix activation ranges

    @property
    def label_key(self) -> str:
        """The i18n key of the method's display name."""
        return f"quant.method.{self.name}"

    @property
    def is_int8(self) -> bool:
        return self.name.endswith("int8")


QUANT_METHODS: dict[str, QuantMethod] = {
    info.name: info
    for info in (
        QuantMethod(
            "dynamic_int8",
            library="torch.ao.quantization.quantize_dynamic",
            needs_calibration=False,
        ),
        QuantMethod(
            "static_int8",
            library="torch.ao.quantization.quantize_fx.prepare_fx + convert_fx",
            needs_calibration=True,
        ),
        QuantMethod(
            "fp16",
            library="torch.nn.Module.to(torch.float16)",
            needs_calibration=False,
        ),
        QuantMethod(
            "bf16",
            library="torch.nn.Module.to(torch.bfloat16)",
            needs_calibration=False,
        ),
    )
}
assert set(QUANT_METHODS) == set(get_args(QuantMethodName)), (
    "QUANT_METHODS and QuantMethodName disagree"
)


@dataclass(frozen=True)
class QuantSettings:
    """One quantization request; pages draw their controls from the bounds declared here."""

    # Batches of CALIBRATION_BATCH training digits for static int8. One batch already fixes the
    # ranges of LeNet well; 32 batches (1,024 digits) is most of the 1,347-digit training set.
    CALIBRATION_RANGE: ClassVar[tuple[int, int]] = (1, 32)
    CALIBRATION_BATCH: ClassVar[int] = 32

    method: QuantMethodName = "dynamic_int8"
    # One scale per output channel instead of per tensor: channels with small weights get a finer
    # grid. MiniLM's mean cosine vs fp32 measured 0.976 per-channel against 0.946 per-tensor.
    per_channel: bool = True
    calibration_batches: int = 8  # static int8 only
    keep_fp32: tuple[str, ...] = ()  # layer names left in fp32 (int8 methods only)

    def __post_init__(self) -> None:
        if self.method not in QUANT_METHODS:
            raise ValueError(
                f"unknown quantization method {self.method!r}; known: {list(QUANT_METHODS)}"
            )
        low, high = self.CALIBRATION_RANGE
        if not low <= self.calibration_batches <= high:
            raise ValueError(
                f"calibration_batches {self.calibration_batches} outside {self.CALIBRATION_RANGE}"
            )
        object.__setattr__(self, "keep_fp32", tuple(self.keep_fp32))

    @property
    def info(self) -> QuantMethod:
        return QUANT_METHODS[self.method]

    @property
    def is_int8(self) -> bool:
        return self.info.is_int8

    @property
    def half_dtype(self) -> torch.dtype | None:
        """torch.float16 / torch.bfloat16 for the half-precision methods, else None."""
        return HALF_DTYPES.get(self.method)


@dataclass
class QuantResult:
    """A quantized private copy of a model and what the page should say about it."""

    model: nn.Module  # takes spec.example_input(model, b) unchanged; returns float32 outputs
    method: str
    library: str  # the call that ran, with its configuration
    notes: list[str] = field(default_factory=list)  # i18n keys of caveats
    quantized_layers: list[str] = field(default_factory=list)  # names as in the original model
