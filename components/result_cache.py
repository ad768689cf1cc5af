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
from typing import ClassVar, Generic, TypeVar

T = TypeVar("T")


class ResultCache(Generic[T]):
    """Thread-safe least-recently-used cache with per-key computation locks."""

    _instances: ClassVar[weakref.WeakSet[ResultCache]] = weakref.WeakSet()

    def __init__(self, name: str, max_entries: int):
        self.name = name
        self.max_entries = max_entries
        self._values: OrderedDict[Hashable, T] = OrderedDict()
        self._key_locks: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()
        ResultCache._instances.add(self)

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._values

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value of ``key``, computing it with ``compute()`` on a miss.

        Exceptions propagate and cache nothing, so a failed request can be retried.
        """
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:  # one computation per key; later arrivals wait here, then hit the cache
            with self._lock:
                if key in self._values:
                    self._values.move_to_end(key)
                    return self._values[key]
            try:
                value = compute()
            finally:
                with self._lock:
                    self._key_locks.pop(key, None)
            with self._lock:
                self._values[key] = value
                while len(self._values) > self.max_entries:
                    self._values.popitem(last=False)
            return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    @classmethod
    def clear_all(cls) -> None:
        """Empty every cache (tests; an operator's reset)."""
        for cache in list(cls._instances):
            cache.clear()
