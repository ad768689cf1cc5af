"""JobLimiter: at most K jobs at once, first come first served, positions reported, re-entrant,
and a wait that is interrupted (a Streamlit rerun raises inside on_wait) leaves no trace."""

from __future__ import annotations

import threading
import time

import pytest

from components.jobs import HEAVY_JOBS_ENV, JobLimiter, heavy_job_slots

TIMEOUT = 10


def wait_for(predicate, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_slots_must_be_positive():
    with pytest.raises(ValueError):
        JobLimiter(0)


def test_heavy_job_slots(monkeypatch):
    monkeypatch.delenv(HEAVY_JOBS_ENV, raising=False)
    assert heavy_job_slots(2) == 1
    assert heavy_job_slots(1) == 1
    assert heavy_job_slots(16) == 8
    monkeypatch.setenv(HEAVY_JOBS_ENV, "3")
    assert heavy_job_slots(2) == 3


@pytest.mark.parametrize("slots", [1, 2, 3])
def test_at_most_k_run_at_once(slots):
    limiter = JobLimiter(slots)
    inside = most = 0
    guard = threading.Lock()

    def job():
        nonlocal inside, most
        with limiter.slot(poll_s=0.01) as granted:
            assert granted
            with guard:
                inside += 1
                most = max(most, inside)
            time.sleep(0.02)
            with guard:
                inside -= 1

    threads = [threading.Thread(target=job) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert most == slots
    assert inside == 0
    assert limiter.running == 0 and limiter.waiting == 0


def test_first_come_first_served_and_positions_reported():
    limiter = JobLimiter(1)
    release = threading.Event()
    order: list[int] = []
    reported: dict[int, list[int]] = {i: [] for i in range(4)}

    def holder():
        with limiter.slot():
            release.wait(TIMEOUT)

    def job(i: int):
        with limiter.slot(on_wait=reported[i].append, poll_s=0.01):
            order.append(i)

    first = threading.Thread(target=holder)
    first.start()
    wait_for(lambda: limiter.running == 1)
    threads = []
    for i in range(4):  # queue them one after another, in a known order
        threads.append(threading.Thread(target=job, args=(i,)))
        threads[-1].start()
        wait_for(lambda i=i: limiter.waiting == i + 1 and reported[i])
    # The running job and everyone queued earlier are ahead.
    assert [reported[i][0] for i in range(4)] == [1, 2, 3, 4]
    release.set()
    for thread in [first, *threads]:
        thread.join(TIMEOUT)
    assert order == [0, 1, 2, 3]
    # Positions only ever move forward.
    for values in reported.values():
        assert values == sorted(values, reverse=True)


def test_nested_slot_on_the_same_thread_does_not_wait_for_itself():
    limiter = JobLimiter(1)
    done = threading.Event()

    def job():
        with limiter.slot() as outer, limiter.slot() as inner, limiter.slot():
            assert outer and inner
            assert limiter.running == 1
            assert limiter.holds_slot()
        assert not limiter.holds_slot()
        done.set()

    thread = threading.Thread(target=job, daemon=True)
    thread.start()
    assert done.wait(TIMEOUT), "a nested slot deadlocked"
    assert limiter.running == 0


def test_an_exception_releases_the_slot():
    limiter = JobLimiter(1)
    with pytest.raises(RuntimeError), limiter.slot():
        raise RuntimeError("boom")
    assert limiter.running == 0
    with limiter.slot() as granted:  # would block forever if the slot had leaked
        assert granted


class Rerun(Exception):
    """Stands in for Streamlit's RerunException, raised from inside a page callback."""


def test_an_interrupted_wait_leaves_the_queue():
    limiter = JobLimiter(1)
    release = threading.Event()

    def holder():
        with limiter.slot():
            release.wait(TIMEOUT)

    def interrupt(_ahead: int) -> None:
        raise Rerun

    first = threading.Thread(target=holder)
    first.start()
    wait_for(lambda: limiter.running == 1)
    with pytest.raises(Rerun), limiter.slot(on_wait=interrupt, poll_s=0.01):
        pytest.fail("ran without a slot")
    assert limiter.waiting == 0  # a dead ticket at the head would block every later job
    release.set()
    first.join(TIMEOUT)
    got = threading.Event()

    def later():
        with limiter.slot(poll_s=0.01):
            got.set()

    threading.Thread(target=later, daemon=True).start()
    assert got.wait(TIMEOUT)


def test_on_wait_runs_without_the_limiter_lock():
    """A slow page callback of one waiter must not keep a running job from finishing."""
    limiter = JobLimiter(1)
    in_callback = threading.Event()
    leave_callback = threading.Event()
    release = threading.Event()
    finished = threading.Event()

    def holder():
        with limiter.slot():
            release.wait(TIMEOUT)
        finished.set()

    def slow(_ahead: int) -> None:
        in_callback.set()
        leave_callback.wait(TIMEOUT)

    first = threading.Thread(target=holder)
    first.start()
    wait_for(lambda: limiter.running == 1)
    waiter = threading.Thread(target=lambda: limiter.slot(slow).__enter__(), daemon=True)
    waiter.start()
    assert in_callback.wait(TIMEOUT)
    release.set()
    assert finished.wait(2), "the running job could not release its slot during on_wait"
    leave_callback.set()
    first.join(TIMEOUT)


def test_unless_leaves_the_queue_without_a_slot():
    limiter = JobLimiter(1)
    release = threading.Event()
    settled = threading.Event()
    result: list[bool] = []

    def holder():
        with limiter.slot():
            release.wait(TIMEOUT)

    def waiter():
        with limiter.slot(poll_s=0.01, unless=settled.is_set) as granted:
            result.append(granted)

    first = threading.Thread(target=holder)
    first.start()
    wait_for(lambda: limiter.running == 1)
    second = threading.Thread(target=waiter)
    second.start()
    wait_for(lambda: limiter.waiting == 1)
    settled.set()
    second.join(TIMEOUT)
    assert result == [False]
    assert limiter.running == 1 and limiter.waiting == 0
    release.set()
    first.join(TIMEOUT)
