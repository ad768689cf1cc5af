"""A server-wide cache for expensive results (pruned models, sweeps, trainings).

Unlike ``st.cache_*`` it lets the computation report progress to the page (Streamlit replays
elements drawn inside a cached function, so a progress bar there breaks), it can say whether a
key is present, and concurrent requests for one key compute it once: the others wait for it.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextlib import nullcontext
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from components.background import BACKGROUND, BackgroundWork, Job
from components.jobs import JobLimiter, WaitFn
from components.machine_load import MeasuredAt, measure
from components.progress import ProgressFn, on_wait

T = TypeVar("T")

POLL_S = 0.25  # how often a waiting request reports (and lets Streamlit interrupt it)


class ResultCache(Generic[T]):
    """Thread-safe least-recently-used cache; one computation per key at a time."""

    _instances: ClassVar[weakref.WeakSet[ResultCache]] = weakref.WeakSet()

    def __init__(
        self,
        name: str,
        max_entries: int,
        limiter: JobLimiter | None = None,
        *,
        measured: bool = False,
    ):
        """``limiter``: computations of this cache are heavy jobs and take one of its slots
        (cache hits, and requests for a key that is being computed, never take one).
        ``measured``: its values are timings; each keeps when and under what load it was
        computed (:meth:`measured_at`)."""
        self.name = name
        self.max_entries = max_entries
        self.limiter = limiter
        self.measured = measured
        self._values: OrderedDict[Hashable, T] = OrderedDict()
        self._taken: dict[Hashable, MeasuredAt] = {}
        self._running: dict[Hashable, threading.Event] = {}  # key → set when its run ends
        self._lock = threading.Lock()
        ResultCache._instances.add(self)

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._values

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)

    def get_or_compute(
        self, key: Hashable, compute: Callable[[], T], on_wait: WaitFn | None = None
    ) -> T:
        """The cached value of ``key``, computing it with ``compute()`` on a miss.

        A request for a key that another thread is computing waits for that run (reporting
        ``on_wait(0)``) instead of computing it again. With a limiter, a miss first waits for a
        free slot, reporting ``on_wait(jobs_ahead)``. Exceptions propagate and cache nothing:
        the failed request can be retried, and the requests that waited for it run it again
        themselves (the failure may be the first session's own rerun or exit).
        """
        while True:
            found, value, running = self._lookup(key)
            if found:
                return value
            if running is not None:
                # Its owner holds a slot already: it finishes without anything this thread holds.
                while not running.wait(POLL_S):
                    if on_wait is not None:
                        on_wait(0)
                continue
            # The slot is taken without any lock of this cache, and only a thread that holds
            # one computes: a computation never waits for a thread that is itself waiting.
            slot = (
                self.limiter.slot(on_wait, POLL_S, unless=lambda: self._settled(key))
                if self.limiter is not None
                else nullcontext(True)
            )
            with slot as granted:
                if not granted:  # it was cached, or started by another thread, meanwhile
                    continue
                with self._lock:
                    if key in self._values:
                        self._values.move_to_end(key)
                        return self._values[key]
                    if key in self._running:
                        continue
                    done = self._running[key] = threading.Event()
                try:
                    if self.measured:
                        value, taken = measure(compute)
                    else:
                        value, taken = compute(), None
                    with self._lock:
                        self._values[key] = value
                        if taken is not None:
                            self._taken[key] = taken
                        while len(self._values) > self.max_entries:
                            old, _ = self._values.popitem(last=False)
                            self._taken.pop(old, None)
                    return value
                finally:
                    with self._lock:
                        del self._running[key]
                    done.set()

    def put(self, key: Hashable, value: T) -> None:
        """Store ``value`` under ``key`` (a result that grows, such as a training's curves so
        far: its writer replaces it whole)."""
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.max_entries:
                old, _ = self._values.popitem(last=False)
                self._taken.pop(old, None)

    def peek(self, key: Hashable) -> T | None:
        """The cached value of ``key`` without computing it (None: not cached)."""
        return self._lookup(key)[1]

    def _lookup(self, key: Hashable) -> tuple[bool, T | None, threading.Event | None]:
        """(cached?, the value, the event of a run in progress for it)."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return True, self._values[key], None
            return False, None, self._running.get(key)

    def _settled(self, key: Hashable) -> bool:
        """Whether a queued request for ``key`` no longer needs a slot of its own."""
        with self._lock:
            return key in self._values or key in self._running

    def discard(self, key: Hashable) -> None:
        """Forget ``key``'s value (a measurement to take again); a run in progress finishes."""
        with self._lock:
            self._values.pop(key, None)
            self._taken.pop(key, None)

    def measured_at(self, key: Hashable) -> MeasuredAt | None:
        """When and under what load ``key``'s cached value was computed (None: not cached, or
        not a ``measured`` cache)."""
        with self._lock:
            return self._taken.get(key) if key in self._values else None

    def find(self, test: Callable[[T], bool]) -> Hashable | None:
        """The key of the most recently used cached value that passes ``test`` (None: none)."""
        with self._lock:
            items = list(self._values.items())
        return next((key for key, value in reversed(items) if test(value)), None)

    def entry(self, key: Hashable) -> CacheEntry:
        """A handle on ``key`` that a page can show the measurement of and discard."""
        return CacheEntry(self, key)

    def cached(
        self, key: Callable[..., Hashable] | None = None
    ) -> Callable[[Callable[..., T]], CachedCall[T]]:
        """Decorate ``fn(*args, progress=None)`` so that its results live in this cache.

        ``key(*args)`` names a result (default: the function's name and its arguments); leave
        out of it what does not change the result. See :class:`CachedCall`.
        """
        return lambda fn: CachedCall(self, fn, key)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._taken.clear()

    @classmethod
    def clear_all(cls) -> None:
        """Empty every cache (tests; an operator's reset)."""
        for cache in list(cls._instances):
            cache.clear()


@dataclass(frozen=True)
class CacheEntry:
    """One key of one cache: what a "Re-measure" button discards."""

    cache: ResultCache
    key: Hashable

    def measured_at(self) -> MeasuredAt | None:
        return self.cache.measured_at(self.key)

    def discard(self) -> None:
        self.cache.discard(self.key)


class CachedCall(Generic[T]):
    """A function whose results live in a :class:`ResultCache`: the one way a page computes a
    result (``f(*args, progress=…)``), asks whether it is ready (``f.ready(*args)``, e.g. to
    label a button "Run" or "Show"), takes it if it is (``f.peek(*args)``), has it computed in
    the background (``f.request(*args, owner=…)``, see :mod:`components.background`) and gets a
    handle to re-measure it (``f.entry(*args)``)."""

    def __init__(
        self,
        cache: ResultCache[T],
        fn: Callable[..., T],
        key: Callable[..., Hashable] | None = None,
        background: BackgroundWork = BACKGROUND,
    ):
        self.cache, self.fn, self._key = cache, fn, key
        self.background = background
        self.__name__, self.__doc__ = fn.__name__, fn.__doc__

    def key(self, *args: object) -> Hashable:
        return self._key(*args) if self._key is not None else (self.fn.__name__, *args)

    def __call__(self, *args: object, progress: ProgressFn | None = None) -> T:
        return self.cache.get_or_compute(
            self.key(*args), lambda: self.fn(*args, progress=progress), on_wait(progress)
        )

    def ready(self, *args: object) -> bool:
        """Whether the result for ``args`` is computed on this server already."""
        return self.key(*args) in self.cache

    def peek(self, *args: object) -> T | None:
        """The result for ``args`` if it is cached, else None (nothing is computed)."""
        return self.cache.peek(self.key(*args))

    def request(self, *args: object, owner: Hashable | None = None) -> Job:
        """Compute the result for ``args`` in the background (once, whoever asks); the job
        reports progress and ends when the result is in the cache. ``owner`` (a session's place
        on a page) wants this result now instead of the one it asked for before."""
        return self.background.request(
            self._job_key(args), lambda progress: self(*args, progress=progress), owner
        )

    def store(self, value: T, *args: object) -> None:
        """Cache ``value`` as the result for ``args``: one computed along the way by another
        call (a training passes the shorter trainings on its way)."""
        self.cache.put(self.key(*args), value)

    def pending(self, *args: object) -> bool:
        """Whether the result for ``args`` is being computed in the background."""
        return self.background.pending(self._job_key(args))

    def _job_key(self, args: tuple) -> Hashable:
        return (id(self.cache), self.key(*args))

    def entry(self, *args: object) -> CacheEntry:
        return self.cache.entry(self.key(*args))
