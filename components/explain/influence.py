"""Training-data influence with TracIn (``captum.influence``): which training digits pushed the
model toward the class it is asked about (proponents), which pushed it away (opponents), and
which training digits are odd (high self-influence).

TracIn scores a training example ``z`` on an input ``x`` by summing, over checkpoints saved
during training, ``lr_c · ∇loss(z) · ∇loss(x)``: the loss of ``x`` fell at the steps that
trained on ``z`` when the product is positive. Two of captum's estimators:

* ``fast``: :class:`captum.influence.TracInCPFast`, gradients of the last linear layer only, in
  closed form (input activation × output error). Its subclass ``TracInCPFastRandProj`` (without
  projection: exact) computes the training side once (:class:`TracInIndex`); each input then
  costs one forward and a matrix product;
* ``full``: :class:`captum.influence.TracInCP` over the per-example gradients of every Linear
  and Conv2d layer captum can hook (on the Tiny ViT, attention's fused projections are not
  hooked: ``nn.MultiheadAttention`` calls them as tensors, not modules).

The shipped models keep three checkpoints (``models.train``); a model without them (a brought
model) uses its final weights alone, which keeps the ranking of the last step of training only.
"""

from __future__ import annotations

import functools
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Literal

import numpy as np
import torch
from captum.influence import TracInCP, TracInCPFast, TracInCPFastRandProj
from captum.influence._utils.nearest_neighbors import NearestNeighbors
from safetensors.torch import load_file
from scipy.stats import spearmanr
from torch import nn
from torch.utils.data import TensorDataset

from components.flops import FLOP_COUNTING
from components.progress import ProgressFn, no_progress
from components.pruning.channels import output_layer
from components.runtime import seeded_global_rng
from components.shared_models import working_copy
from models.registry import ModelSpec, recorded_metrics, weights_dir

InfluenceMethod = Literal["fast", "full"]
INFLUENCE_METHODS: tuple[InfluenceMethod, ...] = ("fast", "full")
TRAIN_BATCH = 512  # training examples per captum batch: the 1,347 digits in three

# TracInCPFastRandProj warns that it keeps the training side in memory: that is the point here
# (1,347 digits × a few hundred numbers per checkpoint, a few MB).
warnings.filterwarnings("ignore", message=r"WARNING: Using this implementation stores quantities")


@dataclass(frozen=True)
class Checkpoint:
    """Weights saved during training and the learning rate TracIn weighs them by."""

    epoch: int | None  # None: a model's final weights standing in for its training history
    lr: float
    state: dict[str, torch.Tensor]
    test_accuracy: float | None = None  # as recorded by ``models.train``
    train_accuracy: float | None = None


@dataclass(frozen=True)
class InfluenceSettings:
    """What the influence view computes; bounds for the page's controls."""

    method: InfluenceMethod = "fast"
    k: int = 8  # proponents and opponents shown

    K_RANGE: ClassVar[tuple[int, int]] = (3, 16)

    def __post_init__(self) -> None:
        if self.method not in INFLUENCE_METHODS:
            raise ValueError(f"unknown influence method {self.method!r}")
        if not self.K_RANGE[0] <= self.k <= self.K_RANGE[1]:
            raise ValueError(f"k {self.k} outside {self.K_RANGE}")


@dataclass(frozen=True)
class Influence:
    """TracIn scores of every training example on one input, for the loss of ``label``."""

    scores: np.ndarray  # (n_train,) float64
    label: int
    method: InfluenceMethod
    epochs: tuple[int | None, ...]  # the checkpoints summed

    def proponents(self, k: int) -> np.ndarray:
        """Indices of the ``k`` highest scores, highest first."""
        return np.argsort(-self.scores, kind="stable")[:k]

    def opponents(self, k: int) -> np.ndarray:
        """Indices of the ``k`` lowest (most negative) scores, lowest first."""
        return np.argsort(self.scores, kind="stable")[:k]


@dataclass(frozen=True)
class SelfInfluence:
    """Every training example's influence on itself, and the model's prediction for it."""

    scores: np.ndarray  # (n_train,)
    predicted: np.ndarray  # (n_train,) int: the final model's class for each example

    def ranking(self, k: int) -> np.ndarray:
        """Indices of the ``k`` highest self-influences, highest first."""
        return np.argsort(-self.scores, kind="stable")[:k]


@dataclass(frozen=True)
class InfluenceComparison:
    """The same input's influence for the original and a compressed variant."""

    original: Influence
    variant: Influence
    k: int

    @property
    def proponent_overlap(self) -> float:
        """Share of the original's top-k proponents that are among the variant's."""
        a, b = self.original.proponents(self.k), self.variant.proponents(self.k)
        return len(set(a.tolist()) & set(b.tolist())) / self.k

    @property
    def rank_correlation(self) -> float:
        """Spearman ρ of the two score vectors over the whole training set."""
        return float(spearmanr(self.original.scores, self.variant.scores).statistic)


def has_checkpoints(spec: ModelSpec) -> bool:
    """Whether ``models.train`` recorded training checkpoints for ``spec``."""
    metrics = recorded_metrics(spec)
    return bool(metrics and metrics.get("checkpoints"))


def training_checkpoints(spec: ModelSpec) -> tuple[Checkpoint, ...]:
    """The checkpoints ``models.train`` saved for ``spec``, oldest first (empty: none recorded).

    Cached per weights folder; the tensors are shared: treat them as read-only.
    """
    if not has_checkpoints(spec):
        return ()
    return _load_checkpoints(spec.name, str(weights_dir()))


@functools.lru_cache(maxsize=4)
def _load_checkpoints(name: str, folder: str) -> tuple[Checkpoint, ...]:
    from models.registry import get_spec  # the spec is looked up again: lru_cache keys on text

    entries = recorded_metrics(get_spec(name))["checkpoints"]
    return tuple(
        Checkpoint(
            epoch=int(e["epoch"]),
            lr=float(e["lr"]),
            state=load_file(Path(folder) / e["file"]),  # safetensors: tensors only, no pickle
            test_accuracy=e.get("test_accuracy"),
            train_accuracy=e.get("train_accuracy"),
        )
        for e in entries
    )


def final_weights_only(model: nn.Module) -> tuple[Checkpoint, ...]:
    """One stand-in checkpoint: the model's final weights at learning rate 1."""
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    return (Checkpoint(epoch=None, lr=1.0, state=state),)


def masked_checkpoints(
    checkpoints: Sequence[Checkpoint], variant: nn.Module
) -> tuple[Checkpoint, ...]:
    """The original's training history as the pruned ``variant`` would have had it: every weight
    the variant holds at exactly zero is zeroed in each earlier checkpoint too, and the last
    checkpoint is the variant itself (fine-tuned or not).

    A trained network holds no exact zeros of its own, so its zeros are the pruning masks.
    Raises ``ValueError`` when the variant's tensors differ in shape (channels removed).
    """
    final = {k: v.detach().clone() for k, v in variant.state_dict().items()}
    masks = {
        key: value != 0
        for key, value in final.items()
        if key.endswith("weight") and value.is_floating_point() and bool((value == 0).any())
    }
    history = []
    for checkpoint in checkpoints[:-1]:
        if any(checkpoint.state[k].shape != final[k].shape for k in final):
            raise ValueError("the variant's tensors changed shape: masks cannot be applied")
        state = {k: v * masks[k] if k in masks else v.clone() for k, v in checkpoint.state.items()}
        history.append(Checkpoint(checkpoint.epoch, checkpoint.lr, state))
    last = checkpoints[-1]
    return (*history, Checkpoint(last.epoch, last.lr, final))


def hooked_layers(model: nn.Module) -> list[str]:
    """The layers whose per-example gradients captum's TracInCP computes in one batch: Linear
    and Conv2d modules that are called as modules (not the projections inside
    ``nn.MultiheadAttention``, which it calls as bare tensors)."""
    inside_attention = {
        id(sub)
        for module in model.modules()
        if isinstance(module, nn.MultiheadAttention)
        for sub in module.modules()
    }
    return [
        name
        for name, module in model.named_modules()
        if isinstance(module, nn.Linear | nn.Conv2d) and id(module) not in inside_attention
    ]


def tracin_estimator(
    model: nn.Module,
    checkpoints: Sequence[Checkpoint],
    train_x: torch.Tensor,
    train_y: torch.Tensor,
    method: InfluenceMethod,
) -> TracInCPFast | TracInCP:
    """captum's TracIn estimator over ``checkpoints`` (``model`` is loaded with each in turn:
    pass a copy)."""
    dataset = TensorDataset(train_x, train_y)
    states = list(checkpoints)

    def load(target: nn.Module, index: int) -> float:
        target.load_state_dict(states[index].state)
        return states[index].lr

    # Summed losses: every example's own gradient, not 1/batch of it.
    loss = nn.CrossEntropyLoss(reduction="sum")
    common = dict(checkpoints_load_func=load, loss_fn=loss, batch_size=TRAIN_BATCH)
    indices = list(range(len(states)))
    if method == "fast":
        layer = model.get_submodule(output_layer(model))
        return TracInCPFast(model, layer, dataset, indices, **common)
    return TracInCP(
        model,
        dataset,
        indices,
        layers=hooked_layers(model),
        sample_wise_grads_per_batch=True,
        **common,
    )


class ExactNeighbors(NearestNeighbors):
    """captum's nearest-neighbour contract, exact: the largest dot products (what TracIn's
    proponents are), by brute force. 1,347 training digits need no approximate index."""

    def setup(self, data: torch.Tensor) -> None:
        self.data = data.flatten(1)

    def get_nearest_neighbors(
        self, query: torch.Tensor, k: int
    ) -> tuple[torch.Tensor, torch.Tensor]:
        scores = query.flatten(1) @ self.data.T
        top = torch.topk(scores, k, dim=1)
        return top.indices, top.values


@dataclass
class TracInIndex:
    """The training side of last-layer TracIn, computed once per model and checkpoints: one
    ``TracInCPFastRandProj`` (no projection) per checkpoint, each on its own copy of the model."""

    estimators: list[TracInCPFastRandProj]
    epochs: tuple[int | None, ...]
    lock: threading.Lock  # a query loads checkpoints into the copies: one query at a time

    def influence(self, x: torch.Tensor, label: int) -> Influence:
        """TracIn scores of every training example on ``x`` for the loss of ``label``."""
        target = torch.tensor([int(label)])
        total = np.zeros(self.estimators[0].src_intermediate_quantities.shape[0])
        with self.lock:
            for estimator in self.estimators:
                with FLOP_COUNTING, torch.enable_grad():  # see train_influence
                    scores = estimator.influence((x, target), k=None)  # k=None: every score
                    total += scores[0].detach().double().numpy()
        return Influence(scores=total, label=int(label), method="fast", epochs=self.epochs)


def tracin_index(
    model: nn.Module,
    checkpoints: Sequence[Checkpoint],
    train_x: torch.Tensor,
    train_y: torch.Tensor,
    progress: ProgressFn | None = None,
) -> TracInIndex:
    """:class:`TracInIndex` over ``checkpoints`` (``model`` itself is never changed)."""
    report = progress or no_progress
    dataset = TensorDataset(train_x, train_y)
    loss = nn.CrossEntropyLoss(reduction="sum")
    estimators = []
    for i, checkpoint in enumerate(checkpoints):
        report(i / len(checkpoints), f"training side, checkpoint {i + 1}/{len(checkpoints)}")
        work = working_copy(model).eval()

        def load(target: nn.Module, _index: int, state: Checkpoint = checkpoint) -> float:
            target.load_state_dict(state.state)
            return state.lr

        # seeded_global_rng: the constructor seeds torch's global generator (for projections
        # it does not make here); that must not shift another thread's seeded stream.
        with seeded_global_rng(None), FLOP_COUNTING, torch.enable_grad():
            estimators.append(
                TracInCPFastRandProj(
                    work,
                    work.get_submodule(output_layer(work)),
                    dataset,
                    [0],
                    checkpoints_load_func=load,
                    loss_fn=loss,
                    batch_size=TRAIN_BATCH,
                    nearest_neighbors=ExactNeighbors(),
                    projection_dim=None,
                )
            )
    report(1.0, "done")
    epochs = tuple(c.epoch for c in checkpoints)
    return TracInIndex(estimators, epochs, threading.Lock())


def train_influence(
    model: nn.Module,
    checkpoints: Sequence[Checkpoint],
    train_x: torch.Tensor,
    train_y: torch.Tensor,
    x: torch.Tensor,
    label: int,
    method: InfluenceMethod = "fast",
    progress: ProgressFn | None = None,
) -> Influence:
    """TracIn scores of every training example on input ``x`` (1, …) for the loss of ``label``.

    One captum call per checkpoint, summed (TracIn is a sum over checkpoints), so that the
    progress moves per checkpoint; ``model`` itself is never changed (a copy is loaded).
    ``fast`` builds a :class:`TracInIndex` and queries it once (keep the index to query more).
    """
    if method == "fast":
        index = tracin_index(model, checkpoints, train_x, train_y, progress)
        return index.influence(x, label)
    report = progress or no_progress
    work = working_copy(model).eval()
    target = torch.tensor([int(label)])
    total = np.zeros(len(train_x), dtype=np.float64)
    for i, checkpoint in enumerate(checkpoints):
        report(i / len(checkpoints), f"checkpoint {i + 1}/{len(checkpoints)}")
        estimator = tracin_estimator(work, [checkpoint], train_x, train_y, method)
        # FlopCounterMode hooks every module of the process while it counts; its gradient
        # hooks break captum's autograd.grad in this thread. One or the other at a time.
        with FLOP_COUNTING, torch.enable_grad():
            scores = estimator.influence((x, target))
        total += scores[0].detach().double().numpy()
    report(1.0, "done")
    epochs = tuple(c.epoch for c in checkpoints)
    return Influence(scores=total, label=int(label), method=method, epochs=epochs)


def self_influence(
    model: nn.Module,
    checkpoints: Sequence[Checkpoint],
    train_x: torch.Tensor,
    train_y: torch.Tensor,
    progress: ProgressFn | None = None,
) -> np.ndarray:
    """Each training example's influence on itself with its own label (last layer, TracInCPFast):
    large for examples the model found hard to fit — mislabelled, ambiguous or odd ones."""
    report = progress or no_progress
    work = working_copy(model).eval()
    total = np.zeros(len(train_x), dtype=np.float64)
    for i, checkpoint in enumerate(checkpoints):
        report(i / len(checkpoints), f"checkpoint {i + 1}/{len(checkpoints)}")
        estimator = tracin_estimator(work, [checkpoint], train_x, train_y, "fast")
        with FLOP_COUNTING, torch.enable_grad():  # see train_influence
            total += estimator.self_influence().detach().double().numpy()
    report(1.0, "done")
    return total
