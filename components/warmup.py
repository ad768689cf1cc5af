"""Warm the server's caches in the background once it starts, so that a class's first clicks
are answered from the cache instead of waiting for a compile or a test-set average.

The work is a list of named jobs (what they compute is the caller's business: the dashboard
lists the lessons' default views). One daemon thread per server process runs them one after
another, each inside one heavy-job slot of :data:`components.jobs.HEAVY_JOBS` (a student's job
queues beside it, never behind the whole warm-up), at a lower CPU priority than the pages. A job
that fails is logged and skipped. ``MODELLENS_WARMUP=0`` switches it off (tests do). Before and
after its jobs it takes what is alive out of the garbage collector's walk (:func:`freeze_heap`).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field

from components.jobs import HEAVY_JOBS, JobLimiter

WARMUP_ENV = "MODELLENS_WARMUP"
OFF_VALUES = frozenset({"0", "false", "no", "off"})
# The first page's own work goes first: the warm-up starts after it had a moment of the cores.
START_DELAY_S = 2.0
NICENESS = 10  # Linux: per thread, inherited by the threads and processes it starts

logger = logging.getLogger("modellens.warmup")


@dataclass(frozen=True)
class WarmupJob:
    """One thing to compute ahead of the first click (its result lands in a cache)."""

    name: str
    run: Callable[[], object]


@dataclass
class WarmupReport:
    """What the warm-up did: (job, seconds) per finished job, (job, error) per failed one."""

    done: list[tuple[str, float]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    finished: threading.Event = field(default_factory=threading.Event)

    @property
    def seconds(self) -> float:
        return sum(s for _, s in self.done)


def warmup_enabled(environ: dict[str, str] | None = None) -> bool:
    """Whether ``MODELLENS_WARMUP`` leaves the warm-up on (default on)."""
    value = (environ if environ is not None else os.environ).get(WARMUP_ENV, "1")
    return value.strip().lower() not in OFF_VALUES


def run_jobs(
    jobs: Iterable[WarmupJob] | Callable[[], Iterable[WarmupJob]],
    *,
    limiter: JobLimiter | None = HEAVY_JOBS,
    report: WarmupReport | None = None,
) -> WarmupReport:
    """Run every job in order, each in one slot of ``limiter``; errors are logged, not raised.

    ``jobs`` may be a function that lists them: building the list (imports, models) then costs
    the warm-up thread, not the caller.
    """
    report = report if report is not None else WarmupReport()
    try:
        listed = jobs() if callable(jobs) else jobs
        for job in listed:
            start = time.perf_counter()
            try:
                with limiter.slot() if limiter is not None else nullcontext(True):
                    job.run()
            except Exception as err:  # a warm-up must never take the server down
                logger.exception("warm-up job %s failed", job.name)
                report.failed.append((job.name, f"{type(err).__name__}: {err}"))
            else:
                seconds = time.perf_counter() - start
                report.done.append((job.name, seconds))
                logger.info("warm-up: %s in %.1f s", job.name, seconds)
    except Exception as err:  # listing the jobs failed
        logger.exception("warm-up could not list its jobs")
        report.failed.append(("<list>", f"{type(err).__name__}: {err}"))
    finally:
        report.finished.set()
    return report


def freeze_heap(*, collect: bool) -> int:
    """Move every object the cyclic garbage collector tracks now into its permanent generation
    (:func:`gc.freeze`), after a full collection if ``collect``; returns how many are frozen.

    Why: a full collection walks every tracked object while it holds the interpreter lock, so
    every session of the server stops for it. Measured (``tests/benchmarks/bench_heap.py``,
    2-core machine): after the app's imports it walked 575,000 objects in 0.36 s, after the
    warm-up 856,000 in 0.46 s; frozen, 0.000 s. With a class of 30 (``bench_load --mixed``),
    one run of the old server had a 0.59 s collection after the warm-up; two runs frozen had
    none over 0.13 s.

    Frozen objects are skipped; reference counting still frees them once unused. Only a
    frozen object that ends in a reference cycle is never freed: a bounded cost, as the two
    freezes happen once per server (82 such objects after the imports, measured).
    """
    if collect:
        gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


class Warmup:
    """The server's one warm-up: :meth:`start` runs the jobs in a daemon thread the first time
    it is called and does nothing afterwards (every script run may call it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.thread: threading.Thread | None = None
        self.report: WarmupReport | None = None

    def start(
        self,
        jobs: Iterable[WarmupJob] | Callable[[], Iterable[WarmupJob]],
        *,
        limiter: JobLimiter | None = HEAVY_JOBS,
        delay_s: float = START_DELAY_S,
        environ: dict[str, str] | None = None,
        freeze: bool = True,
    ) -> WarmupReport | None:
        """Start the warm-up unless it started before or is switched off; never blocks.

        With ``freeze``, the thread moves the objects alive before and after the jobs out of
        the garbage collector's reach (:func:`freeze_heap`). Returns the report the thread
        fills in (the same one on later calls), or None when off.
        """
        if not warmup_enabled(environ):
            return None
        with self._lock:
            if self.report is not None:
                return self.report
            self.report = report = WarmupReport()
            self.thread = threading.Thread(
                target=self._run,
                args=(jobs, limiter, delay_s, report, freeze),
                name="modellens-warmup",
                daemon=True,
            )
            self.thread.start()
        return report

    @staticmethod
    def _run(jobs, limiter, delay_s: float, report: WarmupReport, freeze: bool) -> None:
        if delay_s > 0:
            time.sleep(delay_s)
        with contextlib.suppress(AttributeError, OSError):  # on Linux: this thread only
            os.nice(NICENESS)
        if freeze:  # what the first page imported: a collection would find almost nothing
            freeze_heap(collect=False)
        started = time.perf_counter()
        run_jobs(jobs, limiter=limiter, report=report)
        if freeze:  # the warm-up's results live as long as the server; its garbage goes first
            freeze_heap(collect=True)
        logger.info(
            "warm-up finished in %.1f s: %d jobs, %d failed",
            time.perf_counter() - started,
            len(report.done),
            len(report.failed),
        )


WARMUP = Warmup()  # the server's (one per process)
