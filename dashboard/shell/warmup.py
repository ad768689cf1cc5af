"""Background warm-up of what a class's first clicks need, once per server process
(``components.warmup``; ``MODELLENS_WARMUP=0`` switches it off). It never blocks a page."""

from __future__ import annotations

import functools

from components.lesson_checks import MEASURES, check, check_step
from components.lessons import LESSONS, Lesson
from components.warmup import WARMUP, WarmupJob
from dashboard.shared.resources import server_threads, shared_model


def start_warmup() -> None:
    """Start the lessons' warm-up in the background (a no-op after the first call)."""
    WARMUP.start(lesson_warmup_jobs)


def lesson_warmup_jobs() -> list[WarmupJob]:
    """Cheapest first: the lessons' models, every step's measured check that is not a timing,
    then each lesson page's expensive default view (its page's ``cache.warmup_jobs``).

    The jobs call the pages' own cached functions, so a page finds exactly these keys. The page
    caches are imported here, in the warm-up thread, not when the app starts.
    """
    from dashboard.areas.accelerate.cache import warmup_jobs as accelerate_jobs
    from dashboard.areas.compress.cache import warmup_jobs as compress_jobs
    from dashboard.areas.fuse.cache import model_warmup_jobs as fusion_model_jobs
    from dashboard.areas.fuse.cache import warmup_jobs as fuse_jobs

    threads = server_threads()  # this thread gets the server's torch thread count
    names = sorted({les.settings["model"] for les in LESSONS if "model" in les.settings})
    jobs = [WarmupJob(f"model {name}", functools.partial(shared_model, name)) for name in names]
    jobs += fusion_model_jobs()
    jobs += [job for lesson in LESSONS for job in _check_jobs(lesson)]
    page_jobs = {"compress": compress_jobs, "accelerate": accelerate_jobs, "fuse": fuse_jobs}
    for lesson in LESSONS:
        if lesson.page in page_jobs:
            jobs += page_jobs[lesson.page](lesson, threads)
    return jobs


def _timed(expect) -> bool:
    return MEASURES[expect.measure].timed or MEASURES[expect.reference_measure].timed


def _check_jobs(lesson: Lesson) -> list[WarmupJob]:
    """Each step's check; timings wait for the student's click (a busy warm-up spoils them)."""
    jobs = []
    for index, step in enumerate(lesson.steps):
        if not any(_timed(e) for e in step.expect):
            run = functools.partial(check_step, lesson, index)
        else:
            untimed = [e for e in step.expect if not _timed(e)]
            run = functools.partial(_check_all, untimed, lesson.settings_at(index))
        jobs.append(WarmupJob(f"check {lesson.id} step {index + 1}", run))
    return jobs


def _check_all(expects, settings) -> list:
    return [check(e, settings) for e in expects]
