"""The bubble of a pipeline, as the Accelerate page shows it before and after a run: the ideal
schedule of the chosen counts with its idle share and the textbook formula beside it, and both
as curves over the number of micro-batches next to the bubbles measured so far."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from components.errors import UserFacingError
from components.parallel.schedule import (
    bubble_fraction,
    formula_applies,
    formula_bubble,
    ideal_bubble,
    ideal_schedule,
)

CURVES = ("formula", "ideal", "measured")


@dataclass(frozen=True)
class IdealPipeline:
    """One schedule on ``processes`` processes with ``micro`` micro-batches, before any run."""

    events: pd.DataFrame  # :func:`ideal_schedule`: every action one time slot long
    bubble: float  # idle share of ``events`` (the grey of the ideal chart)
    formula: float  # :func:`formula_bubble`
    formula_applies: bool  # whether ``formula`` is ``bubble`` for these counts


def ideal_pipeline(schedule: str, processes: int, micro: int) -> IdealPipeline:
    """The ideal schedule and its bubble against the formula's.

    Raises:
        UserFacingError: counts the schedule refuses (as :func:`ideal_schedule`).
    """
    events = ideal_schedule(schedule, processes, micro)
    return IdealPipeline(
        events=events,
        bubble=bubble_fraction(events),  # as ideal_bubble, without building it twice
        formula=formula_bubble(schedule, processes, micro),
        formula_applies=formula_applies(schedule, processes, micro),
    )


def ideal_or_nan(schedule: str, processes: int, micro: int) -> float:
    """:func:`ideal_bubble`, or NaN for a count torch refuses (e.g. interleaved 1F1B with
    5 micro-batches on 2 processes): a gap in a curve, not an error."""
    try:
        return ideal_bubble(schedule, processes, micro)
    except UserFacingError:
        return math.nan


def bubble_curves(
    schedule: str, processes: int, micro_counts: Iterable[int], measured: Mapping[int, float]
) -> dict[str, list[float]]:
    """:data:`CURVES` → the bubble at each of ``micro_counts``: the formula's, the ideal
    schedule's (NaN where refused) and the measured one (NaN where not run yet)."""
    counts = list(micro_counts)
    return {
        "formula": [formula_bubble(schedule, processes, m) for m in counts],
        "ideal": [ideal_or_nan(schedule, processes, m) for m in counts],
        "measured": [measured.get(m, math.nan) for m in counts],
    }
