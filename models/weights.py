"""Loading shipped safetensors weights with errors that say exactly what is wrong."""

from __future__ import annotations

from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file
from torch import nn


class ModelLoadError(Exception):
    """A model could not be loaded; the message is written for the person using the app."""


class WeightsMissingError(ModelLoadError):
    """The weights file is absent."""


class WeightsMismatchError(ModelLoadError):
    """The weights file does not fit the architecture."""

    def __init__(
        self,
        path: Path,
        missing: list[str],
        unexpected: list[str],
        mismatched: list[tuple[str, tuple[int, ...], tuple[int, ...]]],
    ):
        self.missing, self.unexpected, self.mismatched = missing, unexpected, mismatched
        parts = []
        if missing:
            parts.append("missing keys: " + ", ".join(missing[:8]))
        if unexpected:
            parts.append("unexpected keys: " + ", ".join(unexpected[:8]))
        if mismatched:
            parts.append(
                "wrong shapes: "
                + ", ".join(
                    f"{k} (file {tuple(f)}, model {tuple(m)})" for k, f, m in mismatched[:8]
                )
            )
        super().__init__(f"{path.name} does not match the architecture — " + "; ".join(parts))


def check_state_dict(model: nn.Module, state: dict[str, torch.Tensor], path: Path) -> None:
    """Raise :class:`WeightsMismatchError` naming every key that is missing, extra or mis-shaped."""
    expected = model.state_dict()
    missing = sorted(set(expected) - set(state))
    unexpected = sorted(set(state) - set(expected))
    mismatched = [
        (k, tuple(state[k].shape), tuple(expected[k].shape))
        for k in sorted(set(expected) & set(state))
        if state[k].shape != expected[k].shape
    ]
    if missing or unexpected or mismatched:
        raise WeightsMismatchError(path, missing, unexpected, mismatched)


def load_weights(model: nn.Module, path: Path, retrain_hint: str = "") -> nn.Module:
    """Load a safetensors file into ``model`` after checking every key and shape.

    Never unpickles anything: safetensors holds only raw tensors.
    """
    if not path.is_file():
        raise WeightsMissingError(
            f"Weights file {path} is missing."
            + (f" Recreate it with `{retrain_hint}`." if retrain_hint else "")
        )
    try:
        state = load_file(path)
    except (SafetensorError, OSError, ValueError) as err:
        raise ModelLoadError(f"{path.name} is not a readable safetensors file ({err}).") from err
    check_state_dict(model, state, path)
    model.load_state_dict(state)
    return model
