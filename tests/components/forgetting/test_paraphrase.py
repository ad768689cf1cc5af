"""Paraphrase pairs a compressed sentence encoder now retrieves wrong."""

from __future__ import annotations

import pytest
import torch

from components.forgetting import paraphrase_damage
from components.forgetting.paraphrase import partner_ranks
from models.data import SentencePairs

PAIRS = SentencePairs(pairs=(("a1", "b1"), ("a2", "b2"), ("a3", "b3")))


def unit(rows: list[list[float]]) -> torch.Tensor:
    return torch.nn.functional.normalize(torch.tensor(rows, dtype=torch.float32), dim=1)


def test_partner_ranks():
    first = unit([[1, 0], [0, 1]])
    second = unit([[1, 0.1], [1, 0.2]])
    assert partner_ranks(first, second).tolist() == [1, 1]
    assert partner_ranks(first, unit([[0, 1], [1, 0]])).tolist() == [2, 2]


def test_broken_pairs_are_the_ones_the_original_got_right_only():
    original = unit([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0.1, 0], [0, 1, 0.1], [0.1, 0, 1]])
    # the variant mixes up pair 2 (a2 now nearest b1) and keeps 1 and 3
    variant = unit([[1, 0, 0], [0.9, 0.3, 0], [0, 0, 1], [1, 0.1, 0], [0, 1, 0.1], [0.1, 0, 1]])
    damage = paraphrase_damage(original, variant, PAIRS)
    assert [pair.index for pair in damage.broken] == [1]
    broken = damage.broken[0]
    assert (broken.first, broken.partner, broken.chosen) == ("a2", "b2", "b1")
    assert broken.variant_rank == 2
    assert broken.variant_cosine < broken.original_cosine
    assert damage.original_top1 == 1.0 and damage.variant_top1 == pytest.approx(2 / 3)
    assert damage.fixed == 0 and damage.total == 3
    back = paraphrase_damage(variant, original, PAIRS)
    assert back.broken == [] and back.fixed == 1
