"""Models as chains of layers, the view that model and pipeline parallelism split.

This module runs inside the worker processes too, so it imports only torch and the zoo.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence

import torch
from torch import nn

from components.errors import UserFacingError
from components.parallel.settings import ParallelSettings
from components.runtime import seeded_global_rng
from models.data import load_digits_split
from models.minilm import SentenceEncoder
from models.registry import REGISTRY, ModelSpec, get_spec, load_model
from models.tiny_vit import TinyViT

Layers = list[tuple[str, nn.Module]]


def _sequential(model: nn.Module) -> Layers:
    return list(model.named_children())


def _tiny_vit(model: nn.Module) -> Layers:
    # TinyViT.forward is exactly embed → blocks in order → head; the ModuleList itself is not
    # callable, so its blocks become layers of their own.
    blocks = [(f"blocks.{i}", block) for i, block in enumerate(model.blocks)]
    return [("embed", model.embed), *blocks, ("head", model.head)]


# One entry per architecture whose forward is a chain of sub-modules, each taking the previous
# one's single output tensor. Adding a model that splits means adding one entry here.
ADAPTERS: dict[type[nn.Module], Callable[[nn.Module], Layers]] = {
    nn.Sequential: _sequential,
    TinyViT: _tiny_vit,
}


def sequential_layers(model: nn.Module, spec: ModelSpec | None = None) -> Layers:
    """The model as (qualified name, module) pairs whose chained calls equal ``model(x)``.

    Raises:
        UserFacingError("parallel.error.not_splittable_text"): MiniLM; its layers need the
            attention mask beside the activations, and it has no class labels to train on.
        UserFacingError("parallel.error.not_splittable"): any other model that is not a chain.
    """
    for cls, adapter in ADAPTERS.items():
        if isinstance(model, cls):
            return adapter(model)
    title = spec.title if spec is not None else type(model).__name__
    if isinstance(model, SentenceEncoder):
        raise UserFacingError("parallel.error.not_splittable_text", model=title)
    if spec is not None:  # a brought model: do its top-level children chain to model(x)?
        from components.capabilities import chained_layers

        layers, why = chained_layers(model, tuple(spec.example_input(model, 2)))
        if layers is not None:
            return layers
        if why.reason_key:
            raise UserFacingError(why.reason_key, **why.reason_values)
    raise UserFacingError("parallel.error.not_splittable", model=title)


def check_split(
    n_layers: int,
    split_points: Sequence[int],
    stages_range: tuple[int, int] = ParallelSettings.STAGES_RANGE,
) -> list[tuple[int, int]]:
    """(start, stop) layer ranges of the stages that ``split_points`` cut the chain into.

    ``split_points`` are the indices of the first layer of the second, third … stage.

    Raises:
        UserFacingError("parallel.error.stage_count"): too few or too many stages.
        UserFacingError("parallel.error.split_points"): points not strictly increasing within
            1 … n_layers − 1 (every stage needs at least one layer).
    """
    points = list(split_points)
    low, high = stages_range
    if not low <= len(points) + 1 <= high:
        raise UserFacingError(
            "parallel.error.stage_count", stages=len(points) + 1, low=low, high=high
        )
    ok = all(isinstance(p, int) and not isinstance(p, bool) for p in points)
    ok = ok and all(a < b for a, b in zip([0, *points], [*points, n_layers], strict=True))
    if not ok:
        raise UserFacingError(
            "parallel.error.split_points",
            points=", ".join(str(p) for p in points),
            last=n_layers - 1,
        )
    return list(zip([0, *points], [*points, n_layers], strict=True))


def stage_label(layers: Layers, start: int, stop: int) -> str:
    """Short name of layers ``start:stop``: "conv1 … pool1", or the one layer's name."""
    names = [name for name, _ in layers[start:stop]]
    return names[0] if len(names) == 1 else f"{names[0]} … {names[-1]}"


def stage_module(layers: Layers, start: int, stop: int) -> nn.Sequential:
    """Layers ``start:stop`` as one module (the originals, not copies)."""
    return nn.Sequential(*(module for _, module in layers[start:stop]))


def build_model(name: str) -> tuple[nn.Module, ModelSpec | None]:
    """A zoo model by registry name, or ``"package.module:factory"`` for one built in code.

    Models are built with torch's global generator seeded to 0, so every process builds the same
    weights; the server's own call takes the process-wide RNG lock (components.runtime).
    """
    with seeded_global_rng(0):
        if ":" not in name:
            if name not in REGISTRY:  # a brought model: workers inherit the environment, not argv
                from models.user_models import register_from_startup

                register_from_startup([])
            return load_model(name), get_spec(name)
        module_name, factory = name.split(":", 1)
        model = getattr(importlib.import_module(module_name), factory)()
    return model.eval(), None


def zoo_spec(name: str, *, splitting: bool) -> ModelSpec | None:
    """The registry spec of ``name`` (None for a factory), refusing, before anything is loaded,
    the models the runs cannot handle: every run feeds digits, and trains on their labels.

    Raises:
        UserFacingError("parallel.error.not_splittable_text"): a text model, when splitting.
        UserFacingError("parallel.error.needs_digits"): any other model that is not a digit
            classifier.
    """
    if ":" in name:
        return None
    if name not in REGISTRY:
        build_model(name)  # registers a brought model in this process
    spec = get_spec(name)
    if (spec.task, spec.input_kind) != ("classification", "image"):
        text = splitting and spec.input_kind == "text"
        key = "parallel.error.not_splittable_text" if text else "parallel.error.needs_digits"
        raise UserFacingError(key, model=spec.title)
    return spec


def digits_batch(batch: int, name: str | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """The first ``batch`` training images and their labels (repeated past the end): every
    run's input, the same in every process. Digits, or a brought model's own training data."""
    data = load_digits_split()
    if name is not None and ":" not in name:
        own = get_spec(name).load_data()
        if getattr(own, "x_train", None) is not None and getattr(own, "y_train", None) is not None:
            data = own
    reps = -(-batch // len(data.x_train))
    x = data.x_train.repeat(reps, 1, 1, 1)[:batch].clone()
    y = data.y_train.repeat(reps)[:batch].clone()
    return x, y
