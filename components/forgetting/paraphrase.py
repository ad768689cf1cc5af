"""What a compressed sentence encoder forgets: the paraphrase pairs it now retrieves wrong.

The encoder is evaluated as :func:`components.quality.paraphrase_retrieval` does: every first
sentence of a shipped pair looks for its partner among all second sentences by cosine.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from models.data import SentencePairs


@dataclass(frozen=True)
class BrokenPair:
    """A pair the original retrieves right and the variant wrong."""

    index: int  # pair number in the shipped set
    first: str
    partner: str  # the right answer
    chosen: str  # the second sentence the variant ranks first instead
    variant_rank: int  # where the partner lands for the variant (1 = first)
    original_cosine: float  # cosine of the pair under the original
    variant_cosine: float


@dataclass(frozen=True)
class ParaphraseDamage:
    """Pairs broken by the variant, the largest cosine drop first, and how many it fixed."""

    broken: list[BrokenPair]
    fixed: int  # pairs the variant retrieves right and the original wrong
    original_top1: float
    variant_top1: float
    total: int


def partner_ranks(first: torch.Tensor, second: torch.Tensor) -> torch.Tensor:
    """Rank of each first sentence's own partner among all second sentences (1 = retrieved)."""
    similarity = first @ second.T
    own = similarity.diagonal()[:, None]
    return (similarity > own).sum(1) + 1


def paraphrase_damage(
    original_embeddings: torch.Tensor, variant_embeddings: torch.Tensor, data: SentencePairs
) -> ParaphraseDamage:
    """Compare retrieval of both models from their embeddings of ``data.sentences`` (the first
    sentences, then the second ones: what ``model.encode(data.sentences)`` and the page's cached
    reference outputs hold), unit length."""
    pairs = len(data.pairs)
    a_o, b_o = original_embeddings[:pairs].float(), original_embeddings[pairs:].float()
    a_v, b_v = variant_embeddings[:pairs].float(), variant_embeddings[pairs:].float()
    rank_o, rank_v = partner_ranks(a_o, b_o), partner_ranks(a_v, b_v)
    cos_o, cos_v = (a_o * b_o).sum(1), (a_v * b_v).sum(1)
    chosen = (a_v @ b_v.T).argmax(1)
    broken = [
        BrokenPair(
            index=i,
            first=data.pairs[i][0],
            partner=data.pairs[i][1],
            chosen=data.pairs[int(chosen[i])][1],
            variant_rank=int(rank_v[i]),
            original_cosine=float(cos_o[i]),
            variant_cosine=float(cos_v[i]),
        )
        for i in range(pairs)
        if rank_o[i] == 1 and rank_v[i] > 1
    ]
    broken.sort(key=lambda p: (p.variant_cosine - p.original_cosine, p.index))
    return ParaphraseDamage(
        broken=broken,
        fixed=int(((rank_v == 1) & (rank_o > 1)).sum()),
        original_top1=float((rank_o == 1).float().mean()),
        variant_top1=float((rank_v == 1).float().mean()),
        total=pairs,
    )
