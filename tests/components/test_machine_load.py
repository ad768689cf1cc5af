"""The load record of a measurement: load average from a fake getloadavg, other processes' share
of the CPU from fake /proc/stat readings, and when a record counts as busy."""

from __future__ import annotations

import math
import time

import pytest

from components.machine_load import (
    OTHERS_BUSY,
    MeasuredAt,
    combined,
    is_busy,
    load_average,
    measure,
    others_share,
    system_cpu,
)


def test_load_average_from_a_fake_getloadavg():
    assert load_average(lambda: (3.5, 2.0, 1.0)) == 3.5


def test_load_average_unknown_is_nan_and_never_busy():
    def broken():
        raise OSError("no load average here")

    load = load_average(broken)
    assert math.isnan(load)
    assert not is_busy(load, 2)


@pytest.mark.parametrize(
    ("load", "others", "busy"),
    [(1.2, math.nan, False), (2.0, math.nan, False), (2.1, math.nan, True), (0.5, 0.6, True)],
)
def test_busy_is_load_above_the_cores_or_others_using_half(load, others, busy):
    assert MeasuredAt(0.0, 1.0, load, 2, others).busy is busy


def test_others_share_is_the_rest_of_the_machines_cpu_time():
    # 2 CPUs for 2 s = 4 CPU-seconds; the machine was busy 3 of them, this process 1.
    assert others_share(3.0, 1.0, 2.0, 2) == pytest.approx(0.5)
    assert others_share(0.5, 1.0, 2.0, 2) == 0.0  # clock-tick rounding never goes below 0
    assert math.isnan(others_share(3.0, 1.0, 0.01, 2))  # too short to tell


def test_measure_records_value_time_load_and_others():
    readings = iter([(100.0, 2), (101.5, 2)])  # /proc/stat: 1.5 busy CPU-seconds meanwhile
    own = iter([10.0, 10.6])  # of which this process used 0.6
    before = time.time()
    value, at = measure(
        lambda: time.sleep(0.6) or 42,
        getloadavg=lambda: (2.5, 1.0, 1.0),
        read_system=lambda: next(readings),
        read_own=lambda: next(own),
    )
    assert value == 42
    assert before <= at.taken_at <= time.time()
    assert at.seconds >= 0.6 and at.load == 2.5 and at.cores >= 1
    assert at.others == pytest.approx(0.9 / (at.seconds * 2))
    assert at.busy == (at.load > at.cores or at.others > OTHERS_BUSY)


def test_measure_without_proc_stat_leaves_others_unknown():
    _, at = measure(lambda: None, getloadavg=lambda: (0.1, 0, 0), read_system=lambda: None)
    assert math.isnan(at.others) and not at.busy


def test_system_cpu_reads_this_machine():
    reading = system_cpu()
    if reading is not None:  # Linux
        seconds, cpus = reading
        assert seconds > 0 and cpus >= 1


def test_combined_takes_the_latest_time_and_the_worst_load():
    a = MeasuredAt(10.0, 1.0, 0.5, 2, 0.1)
    b = MeasuredAt(20.0, 2.0, 2.5, 2, math.nan)
    both = combined([a, b])
    assert (both.taken_at, both.seconds, both.load, both.cores) == (20.0, 3.0, 2.5, 2)
    assert both.busy and both.others == 0.1  # an unknown share does not hide a known one
    assert combined([b, a]).others == 0.1
    with pytest.raises(ValueError):
        combined([])
