"""How much two attribution maps agree: rank correlation and top-k overlap of |attribution|.

Both compare magnitudes only: methods differ in sign conventions (Saliency and Grad-CAM are
unsigned), and "which pixels matter most" is the question a student asks of two maps.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from components.explain.attributions import Explanation

Measure = Literal["spearman", "topk"]
DEFAULT_TOPK = 0.1  # the 10 % most important pixels: 78 of 784, about the ink of a thin digit


def _magnitudes(attribution: np.ndarray) -> np.ndarray:
    return np.abs(np.asarray(attribution, dtype=np.float64)).ravel()


def _ranks(attribution: np.ndarray) -> np.ndarray:
    return rankdata(_magnitudes(attribution))  # ties share their mean rank, as in spearmanr


def _correlation(ra: np.ndarray, rb: np.ndarray) -> float:
    if ra.std() == 0 or rb.std() == 0:
        return float("nan")  # a constant map has no ranking (scipy returns NaN too)
    if np.array_equal(ra, rb):
        return 1.0  # exactly, where corrcoef may round to 0.9999999999999999
    return float(np.clip(np.corrcoef(ra, rb)[0, 1], -1.0, 1.0))


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman rank correlation of |a| and |b|, as ``scipy.stats.spearmanr`` computes it;
    NaN when either map is constant."""
    return _correlation(_ranks(a), _ranks(b))


def top_pixels(attribution: np.ndarray, k: float = DEFAULT_TOPK) -> np.ndarray:
    """Flat indices of the ``k`` fraction (at least one) of pixels with the largest |value|.

    A stable sort breaks ties by position, so equal maps give equal sets.
    """
    values = _magnitudes(attribution)
    n = max(1, round(k * values.size))
    return np.argsort(-values, kind="stable")[:n]


def topk_overlap(a: np.ndarray, b: np.ndarray, k: float = DEFAULT_TOPK) -> float:
    """Intersection over union of the top-``k`` pixel sets of |a| and |b| (1: the same pixels)."""
    if not 0 < k <= 1:
        raise ValueError(f"k must be a fraction in (0, 1], got {k}")
    sa, sb = set(top_pixels(a, k).tolist()), set(top_pixels(b, k).tolist())
    return len(sa & sb) / len(sa | sb)


def _labels(explanations: Sequence[Explanation]) -> list[str]:
    """Method names, numbered where one appears twice (``saliency``, ``saliency #2``)."""
    labels, seen = [], {}
    for e in explanations:
        seen[e.method] = seen.get(e.method, 0) + 1
        labels.append(e.method if seen[e.method] == 1 else f"{e.method} #{seen[e.method]}")
    return labels


def agreement_matrix(
    explanations: Sequence[Explanation], measure: Measure = "spearman", k: float = DEFAULT_TOPK
) -> pd.DataFrame:
    """Square method × method table of agreement between every pair of ``explanations``.

    ``measure``: "spearman" (rank correlation of |attribution|, −1…1) or "topk" (IoU of the top
    ``k`` fraction of pixels, 0…1). Symmetric; the diagonal is 1 by definition (also for a
    constant map, whose correlation with anything else is NaN).
    """
    if measure not in ("spearman", "topk"):
        raise ValueError(f"measure must be 'spearman' or 'topk', got {measure!r}")
    n = len(explanations)
    maps = [e.attribution for e in explanations]
    ranks = [_ranks(a) for a in maps] if measure == "spearman" else []
    table = np.eye(n)
    for i in range(n):
        for j in range(i + 1, n):
            if measure == "spearman":
                value = _correlation(ranks[i], ranks[j])
            else:
                value = topk_overlap(maps[i], maps[j], k)
            table[i, j] = table[j, i] = value
    labels = _labels(explanations)
    return pd.DataFrame(table, index=pd.Index(labels), columns=pd.Index(labels))
