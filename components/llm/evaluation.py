"""Validation perplexity, size and speed of one model: what the Compress table compares."""

from __future__ import annotations

import time
from dataclasses import dataclass

from torch import nn

from components.profile import serialized_size_bytes
from models.gpt import EVAL_TOKENS, perplexity, validation_ids


@dataclass(frozen=True)
class PerplexityMeasurement:
    """Perplexity on the first ``tokens`` validation tokens, and how long it took."""

    perplexity: float
    mean_nll: float  # nats per predicted token
    tokens: int  # tokens predicted (windows of 256, each predicting 255)
    seconds: float


def validation_perplexity(model: nn.Module, n_tokens: int = EVAL_TOKENS) -> PerplexityMeasurement:
    """Perplexity on the held-out standard-library modules (first ``n_tokens`` tokens).

    The same tokens for every variant, so the numbers compare; :data:`models.gpt.EVAL_TOKENS`
    (16,384) is what the shipped metrics record.
    """
    start = time.perf_counter()
    result = perplexity(model, validation_ids(n_tokens))
    seconds = time.perf_counter() - start
    return PerplexityMeasurement(result.perplexity, result.mean_nll, result.tokens, seconds)


def size_bytes(model: nn.Module) -> int:
    """Bytes of the model's ``state_dict`` saved with ``torch.save`` (tied matrix once)."""
    return serialized_size_bytes(model)
