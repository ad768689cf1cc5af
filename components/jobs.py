"""A bound on heavy jobs (trainings, sweeps, compiles, parallel runs) across a whole server.

Thirty students on a 2-core machine must not start thirty trainings at once: each would crawl
and the pages of everyone else with them. :class:`JobLimiter` lets at most ``slots`` heavy jobs
run; the others wait first come, first served and are told how many jobs are ahead of them.
Identical requests never get this far twice: :class:`~components.result_cache.ResultCache`
computes one key once and hands every waiter the same result.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager

HEAVY_JOBS_ENV = "MODELLENS_HEAVY_JOBS"

# on_wait(jobs_ahead), called while a job waits, about every ``poll_s`` seconds. jobs_ahead ≥ 1
# while it queues for a slot; 0 while the very same job runs for someone else (see ResultCache).
# Called without any lock held: it may draw on a page, and Streamlit may raise from inside it
# (the user reran or left the page), which abandons the wait cleanly.
WaitFn = Callable[[int], None]


class JobLimiter:
    """At most ``slots`` jobs at once; the rest queue in arrival order.

    Re-entrant per thread: a job that starts another heavy job (a sweep that compiles a backend)
    runs it inside its own slot instead of waiting for itself (with one slot that would be a
    deadlock). A job that hands work to other threads must not let them take slots.
    """

    def __init__(self, slots: int):
        if slots < 1:
            raise ValueError(f"slots must be at least 1, got {slots}")
        self.slots = slots
        self._running = 0
        self._queue: deque[object] = deque()
        self._cond = threading.Condition()
        self._held = threading.local()

    @property
    def running(self) -> int:
        with self._cond:
            return self._running

    @property
    def waiting(self) -> int:
        with self._cond:
            return len(self._queue)

    def holds_slot(self) -> bool:
        """Whether the calling thread runs inside a slot of this limiter."""
        return getattr(self._held, "depth", 0) > 0

    @contextmanager
    def slot(
        self,
        on_wait: WaitFn | None = None,
        poll_s: float = 0.25,
        unless: Callable[[], bool] | None = None,
    ) -> Iterator[bool]:
        """Hold one slot for the block, waiting (and reporting) while all are taken.

        Yields True when the block runs in a slot. With ``unless``, checked while waiting, a wait
        that is no longer needed (another thread started the same job) leaves the queue and
        yields False without a slot.
        """
        depth = getattr(self._held, "depth", 0)
        if depth:  # this thread already runs a heavy job: its sub-jobs are part of it
            self._held.depth = depth + 1
            try:
                yield True
            finally:
                self._held.depth = depth
            return
        if not self._acquire(on_wait, poll_s, unless):
            yield False
            return
        self._held.depth = 1
        try:
            yield True
        finally:
            self._held.depth = 0
            with self._cond:
                self._running -= 1
                self._cond.notify_all()

    def _acquire(
        self, on_wait: WaitFn | None, poll_s: float, unless: Callable[[], bool] | None
    ) -> bool:
        ticket = object()
        with self._cond:
            self._queue.append(ticket)
        try:
            while True:
                with self._cond:
                    if self._queue[0] is ticket and self._running < self.slots:
                        self._queue.popleft()
                        self._running += 1
                        self._cond.notify_all()  # the next ticket may start too
                        return True
                    ahead = self._ahead(ticket)
                # Outside the lock: a slow or raising callback must not stall the others.
                if unless is not None and unless():
                    self._leave(ticket)
                    return False
                if on_wait is not None:
                    on_wait(ahead)
                with self._cond:
                    if self._queue[0] is not ticket or self._running >= self.slots:
                        self._cond.wait(poll_s)
        except BaseException:
            # A rerun, a stopped session, an interrupted wait: a ticket left at the head of the
            # queue would block every later job on the server.
            self._leave(ticket)
            raise

    def _leave(self, ticket: object) -> None:
        with self._cond:
            if ticket in self._queue:
                self._queue.remove(ticket)
                self._cond.notify_all()

    def _ahead(self, ticket: object) -> int:
        """Jobs that start before ``ticket``: the running ones and those queued earlier."""
        return self._running + list(self._queue).index(ticket)


def heavy_job_slots(cpus: int | None = None) -> int:
    """``MODELLENS_HEAVY_JOBS`` if set, else half the cores (at least 1): heavy jobs use every
    thread they are given, and the other half keeps pages responsive."""
    configured = int(os.environ.get(HEAVY_JOBS_ENV, "0") or 0)
    return max(1, configured or (cpus or os.cpu_count() or 1) // 2)


HEAVY_JOBS = JobLimiter(heavy_job_slots())
