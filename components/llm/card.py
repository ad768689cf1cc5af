"""What the code GPT's model card reads besides perplexity and speed: the prompt as the model
sees it (its tokens, and whether it fits the model's positions), the layer table with the tied
output matrix marked, and the training curve recorded in ``gpt.json``."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import torch
from torch import nn

from components.errors import UserFacingError
from components.profile import block_name, iter_layers, layer_table
from models.gpt import TEACHER_CONFIG

MAX_POSITIONS = TEACHER_CONFIG.max_positions  # RoPE was trained on at most this many positions
# Whitespace is most of what a code tokenizer's pieces hold: drawn visible, so "····" reads as
# four spaces of indentation and a piece that is one line end does not look empty.
_VISIBLE = str.maketrans({" ": "·", "\n": "↵", "\t": "⇥"})
TOKEN_SEPARATOR = "│"


@dataclass(frozen=True)
class PromptTokens:
    """A prompt as the model reads it: token ids and each token's own text."""

    ids: tuple[int, ...]
    pieces: tuple[str, ...]  # decoded one token at a time (a split UTF-8 character shows as �)

    def __len__(self) -> int:
        return len(self.ids)

    def shown(self) -> str:
        """The pieces with whitespace made visible, separated by :data:`TOKEN_SEPARATOR`."""
        return TOKEN_SEPARATOR.join(piece.translate(_VISIBLE) for piece in self.pieces)


def prompt_tokens(tokenizer, text: str) -> PromptTokens:
    """``text`` tokenised exactly as :func:`components.llm.generate_text` tokenises a prompt."""
    ids = tuple(tokenizer.encode(text, add_special_tokens=False))
    return PromptTokens(ids, tuple(tokenizer.decode([i]) for i in ids))


def ends_in_space(tokens: PromptTokens) -> bool:
    """Whether the prompt's last token ends in a space. The tokenizer keeps a word with the
    space before it (``" name"`` is one token), so a prompt that stops after the space leaves
    the model a lone-space token it rarely saw before a word: a classic cause of odd output."""
    return bool(tokens.pieces) and tokens.pieces[-1].endswith(" ")


def encode_prompt(tokenizer, text: str) -> torch.Tensor:
    """Token ids of ``text`` as a (1, T) batch."""
    return torch.tensor([prompt_tokens(tokenizer, text).ids], dtype=torch.long)


def max_prompt_tokens(new_tokens: int, max_positions: int = MAX_POSITIONS) -> int:
    """The longest prompt that leaves room for ``new_tokens`` inside ``max_positions``."""
    return max_positions - new_tokens


def check_prompt(tokens: PromptTokens, new_tokens: int, max_positions: int = MAX_POSITIONS) -> None:
    """Raise a :class:`UserFacingError` for an empty prompt, or one that leaves no room for
    ``new_tokens`` within the positions the model was trained on."""
    if not tokens.ids:
        raise UserFacingError("llm.prompt_empty")
    limit = max_prompt_tokens(new_tokens, max_positions)
    if len(tokens) > limit:
        raise UserFacingError(
            "llm.prompt_too_long",
            tokens=len(tokens),
            limit=limit,
            new=new_tokens,
            positions=max_positions,
        )


TIED_COLUMN = "tied_to"


def layer_rows(model: nn.Module) -> pd.DataFrame:
    """:func:`components.profile.layer_table` (FLOPs not counted) with a ``tied_to`` column:
    the earlier layer whose weight tensor a layer uses as its own ("" if none). Summing
    ``params`` over the rows with no tie gives the distinct parameter count."""
    table = layer_table(model)
    owner: dict[int, str] = {}
    tied: list[str] = []
    for name, module in iter_layers(model):
        ids = [id(p) for p in module.parameters()]
        tied.append(next((owner[i] for i in ids if i in owner), ""))
        for i in ids:
            owner.setdefault(i, name)
    return table.assign(**{TIED_COLUMN: tied})


def layer_blocks(rows: pd.DataFrame) -> pd.DataFrame:
    """Parameters per block for a chart: the layers of each ``model.layers.<i>`` summed, every
    other layer (embedding, final norm, output) on its own row, in the model's order."""
    block = rows["name"].map(block_name)
    names = block.where(block != rows["name"].str.split(".").str[0], rows["name"])
    return (
        rows.assign(name=names)
        .groupby("name", sort=False)[["params"]]
        .sum()
        .reset_index()
        .assign(**{TIED_COLUMN: rows.groupby(names, sort=False)[TIED_COLUMN].max().values})
    )


@dataclass(frozen=True)
class TrainingCurve:
    """The checks made while training: every ``eval_every`` steps, the mean training loss
    since the last check and the perplexity on the validation split's *selection* slice
    (tokens ``selection_tokens``, disjoint from the slice the recorded perplexity uses)."""

    steps: tuple[int, ...]
    train_loss: tuple[float, ...]  # nats per token, mean over the steps since the last check
    selection_perplexity: tuple[float, ...]
    best_step: int  # the check whose weights were kept (early stopping)
    selection_tokens: tuple[int, int]

    @property
    def train_perplexity(self) -> tuple[float, ...]:
        """exp of the mean training loss: on the same scale as the validation perplexity."""
        return tuple(math.exp(loss) for loss in self.train_loss)


def training_curve(metrics: dict) -> TrainingCurve:
    """The curve of a ``gpt.json`` (:func:`models.gpt.load_metrics`)."""
    rows = metrics["curve"]
    low, high = metrics["selection_tokens"]
    return TrainingCurve(
        steps=tuple(int(r[0]) for r in rows),
        train_loss=tuple(float(r[1]) for r in rows),
        selection_perplexity=tuple(float(r[2]) for r in rows),
        best_step=int(metrics["best_step"]),
        selection_tokens=(int(low), int(high)),
    )
