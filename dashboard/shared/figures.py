"""Figures built once for every session: building a plotly figure (its validation) costs more
than the rest of a rerun, and a class of 30 on one setting would build it 30 times (#16)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.result_cache import ResultCache

_FIGURES: ResultCache[go.Figure] = ResultCache("figures", max_entries=256)


def shared_figure(key: Hashable, build: Callable[[], go.Figure]) -> go.Figure:
    """The figure ``build()`` makes, built once per ``key`` for every session: read-only.

    ``key`` must hold everything the figure shows (model, recipe, layer, language …); a
    measured table goes in as :func:`frame_key`.
    """
    return _FIGURES.get_or_compute(key, build)


def frame_key(frame: pd.DataFrame) -> tuple:
    """A hashable stand-in for ``frame``'s content (columns, index and every value)."""
    hashed = pd.util.hash_pandas_object(frame, index=True).to_numpy()
    return (tuple(frame.columns), len(frame), hashed.tobytes())


def array_key(*arrays: np.ndarray) -> tuple:
    """A hashable stand-in for the content of ``arrays`` (shapes, types and a digest of the
    bytes: pictures, spectrograms and maps are kilobytes, hashed in microseconds)."""
    digest = hashlib.blake2b(digest_size=16)
    shapes = []
    for array in arrays:
        contiguous = np.ascontiguousarray(array)
        shapes.append((contiguous.shape, contiguous.dtype.str))
        digest.update(contiguous.tobytes())
    return (tuple(shapes), digest.hexdigest())
