"""ResultCache with a JobLimiter: hits never wait, identical requests compute once, at most K
computations at once in arrival order, failures release everything, nested jobs never deadlock."""

from __future__ import annotations

import threading
import time

import pytest

from components.jobs import JobLimiter
from components.result_cache import ResultCache

TIMEOUT = 10


def wait_for(predicate, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def run_all(targets) -> None:
    threads = [threading.Thread(target=target, daemon=True) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "deadlock"


def test_hit_miss_and_lru_eviction():
    cache: ResultCache[int] = ResultCache("t", max_entries=2)
    assert cache.get_or_compute("a", lambda: 1) == 1
    assert cache.get_or_compute("a", lambda: pytest.fail("recomputed")) == 1
    cache.get_or_compute("b", lambda: 2)
    cache.get_or_compute("a", lambda: 0)  # touch a: b is now the oldest
    cache.get_or_compute("c", lambda: 3)
    assert "a" in cache and "c" in cache and "b" not in cache
    assert len(cache) == 2
    ResultCache.clear_all()
    assert len(cache) == 0


@pytest.mark.parametrize("slots", [1, 3])
def test_at_most_k_computations_at_once(slots):
    limiter = JobLimiter(slots)
    cache: ResultCache[int] = ResultCache("t", 100, limiter)
    inside = most = 0
    guard = threading.Lock()

    def compute(i: int) -> int:
        nonlocal inside, most
        with guard:
            inside += 1
            most = max(most, inside)
        time.sleep(0.03)
        with guard:
            inside -= 1
        return i * i

    results: dict[int, int] = {}

    def request(i: int):
        results[i] = cache.get_or_compute(i, lambda: compute(i))

    run_all([lambda i=i: request(i) for i in range(8)])
    assert most == slots
    assert results == {i: i * i for i in range(8)}


def test_fifo_and_queue_position_reported():
    limiter = JobLimiter(1)
    cache: ResultCache[str] = ResultCache("t", 100, limiter)
    release = threading.Event()
    order: list[str] = []
    reported: dict[str, list[int]] = {k: [] for k in "abc"}

    def slow() -> str:
        release.wait(TIMEOUT)
        return "first"

    def request(key: str):
        cache.get_or_compute(key, lambda: order.append(key) or key, reported[key].append)

    holder = threading.Thread(target=lambda: cache.get_or_compute("x", slow), daemon=True)
    holder.start()
    wait_for(lambda: limiter.running == 1)
    threads = []
    for n, key in enumerate("abc"):
        threads.append(threading.Thread(target=request, args=(key,), daemon=True))
        threads[-1].start()
        wait_for(lambda n=n, key=key: limiter.waiting == n + 1 and reported[key])
    assert [reported[k][0] for k in "abc"] == [1, 2, 3]
    release.set()
    for thread in [holder, *threads]:
        thread.join(TIMEOUT)
    assert order == ["a", "b", "c"]


@pytest.mark.parametrize("slots", [1, 2, 4])
def test_identical_requests_compute_once_and_others_wait(slots):
    """Eight students ask for the same sweep at once: one computation, one shared result, and
    the waiters hold no slot, so a different job still starts while it runs."""
    limiter = JobLimiter(slots)
    cache: ResultCache[object] = ResultCache("t", 100, limiter)
    calls = 0
    started = threading.Event()
    release = threading.Event()
    shared_waits: list[int] = []

    def compute() -> object:
        nonlocal calls
        calls += 1
        started.set()
        release.wait(TIMEOUT)
        return object()

    results: list[object] = []

    def request():
        results.append(cache.get_or_compute("same", compute, shared_waits.append))

    threads = [threading.Thread(target=request, daemon=True) for _ in range(8)]
    for thread in threads:
        thread.start()
    assert started.wait(TIMEOUT)
    wait_for(lambda: limiter.waiting == 0)  # the identical requests left the queue
    assert limiter.running == 1
    wait_for(lambda: 0 in shared_waits)  # and were told that the same job runs elsewhere
    if slots > 1:  # another job is not blocked by the seven waiters
        assert cache.get_or_compute("other", lambda: "ok") == "ok"
    release.set()
    for thread in threads:
        thread.join(TIMEOUT)
    assert calls == 1
    assert len(results) == 8 and all(r is results[0] for r in results)
    assert limiter.running == 0


def test_an_exception_releases_the_slot_and_caches_nothing():
    limiter = JobLimiter(1)
    cache: ResultCache[int] = ResultCache("t", 100, limiter)

    def fail() -> int:
        raise ValueError("bad settings")

    with pytest.raises(ValueError):
        cache.get_or_compute("k", fail)
    assert "k" not in cache
    assert limiter.running == 0
    assert cache.get_or_compute("k", lambda: 7) == 7  # retried, and the slot is free


def test_waiters_of_a_failed_run_compute_it_themselves():
    """The first session's run can die of its own rerun: the others then run it."""
    limiter = JobLimiter(1)
    cache: ResultCache[str] = ResultCache("t", 100, limiter)
    started = threading.Event()
    release = threading.Event()
    calls = 0

    def compute() -> str:
        nonlocal calls
        calls += 1
        if calls == 1:
            started.set()
            release.wait(TIMEOUT)
            raise RuntimeError("the first session left")
        return "value"

    outcomes: list[object] = []

    def request():
        try:
            outcomes.append(cache.get_or_compute("k", compute))
        except RuntimeError as err:
            outcomes.append(err)

    first = threading.Thread(target=request, daemon=True)
    first.start()
    assert started.wait(TIMEOUT)
    others = [threading.Thread(target=request, daemon=True) for _ in range(3)]
    for thread in others:
        thread.start()
    time.sleep(0.1)
    release.set()
    for thread in [first, *others]:
        thread.join(TIMEOUT)
    assert calls == 2
    assert sum(isinstance(o, RuntimeError) for o in outcomes) == 1
    assert outcomes.count("value") == 3
    assert limiter.running == 0 and limiter.waiting == 0


def test_interrupted_waiter_leaves_no_trace():
    limiter = JobLimiter(1)
    cache: ResultCache[str] = ResultCache("t", 100, limiter)
    release = threading.Event()

    class Rerun(Exception):
        pass

    def interrupt(_ahead: int) -> None:
        raise Rerun

    holder = threading.Thread(
        target=lambda: cache.get_or_compute("x", lambda: release.wait(TIMEOUT) and "x"),
        daemon=True,
    )
    holder.start()
    wait_for(lambda: limiter.running == 1)
    with pytest.raises(Rerun):  # queued for a slot
        cache.get_or_compute("y", lambda: "y", interrupt)
    with pytest.raises(Rerun):  # waiting for the same key
        cache.get_or_compute("x", lambda: "again", interrupt)
    assert limiter.waiting == 0
    release.set()
    holder.join(TIMEOUT)
    assert cache.get_or_compute("y", lambda: "y") == "y"
    assert cache.get_or_compute("x", lambda: "again") == "x"


def test_no_deadlock_with_one_slot_under_nested_jobs():
    """A heavy job whose computation needs other heavy results (a sweep that builds backends,
    in this cache and in another one) while other threads request the same inner keys."""
    limiter = JobLimiter(1)
    outer: ResultCache[int] = ResultCache("outer", 100, limiter)
    inner: ResultCache[int] = ResultCache("inner", 100, limiter)
    plain: ResultCache[int] = ResultCache("plain", 100)  # not a heavy job itself

    def leaf(i: int) -> int:
        time.sleep(0.005)
        return i

    def sweep(i: int) -> int:
        parts = [inner.get_or_compute(j, lambda j=j: leaf(j)) for j in range(i % 3 + 2)]
        again = outer.get_or_compute(("sub", i % 2), lambda: plain.get_or_compute(i % 2, lambda: 1))
        return sum(parts) + again

    results: dict[int, int] = {}

    def request(i: int):
        if i % 2:
            results[i] = outer.get_or_compute(("sweep", i % 4), lambda: sweep(i % 4))
        else:
            results[i] = inner.get_or_compute(i % 3, lambda: leaf(i % 3))

    run_all([lambda i=i: request(i) for i in range(16)])
    assert len(results) == 16
    assert limiter.running == 0 and limiter.waiting == 0
    assert results[1] == sum(range(1 % 3 + 2)) + 1


def test_a_measured_cache_keeps_when_and_under_what_load(monkeypatch):
    import components.machine_load as machine_load

    monkeypatch.setattr(machine_load.os, "getloadavg", lambda: (7.0, 1.0, 1.0))
    cache: ResultCache[int] = ResultCache("timings", max_entries=2, measured=True)
    before = time.time()
    cache.get_or_compute("a", lambda: 1)
    taken = cache.measured_at("a")
    assert taken is not None and taken.load == 7.0 and before <= taken.taken_at <= time.time()
    assert cache.measured_at("a") is taken  # a hit measures nothing
    entry = cache.entry("a")
    assert entry.measured_at() is taken
    entry.discard()
    assert "a" not in cache and cache.measured_at("a") is None
    time.sleep(0.01)
    cache.get_or_compute("a", lambda: 2)
    assert cache.measured_at("a").taken_at > taken.taken_at  # measured again
    cache.get_or_compute("b", lambda: 3)
    cache.get_or_compute("c", lambda: 4)  # evicts a, and its record with it
    assert cache.measured_at("a") is None and cache.measured_at("c") is not None
    cache.clear()
    assert cache.measured_at("c") is None


def test_a_plain_cache_records_nothing():
    cache: ResultCache[int] = ResultCache("plain", max_entries=2)
    cache.get_or_compute("a", lambda: 1)
    assert cache.measured_at("a") is None


def test_find_gives_the_key_of_the_newest_value_that_passes():
    cache: ResultCache[list[int]] = ResultCache("find", max_entries=4)
    first = cache.get_or_compute("x", lambda: [1, 2])
    cache.get_or_compute("y", lambda: [2, 3])
    assert cache.find(lambda v: 2 in v) == "y"
    assert cache.find(lambda v: any(item is first for item in [v])) == "x"
    assert cache.find(lambda v: 9 in v) is None


def test_cached_call_is_the_one_way_to_compute_ask_and_discard():
    cache: ResultCache[int] = ResultCache("cached-call", max_entries=4)
    calls, seen = [], []

    @cache.cached(key=lambda a, _b: ("sum", a))  # b does not change the result here
    def add(a: int, b: int, progress=None) -> int:
        calls.append((a, b))
        seen.append(progress)
        return a + b

    def report(_fraction: float, _message: str) -> None: ...

    assert not add.ready(1, 2)
    assert add(1, 2, progress=report) == 3 and seen == [report]
    assert add.ready(1, 2) and add.ready(1, 99)  # the key ignores b
    assert add(1, 99) == 3 and calls == [(1, 2)]  # a hit: not computed again
    assert add.entry(1, 2).key == ("sum", 1)
    add.entry(1, 2).discard()
    assert not add.ready(1, 2)
    assert add.__name__ == "add"

    @cache.cached()
    def double(a: int, progress=None) -> int:
        return 2 * a

    assert double(4) == 8 and double.key(4) == ("double", 4) and double.ready(4)
