"""Figures built once for every session, and their text tables read once: building a plotly
figure (its validation) costs more than the rest of a rerun, and a class of 30 on one setting
would build it 30 times (#16)."""

from __future__ import annotations

import hashlib
import threading
import weakref
from collections.abc import Callable, Hashable

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.chart_text import chart_table
from components.result_cache import ResultCache

_FIGURES: ResultCache[go.Figure] = ResultCache("figures", max_entries=256)
# id(figure) → (a weak reference that tells a reused id from the figure, its text table)
_TEXT_TABLES: dict[tuple[int, str], tuple[weakref.ref, pd.DataFrame]] = {}
_MAX_TEXT_TABLES = 512
_TEXT_TABLES_LOCK = threading.Lock()  # sessions run in threads of their own


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


def text_table(fig: go.Figure, series: str) -> pd.DataFrame:
    """:func:`components.chart_text.chart_table` of ``fig``, read once per figure object: a
    shared figure is read-only, and reading it costs as much as drawing it (plotly copies the
    whole figure)."""
    key = (id(fig), series)
    held = _TEXT_TABLES.get(key)
    if held is not None and held[0]() is fig:
        return held[1]
    table = chart_table(fig, series=series)
    with _TEXT_TABLES_LOCK:
        if len(_TEXT_TABLES) >= _MAX_TEXT_TABLES:  # the oldest goes (dicts keep their order)
            _TEXT_TABLES.pop(next(iter(_TEXT_TABLES)))
        _TEXT_TABLES[key] = (weakref.ref(fig), table)
    return table
