"""Results that stream in: the run ends at once with a progress note, the result appears on the
rerun after it is computed, and a slider moved on cancels the value it left."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from components.background import PAGE_RUNS
from components.jobs import HEAVY_JOBS
from components.result_cache import ResultCache
from dashboard.shell.live import INLINE_ENV
from tests.dashboard.shell import live_app

WAIT_S = 10.0


def _script() -> None:
    from tests.dashboard.shell.live_app import main

    main()


@pytest.fixture
def streaming(monkeypatch):
    """Runs that do not wait for background work (the server's behaviour)."""
    monkeypatch.setenv(INLINE_ENV, "0")
    live_app.CACHE.clear()
    live_app.GATE.clear()
    yield
    live_app.GATE.set()


def _shown(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("square:"))


def test_the_run_ends_with_a_note_and_the_result_follows(streaming):
    at = AppTest.from_function(_script, default_timeout=WAIT_S).run()
    assert not at.exception
    assert _shown(at) == "square: pending"
    assert at.get("progress")  # the note where the result will appear
    assert at.button(key="other")  # the rest of the page was drawn
    job = live_app.slow_square.request(3)
    live_app.GATE.set()
    assert job.wait(WAIT_S) and job.error is None
    at.run()
    assert _shown(at) == "square: 9" and not at.get("progress")


def test_a_cached_result_is_drawn_in_the_same_run(streaming):
    live_app.GATE.set()
    assert live_app.slow_square(4) == 16
    at = AppTest.from_function(_script, default_timeout=WAIT_S)
    at.session_state["x"] = 4
    at.run()
    assert _shown(at) == "square: 16" and not at.get("progress")


def test_moving_the_slider_on_cancels_the_value_left(streaming):
    at = AppTest.from_function(_script, default_timeout=WAIT_S).run()
    left = live_app.slow_square.request(3)
    at.slider(key="x").set_value(5).run()
    assert _shown(at) == "square: pending"
    live_app.GATE.set()
    assert left.wait(WAIT_S) and left.cancelled and live_app.slow_square.peek(3) is None
    now = live_app.slow_square.request(5)
    assert now.wait(WAIT_S) and now.error is None
    assert live_app.slow_square.peek(5) == 25


def _placeholder_script() -> None:
    import streamlit as st

    from components.background import Cancelled, Job
    from dashboard.shell.live import _placeholder

    st.session_state["runs"] = st.session_state.get("runs", 0) + 1
    if st.session_state["runs"] == 1:  # the note of a job that has ended, one way or the other
        job = Job("square of 3")
        if st.session_state["wanted"]:
            job.wanted_by.add("me")
        job.end(Cancelled(job.key) if st.session_state["cancelled"] else None)
        _placeholder(job, "me", "en", "measuring", None, None)


@pytest.mark.parametrize(
    ("cancelled", "wanted", "runs"), [(False, True, 2), (True, False, 1), (True, True, 2)]
)
def test_a_note_reruns_the_page_when_its_job_ends_but_not_when_it_was_left(cancelled, wanted, runs):
    """A job ends well: the page reruns to draw its result. A job is cancelled because the
    student moved on: the run of the new value draws its own note, and a rerun from the old
    note would cut that run short. A job that stopped just as this session joined it (it is
    still wanted): the page reruns and asks for it again, or the note would vanish and leave
    the place empty."""
    at = AppTest.from_function(_placeholder_script, default_timeout=WAIT_S)
    at.session_state["cancelled"] = cancelled
    at.session_state["wanted"] = wanted
    at.run()
    assert not at.exception
    assert at.session_state["runs"] == runs


SEEN_ACTIVE: dict[str, int] = {}
CHEAP: ResultCache[int] = ResultCache("live_test_cheap", 8)
HEAVY: ResultCache[int] = ResultCache("live_test_heavy", 8, HEAVY_JOBS)


@CHEAP.cached()
def cheap_runs_seen(tag: str, progress=None) -> int:
    SEEN_ACTIVE[tag] = PAGE_RUNS.active
    return 1


@HEAVY.cached()
def heavy_runs_seen(tag: str, progress=None) -> int:
    SEEN_ACTIVE[tag] = PAGE_RUNS.active
    return 1


def _inline_script() -> None:
    import streamlit as st

    from components.background import PAGE_RUNS
    from dashboard.shell.live import live
    from tests.dashboard.shell import test_live

    tag = st.session_state["tag"]
    call = test_live.heavy_runs_seen if tag.startswith("heavy") else test_live.cheap_runs_seen
    with PAGE_RUNS.running():  # as a page's run
        live(call, tag, lang="en", slot="seen")


@pytest.mark.parametrize(("kind", "counted"), [("cheap", 1), ("heavy", 0)])
def test_a_run_waiting_for_cheap_work_still_counts_as_a_page_run(monkeypatch, kind, counted):
    """While a run waits for exact, cheap work, heavy work (a timing) must not start a step
    beside it: the run stays counted. Heavy work it waits for itself must not wait for it."""
    monkeypatch.setenv(INLINE_ENV, "5")
    tag = f"{kind} {counted}"
    at = AppTest.from_function(_inline_script, default_timeout=WAIT_S)
    at.session_state["tag"] = tag
    at.run()
    assert not at.exception
    assert SEEN_ACTIVE[tag] == counted


seen_paces: list[str] = []


def _pace_script() -> None:
    import streamlit as st

    from dashboard.shell.live import live
    from tests.dashboard.shell import live_app, test_live

    call = test_live.heavy_runs_seen if st.session_state["heavy"] else live_app.slow_square
    live(call, "pace" if st.session_state["heavy"] else 3, lang="en", slot="pace")


@pytest.mark.parametrize(("heavy", "pace"), [(False, "exact"), (True, "measurement")])
def test_a_note_of_exact_work_looks_for_its_result_sooner(monkeypatch, streaming, heavy, pace):
    """Exact work that outran the run's budget ends soon after it: its note polls at
    ``POLL_S``; a measurement's note at the slower ``HEAVY_POLL_S`` (each poll is a run)."""
    from dashboard.shell import live as live_module

    assert live_module.POLL_S < live_module.HEAVY_POLL_S
    seen_paces.clear()
    for name, kind in (("_placeholder", "exact"), ("_heavy_placeholder", "measurement")):
        monkeypatch.setattr(live_module, name, lambda *args, kind=kind: seen_paces.append(kind))
    at = AppTest.from_function(_pace_script, default_timeout=WAIT_S)
    at.session_state["heavy"] = heavy
    at.run()
    assert not at.exception
    assert seen_paces == [pace]


def test_exact_work_is_waited_for_longer_than_a_rerun_costs(monkeypatch):
    """Without MODELLENS_INLINE_S a run waits up to DEFAULT_INLINE_S for exact work: a cold
    Compress step's evaluation (0.06–0.09 s, over 0.12 s beside a browser on two cores) lands in
    the same run, and nothing heavy is waited for."""
    from dashboard.shell.live import DEFAULT_INLINE_S, inline_seconds

    monkeypatch.delenv(INLINE_ENV, raising=False)  # the suite's conftest sets it for page tests
    assert inline_seconds() == DEFAULT_INLINE_S
    assert 0.25 <= DEFAULT_INLINE_S < 0.4  # under the 0.4 s a control may take (issue #16)
    assert inline_seconds(heavy=True) == 0.0


def _slow_script() -> None:
    import streamlit as st

    from dashboard.shell.live import live
    from tests.dashboard.shell import live_app

    slow = st.session_state["slow"]  # a value of its own: no job of the other case joined
    live(live_app.slow_square, 6 if slow else 5, lang="en", slot="slow", slow=slow)


@pytest.mark.parametrize("slow", [False, True])
def test_slow_work_is_not_waited_for(monkeypatch, slow):
    """Work that outlasts any inline budget (a fine-tuning: an epoch of LeNet is 0.5 s) is not
    waited for, as heavy work is not; other work is, for DEFAULT_INLINE_S. The test setting
    MODELLENS_INLINE_S still rules (page tests read one finished run)."""
    from components.background import Job
    from dashboard.shell.live import DEFAULT_INLINE_S, inline_seconds

    monkeypatch.delenv(INLINE_ENV, raising=False)
    waits: list[float] = []
    monkeypatch.setattr(Job, "wait", lambda job, timeout: waits.append(timeout) or False)
    live_app.CACHE.clear()
    live_app.GATE.clear()
    try:
        at = AppTest.from_function(_slow_script, default_timeout=WAIT_S)
        at.session_state["slow"] = slow
        at.run()
    finally:
        live_app.GATE.set()
    assert not at.exception
    assert at.get("progress")  # the note, in either case
    assert waits == ([] if slow else [DEFAULT_INLINE_S])
    monkeypatch.setenv(INLINE_ENV, "5")
    assert inline_seconds(heavy=True) == 5.0  # what `slow` asks for, under the test setting
