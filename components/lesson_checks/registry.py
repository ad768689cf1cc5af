"""The measures that lesson steps name: one registered function each, cached by settings.

A measure takes the URL values the lesson's page would show (the lesson's settings updated by
its steps, as text, exactly as in a lesson link) and an optional argument (a layer, a class),
and returns one number. Deterministic measures are computed once per settings; timings are
``timed`` and can be taken again (``fresh=True``), because a busy machine can spoil one.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Literal

from torch import nn

from components import machine_load
from components.machine_load import MeasuredAt
from components.result_cache import ResultCache
from models.registry import load_model

Unit = Literal["fraction", "ratio", "ms", "db", "count", "share"]
MeasureFn = Callable[[Mapping[str, str], str], float]


@dataclass(frozen=True)
class Measure:
    """One measurable quantity of a page (test accuracy, a latency ratio, a layer's SQNR …)."""

    name: str
    fn: MeasureFn
    unit: Unit
    timed: bool  # a timing: re-measured on demand, and its checks allow one re-measurement

    @property
    def label_key(self) -> str:
        """Its name in ``components.strings`` ("measure.<name>")."""
        return f"measure.{self.name}"


@dataclass(frozen=True)
class Measured(MeasuredAt):
    """One measurement's value, with when and under what load it was taken: a timing taken
    while the machine was busy is not to be trusted, and the page says so."""

    value: float = math.nan


@functools.lru_cache(maxsize=4)
def zoo_model(name: str) -> nn.Module:
    """The zoo model ``name``, loaded once for every page's measures (read-only: the backend
    calls they make work on copies)."""
    return load_model(name).eval()


MEASURES: dict[str, Measure] = {}
_VALUES: ResultCache[Measured] = ResultCache("lesson_measures", max_entries=512)


def register(name: str, unit: Unit, *, timed: bool = False) -> Callable[[MeasureFn], MeasureFn]:
    """Register the decorated function as the measure ``name``."""

    def add(fn: MeasureFn) -> MeasureFn:
        if name in MEASURES:
            raise ValueError(f"measure {name!r} registered twice")
        MEASURES[name] = Measure(name, fn, unit, timed)
        return fn

    return add


def _key(name: str, settings: Mapping[str, str], arg: str) -> tuple:
    return (name, arg, tuple(sorted(settings.items())))


def _take(measure: Measure, settings: Mapping[str, str], arg: str) -> Measured:
    value, at = machine_load.measure(lambda: float(measure.fn(settings, arg)))
    return Measured(**asdict(at), value=value)


def measurement(
    name: str, settings: Mapping[str, str], arg: str = "", *, fresh: bool = False
) -> Measured:
    """The measure ``name`` on ``settings``, with when and under what load it was taken (cached
    server-wide; ``fresh`` takes a timing again)."""
    measure = MEASURES[name]
    key = _key(name, settings, arg)
    if fresh and measure.timed:
        _VALUES.discard(key)
    return _VALUES.get_or_compute(key, lambda: _take(measure, settings, arg))


def is_measured(name: str, settings: Mapping[str, str], arg: str = "") -> bool:
    """Whether the measure is cached (a page shows it at once instead of offering to measure)."""
    return _key(name, settings, arg) in _VALUES
