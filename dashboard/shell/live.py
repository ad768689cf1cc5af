"""Results that stream in: what takes a measurement budget never holds up the controls.

:func:`live` asks for a cached result. If it is cached, or its computation ends within a short
inline budget (exact, cheap work: a pruned LeNet, an evaluation), the page draws it in this run.
Otherwise the work goes on in the background (:mod:`components.background`) and, in its place,
the page draws a progress note inside a polling ``st.fragment``: the rest of the script finishes
at once and every other widget answers. When the job ends the fragment reruns the page, which
then finds the result in the cache and draws it where the note was. A result is always the one
of the settings on screen: it is looked up by them.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Hashable
from typing import TypeVar

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components.background import PAGE_RUNS, Cancelled, Job
from components.errors import UserFacingError
from components.i18n import t
from components.result_cache import CachedCall
from dashboard.shell.errors import show_error
from dashboard.shell.page_state import note_browser_report, request_server_run

T = TypeVar("T")

INLINE_ENV = "MODELLENS_INLINE_S"
# How long a rerun waits for its own background work before drawing a placeholder: long enough
# for exact, cheap results (they then arrive in this run, without a second rerun). Heavy jobs
# (timings, sweeps, trainings: a cache with a HEAVY_JOBS limiter) never finish that fast and
# wait for the page anyway: no wait for them. Exact work is 0.01–0.09 s here (a pruned LeNet,
# its evaluation), but on a 2-core machine beside a browser it went over 0.12 s (the budget
# before) in 3 of 8 cold Compress steps; the placeholder's poll and the page's rerun then put
# the answer on screen at 1.0–1.4 s instead of ~0.3 s. The wait costs nothing when the work
# ends sooner. Tests of page content set MODELLENS_INLINE_S (they read one finished run).
DEFAULT_INLINE_S = 0.3
# How often a placeholder looks for its result (a fragment rerun costs ~10 ms): exact work that
# outran the inline budget ends soon after it, a measurement takes seconds.
POLL_S, HEAVY_POLL_S = 0.15, 0.5


def inline_seconds(heavy: bool = False) -> float:
    """``MODELLENS_INLINE_S`` if set, else :data:`DEFAULT_INLINE_S` (0 for heavy work)."""
    value = os.environ.get(INLINE_ENV, "")
    if value:
        return float(value)
    return 0.0 if heavy else DEFAULT_INLINE_S


def live(
    call: CachedCall[T],
    *args: object,
    lang: str,
    slot: str,
    note: str = "",
    partial: Callable[[], None] | None = None,
    about: str = "",
    stream_parts: bool = False,
    slow: bool = False,
) -> T | None:
    """``call(*args)`` if it is cached or ends within the inline budget; else None, with the
    work running in the background and a progress note (``note``, already translated, else a
    generic one) drawn here until the page reruns with the result.

    ``slot`` names the place on the page: a session wants one result per slot, so moving a
    slider on cancels the work of the value it left, unless someone else waits for it.
    ``partial()``, when given, draws what the work has produced so far (a training's curves)
    under the note, at every poll. ``about`` (translated) names what a failure is about.
    ``stream_parts``: the work caches its parts as it goes (a sweep's points), and the page
    reruns at each progress step to draw them. ``slow``: this work outlasts the inline budget
    whatever happens (a training, though not a heavy job): the run does not wait for it, as for
    heavy work; a wait that cannot end in time only delays the run (0.3 s of every cold
    fine-tuning step, measured).
    """
    value = call.peek(*args)
    if value is not None:
        return value
    me = owner(slot)
    job = call.request(*args, owner=me)
    heavy = call.cache.limiter is not None
    budget = inline_seconds(heavy=heavy or slow)
    if budget > 0:
        # Heavy work this run waits for must not wait for this run; any other wait keeps the
        # run counted, so heavy work (a timing, a sweep) does not start a step beside it.
        with PAGE_RUNS.waiting() if heavy else contextlib.nullcontext():
            job.wait(budget)
    # Read once: the job may end at any moment, and its state must not change between looks.
    ended, error = job.done.is_set(), job.error
    if ended and error is None:
        return call(*args)  # in the cache now (computed again only if evicted meanwhile)
    if ended and not isinstance(error, Cancelled):
        _failed(error, lang, about)
        return None
    if ended and _still_wanted(job, me):
        job = call.request(*args, owner=me)  # it stopped as this run joined it: start afresh
    seen = job.fraction if stream_parts else None
    poll = _heavy_placeholder if heavy else _placeholder
    poll(job, me, lang, note or t("live.measuring", lang), partial, seen)
    return None


def shown_on_request(call: CachedCall, *args: object) -> bool:
    """Whether a result that a button asks for is to be shown without a click: it is cached,
    or being computed (the rerun after the click keeps showing its progress)."""
    return call.ready(*args) or call.pending(*args)


def owner(slot: str) -> Hashable:
    """This session's place ``slot`` (one wanted result each)."""
    ctx = get_script_run_ctx()
    return (ctx.session_id if ctx is not None else "", slot)


def _failed(error: BaseException | None, lang: str, about: str) -> None:
    if isinstance(error, UserFacingError):
        show_error(error, lang, about=about)
    else:  # logged by the worker with its traceback; the page names it only
        st.error(t("error.page", lang, kind=type(error).__name__), icon="🚫")


def _still_wanted(job: Job, who: Hashable) -> bool:
    """Whether ``job`` was cancelled though ``who`` still wants its result.

    A running job that nobody wants stops at its next progress report. A session can join it
    just as it stops (a slider passed over the value a moment before, in this session or
    another): the job then ends cancelled with an owner, and only a new request computes it.
    """
    return job.cancelled and who in job.wanted_by


def _note(
    job: Job,
    who: Hashable,
    lang: str,
    note: str,
    partial: Callable[[], None] | None,
    seen: float | None,
) -> None:
    """The progress note of ``who``'s job; the whole page reruns when the job ends (it then
    draws the result in place of this note, or asks again for a job that stopped as ``who``
    joined it) or, with ``seen``, when it has progressed past that fraction. A job cancelled
    because the session moved on ends nothing here."""
    note_browser_report()  # a fragment's request comes from the browser: what it has (#16)
    if job.cancelled and not _still_wanted(job, who):
        # Nobody wants it: this session asked for another value, and the run that asked draws
        # its own note. Rerunning the page here would cut that run short (it is often still
        # going: the poll comes while the student moves on), and redraw all for nothing.
        return
    if job.done.is_set() or (seen is not None and job.fraction > seen):
        request_server_run()
        st.rerun()
    if job.ahead:
        text = t("jobs.waiting", lang, n=job.ahead)
    elif job.message:
        text = t("live.progress", lang, note=note, step=job.message)
    else:
        text = note
    st.progress(min(max(job.fraction, 0.0), 1.0), text=text)
    if partial is not None:
        partial()


# The same note, polling at two paces (a fragment's pace is fixed when it is declared).
_placeholder = st.fragment(_note, run_every=POLL_S)
_heavy_placeholder = st.fragment(_note, run_every=HEAVY_POLL_S)
