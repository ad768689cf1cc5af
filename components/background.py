"""Heavy work off the page's thread: measurements that stream in while the student moves on.

A Streamlit rerun draws its widgets top to bottom; a latency measurement, a sweep or a training
run inside it makes every control below wait for it (1.5–6 s per slider step, measured). Here
such work runs on a small pool of daemon threads instead. A page *requests* a result and draws
what it already has; the request is a :class:`Job` that the page polls and that reports its
progress. Results land in the caller's cache (see ``CachedCall.request`` in
:mod:`components.result_cache`), so a finished job is just a cache hit on the next rerun.

Requests carry an *owner* (a session and a place on its page). An owner wants one result at a
time: when a student moves the slider on, the job of the old value loses them, and a job nobody
wants any more is cancelled — before it starts, or at its next progress report (a running
computation cannot be stopped between reports). Jobs requested without an owner (the warm-up,
tests) always run to the end.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Hashable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field

from components.errors import UserFacingError
from components.jobs import HEAVY_JOBS
from components.progress import ProgressFn

WORKERS_ENV = "MODELLENS_BACKGROUND_WORKERS"
# A failed job is answered with its error for this long (each rerun would otherwise start it
# again); after that, asking again retries it.
RETRY_AFTER_S = 30.0
# Finished jobs are forgotten after this long (their results live in the caches).
FORGET_AFTER_S = 120.0
# A heavy job pauses at its progress reports while pages are being drawn, for at most this long
# each time (a class that never stops clicking must not starve the measurements).
YIELD_MAX_S = 1.0

logger = logging.getLogger("modellens.background")


class PageRuns:
    """Script runs in progress on this server. Heavy background work (timings, sweeps,
    trainings) gives them the cores: on two cores a timing thread beside a script run slows the
    run (the GIL, the caches) and the run spoils the timing."""

    def __init__(self) -> None:
        self._active = 0
        self._quiet = threading.Condition()

    @contextmanager
    def running(self) -> Iterator[None]:
        """Mark one script run for the block."""
        with self._quiet:
            self._active += 1
        try:
            yield
        finally:
            with self._quiet:
                self._active -= 1
                self._quiet.notify_all()

    @contextmanager
    def waiting(self) -> Iterator[None]:
        """Inside :meth:`running`: the run waits for background work during the block and is
        not counted (the work it waits for must not wait for it)."""
        with self._quiet:
            self._active -= 1
            self._quiet.notify_all()
        try:
            yield
        finally:
            with self._quiet:
                self._active += 1

    @property
    def active(self) -> int:
        with self._quiet:
            return self._active

    def wait_quiet(self, max_s: float = YIELD_MAX_S) -> bool:
        """Wait until no script runs (at most ``max_s``); whether it is quiet now."""
        with self._quiet:
            return self._quiet.wait_for(lambda: self._active <= 0, timeout=max_s)


PAGE_RUNS = PageRuns()


class Cancelled(Exception):
    """Raised inside a job at a progress report once no owner wants its result any more."""


@dataclass(eq=False)
class Job:
    """One background computation, as the pages see it (fields are read without a lock: each
    is replaced whole, and a page only draws them)."""

    key: Hashable
    done: threading.Event = field(default_factory=threading.Event)
    fraction: float = 0.0  # the last progress report
    message: str = ""
    ahead: int | None = None  # heavy jobs ahead of it while it queues (0: running for another)
    error: BaseException | None = None
    ended_at: float | None = None
    wanted_by: set[Hashable] = field(default_factory=set)
    owned: bool = False  # some owner asked for it: it may be cancelled once none wants it
    future: Future | None = field(default=None, repr=False)

    def wait(self, timeout: float) -> bool:
        """Whether the job ended (successfully or not) within ``timeout`` seconds."""
        return self.done.wait(max(timeout, 0.0))

    @property
    def abandoned(self) -> bool:
        return self.owned and not self.wanted_by

    @property
    def cancelled(self) -> bool:
        return isinstance(self.error, Cancelled)

    def report(self, fraction: float, message: str) -> None:
        """The job's progress callback; raises :class:`Cancelled` once nobody wants it. A heavy
        job (one that holds a :data:`~components.jobs.HEAVY_JOBS` slot) first lets the pages
        being drawn finish."""
        if self.abandoned:
            raise Cancelled(self.key)
        self.fraction, self.message, self.ahead = fraction, message, None
        if HEAVY_JOBS.holds_slot():
            PAGE_RUNS.wait_quiet()
        if self.abandoned:  # the student moved on while it waited
            raise Cancelled(self.key)

    def waiting(self, ahead: int) -> None:
        """The job's queue reporter (``components.jobs.WaitFn``); cancels like :meth:`report`."""
        if self.abandoned:
            raise Cancelled(self.key)
        self.ahead = ahead

    def progress(self) -> ProgressFn:
        """A progress callback for the computation, carrying :meth:`waiting` (see
        ``components.progress.on_wait``); a bound method cannot take the attribute."""

        def callback(fraction: float, message: str) -> None:
            self.report(fraction, message)

        callback.waiting = self.waiting  # type: ignore[attr-defined]
        return callback

    def end(self, error: BaseException | None = None) -> None:
        self.error, self.ended_at = error, time.monotonic()
        self.done.set()


class BackgroundWork:
    """A bounded pool that runs each requested key once, for everyone who asks."""

    def __init__(self, workers: int):
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self.workers = workers
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="modellens-background")
        self._jobs: dict[Hashable, Job] = {}
        self._wants: dict[Hashable, Hashable] = {}  # owner → the key it wants now
        self._lock = threading.Lock()

    def request(
        self,
        key: Hashable,
        run: Callable[[ProgressFn], object],
        owner: Hashable | None = None,
    ) -> Job:
        """The job computing ``key`` (started now with ``run(progress)`` unless one runs or
        failed recently); ``owner`` now wants this key and no longer its previous one."""
        with self._lock:
            self._forget_old()
            job = self._jobs.get(key)
            if job is not None and self._stale(job):
                job = None
            if job is None:
                job = self._jobs[key] = Job(key)
                job.future = self._pool.submit(self._run, job, run)
            if owner is not None:
                self._switch(owner, job)
            return job

    def job(self, key: Hashable) -> Job | None:
        """The job of ``key``, if one is known (running, queued or recently ended)."""
        with self._lock:
            return self._jobs.get(key)

    def pending(self, key: Hashable) -> bool:
        """Whether a job for ``key`` is queued or running."""
        job = self.job(key)
        return job is not None and not job.done.is_set()

    def _stale(self, job: Job) -> bool:
        """Whether a request should start ``job``'s key afresh: it ended well (its result is
        in the cache, or was evicted), was cancelled, or failed long enough ago."""
        if not job.done.is_set():
            if job.abandoned and job.future is not None and job.future.cancel():
                job.end(Cancelled(job.key))  # it never started: a fresh one replaces it
                return True
            return False  # running or queued: join it (an abandoned one is wanted again)
        if job.error is None or job.cancelled:
            return True
        return time.monotonic() - (job.ended_at or 0.0) > RETRY_AFTER_S

    def _switch(self, owner: Hashable, job: Job) -> None:
        previous = self._wants.get(owner)
        self._wants[owner] = job.key
        job.wanted_by.add(owner)
        job.owned = True
        if previous is not None and previous != job.key:
            old = self._jobs.get(previous)
            if old is not None:
                self._drop_owner(old, owner)

    def _drop_owner(self, job: Job, owner: Hashable) -> None:
        job.wanted_by.discard(owner)
        if job.abandoned and job.future is not None and job.future.cancel():
            job.end(Cancelled(job.key))  # it never started: it ends here

    def _forget_old(self) -> None:
        now = time.monotonic()
        for key, job in list(self._jobs.items()):
            if job.done.is_set() and now - (job.ended_at or now) > FORGET_AFTER_S:
                del self._jobs[key]
        live = set(self._jobs)
        for owner, key in list(self._wants.items()):
            if key not in live:
                del self._wants[owner]

    def _run(self, job: Job, run: Callable[[ProgressFn], object]) -> None:
        # Imported here: components.runtime imports torch, which this module does not need.
        from components.runtime import configure_torch

        error: BaseException | None = None
        try:
            if job.abandoned:
                raise Cancelled(job.key)
            configure_torch()  # OpenMP threads are per thread: start from the server's count
            run(job.progress())
        except (Cancelled, UserFacingError) as err:  # an end, or a message for the page
            error = err
        except Exception as err:  # shown on the page as a failure; the server goes on
            logger.exception("background job %r failed", job.key)
            error = err
        finally:
            job.end(error)


def background_workers(cpus: int | None = None) -> int:
    """``MODELLENS_BACKGROUND_WORKERS`` if set, else twice the cores (at least 4).

    Heavy jobs also take a :data:`components.jobs.HEAVY_JOBS` slot inside their worker, so the
    extra workers serve short measurements (a comparison's latencies) while a sweep runs.
    """
    configured = int(os.environ.get(WORKERS_ENV, "0") or 0)
    return max(1, configured or max(4, 2 * (cpus or os.cpu_count() or 1)))


BACKGROUND = BackgroundWork(background_workers())
