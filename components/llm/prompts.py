"""A prompt to explain: checked against the model's context, continued greedily, and its tokens
made readable (whitespace visible) for chart labels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import nn

from components.llm.generation import GenerationSettings, generate_ids
from models.errors import UserFacingError

# The explanation views read at most this many prompt tokens: feature ablation costs one forward
# pass per prompt token, and a heatmap of more columns cannot be read. Far inside the model's
# 512 positions, so prompt + continuation always fit.
MAX_PROMPT_TOKENS = 96
NEW_TOKENS_RANGE = (1, 24)  # greedy continuation lengths the explanation views offer

# What a chart label shows for whitespace, which would otherwise be invisible or break the label.
VISIBLE_WHITESPACE = {" ": "␣", "\n": "↵", "\t": "⇥", "\r": "␍"}


@dataclass(frozen=True)
class Continuation:
    """A prompt and the model's greedy continuation of it, as ids and as text."""

    prompt: str
    prompt_ids: tuple[int, ...]
    new_ids: tuple[int, ...]
    completion: str  # the new tokens decoded together

    @property
    def ids(self) -> torch.Tensor:
        """Prompt + continuation, shape (1, T)."""
        return torch.tensor([self.prompt_ids + self.new_ids])


def check_prompt(tokenizer, prompt: str, max_tokens: int = MAX_PROMPT_TOKENS) -> list[int]:
    """The prompt's token ids; a :class:`UserFacingError` for an empty (or blank) prompt or one
    longer than ``max_tokens`` tokens."""
    if not prompt.strip():
        raise UserFacingError("explain.llm_error.empty")
    ids = tokenizer.encode(prompt, add_special_tokens=False)
    if len(ids) > max_tokens:
        raise UserFacingError("explain.llm_error.too_long", n=len(ids), max=max_tokens)
    return ids


def continue_greedily(model: nn.Module, tokenizer, prompt: str, new_tokens: int) -> Continuation:
    """Exactly ``new_tokens`` greedy tokens after ``prompt`` (checked by :func:`check_prompt`)."""
    low, high = NEW_TOKENS_RANGE
    if not low <= new_tokens <= high:
        raise ValueError(f"new_tokens = {new_tokens} outside [{low}, {high}]")
    prompt_ids = check_prompt(tokenizer, prompt)
    settings = GenerationSettings(max_new_tokens=new_tokens, stop_at_end=False)
    new = generate_ids(model, torch.tensor([prompt_ids]), settings)[0, len(prompt_ids) :]
    return Continuation(
        prompt, tuple(prompt_ids), tuple(new.tolist()), tokenizer.decode(new.tolist())
    )


def visible(token: str) -> str:
    """``token`` with its whitespace drawn (``" key"`` → ``"␣key"``, ``"\\n"`` → ``"↵"``)."""
    return "".join(VISIBLE_WHITESPACE.get(c, c) for c in token) or "∅"


def token_labels(tokens: Sequence[str], start: int = 0) -> list[str]:
    """Chart labels for ``tokens``: numbered from ``start`` (a chart axis merges equal labels,
    and a prompt repeats tokens) and with visible whitespace."""
    return [f"{i} {visible(tok)}" for i, tok in enumerate(tokens, start)]
