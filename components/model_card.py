"""Sample views for the model card: real predictions on a seeded sample of the test data."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from components.images import display_images
from models.data import DigitsSplit, SentencePairs


@dataclass(frozen=True)
class DigitPredictions:
    """Predictions on a few test digits."""

    images: np.ndarray  # (n, 28, 28) in [0, 1], for display
    true: list[int]
    predicted: list[int]
    confidence: list[float]  # softmax probability of the predicted class
    indices: list[int]  # positions in the test split


def sample_digit_predictions(
    model: nn.Module, data: DigitsSplit, n: int = 10, seed: int = 0
) -> DigitPredictions:
    """Predict ``n`` test digits drawn with ``seed``."""
    n = max(1, min(n, len(data.y_test)))
    generator = torch.Generator().manual_seed(seed)
    idx = torch.randperm(len(data.y_test), generator=generator)[:n]
    with torch.inference_mode():
        probs = model(data.x_test[idx]).softmax(1)
    conf, pred = probs.max(1)
    return DigitPredictions(
        images=display_images(data, data.x_test[idx]),
        true=data.y_test[idx].tolist(),
        predicted=pred.tolist(),
        confidence=conf.tolist(),
        indices=idx.tolist(),
    )


@dataclass(frozen=True)
class SentenceSimilarity:
    """Cosine similarities between a few shipped sentences (paraphrases adjacent)."""

    sentences: list[str]
    matrix: np.ndarray  # (n, n)


def sample_sentence_similarity(
    model: nn.Module, data: SentencePairs, pairs: int = 4, seed: int = 0
) -> SentenceSimilarity:
    """Embed ``pairs`` paraphrase pairs drawn with ``seed``; return their cosine matrix."""
    pairs = max(1, min(pairs, len(data.pairs)))
    generator = torch.Generator().manual_seed(seed)
    chosen = torch.randperm(len(data.pairs), generator=generator)[:pairs].tolist()
    sentences = [s for i in chosen for s in data.pairs[i]]
    embeddings = model.encode(sentences)
    return SentenceSimilarity(sentences=sentences, matrix=(embeddings @ embeddings.T).numpy())
