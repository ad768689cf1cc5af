"""The fixed, stated samples of the test set that the drift and robustness views run on."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from models.registry import ModelSpec


def stratified_indices(labels: torch.Tensor, n: int, seed: int = 0) -> torch.Tensor:
    """``n`` positions of ``labels``, as even across the classes as their counts allow, drawn
    with ``seed`` and sorted ascending (every class first gives one, then a second …).

    With the digits' 450 test labels (about 45 per class) ``n = 300`` takes 30 of each digit.
    """
    n = max(0, min(n, len(labels)))
    generator = torch.Generator().manual_seed(seed)
    per_class = [
        members[torch.randperm(len(members), generator=generator)]
        for members in (torch.nonzero(labels == c).flatten() for c in labels.unique())
    ]
    rank = torch.empty(len(labels), dtype=torch.long)
    for members in per_class:  # the k-th draw of every class comes before any (k+1)-th
        rank[members] = torch.arange(len(members))
    order = sorted(range(len(labels)), key=lambda i: (int(rank[i]), i))
    return torch.tensor(sorted(order[:n]), dtype=torch.long)


@dataclass(frozen=True, eq=False)  # holds tensors or arrays
class EvalSample:
    """Model inputs for some test rows, and how they were chosen (for the page's caption)."""

    inputs: tuple[torch.Tensor, ...]  # model(*inputs)
    labels: torch.Tensor | None  # (n,) classes; None without labels (or for sentences)
    indices: torch.Tensor  # positions in the test split (or in the shipped sentences)
    stratified: bool  # as even across the classes as their counts allow

    @property
    def n(self) -> int:
        return len(self.indices)


def evaluation_sample(spec: ModelSpec, model: nn.Module, n: int, seed: int = 0) -> EvalSample:
    """``n`` test rows of ``spec``'s data, the same for every model and every call.

    Labelled data: :func:`stratified_indices`. Unlabelled data: a seeded random choice. The
    sentence encoder: the first ``n`` of the shipped sentences (all 64 at most), tokenised and
    padded to the fixed length of ``spec.example_input``, so every model sees the same tokens.
    """
    data = spec.load_data()
    if spec.task == "sentence-embedding":
        n = max(1, min(n, len(data.sentences)))
        return EvalSample(spec.example_input(model, n), None, torch.arange(n), False)
    inputs = tuple(getattr(data, "test_inputs", (data.x_test,)))
    labels = getattr(data, "y_test", None)
    if labels is not None:
        indices = stratified_indices(labels, n, seed)
    else:
        generator = torch.Generator().manual_seed(seed)
        indices = torch.randperm(len(inputs[0]), generator=generator)[: max(1, n)].sort().values
    return EvalSample(
        tuple(x[indices] for x in inputs),
        None if labels is None else labels[indices],
        indices,
        labels is not None,
    )
