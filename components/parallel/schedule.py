"""Pipeline schedules on paper: the ideal timeline in unit time slots, and bubble fractions.

Pure functions of their arguments (no processes), so the page can draw the ideal Gantt chart
next to the measured one and tests can check the bubble formula exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import SimpleNamespace

import pandas as pd

from components.errors import UserFacingError
from components.parallel.settings import SCHEDULES, ParallelSettings, ScheduleInfo, check_count

EVENT_COLUMNS = (
    "rank",  # process (Gantt row)
    "stage",  # model stage; equals rank except for interleaved schedules
    "microbatch",
    "kind",  # forward / backward (model parallel also: send / recv)
    "start_s",  # seconds since the step began (time slots for ideal schedules)
    "end_s",
)
COMPUTE_KINDS = frozenset({"forward", "backward"})

Action = tuple[int, str, int]  # (stage, kind, microbatch)


def schedule_info(schedule: str) -> ScheduleInfo:
    """The :class:`ScheduleInfo` called ``schedule``; UserFacingError if there is none."""
    try:
        return SCHEDULES[schedule]
    except KeyError:
        raise UserFacingError(
            "parallel.error.unknown_schedule", schedule=schedule, known=", ".join(SCHEDULES)
        ) from None


def _interleaved_orders(n_ranks: int, n_microbatches: int) -> dict[int, list[Action]]:
    # Taken from torch itself rather than re-derived: ScheduleInterleaved1F1B executes exactly
    # its ``pipeline_order``, which only needs each stage's index and the group's size, so
    # stand-in stages compute it without any process group.
    from torch.distributed.pipelining.schedules import ScheduleInterleaved1F1B

    stages = [
        SimpleNamespace(
            stage_index=k * n_ranks,
            num_stages=2 * n_ranks,
            group_size=n_ranks,
            group_rank=0,
        )
        for k in range(2)
    ]
    try:
        order = ScheduleInterleaved1F1B(stages, n_microbatches).pipeline_order
    except ValueError:
        raise UserFacingError(
            "parallel.error.interleaved_microbatches",
            microbatches=n_microbatches,
            processes=n_ranks,
        ) from None
    kinds = {"F": "forward", "B": "backward"}
    return {
        rank: [
            (a.stage_index, kinds[a.computation_type.value], a.microbatch_index)
            for a in actions
            if a is not None and a.computation_type.value in kinds
        ]
        for rank, actions in order.items()
    }


def rank_orders(schedule: str, n_ranks: int, n_microbatches: int) -> dict[int, list[Action]]:
    """The order in which each process runs its forwards and backwards under ``schedule``.

    Raises:
        UserFacingError: unknown schedule, bad process or micro-batch counts.
    """
    info = schedule_info(schedule)
    check_count("processes", n_ranks, ParallelSettings.PROCESSES_RANGE)
    check_count("microbatches", n_microbatches, ParallelSettings.MICROBATCHES_RANGE)
    if info.microbatches_at_least_processes and n_microbatches < n_ranks:
        raise UserFacingError(
            "parallel.error.too_few_microbatches",
            microbatches=n_microbatches,
            processes=n_ranks,
        )
    m = n_microbatches
    if info.name == "interleaved_1f1b":
        return _interleaved_orders(n_ranks, m)
    orders = {}
    for r in range(n_ranks):
        if info.name == "gpipe":  # all forwards (fill), then all backwards (drain)
            orders[r] = [(r, kind, i) for kind in ("forward", "backward") for i in range(m)]
            continue
        # 1F1B as torch's Schedule1F1B runs it: stage r warms up with p − r forwards, then
        # alternates one backward and one forward, then drains the remaining backwards.
        warmup = min(m, n_ranks - r)
        order = [(r, "forward", i) for i in range(warmup)]
        for b in range(m):
            order.append((r, "backward", b))
            if warmup + b < m:
                order.append((r, "forward", warmup + b))
        orders[r] = order
    return orders


def ideal_schedule(
    schedule: str, n_stages: int, n_microbatches: int, *, backward_slots: float = 2.0
) -> pd.DataFrame:
    """The schedule's timeline with every forward taking one time slot (columns
    :data:`EVENT_COLUMNS`; ``start_s``/``end_s`` are in slots, not seconds).

    Args:
        schedule: a key of :data:`SCHEDULES`.
        n_stages: processes (the Gantt rows). Interleaved 1F1B runs two model stages on each,
            every one half as long.
        n_microbatches: micro-batches per step.
        backward_slots: length of a backward relative to a forward; 2 because a backward does
            two matrix products (input and weight gradients) for each one of the forward.

    Every action starts as soon as its process is free and its input is ready: the forward
    of the previous stage, or the backward of the next one. No time is spent communicating.
    """
    orders = rank_orders(schedule, n_stages, n_microbatches)
    per_rank = schedule_info(schedule).stages_per_rank
    n_model_stages = n_stages * per_rank
    length = {"forward": 1.0 / per_rank, "backward": backward_slots / per_rank}
    finished: dict[Action, float] = {}
    free = dict.fromkeys(orders, 0.0)
    position = dict.fromkeys(orders, 0)
    rows = []

    def needs(action: Action) -> Action | None:
        stage, kind, mb = action
        if kind == "forward":
            return (stage - 1, "forward", mb) if stage > 0 else None
        if stage == n_model_stages - 1:
            return (stage, "forward", mb)
        return (stage + 1, "backward", mb)

    while any(position[r] < len(orders[r]) for r in orders):
        moved = False
        for rank, order in orders.items():
            while position[rank] < len(order):
                action = order[position[rank]]
                dep = needs(action)
                if dep is not None and dep not in finished:
                    break
                start = max(free[rank], finished[dep] if dep is not None else 0.0)
                end = start + length[action[1]]
                finished[action] = free[rank] = end
                position[rank] += 1
                moved = True
                stage, kind, mb = action
                rows.append((rank, stage, mb, kind, start, end))
        if not moved:
            raise RuntimeError(f"schedule {schedule} deadlocks in simulation")  # a bug here
    return pd.DataFrame(rows, columns=list(EVENT_COLUMNS))


def formula_bubble(schedule: str, n_stages: int, n_microbatches: int) -> float:
    """The textbook bubble fraction: (p − 1) / (v·m + p − 1) for p processes, m micro-batches
    and v model stages per process (v = 1 for GPipe and 1F1B, 2 for interleaved 1F1B).
    It is the ideal schedule's bubble only where :func:`formula_applies`."""
    v = schedule_info(schedule).stages_per_rank
    p, m = n_stages, n_microbatches
    return (p - 1) / (v * m + p - 1)


def formula_applies(schedule: str, n_stages: int, n_microbatches: int) -> bool:
    """Whether :func:`formula_bubble` equals :func:`ideal_bubble` for these counts.

    It does for GPipe and 1F1B, and for interleaved 1F1B from m = p micro-batches on. With
    m < p, torch runs all m in one round: a micro-batch comes back to process 0 for its second
    stage only after passing all p processes, and m < p micro-batches cannot fill that wait, so
    the ideal schedule idles more than the formula says (Megatron-LM, where the formula comes
    from, requires m to be a multiple of p for interleaving).
    """
    return schedule_info(schedule).stages_per_rank == 1 or n_microbatches >= n_stages


def ideal_bubble(schedule: str, n_stages: int, n_microbatches: int) -> float:
    """Idle share of :func:`ideal_schedule`'s timeline: the grey of the ideal chart.

    Raises:
        UserFacingError: as :func:`rank_orders`.
    """
    return bubble_fraction(ideal_schedule(schedule, n_stages, n_microbatches))


def _union_length(intervals: Iterable[tuple[float, float]]) -> float:
    total, reach = 0.0, float("-inf")
    for start, end in sorted(intervals):
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total


def bubble_fraction(events: pd.DataFrame, kinds: Iterable[str] = COMPUTE_KINDS) -> float:
    """Idle share of the step, averaged over processes.

    The step spans from the first event's start to the last one's end on any process; a
    process is busy while one of its ``kinds`` events runs. Returns Σ idle / Σ span.
    """
    work = events[events["kind"].isin(set(kinds))]
    if work.empty:
        return 0.0
    span = float(work["end_s"].max() - work["start_s"].min())
    if span <= 0:
        return 0.0
    ranks = work.groupby("rank")
    idle = sum(span - _union_length(zip(g["start_s"], g["end_s"], strict=True)) for _, g in ranks)
    return idle / (span * ranks.ngroups)
