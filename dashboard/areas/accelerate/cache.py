"""Cached acceleration work for the Accelerate page.

Prepared backends (exports, compiles) and sweeps are cached server-wide in :class:`ResultCache`s,
keyed by the model *and* the variant it came from, so a compile is paid once per server and a
student who asks for what another already measured gets it at once; progress is drawn only on a
miss. The model behind a key never changes (zoo models are read-only), so keys need no
fingerprint; pruned and quantized variants are keyed by their recipe.

Each cached function is a :class:`~components.result_cache.CachedCall`: ``f(*args, progress=…)``
computes or fetches, ``f.ready(*args)`` says whether it is cached, ``f.entry(*args)`` is the
handle a "Re-measure" button discards. Their keys spell out the defaults, so that a call that
leaves ``variant`` out and one that passes ``ORIGINAL`` share one entry.
"""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st
import torch
from torch import nn

from components.acceleration import (
    BACKENDS,
    PeakResult,
    PreparedBackend,
    batch_sweep,
    check_budget,
    int8_flop_share,
    make_inputs,
    measure_peaks,
    prepare_backend,
    thread_sweep,
)
from components.flops import count_flops
from components.jobs import HEAVY_JOBS
from components.lessons import Lesson
from components.profiling import OperatorProfile, ProfileSettings, profile_prepared
from components.progress import ProgressFn, no_progress
from components.quality import evaluate
from components.quantization.hardware import cpu_features
from components.result_cache import CacheEntry, ResultCache
from components.warmup import WarmupJob
from dashboard.areas.accelerate.params import ACCELERATE_PARAMS, BATCH_CHOICES
from dashboard.shared.resources import shared_model
from dashboard.shared.variants import ORIGINAL, Recipe, variant_model
from models.registry import get_spec

PREPARE_BATCH = 2  # example batch for export/compile (batch 1 would fix ONNX's batch axis)

# Exports, compiles, sweeps and peak measurements are heavy jobs: a bounded number run at once.
# Timings keep when and under what load they ran (``measured``): the page shows it, and its
# "Re-measure" button discards the entry (``sweep_batches.entry(…)``, ``peaks.entry(…)``).
_PREPARED: ResultCache[PreparedBackend] = ResultCache("prepared_backends", 24, HEAVY_JOBS)
_SWEEPS: ResultCache[pd.DataFrame] = ResultCache(
    "acceleration_sweeps", 32, HEAVY_JOBS, measured=True
)
_PEAKS: ResultCache[dict[str, PeakResult]] = ResultCache(
    "precision_peaks", 8, HEAVY_JOBS, measured=True
)


def model_of(name: str, variant: Recipe = ORIGINAL) -> nn.Module:
    """The shared original or a cached compressed variant (read-only either way)."""
    kind, settings = variant
    return variant_model(kind, name, settings)


# The export traces one example; text needs its sequence axis, which ORT keeps dynamic: the
# sequence length is not part of the key.
@_PREPARED.cached(key=lambda name, backend, _seq_len, variant=ORIGINAL: (name, variant, backend))
def prepared(
    name: str,
    backend: str,
    seq_len: int | None,
    variant: Recipe = ORIGINAL,
    progress: ProgressFn | None = None,
) -> PreparedBackend:
    """The backend built for this model/variant (export or compile once per server)."""
    spec = get_spec(name)
    model = model_of(name, variant)
    return prepare_backend(
        backend,
        model,
        make_inputs(spec, model, PREPARE_BATCH, seq_len),
        threads=torch.get_num_threads(),
    )


def budget(name: str, batch: int, seq_len: int | None):
    """The memory guard (raises a UserFacingError when batch × seq would not fit)."""
    return check_budget(get_spec(name), batch, seq_len, model=shared_model(name))


@_SWEEPS.cached(
    key=lambda name, backends, batch, threads, seq_len, variant=ORIGINAL: (
        "batch",
        name,
        variant,
        backends,
        batch,
        threads,
        seq_len,
    )
)
def batch_point(
    name: str,
    backends: tuple[str, ...],
    batch: int,
    threads: int,
    seq_len: int | None,
    variant: Recipe = ORIGINAL,
    progress: ProgressFn | None = None,
) -> pd.DataFrame:
    """Every backend at one batch size, timed in alternation (cached per point: a larger
    batch on the slider measures only the new point)."""
    return batch_sweep(
        {b: prepared(name, b, seq_len, variant) for b in backends},
        get_spec(name),
        model_of(name, variant),
        (batch,),
        threads,
        seq_len,
        progress,
    )


# The points of one sweep put together, measuring the missing ones: a heavy job like them (one
# slot for the whole run); its own entry is dropped with theirs when it is measured again.
_ASSEMBLED: ResultCache[pd.DataFrame] = ResultCache("assembled_sweeps", 32, HEAVY_JOBS)


@_ASSEMBLED.cached(
    key=lambda name, backends, batches, threads, seq_len, variant=ORIGINAL: (
        name,
        variant,
        backends,
        batches,
        threads,
        seq_len,
    )
)
def sweep_batches(
    name: str,
    backends: tuple[str, ...],
    batches: tuple[int, ...],
    threads: int,
    seq_len: int | None,
    variant: Recipe = ORIGINAL,
    progress: ProgressFn | None = None,
) -> pd.DataFrame:
    """Every backend at every batch size: the points measured so far reused, the others
    measured in order (each point's backends interleaved)."""
    report = progress or no_progress
    frames = []
    for i, batch in enumerate(batches):
        report(i / len(batches), f"batch {batch}")
        frames.append(batch_point(name, backends, batch, threads, seq_len, variant))
    return pd.concat(frames, ignore_index=True)


def sweep_so_far(
    name: str,
    backends: tuple[str, ...],
    batches: tuple[int, ...],
    threads: int,
    seq_len: int | None,
    variant: Recipe = ORIGINAL,
) -> pd.DataFrame | None:
    """The points of a sweep that are measured already (None: none), without measuring."""
    found = [batch_point.peek(name, backends, b, threads, seq_len, variant) for b in batches]
    frames = [f for f in found if f is not None]
    return pd.concat(frames, ignore_index=True) if frames else None


def sweep_entries(
    name: str,
    backends: tuple[str, ...],
    batches: tuple[int, ...],
    threads: int,
    seq_len: int | None,
    variant: Recipe = ORIGINAL,
) -> list[CacheEntry]:
    """What "Re-measure" drops for this sweep: each point, and the points put together."""
    points = [batch_point.entry(name, backends, b, threads, seq_len, variant) for b in batches]
    return [*points, sweep_batches.entry(name, backends, batches, threads, seq_len, variant)]


@_SWEEPS.cached(key=lambda *args: ("threads", *args))
def sweep_threads(
    name: str,
    backends: tuple[str, ...],
    batch: int,
    threads: tuple[int, ...],
    seq_len: int | None,
    progress: ProgressFn | None = None,
) -> pd.DataFrame:
    """Every backend at each thread count, one batch size (cached)."""
    return thread_sweep(
        {b: prepared(name, b, seq_len) for b in backends},
        get_spec(name),
        shared_model(name),
        batch,
        threads,
        seq_len,
        progress,
    )


# Keyed by the CPU's flags too: they label a precision emulated, and a fake cpuinfo
# (``MODELLENS_CPUINFO``) changes them.
@_PEAKS.cached(key=lambda threads: (threads, cpu_features()))
def peaks(threads: int, progress: ProgressFn | None = None) -> dict[str, PeakResult]:
    """This machine's peak of every precision (fp32, bf16, fp16, int8) at ``threads`` threads,
    measured once per server (3.2 s at one thread on an AVX2-only host, where bf16 and fp16 are
    emulated) and cached."""
    return measure_peaks(threads, features=cpu_features())


@st.cache_data(show_spinner=False, max_entries=32)
def flops_per_sample(name: str, seq_len: int | None) -> float:
    """FLOPs of one item of the original (``torch.utils.flop_counter``)."""
    spec, model = get_spec(name), shared_model(name)
    return count_flops(model, make_inputs(spec, model, 1, seq_len)).per_sample


@st.cache_data(show_spinner=False, max_entries=32)
def int8_share(name: str, seq_len: int | None) -> float:
    """The share of the original's FLOPs in the layers dynamic int8 converts."""
    spec, model = get_spec(name), shared_model(name)
    return int8_flop_share(model, make_inputs(spec, model, 1, seq_len))


@st.cache_data(show_spinner=False, max_entries=32)
def quality(name: str, variant: Recipe) -> tuple[str, float]:
    """(metric, value) of the variant on the model's test data."""
    measured = evaluate(model_of(name, variant), get_spec(name))
    return measured.metric, measured.value


# --- operator profiles ------------------------------------------------------------------------

# Profiles are timings (a heavy job each, with when and under what load they ran) and keep their
# Chrome trace: a few MB for MiniLM, hence few entries.
_PROFILES: ResultCache[OperatorProfile] = ResultCache(
    "operator_profiles", 12, HEAVY_JOBS, measured=True
)


@_PROFILES.cached(
    key=lambda name, backend, batch, threads, seq_len, steps, variant=ORIGINAL: (
        name,
        variant,
        backend,
        batch,
        threads,
        seq_len,
        steps,
    )
)
def operator_profile(
    name: str,
    backend: str,
    batch: int,
    threads: int,
    seq_len: int | None,
    steps: int,
    variant: Recipe = ORIGINAL,
    progress: ProgressFn | None = None,
) -> OperatorProfile:
    """The operator profile of the variant on ``backend`` (its own profiler for ONNX Runtime,
    torch.profiler for the others) at this batch, threads and sequence length."""
    spec, model = get_spec(name), model_of(name, variant)
    return profile_prepared(
        prepared(name, backend, seq_len, variant),
        make_inputs(spec, model, batch, seq_len),
        ProfileSettings(steps=steps, threads=threads),
        progress,
    )


# --- parallel runs (real processes: one run at a time per server, results shared) ------------

_PARALLEL: ResultCache[object] = ResultCache("parallel_runs", 32, HEAVY_JOBS, measured=True)
PARALLEL_TIMEOUT_S = 90  # start-up is 2–6 s; a run stuck behind a busy machine is stopped


def _reporter(progress: ProgressFn | None) -> ProgressFn:
    return progress or no_progress


@_PARALLEL.cached(key=lambda *args: ("pipeline", *args))
def pipeline_run(
    name: str,
    split: tuple[int, ...],
    schedule: str,
    micro: int,
    batch: int,
    progress: ProgressFn | None = None,
):
    """One pipeline-parallel training step on local processes (or the cached one)."""
    from components.parallel import run_pipeline

    return run_pipeline(
        name,
        split,
        schedule,
        micro,
        batch,
        timeout_s=PARALLEL_TIMEOUT_S,
        progress=_reporter(progress),
    )


@_PARALLEL.cached(key=lambda *args: ("model", *args))
def model_parallel_run(
    name: str, split: tuple[int, ...], batch: int, progress: ProgressFn | None = None
):
    """One model-parallel forward pass on local processes (or the cached one)."""
    from components.parallel import run_model_parallel

    return run_model_parallel(
        name, split, batch, timeout_s=PARALLEL_TIMEOUT_S, progress=_reporter(progress)
    )


@_PARALLEL.cached(key=lambda *args: ("data", *args))
def data_parallel_run(name: str, batch: int, progress: ProgressFn | None = None):
    """Data-parallel training steps on local processes (or the cached ones)."""
    from components.parallel import run_data_parallel

    return run_data_parallel(
        name, batch, timeout_s=PARALLEL_TIMEOUT_S, progress=_reporter(progress)
    )


def warmup_jobs(lesson: Lesson, _threads: int) -> list[WarmupJob]:
    """The backends lesson's default view: each backend prepared (torch.compile, 15-50 s, is
    the slowest first click), the batch sweep at the page's default threads, peaks, FLOPs."""
    s, name = lesson.settings, lesson.settings.get("model", "")
    if s.get("view") != "backends":
        return []
    threads = next(p.default for p in ACCELERATE_PARAMS if p.key == "threads")
    backends = tuple(s.get("backends", "eager").split(","))
    jobs = [
        WarmupJob(f"{name} {backend}", functools.partial(prepared, name, backend, None))
        for backend in (*backends, "compile")
        if backend in BACKENDS
    ]
    batches = tuple(b for b in BATCH_CHOICES if b <= int(s.get("batch", 32)))
    sweep = functools.partial(sweep_batches, name, backends, batches, threads, None)
    return [
        *jobs,
        WarmupJob(f"{lesson.id} sweep", sweep),
        WarmupJob("peaks", functools.partial(peaks, threads)),
        WarmupJob(f"{name} flops", functools.partial(flops_per_sample, name, None)),
        WarmupJob(f"{name} int8 share", functools.partial(int8_share, name, None)),
    ]


# --- the code GPT: KV cache and speculative decoding (components.llm.speed_sweep) -------------

# Timings, one heavy job each, keyed by everything that changes them (prompt text, lengths,
# batch, threads, repeats); the KV sweep is cached per length so that its points stream in.
_LLM_TIMINGS: ResultCache[object] = ResultCache("llm_timings", 64, HEAVY_JOBS, measured=True)
_LLM_ASSEMBLED: ResultCache[pd.DataFrame] = ResultCache("llm_kv_sweeps", 16, HEAVY_JOBS)


@functools.lru_cache(maxsize=1)
def draft_model() -> nn.Module:
    """The distilled 2-layer student, the speculative draft (loaded once; read-only:
    ``speculative_generate`` works on a private copy)."""
    from models.gpt import STUDENT, load_gpt

    return load_gpt(STUDENT).eval()


def llm_prompt_ids(prompt: str, new_tokens: int) -> torch.Tensor:
    """The prompt's ids, or a UserFacingError (empty, or no room for ``new_tokens``)."""
    from components.llm.speed_sweep import encode_checked
    from models.gpt import load_tokenizer

    return encode_checked(load_tokenizer(), prompt, new_tokens)


@_LLM_TIMINGS.cached(
    key=lambda name, prompt, new_tokens, batch, threads, repeats: (
        "kv",
        name,
        prompt,
        new_tokens,
        batch,
        threads,
        repeats,
    )
)
def llm_kv_point(
    name: str,
    prompt: str,
    new_tokens: int,
    batch: int,
    threads: int,
    repeats: int,
    progress: ProgressFn | None = None,
) -> pd.DataFrame:
    """Prefill and generation with / without the KV cache at one length, in alternation."""
    from components.llm.speed_sweep import kv_cache_point

    ids = llm_prompt_ids(prompt, new_tokens)
    return kv_cache_point(
        shared_model(name), ids, new_tokens, batch=batch, threads=threads, repeats=repeats
    )


@_LLM_ASSEMBLED.cached(key=lambda *args: ("kv_sweep", *args))
def llm_kv_sweep(
    name: str,
    prompt: str,
    lengths: tuple[int, ...],
    batch: int,
    threads: int,
    repeats: int,
    progress: ProgressFn | None = None,
) -> pd.DataFrame:
    """Every length's point, the measured ones reused, the others measured shortest first."""
    report = progress or no_progress
    frames = []
    for i, n in enumerate(lengths):
        report(i / len(lengths), f"{n} tokens")
        frames.append(llm_kv_point(name, prompt, n, batch, threads, repeats))
    return pd.concat(frames, ignore_index=True)


def llm_kv_so_far(
    name: str, prompt: str, lengths: tuple[int, ...], batch: int, threads: int, repeats: int
) -> pd.DataFrame | None:
    """The points of a KV sweep measured already (None: none), without measuring."""
    found = [llm_kv_point.peek(name, prompt, n, batch, threads, repeats) for n in lengths]
    frames = [f for f in found if f is not None]
    return pd.concat(frames, ignore_index=True) if frames else None


def llm_kv_entries(
    name: str, prompt: str, lengths: tuple[int, ...], batch: int, threads: int, repeats: int
) -> list[CacheEntry]:
    """What "Re-measure" drops for a KV sweep: each point, and the points put together."""
    points = [llm_kv_point.entry(name, prompt, n, batch, threads, repeats) for n in lengths]
    return [*points, llm_kv_sweep.entry(name, prompt, lengths, batch, threads, repeats)]


@_LLM_TIMINGS.cached(key=lambda *args: ("speculative", *args))
def llm_speculative(
    name: str,
    prompt: str,
    new_tokens: int,
    k: int,
    threads: int,
    repeats: int,
    progress: ProgressFn | None = None,
):
    """Target alone, speculative with the distilled draft proposing ``k``, and the draft alone,
    timed in alternation; acceptance counted, outputs compared token for token."""
    from components.llm.speed_sweep import speculative_comparison

    ids = llm_prompt_ids(prompt, new_tokens)
    return speculative_comparison(
        shared_model(name), draft_model(), ids, new_tokens, k, threads=threads, repeats=repeats
    )
