"""Cached access to models and measurements. Cached models are shared by every session: read-only.

Work that changes a model or hooks into it must use ``components.shared_models.working_copy``.
"""

from __future__ import annotations

import functools
import sys

import streamlit as st
from torch import nn

from components.errors import UserFacingError
from components.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from components.model_card import (
    DigitPredictions,
    SentenceSimilarity,
    sample_digit_predictions,
    sample_sentence_similarity,
)
from components.profile import ModelProfile, profile_model
from components.runtime import configure_torch
from components.warmup import WARMUP, WarmupJob
from models.registry import ModelLoadError, get_spec, load_model
from models.user_models import register_from_startup, user_model_paths_from_env_and_argv


def server_threads() -> int:
    """torch's thread count, chosen once for the whole server (``components.runtime``) and
    applied to this script run's thread: with OpenMP the count is per thread, and a new thread
    inherits whatever another session set last."""
    return configure_torch()


@st.cache_resource(show_spinner=False)
def startup_user_models() -> tuple[tuple[str, ...], tuple[tuple[str, dict], ...]]:
    """Register the models brought at start-up (``-- --model my_model.py`` or
    ``MODELLENS_USER_MODELS``) once per server: their names, and the problems as (key, values).

    This runs the user's own file on the user's own machine: it is a start-up option, never an
    upload from the browser.
    """
    errors: list[tuple[str, dict]] = []
    try:
        names = register_from_startup(
            sys.argv[1:], on_error=lambda _path, err: errors.append((err.key, dict(err.values)))
        )
    except UserFacingError as err:  # a malformed --model flag
        names = []
        errors.append((err.key, dict(err.values)))
    return tuple(names), tuple(errors)


def startup_user_models_shown() -> tuple[tuple[str, ...], tuple[tuple[str, dict], ...]]:
    """:func:`startup_user_models` under a spinner that names the files while they build (the
    first run of the server; later runs are cache hits, too quick for the spinner to show)."""
    try:
        files = ", ".join(p.name for p in user_model_paths_from_env_and_argv(sys.argv[1:]))
    except UserFacingError:  # a malformed --model flag: reported by startup_user_models
        files = ""
    if not files:
        return startup_user_models()
    lang = st.query_params.get("lang", DEFAULT_LANGUAGE)
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    with st.spinner(t("byom.building", lang, files=files), show_time=True):
        return startup_user_models()


def start_warmup() -> None:
    """Start computing the lessons' default views in the background, once per server process
    (``components.warmup``; ``MODELLENS_WARMUP=0`` switches it off). Never blocks the page."""
    WARMUP.start(lesson_warmup_jobs)


def lesson_warmup_jobs() -> list[WarmupJob]:
    """What a class's first clicks need, cheapest first: the lessons' models, every lesson
    step's measured check that is not a timing, then each lesson page's expensive default view
    (backends incl. torch.compile, sweeps, trainings, the Fuse test-set averages).

    It calls the pages' own cached functions (``st.cache_*`` work outside a script run, and the
    :class:`ResultCache` ones are plain Python), so a page finds exactly these keys. Imported
    here, in the warm-up thread: the page caches import this module.
    """
    from components.acceleration import BACKENDS
    from components.fusion.samples import NoiseLevel
    from components.lesson_checks import MEASURES, check, check_step
    from components.lesson_checks.compress import distill_settings, prune_settings, quant_settings
    from components.lessons import LESSONS
    from dashboard import accelerate_resources as acc
    from dashboard import compress_resources as comp
    from dashboard import fuse_resources as fuse
    from dashboard.url_params import ACCELERATE_PARAMS, BATCH_CHOICES
    from models.fusion import fusion_model_names

    threads = server_threads()  # this thread gets the server's torch thread count
    jobs = [
        WarmupJob(f"model {name}", functools.partial(shared_model, name))
        for name in sorted({les.settings["model"] for les in LESSONS if "model" in les.settings})
    ]
    digit_models = tuple(fusion_model_names("digit"))
    jobs.append(WarmupJob("fusion models", functools.partial(fuse.loaded_models, digit_models)))

    def timed(expect) -> bool:
        return MEASURES[expect.measure].timed or MEASURES[expect.reference_measure].timed

    for lesson in LESSONS:
        for index, step in enumerate(lesson.steps):
            if not any(timed(e) for e in step.expect):
                run = functools.partial(check_step, lesson, index)
            else:  # the timings wait for the click (a busy warm-up would spoil them)
                settings = lesson.settings_at(index)
                run = functools.partial(
                    lambda s, es: [check(e, s) for e in es],
                    settings,
                    [e for e in step.expect if not timed(e)],
                )
            jobs.append(WarmupJob(f"check {lesson.id} step {index + 1}", run))

    default_threads = next(p.default for p in ACCELERATE_PARAMS if p.key == "threads")
    for lesson in LESSONS:
        s, name = lesson.settings, lesson.settings.get("model", "")
        if lesson.page == "compress" and s.get("technique") in ("prune", "quantize"):
            prune = s["technique"] == "prune"
            recipe = (s["technique"], prune_settings(s) if prune else quant_settings(s))
            view = comp.pruned if prune else comp.quantized
            jobs.append(WarmupJob(f"{lesson.id} view", functools.partial(view, name, recipe[1])))
            jobs.append(
                WarmupJob(
                    f"{lesson.id} compare",
                    functools.partial(comp.compare, name, (recipe,), threads),
                )
            )
        elif lesson.page == "compress" and s.get("technique") == "distill":
            jobs.append(
                WarmupJob(
                    f"{lesson.id} training",
                    functools.partial(comp.distilled, name, distill_settings(s)),
                )
            )
        elif lesson.page == "accelerate" and s.get("view") == "backends":
            backends = tuple(s.get("backends", "eager").split(","))
            for backend in (*backends, "compile"):  # compile: 15-50 s, the slowest first click
                if backend in BACKENDS:
                    jobs.append(
                        WarmupJob(
                            f"{name} {backend}",
                            functools.partial(acc.prepared, name, backend, None),
                        )
                    )
            batches = tuple(b for b in BATCH_CHOICES if b <= int(s.get("batch", 32)))
            jobs.append(
                WarmupJob(
                    f"{lesson.id} sweep",
                    functools.partial(
                        acc.sweep_batches, name, backends, batches, default_threads, None
                    ),
                )
            )
            jobs.append(WarmupJob("peaks", functools.partial(acc.peaks, default_threads)))
            jobs.append(
                WarmupJob(f"{name} flops", functools.partial(acc.flops_per_sample, name, None))
            )
            jobs.append(
                WarmupJob(f"{name} int8 share", functools.partial(acc.int8_share, name, None))
            )
        elif lesson.page == "fuse" and s.get("view") == "attribution":
            noise = NoiseLevel(float(s["sigma"]), float(s["snr"]), None)
            jobs.append(
                WarmupJob(
                    "fuse test-set averages",
                    functools.partial(fuse.attribution_averages, s["task"], digit_models, noise),
                )
            )
            jobs.append(WarmupJob("fuse signals", functools.partial(fuse.signals, noise)))
    return jobs


@st.cache_resource(show_spinner=False, max_entries=8)
def shared_model(name: str) -> nn.Module:
    """The zoo model ``name``, loaded once per server. Never mutate it."""
    return load_model(name)


def model_or_stop(name: str, lang: str) -> nn.Module:
    """The shared model, or a clear message on the page (and the page stops) when it can't load."""
    try:
        return shared_model(name)
    except ModelLoadError as err:
        st.error(t("error.model_load", lang, model=name, reason=str(err)), icon="🚫")
        st.stop()


@st.cache_data(show_spinner=False, max_entries=32)
def model_profile(name: str, batch_size: int, threads: int) -> ModelProfile:
    """Profile of the shared model (cached per model, batch and threads)."""
    return profile_model(shared_model(name), get_spec(name), batch_size=batch_size, threads=threads)


@st.cache_data(show_spinner=False, max_entries=64)
def digit_samples(name: str, n: int, seed: int) -> DigitPredictions:
    """The model's predictions on ``n`` seeded test digits."""
    return sample_digit_predictions(shared_model(name), get_spec(name).load_data(), n=n, seed=seed)


@st.cache_data(show_spinner=False, max_entries=64)
def sentence_samples(name: str, pairs: int, seed: int) -> SentenceSimilarity:
    """Cosine matrix of ``pairs`` seeded paraphrase pairs."""
    return sample_sentence_similarity(
        shared_model(name), get_spec(name).load_data(), pairs=pairs, seed=seed
    )
