"""Benchmark: what a full garbage collection costs the server, with and without freezing the heap.

A full (generation-2) collection walks every object the cyclic collector tracks while it holds
the interpreter lock: every session of the server waits for it. In one process, as a server
does:

1. import what the first page imports (the app's pages and their caches); count the tracked
   objects and time a full collection (median of 3);
2. freeze them (``components.warmup.freeze_heap``, as the warm-up does before its jobs) and
   time a full collection again;
3. run the warm-up's jobs (``dashboard.shell.warmup.lesson_warmup_jobs``), with every
   generation-2 collection that starts meanwhile timed (``gc.callbacks``);
4. after the jobs: the objects left in the walk and a full collection; then freeze again (after
   one collection, as the warm-up does) and time a full collection once more.

``--no-freeze`` skips both freezes: the server before ``freeze_heap``. Run the two in turn and
compare within one machine (timings swing with its load):

    .venv/bin/python -m tests.benchmarks.bench_heap
    .venv/bin/python -m tests.benchmarks.bench_heap --no-freeze
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import statistics
import sys
import time

from components.warmup import freeze_heap, run_jobs

# What the pages' first runs import.
FIRST_PAGE_MODULES = (
    "dashboard.areas.accelerate.cache",
    "dashboard.areas.compress.cache",
    "dashboard.areas.explain.cache",
    "dashboard.areas.fuse.cache",
)


class Gen2Pauses:
    """Every generation-2 collection's duration while installed (``gc.callbacks``)."""

    def __init__(self) -> None:
        self.seconds: list[float] = []
        self._started: float | None = None

    def __call__(self, phase: str, info: dict) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
        elif self._started is not None:
            self.seconds.append(time.perf_counter() - self._started)
            self._started = None


def full_collection_s(repeats: int = 3) -> float:
    """Median seconds of ``gc.collect()`` (generation 2) over ``repeats``."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        gc.collect()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def tracked_objects() -> int:
    """Objects in the collector's walk (frozen ones are not)."""
    return len(gc.get_objects())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-freeze", action="store_true", help="never freeze (the old server)")
    args = parser.parse_args()
    os.environ.setdefault("MODELLENS_THREADS", "1")
    freeze = not args.no_freeze
    rows: list[tuple[str, str, str]] = []

    for module in FIRST_PAGE_MODULES:  # here, not at the top: the first row counts them
        importlib.import_module(module)
    from dashboard.shell.warmup import lesson_warmup_jobs

    rows.append(("after the imports", f"{tracked_objects():,}", f"{full_collection_s():.3f}"))
    if freeze:
        freeze_heap(collect=False)
        rows.append(("  frozen", f"{tracked_objects():,}", f"{full_collection_s():.3f}"))

    pauses = Gen2Pauses()
    gc.callbacks.append(pauses)
    started = time.perf_counter()
    report = run_jobs(lesson_warmup_jobs, limiter=None)
    warmup_s = time.perf_counter() - started
    gc.callbacks.remove(pauses)

    rows.append(("after the warm-up", f"{tracked_objects():,}", f"{full_collection_s():.3f}"))
    if freeze:
        freeze_heap(collect=True)
        rows.append(("  frozen", f"{tracked_objects():,}", f"{full_collection_s():.3f}"))

    print(
        f"\nHeap benchmark ({'freeze_heap' if freeze else 'no freeze'}), "
        f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
        f"MODELLENS_THREADS={os.environ['MODELLENS_THREADS']}\n"
    )
    print("| moment | objects in the walk | full collection (s, median of 3) |")
    print("|---|---|---|")
    for moment, objects, seconds in rows:
        print(f"| {moment} | {objects} | {seconds} |")
    longest = max(pauses.seconds, default=0.0)
    print(
        f"\nwarm-up: {len(report.done)} jobs ({len(report.failed)} failed) in {warmup_s:.1f} s; "
        f"{len(pauses.seconds)} full collections started meanwhile, "
        f"{sum(pauses.seconds):.2f} s in all, the longest {longest:.3f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
