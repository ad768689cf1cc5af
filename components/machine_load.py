"""When a measurement was taken, and how busy the machine was while it ran.

Timings on a shared machine swing: with a neighbour busy on a 2-core server, eager once stalled
at 40.6 ms and ONNX Runtime looked 75× faster. Every cached timing therefore keeps one
:class:`MeasuredAt`, the page shows it under the numbers, and a busy one is flagged.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")
LoadAvgFn = Callable[[], tuple[float, float, float]]

# Busy: the 1-minute load average above the cores, or other processes using more than half of
# all cores' time while the measurement ran (the load average lags a minute behind; this does not).
OTHERS_BUSY = 0.5
# /proc/stat counts in clock ticks (10 ms): over a shorter window the share is mostly rounding.
MIN_WINDOW_S = 0.5
PROC_STAT = "/proc/stat"


def is_busy(load: float, cores: int, others: float = math.nan) -> bool:
    """Whether other work competed for the cores (nan values never count as busy)."""
    return load > cores or others > OTHERS_BUSY


@dataclass(frozen=True)
class MeasuredAt:
    """When and under what load one measurement was taken."""

    taken_at: float  # time.time() when it ended
    seconds: float  # how long it took
    load: float  # 1-minute load average when it ended (nan where the OS has none)
    cores: int
    others: float = math.nan  # share of all cores' time other processes used (nan: unknown)

    @property
    def busy(self) -> bool:
        return is_busy(self.load, self.cores, self.others)


def combined(measured: list[MeasuredAt]) -> MeasuredAt:
    """One record for results measured in several parts: the latest time, the worst load."""
    if not measured:
        raise ValueError("nothing measured")
    return MeasuredAt(
        taken_at=max(m.taken_at for m in measured),
        seconds=sum(m.seconds for m in measured),
        load=_worst(m.load for m in measured),
        cores=max(m.cores for m in measured),
        others=_worst(m.others for m in measured),
    )


def _worst(values: Iterable[float]) -> float:
    """The largest of the known values (nan when none is known)."""
    known = [v for v in values if not math.isnan(v)]
    return max(known) if known else math.nan


def load_average(getloadavg: LoadAvgFn | None = None) -> float:
    """The 1-minute load average (nan where the OS has none)."""
    if getloadavg is None:
        getloadavg = getattr(os, "getloadavg", None)
        if getloadavg is None:
            return math.nan
    try:
        return float(getloadavg()[0])
    except OSError:
        return math.nan


def system_cpu() -> tuple[float, int] | None:
    """(seconds every CPU spent busy since boot, number of CPUs) from /proc/stat; None elsewhere."""
    try:
        with open(PROC_STAT, encoding="ascii") as stat:
            lines = stat.read().splitlines()
    except OSError:
        return None
    total = next((line.split() for line in lines if line.startswith("cpu ")), None)
    cpus = sum(1 for line in lines if line.startswith("cpu") and line[3:4].isdigit())
    if total is None or not cpus:
        return None
    ticks = [int(v) for v in total[1:9]]  # user nice system idle iowait irq softirq steal
    busy = sum(ticks) - ticks[3] - ticks[4]
    return busy / os.sysconf("SC_CLK_TCK"), cpus


def own_cpu() -> float:
    """CPU seconds of this process and its finished children (parallel runs' workers)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def others_share(system_s: float, own_s: float, wall_s: float, cpus: int) -> float:
    """The share of all CPUs' time that other processes used over ``wall_s`` seconds, in which
    the whole machine was busy ``system_s`` CPU-seconds and this process ``own_s``."""
    if wall_s < MIN_WINDOW_S or cpus < 1:
        return math.nan
    return min(max((system_s - own_s) / (wall_s * cpus), 0.0), 1.0)


def measure(
    compute: Callable[[], T],
    *,
    getloadavg: LoadAvgFn | None = None,
    read_system: Callable[[], tuple[float, int] | None] = system_cpu,
    read_own: Callable[[], float] = own_cpu,
) -> tuple[T, MeasuredAt]:
    """``compute()`` and the record of when and under what load it ran."""
    system_before, own_before = read_system(), read_own()
    start = time.perf_counter()
    value = compute()
    seconds = time.perf_counter() - start
    system_after, own_after = read_system(), read_own()
    others = math.nan
    if system_before is not None and system_after is not None:
        others = others_share(
            system_after[0] - system_before[0], own_after - own_before, seconds, system_after[1]
        )
    at = MeasuredAt(time.time(), seconds, load_average(getloadavg), os.cpu_count() or 1, others)
    return value, at
