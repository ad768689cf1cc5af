"""Smaller students for the zoo's teachers: the same architecture, narrower.

Each supported model has one builder, ``width → nn.Module``; adding a model means adding one
entry to :data:`STUDENT_BUILDERS`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

from torch import nn

from components.errors import UserFacingError
from models.lenet import LeNet
from models.registry import ModelSpec
from models.tiny_vit import TinyViT


def _default(cls: type, name: str) -> int:
    """A constructor default: the teacher's size, read without building (no RNG is consumed)."""
    return inspect.signature(cls).parameters[name].default


def lenet_student(width: float) -> LeNet:
    """LeNet with ``width`` × the teacher's channels and hidden units (conv2 keeps at least 2)."""
    return LeNet(
        c1=max(1, round(_default(LeNet, "c1") * width)),
        c2=max(2, round(_default(LeNet, "c2") * width)),
        hidden=max(1, round(_default(LeNet, "hidden") * width)),
    )


def tiny_vit_student(width: float) -> TinyViT:
    """TinyViT with the same depth, heads and patches, and ``width`` × the teacher's embedding
    dimension rounded to a multiple of the heads (so every head keeps an integer size)."""
    heads = _default(TinyViT, "heads")
    dim = heads * max(1, round(_default(TinyViT, "dim") * width / heads))
    return TinyViT(dim=dim, heads=heads)


STUDENT_BUILDERS: dict[str, Callable[[float], nn.Module]] = {
    "lenet": lenet_student,
    "tiny_vit": tiny_vit_student,
}


def make_student(spec: ModelSpec, width: float) -> nn.Module:
    """A randomly initialised student for ``spec``'s model at ``width`` (0 < width ≤ 1).

    Raises:
        UserFacingError: ``distill.error.unsupported`` for models without a student builder
            (the sentence encoder: distilling it would need a text corpus that is not shipped).
    """
    # A brought model names its own student with build_student(width) in its file.
    builder = STUDENT_BUILDERS.get(spec.name) or getattr(spec, "build_student", None)
    if builder is None:
        raise UserFacingError("distill.error.unsupported", model=spec.title)
    if not 0.0 < width <= 1.0:
        raise ValueError(f"width={width} must be in (0, 1]")
    return builder(width)
