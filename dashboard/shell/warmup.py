"""Background warm-up of what a class's first clicks need, once per server process
(``components.warmup``; ``MODELLENS_WARMUP=0`` switches it off). It never blocks a page."""

from __future__ import annotations

import functools

from components.lesson_checks import MEASURES, check, check_step
from components.lessons import LESSONS, Lesson
from components.warmup import WARMUP, WarmupJob
from dashboard.shared.resources import server_threads, shared_model
from dashboard.shell.state import SHARED_PARAMS
from dashboard.shell.url_params import PAGE_PARAMS


def start_warmup() -> None:
    """Start the lessons' warm-up in the background (a no-op after the first call)."""
    WARMUP.start(lesson_warmup_jobs)


def lesson_warmup_jobs() -> list[WarmupJob]:
    """Cheapest first: the lessons' models, Home's card, every lesson step's measured check that
    is not a timing, then the expensive default view of every page and of every lesson (its
    page's ``cache.warmup_jobs``).

    The jobs call the pages' own cached functions, so a page finds exactly these keys. The page
    caches are imported here, in the warm-up thread, not when the app starts.
    """
    from dashboard.areas.accelerate.cache import warmup_jobs as accelerate_jobs
    from dashboard.areas.compress.cache import warmup_jobs as compress_jobs
    from dashboard.areas.fuse.cache import model_warmup_jobs as fusion_model_jobs
    from dashboard.areas.fuse.cache import warmup_jobs as fuse_jobs
    from dashboard.areas.home.cache import warmup_jobs as home_jobs

    threads = server_threads()  # this thread gets the server's torch thread count
    names = sorted({les.settings["model"] for les in LESSONS if "model" in les.settings})
    jobs = [WarmupJob(f"model {name}", functools.partial(shared_model, name)) for name in names]
    jobs += fusion_model_jobs()
    # What a fresh link shows first: Home's card, then every page's default view (below).
    jobs += home_jobs(_default_model())
    page_jobs = {"compress": compress_jobs, "accelerate": accelerate_jobs, "fuse": fuse_jobs}
    views = default_views()
    jobs += [
        job
        for view in views
        if view.page in page_jobs
        for job in page_jobs[view.page](view, threads)
    ]
    jobs += [job for lesson in LESSONS for job in _check_jobs(lesson)]
    for lesson in LESSONS:
        if lesson.page in page_jobs:
            jobs += page_jobs[lesson.page](lesson, threads)
    return jobs


def _default_model() -> str:
    return next(p.default for p in SHARED_PARAMS if p.key == "model")


def default_views() -> list[Lesson]:
    """Each page's view as a link without parameters opens it (every parameter at its default),
    in the form of a lesson's settings, so that the pages' warm-up jobs serve both alike."""
    model = _default_model()
    return [
        Lesson(
            id=f"{page} default",
            area="",
            page=page,
            settings={"model": model, **{p.key: p.encode(p.default) for p in params}},
        )
        for page, params in PAGE_PARAMS.items()
    ]


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
