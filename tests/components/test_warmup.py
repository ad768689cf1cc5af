"""The start-up warm-up: runs its jobs once, in the background, survives errors, can be off."""

from __future__ import annotations

import gc
import threading
import weakref

from components import warmup as warmup_module
from components.jobs import JobLimiter
from components.warmup import Warmup, WarmupJob, freeze_heap, run_jobs, warmup_enabled


def test_jobs_run_once_in_a_background_thread_and_an_error_is_survived():
    calls: list[tuple[str, str]] = []
    release = threading.Event()

    def job(name: str):
        def run() -> None:
            release.wait(5)  # the caller returns before any job ends
            calls.append((name, threading.current_thread().name))

        return run

    def broken() -> None:
        raise RuntimeError("no weights")

    jobs = [WarmupJob("a", job("a")), WarmupJob("broken", broken), WarmupJob("b", job("b"))]
    warmup = Warmup()
    report = warmup.start(jobs, limiter=JobLimiter(1), delay_s=0, environ={}, freeze=False)
    assert report is not None and not report.finished.is_set()
    assert warmup.start(jobs, limiter=JobLimiter(1), delay_s=0, environ={}) is report  # once
    release.set()
    assert report.finished.wait(10)
    assert [name for name, _ in calls] == ["a", "b"]
    assert {thread for _, thread in calls} == {"modellens-warmup"}
    assert warmup.thread is not None and warmup.thread.daemon
    assert [name for name, _ in report.done] == ["a", "b"]
    assert report.failed == [("broken", "RuntimeError: no weights")]


def test_each_job_holds_one_slot_and_queued_jobs_go_in_turn():
    limiter = JobLimiter(1)
    seen: list[tuple[int, bool]] = []
    jobs = [
        WarmupJob(str(i), lambda: seen.append((limiter.running, limiter.holds_slot())))
        for i in range(3)
    ]
    run_jobs(jobs, limiter=limiter)
    assert seen == [(1, True)] * 3
    assert limiter.running == 0


def test_listing_the_jobs_is_deferred_and_its_failure_is_reported():
    def no_list():
        raise ImportError("missing")

    report = run_jobs(no_list, limiter=None)
    assert report.finished.is_set() and report.done == []
    assert report.failed == [("<list>", "ImportError: missing")]


def test_switched_off_by_the_environment():
    ran: list[str] = []
    warmup = Warmup()
    for value in ("0", "off", "False", "no"):
        assert not warmup_enabled({"MODELLENS_WARMUP": value})
        assert (
            warmup.start(
                [WarmupJob("x", lambda: ran.append("x"))], environ={"MODELLENS_WARMUP": value}
            )
            is None
        )
    assert warmup.thread is None and ran == []
    assert warmup_enabled({}) and warmup_enabled({"MODELLENS_WARMUP": "1"})


class _Node:
    """An object in a reference cycle: only the cyclic collector can free it."""

    def __init__(self) -> None:
        self.me = self


def test_freeze_heap_takes_what_is_alive_out_of_the_collectors_walk():
    garbage = _Node()
    garbage_ref = weakref.ref(garbage)
    del garbage  # a cycle nobody holds: collect=True frees it before freezing
    kept = _Node()
    kept_ref = weakref.ref(kept)
    try:
        frozen = freeze_heap(collect=True)
        assert garbage_ref() is None
        assert frozen == gc.get_freeze_count() and frozen > 0
        del kept  # now garbage, but frozen: a collection does not walk it
        gc.collect()
        assert kept_ref() is not None
    finally:
        gc.unfreeze()
    gc.collect()
    assert kept_ref() is None  # back in the walk, it is freed


def test_the_warm_up_freezes_before_and_after_its_jobs(monkeypatch):
    calls: list[str] = []

    def record(*, collect: bool) -> int:
        calls.append(f"freeze collect={collect}")
        return 0

    monkeypatch.setattr(warmup_module, "freeze_heap", record)
    jobs = [WarmupJob("a", lambda: calls.append("job a"))]
    warmup = Warmup()
    report = warmup.start(jobs, limiter=JobLimiter(1), delay_s=0, environ={})
    assert report is not None and warmup.thread is not None
    warmup.thread.join(10)  # the last freeze comes after the report is finished
    assert [name for name, _ in report.done] == ["a"]
    assert calls == ["freeze collect=False", "job a", "freeze collect=True"]
