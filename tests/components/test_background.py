"""Background work: one job per key for everyone, cancelled when its owners move on, failures
kept for a while, results in the caller's cache."""

from __future__ import annotations

import threading

import pytest

from components import background
from components.background import BackgroundWork, Cancelled
from components.errors import UserFacingError
from components.result_cache import ResultCache

WAIT_S = 10.0


@pytest.fixture
def pool():
    return BackgroundWork(workers=1)


def blocker(pool: BackgroundWork) -> threading.Event:
    """Occupy the pool's one worker until the returned event is set."""
    gate = threading.Event()
    pool.request("gate", lambda _p: gate.wait(WAIT_S))
    return gate


def test_one_job_per_key_and_its_result_lands_in_the_cache(pool):
    cache: ResultCache[int] = ResultCache("squares", 4)
    runs = []

    @cache.cached()
    def square(x: int, progress=None) -> int:
        runs.append(x)
        return x * x

    square.background = pool
    gate = blocker(pool)
    first, second = square.request(3, owner="a"), square.request(3, owner="b")
    assert first is second and square.pending(3) and square.peek(3) is None
    gate.set()
    assert first.wait(WAIT_S) and first.error is None
    assert square.peek(3) == 9 and runs == [3] and not square.pending(3)


def test_an_owner_moving_on_cancels_a_queued_job(pool):
    gate = blocker(pool)
    ran = []
    old = pool.request("amount=0.5", lambda _p: ran.append(0.5), owner="session-slider")
    new = pool.request("amount=0.6", lambda _p: ran.append(0.6), owner="session-slider")
    assert old.done.is_set() and old.cancelled  # it never started
    gate.set()
    assert new.wait(WAIT_S) and new.error is None and ran == [0.6]


def test_a_job_another_owner_still_wants_goes_on(pool):
    gate = blocker(pool)
    shared = pool.request("k", lambda _p: "done", owner="one")
    pool.request("k", lambda _p: "done", owner="two")
    pool.request("other", lambda _p: None, owner="one")  # one moves on, two still waits
    gate.set()
    assert shared.wait(WAIT_S) and shared.error is None


def test_a_running_job_nobody_wants_stops_at_its_next_report(pool):
    started, go_on = threading.Event(), threading.Event()
    reports = []

    def work(progress):
        progress(0.0, "start")
        started.set()
        go_on.wait(WAIT_S)
        progress(0.5, "half")  # raises: the owner left meanwhile
        reports.append("never")

    job = pool.request("long", work, owner="s")
    assert started.wait(WAIT_S)
    pool.request("elsewhere", lambda _p: None, owner="s")  # the student moved on
    go_on.set()
    assert job.wait(WAIT_S) and job.cancelled and reports == []
    again = pool.request("long", lambda _p: None, owner="s")  # asked again: a fresh job
    assert again is not job and again.wait(WAIT_S) and again.error is None


def test_a_job_joined_as_it_stops_ends_cancelled_and_a_new_request_starts_afresh(pool):
    """A session can join a job in the moment it stops for want of owners (its check came
    first): the job ends cancelled with that owner, who must ask again (``dashboard.shell.live``
    does) and then gets a fresh job."""
    started, go_on, stopping, joined = (threading.Event() for _ in range(4))

    def work(progress):
        progress(0.0, "start")
        started.set()
        go_on.wait(WAIT_S)
        try:
            progress(0.5, "half")  # raises: nobody wants it at this moment
        except Cancelled:
            stopping.set()
            joined.wait(WAIT_S)
            raise

    job = pool.request("k", work, owner="left")
    assert started.wait(WAIT_S)
    pool.request("other", lambda _p: None, owner="left")  # moved on before the job's report
    go_on.set()
    assert stopping.wait(WAIT_S)
    assert pool.request("k", work, owner="late") is job  # still running: joined
    joined.set()
    assert job.wait(WAIT_S) and job.cancelled and "late" in job.wanted_by
    again = pool.request("k", lambda _p: None, owner="late")
    assert again is not job and again.wait(WAIT_S) and again.error is None


def test_progress_and_queue_position_are_reported_to_the_page(pool):
    seen = threading.Event()

    def work(progress):
        progress(0.25, "epoch 1/4")
        progress.waiting(2)
        seen.set()
        seen.wait(WAIT_S)

    job = pool.request("train", work)
    assert seen.wait(WAIT_S) and job.wait(WAIT_S)
    assert (job.fraction, job.message, job.ahead) == (0.25, "epoch 1/4", 2)


def test_failures_are_kept_then_retried(pool, monkeypatch):
    attempts = []

    def fail(_progress):
        attempts.append(1)
        raise UserFacingError("error.page", kind="Test")

    job = pool.request("bad", fail, owner="s")
    assert job.wait(WAIT_S) and isinstance(job.error, UserFacingError)
    assert pool.request("bad", fail, owner="s") is job  # not started again at once
    monkeypatch.setattr(background, "RETRY_AFTER_S", 0.0)
    retried = pool.request("bad", fail, owner="s")
    assert retried is not job and retried.wait(WAIT_S) and len(attempts) == 2


def test_unexpected_errors_end_the_job_not_the_pool(pool):
    job = pool.request("boom", lambda _p: 1 / 0)
    assert job.wait(WAIT_S) and isinstance(job.error, ZeroDivisionError)
    after = pool.request("fine", lambda _p: None)
    assert after.wait(WAIT_S) and after.error is None


def test_cancelled_is_not_a_failure():
    assert not issubclass(Cancelled, UserFacingError)
    with pytest.raises(ValueError):
        BackgroundWork(0)


def test_heavy_work_waits_at_its_steps_while_a_page_is_drawn(pool, monkeypatch):
    from components.background import PageRuns
    from components.jobs import JobLimiter

    pages, limiter = PageRuns(), JobLimiter(1)
    monkeypatch.setattr(background, "PAGE_RUNS", pages)
    monkeypatch.setattr(background, "HEAVY_JOBS", limiter)
    with pages.running():
        assert pages.active == 1 and not pages.wait_quiet(0.01)
    assert pages.wait_quiet(0.01)
    steps = []

    def work(progress):
        with limiter.slot():  # a heavy job
            for i in range(3):
                progress(i / 3, f"step {i}")
                steps.append(pages.active)

    with pages.running():
        job = pool.request("heavy", work)
        assert not job.wait(0.3)  # paused at its first step while the page is drawn
    assert job.wait(WAIT_S) and job.error is None
    assert steps == [0, 0, 0]  # every step ran with no page being drawn
