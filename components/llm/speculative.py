"""Speculative decoding with ``generate(assistant_model=draft)``, and how often the draft is right.

Each round the draft proposes ``k`` tokens; the target checks them all in *one* forward pass and
keeps the longest prefix it agrees with, plus one token of its own. With greedy decoding the
result is exactly the target's own greedy text, token for token.

The acceptance rate (accepted / proposed draft tokens) is not reported by ``transformers``, so it
is counted here: the draft is a private copy whose ``generate`` (what transformers' assisted
candidate generator calls once per round) records each round's proposal and where it starts.
A proposed token is accepted exactly when it and every token before it in its round appear in
the final output at their positions — the target stops at the first token it does not accept,
and a token it rejects can never be the one it puts in its place (under greedy decoding the
target's token differs by definition; under speculative sampling the replacement is drawn
from max(0, p − q), which is zero for a rejected token).
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass

import torch
from torch import nn

from components.llm.generation import GenerationSettings, generate_ids

DRAFT_TOKENS = 4  # tokens the draft proposes per round (fixed: "constant" schedule)


@dataclass(frozen=True)
class Round:
    """One draft proposal: the tokens and the position of the first one in the sequence."""

    start: int
    proposed: tuple[int, ...]


@dataclass(frozen=True)
class SpeculativeResult:
    """One speculative generation and what the draft contributed."""

    ids: torch.Tensor  # prompt + new tokens, shape (1, T)
    rounds: tuple[Round, ...]
    accepted: int  # draft tokens the target kept
    proposed: int  # draft tokens proposed in all
    seconds: float

    @property
    def acceptance_rate(self) -> float:
        return self.accepted / self.proposed if self.proposed else 0.0


def private_draft(draft: nn.Module, k: int) -> nn.Module:
    """A copy of ``draft`` set to propose exactly ``k`` tokens a round.

    transformers reads the draft's own ``generation_config`` and, with its default "heuristic"
    schedule, *changes* it after every call: a copy keeps the shared model untouched and every
    call alike. The confidence threshold is off, so a round is never cut short.
    """
    draft = copy.deepcopy(draft)
    draft.generation_config.num_assistant_tokens = k
    draft.generation_config.num_assistant_tokens_schedule = "constant"
    draft.generation_config.assistant_confidence_threshold = 0.0
    return draft


def accepted_in(rounds: list[Round], ids: torch.Tensor) -> int:
    """How many proposed tokens the final sequence kept (matching prefix of each round)."""
    final = ids[0].tolist()
    kept = 0
    for r in rounds:
        for offset, token in enumerate(r.proposed):
            if r.start + offset >= len(final) or final[r.start + offset] != token:
                break
            kept += 1
    return kept


def speculative_generate(
    target: nn.Module,
    draft: nn.Module,
    prompt_ids: torch.Tensor,
    settings: GenerationSettings,
    k: int = DRAFT_TOKENS,
) -> SpeculativeResult:
    """Generate with ``target`` checking ``draft``'s proposals; neither model is changed."""
    if prompt_ids.ndim == 1:
        prompt_ids = prompt_ids[None]
    helper = private_draft(draft, k)
    rounds: list[Round] = []
    original = helper.generate

    def recording_generate(*args, **kwargs):
        out = original(*args, **kwargs)
        start = kwargs["input_ids"].shape[1]
        sequences = out.sequences if hasattr(out, "sequences") else out
        rounds.append(Round(start, tuple(sequences[0, start:].tolist())))
        return out

    helper.generate = recording_generate  # the private copy only
    begin = time.perf_counter()
    ids = generate_ids(target, prompt_ids, settings, assistant_model=helper)
    seconds = time.perf_counter() - begin
    proposed = sum(len(r.proposed) for r in rounds)
    return SpeculativeResult(ids, tuple(rounds), accepted_in(rounds, ids), proposed, seconds)
