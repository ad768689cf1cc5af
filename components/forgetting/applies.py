"""Which parts of the forgetting view apply to a model, each "no" with its reason.

Decided from the model's inputs, outputs and data, never from its name, so brought models go
through the same checks as the zoo's (see :mod:`components.capabilities`).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from components.capabilities import YES, Capability, describe_inputs
from components.forgetting.attacks import has_gradients
from components.pruning import prunable_layers
from components.shared_models import working_copy
from models.registry import ModelSpec


def _no(key: str, **values: object) -> Capability:
    return Capability(False, key, dict(values))


def _all(*checks: Capability) -> Capability:
    """The first "no" among ``checks`` (its reason is the one shown), else yes."""
    return next((check for check in checks if not check), YES)


@dataclass(frozen=True)
class ForgettingApplicability:
    """What the forgetting view can show for one original model."""

    per_class: Capability  # per-class accuracy, confusion matrices, forgotten examples
    pie: Capability  # pruning-identified exemplars
    paraphrase: Capability  # paraphrase pairs ranked wrong (sentence encoders)
    drift: Capability  # CKA per layer (ok with a note for token inputs)
    projection: Capability  # PCA of the penultimate features coloured by class
    robustness: Capability  # FGSM / PGD curves, adversarial example, noise flip


def _scores(spec: ModelSpec, output: object) -> Capability:
    if spec.task == "sentence-embedding":
        return _no("forget.reason.no_classes", model=spec.title)
    if isinstance(output, torch.Tensor) and output.dim() == 2 and output.shape[1] >= 2:
        return YES
    shape = tuple(output.shape) if isinstance(output, torch.Tensor) else type(output).__name__
    return _no("forget.reason.not_scores", shape=str(shape))


def _robustness(
    model: nn.Module, inputs: tuple[torch.Tensor, ...], labelled: Capability
) -> Capability:
    info = describe_inputs(inputs)
    if not all(info.floating):  # token ids: there is no small step between two words
        return _no("forget.reason.discrete_input", input=info.describe())
    if len(inputs) != 1:
        return _no("forget.reason.single_input", inputs=len(inputs))
    if not labelled:
        return labelled
    if not has_gradients(model, inputs[0]):
        return _no("forget.reason.no_gradients")
    return YES


def forgetting_applicability(model: nn.Module, spec: ModelSpec) -> ForgettingApplicability:
    """What applies to ``model`` (the original, described by ``spec``); one forward pass of two
    example rows and one backward pass of one, on a private copy."""
    private = working_copy(model).eval()
    inputs = spec.example_input(private, 2)
    with torch.inference_mode():
        output = private(*inputs)
    data = spec.load_data()
    scores = _scores(spec, output)
    labels = YES if getattr(data, "y_test", None) is not None else _no("forget.reason.no_labels")
    labelled = _all(scores, labels)
    prunable = YES if prunable_layers(model, "all") else _no("forget.reason.no_prunable_layers")
    sentences = spec.task == "sentence-embedding"
    return ForgettingApplicability(
        per_class=labelled,
        pie=_all(scores, prunable),  # the original's predictions stand in for labels
        paraphrase=YES if sentences else _no("forget.reason.paraphrase_encoders_only"),
        drift=Capability(True, "forget.drift.note.tokens") if sentences else YES,
        projection=_all(labelled, prunable),  # prunable: it has an output layer to read
        robustness=_robustness(private, inputs, labelled),
    )
