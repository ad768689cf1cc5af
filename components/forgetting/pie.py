"""Pruning-identified exemplars (PIE; Hooker et al. 2019, "What Do Compressed Deep Neural
Networks Forget?"): the examples on which a population of pruned copies of a model, by its most
common (modal) prediction, disagrees with the unpruned model.

Hooker et al. compare the modal labels of two populations of independently trained networks;
here there is one trained original, so its own prediction stands in for the unpruned population.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal, get_args

import torch
from torch import nn

from components.fidelity import model_outputs
from components.progress import ProgressFn, no_progress
from components.pruning import PruneSettings, prune_model
from models.registry import ModelSpec
from models.rng import check_seed

PieMethod = Literal["random_unstructured", "l1_unstructured"]


@dataclass(frozen=True)
class PieSettings:
    """The population of pruned copies: every amount × every seed (random pruning) or every
    amount (L1 pruning is deterministic: one copy per amount)."""

    METHODS: ClassVar[tuple[str, ...]] = get_args(PieMethod)
    # Hooker et al. used 30 networks per sparsity; 5–10 copies already give a stable mode on
    # the digits, and each copy costs one pruning and one pass over the test set.
    SEEDS_RANGE: ClassVar[tuple[int, int]] = (1, 10)
    MAX_MEMBERS: ClassVar[int] = 12

    method: PieMethod = "random_unstructured"
    # Random pruning is harsher than L1: at 30 % LeNet's copies kept 72–93 % test accuracy
    # (11 PIE with 5 seeds); at 50 % they fell to 22–64 % and 54 examples became PIE.
    amounts: tuple[float, ...] = (0.3,)
    seeds: int = 5  # copies per amount; seeds ``seed``, ``seed + 1`` … (random pruning only)
    seed: int = 0

    def __post_init__(self) -> None:
        if self.method not in self.METHODS:
            raise ValueError(f"method {self.method!r} not in {self.METHODS}")
        object.__setattr__(self, "amounts", tuple(float(a) for a in self.amounts))
        if not self.amounts:
            raise ValueError("at least one amount")
        for amount in self.amounts:
            PruneSettings(self.method, amount)  # raises outside PruneSettings.AMOUNT_RANGE
        if not self.SEEDS_RANGE[0] <= self.seeds <= self.SEEDS_RANGE[1]:
            raise ValueError(f"seeds {self.seeds} outside {self.SEEDS_RANGE}")
        if self.method == "l1_unstructured" and self.seeds != 1:
            raise ValueError("L1 pruning is deterministic: use seeds=1 and several amounts")
        if len(self.members) > self.MAX_MEMBERS:
            raise ValueError(f"{len(self.members)} copies, at most {self.MAX_MEMBERS}")
        check_seed(self.seed + self.seeds - 1)

    @property
    def members(self) -> list[PruneSettings]:
        """One :class:`PruneSettings` per pruned copy (no fine-tuning: PIE are about what pruning
        alone changes)."""
        return [
            PruneSettings(self.method, amount, seed=self.seed + k)
            for amount in self.amounts
            for k in range(self.seeds)
        ]


@dataclass(frozen=True, eq=False)  # holds tensors or arrays
class PieResult:
    """The PIE of one population, the most clear-cut first (the largest share of copies
    voting for the modal prediction)."""

    indices: list[int]  # positions in the test split
    original: list[int]  # the original's prediction
    modal: list[int]  # the population's most common prediction (≠ original)
    votes: list[float]  # share of the copies that predict ``modal``
    original_probs: torch.Tensor  # (n_pie, classes) softmax of the original
    population_probs: torch.Tensor  # (n_pie, classes) mean softmax of the copies
    member_agreement: list[float]  # per copy: share of all examples it predicts like the original
    total: int

    def __len__(self) -> int:
        return len(self.indices)


def modal_predictions(population: torch.Tensor, original: torch.Tensor) -> torch.Tensor:
    """The most common class per column of ``population`` (copies × examples); a tie that
    includes the original's prediction resolves to it, so a split vote never makes a PIE."""
    classes = int(max(population.max(), original.max())) + 1
    votes = torch.zeros(population.shape[1], classes, dtype=torch.long)
    votes.scatter_add_(1, population.T.long(), torch.ones_like(population.T, dtype=torch.long))
    best = votes.max(1).values
    keeps_original = votes.gather(1, original.long()[:, None])[:, 0] == best
    return torch.where(keeps_original, original.long(), votes.argmax(1))


def pie_from_probabilities(
    original_probs: torch.Tensor, population_probs: torch.Tensor
) -> PieResult:
    """PIE from the original's softmax (N × classes) and the copies' (copies × N × classes)."""
    original = original_probs.argmax(1)
    population = population_probs.argmax(2)
    modal = modal_predictions(population, original)
    found = torch.nonzero(modal != original).flatten()
    share = (population[:, found] == modal[found]).float().mean(0)
    rank = torch.argsort(-share, stable=True)
    order, votes = found[rank], share[rank]
    return PieResult(
        indices=order.tolist(),
        original=original[order].tolist(),
        modal=modal[order].tolist(),
        votes=votes.tolist(),
        original_probs=original_probs[order],
        population_probs=population_probs[:, order].mean(0),
        member_agreement=(population == original).float().mean(1).tolist(),
        total=len(original),
    )


def pruned_population_probs(
    model: nn.Module, spec: ModelSpec, settings: PieSettings, progress: ProgressFn | None = None
) -> torch.Tensor:
    """Softmax outputs (copies × N × classes) of every pruned copy of ``settings`` on the test
    split, each pruned with :func:`components.pruning.prune_model` and then dropped."""
    report = progress or no_progress
    members = settings.members
    outputs = []
    for i, member in enumerate(members):
        report(i / len(members), f"pruned copy {i + 1}/{len(members)}")
        pruned = prune_model(model, spec, member).model
        outputs.append(model_outputs(pruned, spec).float().softmax(1))
    report(1.0, "done")
    return torch.stack(outputs)


def pruning_identified_exemplars(
    model: nn.Module,
    spec: ModelSpec,
    settings: PieSettings,
    *,
    original_outputs: torch.Tensor | None = None,
    progress: ProgressFn | None = None,
) -> PieResult:
    """The PIE of ``model`` under the population of pruned copies ``settings`` describes.

    Args:
        original_outputs: the original's logits on the test split (the page's cached reference
            outputs); computed here when missing.
    """
    if original_outputs is None:
        original_outputs = model_outputs(model, spec)
    population = pruned_population_probs(model, spec, settings, progress)
    return pie_from_probabilities(original_outputs.float().softmax(1), population)
