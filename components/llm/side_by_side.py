"""The original and a compressed variant continue the same prompt greedily: both texts, and the
first new token where they part."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import nn

from components.llm.generation import GenerationSettings, generate_ids
from models.errors import UserFacingError
from models.gpt import TEACHER_CONFIG

NEW_TOKENS_RANGE = (8, 128)  # the side-by-side slider
# A prompt plus its continuation stays inside the positions the model was trained on.
MAX_POSITIONS = TEACHER_CONFIG.max_positions


def max_prompt_tokens(new_tokens: int) -> int:
    """The longest prompt that leaves room for ``new_tokens`` new ones."""
    return MAX_POSITIONS - new_tokens


def check_prompt(tokenizer, prompt: str, new_tokens: int) -> list[int]:
    """The prompt's ids; a :class:`UserFacingError` for a blank prompt or one too long."""
    if not prompt.strip():
        raise UserFacingError("compress.llm.prompt_empty")
    ids = tokenizer.encode(prompt, add_special_tokens=False)
    limit = max_prompt_tokens(new_tokens)
    if len(ids) > limit:
        raise UserFacingError(
            "compress.llm.prompt_too_long", tokens=len(ids), limit=limit, new=new_tokens
        )
    return ids


@dataclass(frozen=True)
class Divergence:
    """Where two token sequences first differ (``index`` counts new tokens from 0)."""

    index: int | None  # None: identical over the shorter length
    original_token: str = ""  # the token each model chose there, as text
    variant_token: str = ""


def first_divergence(a: Sequence[int], b: Sequence[int]) -> int | None:
    """The first position where ``a`` and ``b`` differ; a length difference counts as one;
    None if they are equal."""
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return i
    return None if len(a) == len(b) else min(len(a), len(b))


@dataclass(frozen=True)
class SideBySide:
    """Both greedy continuations of one prompt."""

    prompt: str
    original_ids: tuple[int, ...]  # new tokens only
    variant_ids: tuple[int, ...]
    original_text: str
    variant_text: str
    divergence: Divergence


def side_by_side(
    original: nn.Module, variant: nn.Module, tokenizer, prompt: str, new_tokens: int
) -> SideBySide:
    """Exactly ``new_tokens`` greedy tokens from each model after ``prompt`` (checked)."""
    ids = torch.tensor([check_prompt(tokenizer, prompt, new_tokens)])
    settings = GenerationSettings(max_new_tokens=new_tokens, stop_at_end=False)
    a = tuple(generate_ids(original, ids, settings)[0, ids.shape[1] :].tolist())
    b = tuple(generate_ids(variant, ids, settings)[0, ids.shape[1] :].tolist())
    index = first_divergence(a, b)
    divergence = (
        Divergence(None)
        if index is None
        else Divergence(
            index,
            tokenizer.decode(a[index : index + 1]),
            tokenizer.decode(b[index : index + 1]),
        )
    )
    return SideBySide(prompt, a, b, tokenizer.decode(a), tokenizer.decode(b), divergence)
