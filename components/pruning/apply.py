"""Prune a private copy of a model as a :class:`PruneSettings` asks: :func:`prune_model`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import torch
from torch import nn

from components.errors import UserFacingError
from components.layers import get_layer
from components.progress import ProgressFn, no_progress
from components.pruning.channels import output_layer, remove_channels
from components.pruning.finetune import finetune
from components.pruning.masks import (
    apply_masks,
    folded_copy,
    make_permanent,
    masked_copy,
    masks_follow_attention,
)
from components.pruning.settings import PruneSettings
from components.pruning.targets import prunable_layers, weight_slots
from components.shared_models import working_copy
from models.registry import ModelSpec
from models.training import TrainState


@dataclass
class PruneResult:
    """A pruned model and what was done to it."""

    model: nn.Module  # a private copy; masks made permanent, no hooks or parametrisations left
    targeted: list[str]  # layers that were pruned (channel removal: that lost output channels)
    # Masked methods: layer → bool keep-mask of its first weight (see targets.weight_slots).
    # Channel removal: layer → kept output-channel indices (1-D long tensor).
    masks: dict[str, torch.Tensor]
    physically_removed: bool
    requested_amount: float
    notes: list[str]  # i18n keys of caveats to show next to the result


@dataclass(frozen=True)
class FinetuneCheckpoint:
    """A pruning whose fine-tuning stopped after ``train.epochs`` epochs: :func:`prune_model`
    given it trains only the epochs after it (one more epoch costs one epoch, not all)."""

    settings: PruneSettings  # finetune_epochs == train.epochs
    model: nn.Module  # a private copy, masks still attached; read-only (resuming copies it)
    targeted: list[str]
    masks: dict[str, torch.Tensor]
    notes: list[str]
    train: TrainState


def _out_channels(module: nn.Module) -> int:
    if isinstance(module, nn.MultiheadAttention):
        return module.embed_dim
    return module.weight.shape[0]


def _unchanged_masks(
    model: nn.Module, layers: list[str], channels: bool
) -> dict[str, torch.Tensor]:
    masks = {}
    for name in layers:
        module = get_layer(model, name)
        if channels:
            masks[name] = torch.arange(_out_channels(module))
        else:
            owner, pname = weight_slots(module)[0]
            masks[name] = torch.ones_like(getattr(owner, pname), dtype=torch.bool)
    return masks


def _trainable(spec: ModelSpec) -> bool:
    """A single-input classifier with labelled training data (as fine-tuning feeds it)."""
    data = spec.load_data()
    labelled = (
        getattr(data, "x_train", None) is not None and getattr(data, "y_train", None) is not None
    )
    return spec.task == "classification" and labelled and not getattr(data, "x_test_more", ())


def prune_model(
    model: nn.Module,
    spec: ModelSpec,
    settings: PruneSettings,
    progress: ProgressFn | None = None,
    on_shorter: Callable[[int, PruneResult], None] | None = None,
    resume: FinetuneCheckpoint | None = None,
    on_checkpoint: Callable[[FinetuneCheckpoint], None] | None = None,
) -> PruneResult:
    """Prune a copy of ``model`` (never ``model`` itself) and, for classifiers, fine-tune it.

    Amount 0 returns an exact copy. Masked methods keep their masks applied during fine-tuning
    and fold them in afterwards, so pruned weights end exactly at zero.

    ``on_shorter(epochs, result)``, when given, receives on the way the result of these settings
    with ``finetune_epochs=epochs`` for every shorter fine-tuning (the first epochs of a run
    are the shorter run, see :func:`~components.pruning.finetune.finetune`): a student who
    steps the epochs back finds them done. ``on_checkpoint`` receives a
    :class:`FinetuneCheckpoint` after every epoch; given one of these settings with fewer
    epochs as ``resume``, the run goes on from it, to the same result as a run from the start.

    Raises:
        UserFacingError("prune.error.no_layers"): the layer filter selects nothing.
        UserFacingError("prune.error.unknown_layers"): a picked layer does not exist.
        UserFacingError("prune.error.unsupported"): channel removal cannot handle the model.
        ValueError: ``resume`` is not these settings stopped after fewer epochs.
    """
    report = progress or no_progress
    info = settings.info
    layers = prunable_layers(model, settings.layers, settings.picked)
    if not layers:
        raise UserFacingError("prune.error.no_layers", model=spec.name, layers=settings.layers)
    notes = []
    if info.structured and not info.physically_removes and output_layer(model) in layers:
        # Zeroing whole rows of the output layer deletes classes (or embedding dimensions)
        # outright; channel removal keeps them too (see channels.py).
        layers.remove(output_layer(model))
        notes.append("prune.note.output_kept")
    if settings.scope == "global" and not info.supports_global:
        notes.append("prune.note.global_unstructured_only")
    finetune_epochs = settings.finetune_epochs if _trainable(spec) else 0
    if settings.finetune_epochs and not finetune_epochs:
        notes.append("prune.note.finetune_classification_only")

    if resume is not None:
        done = resume.train.epochs
        if not done < finetune_epochs or resume.settings != replace(settings, finetune_epochs=done):
            raise ValueError(f"cannot go on from {resume.settings} to {settings}")
        report(0.0, "copying the checkpoint")
        pruned = working_copy(resume.model)  # its masked weights are plain tensors already
        targeted, masks, notes = list(resume.targeted), dict(resume.masks), list(resume.notes)
    else:
        report(0.0, "copying the model")
        pruned = working_copy(model).eval()
        if settings.amount == 0:
            report(1.0, "nothing to prune")
            masks = _unchanged_masks(pruned, layers, info.physically_removes)
            return PruneResult(pruned, layers, masks, info.physically_removes, 0.0, notes)
        report(0.05, f"pruning {len(layers)} layer(s)")
        targeted, masks = _prune(pruned, spec, settings, layers, notes)

    def result(trained: nn.Module) -> PruneResult:
        return PruneResult(  # lists of its own: the shorter runs' results share nothing
            trained.eval(),
            list(targeted),
            dict(masks),
            info.physically_removes,
            settings.amount,
            list(notes),
        )

    def after_epoch(done: int) -> None:
        on_shorter(done, result(folded_copy(pruned)))  # a copy: the training goes on

    def keep_state(state: TrainState) -> None:
        stopped = replace(settings, finetune_epochs=state.epochs)
        on_checkpoint(
            FinetuneCheckpoint(
                stopped, masked_copy(pruned), list(targeted), dict(masks), list(notes), state
            )
        )

    if finetune_epochs and targeted:
        with masks_follow_attention(pruned):
            finetune(
                pruned,
                spec,
                finetune_epochs,
                settings.seed,
                report,
                span=(0.2, 1.0),
                after_epoch=after_epoch if on_shorter is not None else None,
                resume=resume.train if resume is not None else None,
                on_state=keep_state if on_checkpoint is not None else None,
            )
    make_permanent(pruned)
    report(1.0, "done")
    return result(pruned)


def _prune(
    pruned: nn.Module,
    spec: ModelSpec,
    settings: PruneSettings,
    layers: list[str],
    notes: list[str],
) -> tuple[list[str], dict[str, torch.Tensor]]:
    """Prune ``layers`` of ``pruned`` in place: the layers pruned and their masks (or kept
    channels); adds its caveats to ``notes``."""
    info = settings.info
    if info.physically_removes:
        removal = remove_channels(pruned, spec, layers, settings.amount)
        notes += removal.notes
        return removal.targeted, removal.kept
    masks = apply_masks(
        pruned, layers, info, settings.amount, is_global=settings.is_global, seed=settings.seed
    )
    if layers:
        notes.append("prune.note.masked_no_speedup")
    return layers, masks
