"""The input scale explanations assume: what a blank (black) input is for the model at hand.

Zoo image models read digits normalised with the training set's mean and std; a brought model
normalises its own way (its ``load_data().normalise``). Baselines and deletion curves need "a
black pixel" in that scale. Rather than thread the data through every call, a page sets it for
the duration of its work with :func:`input_scale`; a context variable keeps concurrent sessions
(threads) apart.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

import torch

from models.data import load_digits_split


class Normalises(Protocol):
    def normalise(self, images01: torch.Tensor) -> torch.Tensor: ...


_SCALE: contextvars.ContextVar[Normalises | None] = contextvars.ContextVar(
    "modellens_input_scale", default=None
)


@contextmanager
def input_scale(data: Normalises) -> Iterator[None]:
    """Within the block, blank inputs are ``data.normalise(0)`` (default: the digits' scale)."""
    token = _SCALE.set(data)
    try:
        yield
    finally:
        _SCALE.reset(token)


def blank_like(x: torch.Tensor) -> torch.Tensor:
    """An all-black input shaped like ``x``, in the current input scale."""
    data = _SCALE.get() or load_digits_split()
    return data.normalise(torch.zeros_like(x))
