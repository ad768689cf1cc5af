"""Measures of the Accelerate page's lessons: backend speed-ups, the pipeline bubble and where a
model-parallel pass spends its time, measured as the page measures them (the same backend
calls, the page's URL values parsed the page's way)."""

from __future__ import annotations

import functools
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Generic, TypeVar

import pandas as pd
import torch

from components.acceleration import (
    PreparedBackend,
    batch_sweep,
    int8_flop_share,
    make_inputs,
    prepare_backend,
)
from components.lesson_checks.registry import register, zoo_model
from components.parallel import (
    SCHEDULES,
    ModelParallelResult,
    ParallelSettings,
    PipelineResult,
    default_split,
    run_model_parallel,
    run_pipeline,
    sequential_layers,
)
from components.profiling import OperatorProfile, ProfileSettings, profile_model
from components.pruning import PruneSettings, prune_model
from components.quantization import QuantSettings, quantize_model
from models.registry import get_spec

T = TypeVar("T")

# The page's defaults for keys a lesson leaves out (dashboard.shell.url_params.ACCELERATE_PARAMS).
DEFAULT_BACKENDS = ("eager", "onnxruntime", "int8_dynamic")
DEFAULT_BATCH = 32
DEFAULT_SEQ = 32
PREPARE_BATCH = 2  # as the page: batch 1 would fix ONNX's batch axis
PARALLEL_TIMEOUT_S = 90  # as the page: start-up is 2–6 s on a busy machine


class _OncePerMeasure(Generic[T]):
    """Runs shared by the measures of one check: every measure of a step (ONNX Runtime's and
    int8's speed-up, say) reads the same run, so their numbers come from one interleaved
    timing, while a measure that asks again (a re-measurement of a spoiled timing) gets a new
    run instead of its old one. One run at a time: two timings side by side would spoil
    each other on a small machine."""

    def __init__(self, run: Callable[[Hashable], T], max_entries: int = 8):
        self._run = run
        self._max_entries = max_entries
        self._entries: OrderedDict[Hashable, tuple[T, set[str]]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, reader: str) -> T:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or reader in entry[1]:
                entry = (self._run(key), set())
                self._entries[key] = entry
                while len(self._entries) > self._max_entries:
                    self._entries.popitem(last=False)
            self._entries.move_to_end(key)
            entry[1].add(reader)
            return entry[0]


def _items(s: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(s.items()))


def _names(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


def _threads(s: Mapping[str, str]) -> int:
    return int(s.get("threads", os.cpu_count() or 1))


# --- backends view ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=16)
def _prepared(name: str, backend: str, seq_len: int | None) -> PreparedBackend:
    """The backend built once per model, as the page builds it (export or compile once)."""
    spec, model = get_spec(name), zoo_model(name)
    inputs = make_inputs(spec, model, PREPARE_BATCH, seq_len)
    return prepare_backend(backend, model, inputs, threads=torch.get_num_threads())


def _sweep(items: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """Every chosen backend at the page's batch and threads, timed in alternation with eager."""
    s = dict(items)
    name = s["model"]
    spec = get_spec(name)
    seq_len = int(s.get("seq", DEFAULT_SEQ)) if spec.input_kind == "text" else None
    chosen = _names(s.get("backends", ",".join(DEFAULT_BACKENDS)))
    backends = ("eager", *(b for b in chosen if b != "eager"))
    return batch_sweep(
        {b: _prepared(name, b, seq_len) for b in backends},
        spec,
        zoo_model(name),
        (int(s.get("batch", DEFAULT_BATCH)),),
        _threads(s),
        seq_len,
    )


_SWEEPS: _OncePerMeasure[pd.DataFrame] = _OncePerMeasure(_sweep)


@register("speedup", "ratio", timed=True)
def speedup(s: Mapping[str, str], backend: str) -> float:
    """The page's "× vs eager" of ``backend``: eager's median latency over the backend's at the
    page's batch and threads, the backends timed in alternation in one run."""
    frame = _SWEEPS.get(_items(s), f"speedup:{backend}")
    return float(frame.set_index("backend").loc[backend, "speedup_vs_eager"])


@register("int8_share", "share")
def int8_share(s: Mapping[str, str], _arg: str) -> float:
    """The share of the model's FLOPs in the layers dynamic int8 converts (the page's caption
    under the GFLOP/s chart): the most of the work int8 can speed up."""
    spec, model = get_spec(s["model"]), zoo_model(s["model"])
    seq_len = int(s.get("seq", DEFAULT_SEQ)) if spec.input_kind == "text" else None
    return int8_flop_share(model, make_inputs(spec, model, 1, seq_len))


# --- parallel view ----------------------------------------------------------------------------


def _split(name: str, s: Mapping[str, str], n_stages: int) -> tuple[int, ...]:
    """The page's split: the picked layers when they name every stage, else the FLOPs-balanced
    default (``dashboard.areas.accelerate.parallel._split_picker``)."""
    spec, model = get_spec(name), zoo_model(name)
    names = [layer for layer, _ in sequential_layers(model, spec)]
    picked = [n for n in _names(s.get("splits", "")) if n in names[1:]]
    if len(picked) == n_stages - 1:
        return tuple(sorted(names.index(n) for n in picked))
    return tuple(default_split(model, n_stages, spec))


def _parallel_run(items: tuple[tuple[str, str], ...]) -> PipelineResult | ModelParallelResult:
    """One run of the parallel view on real processes, as its Run button starts it."""
    s = dict(items)
    name = s["model"]
    processes = int(s.get("stages", 2))
    batch = int(s.get("pbatch", ParallelSettings.DEFAULT_BATCH))
    if s.get("pmode", "pipeline") == "model":
        split = _split(name, s, processes)
        return run_model_parallel(name, split, batch, timeout_s=PARALLEL_TIMEOUT_S)
    schedule = s.get("schedule", "gpipe")
    split = _split(name, s, processes * SCHEDULES[schedule].stages_per_rank)
    micro = int(s.get("micro", 4))
    return run_pipeline(name, split, schedule, micro, batch, timeout_s=PARALLEL_TIMEOUT_S)


_RUNS: _OncePerMeasure[PipelineResult | ModelParallelResult] = _OncePerMeasure(_parallel_run)


@register("bubble", "share", timed=True)
def bubble(s: Mapping[str, str], _arg: str) -> float:
    """The measured bubble of one pipelined training step (the page's "Bubble" metric)."""
    result = _RUNS.get(_items(s), "bubble")
    if not isinstance(result, PipelineResult):
        raise ValueError("the bubble is measured in pipeline mode (pmode=pipeline)")
    return result.bubble


def _stage_times(s: Mapping[str, str], reader: str) -> pd.DataFrame:
    result = _RUNS.get(_items(s), reader)
    if not isinstance(result, ModelParallelResult):
        raise ValueError("stage times are measured in model-parallel mode (pmode=model)")
    return result.stage_times


@register("mp_compute_share", "share", timed=True)
def mp_compute_share(s: Mapping[str, str], _arg: str) -> float:
    """Share of all processes' time spent computing in "Where each process's time went"
    (compute over compute + send + receive + wait, summed over the stages)."""
    times = _stage_times(s, "mp_compute_share")
    total = times[["compute_s", "send_s", "recv_s", "wait_s"]].to_numpy().sum()
    return float(times["compute_s"].sum() / total)


# --- operator profile view --------------------------------------------------------------------

# The page's standard variants when nothing is kept (dashboard.areas.accelerate.compressed).
PROFILE_VARIANTS = {
    "original": None,
    "channels": PruneSettings("channel_removal", 0.5, finetune_epochs=1),
    "int8": QuantSettings("dynamic_int8"),
}


@functools.lru_cache(maxsize=8)
def _variant(name: str, variant: str) -> torch.nn.Module:
    settings = PROFILE_VARIANTS[variant]
    model, spec = zoo_model(name), get_spec(name)
    if settings is None:
        return model
    if isinstance(settings, PruneSettings):
        return prune_model(model, spec, settings).model
    return quantize_model(model, spec, settings).model


def _profile(key: Hashable) -> OperatorProfile:
    """The profile view's eager profile of one variant, at the page's batch, threads, sequence
    length and steps."""
    items, variant = key
    s = dict(items)
    name = s["model"]
    spec = get_spec(name)
    seq_len = int(s.get("seq", DEFAULT_SEQ)) if spec.input_kind == "text" else None
    model = _variant(name, variant)
    inputs = make_inputs(spec, model, int(s.get("batch", DEFAULT_BATCH)), seq_len)
    steps = int(s.get("psteps", ProfileSettings.steps))
    settings = ProfileSettings(steps=steps, threads=_threads(s), trace=False)
    return profile_model(model, inputs, settings)


_PROFILES: _OncePerMeasure[OperatorProfile] = _OncePerMeasure(_profile)


def _share(s: Mapping[str, str], variant: str, family: str, reader: str) -> float:
    return _PROFILES.get((_items(s), variant), reader).share(family)


@register("attention_share", "share", timed=True)
def attention_share(s: Mapping[str, str], _arg: str) -> float:
    """The original's share of operator self time in attention (score products, softmax)."""
    return _share(s, "original", "attention", "attention_share")


@register("linear_share", "share", timed=True)
def linear_share(s: Mapping[str, str], _arg: str) -> float:
    """The original's share of operator self time in matmul / linear layers."""
    return _share(s, "original", "linear", "linear_share")


@register("pruned_attention_share", "share", timed=True)
def pruned_attention_share(s: Mapping[str, str], _arg: str) -> float:
    """The same share in the 50 % channel-pruned variant the page shows."""
    return _share(s, "channels", "attention", "pruned_attention_share")


@register("pruned_linear_share", "share", timed=True)
def pruned_linear_share(s: Mapping[str, str], _arg: str) -> float:
    """The matmul / linear share in the 50 % channel-pruned variant."""
    return _share(s, "channels", "linear", "pruned_linear_share")


@register("int8_quantized_ops", "count")
def int8_quantized_ops(s: Mapping[str, str], _arg: str) -> float:
    """Quantized operators (``quantized::linear_dynamic`` …) per step in the int8 variant's
    profile: the calls the profile table marks quantized."""
    profile = _PROFILES.get((_items(s), "int8"), "int8_quantized_ops")
    return float(profile.operators.loc[profile.operators["quantized"], "calls"].sum())


# --- the code GPT (dashboard/areas/accelerate/llm.py) -----------------------------------------

# The page's defaults for the keys a lesson leaves out (dashboard/areas/accelerate/params.py).
LLM_DEFAULTS = {
    "llm_prompt": "def __init__(self, ",
    "llm_max_new": "256",
    "llm_batch": "1",
    "llm_threads": "1",
    "llm_repeats": "3",
    "llm_k": "4",
    "llm_spec_new": "64",
}


def _llm(s: Mapping[str, str], key: str) -> str:
    return s.get(key, LLM_DEFAULTS[key])


@functools.lru_cache(maxsize=1)
def _draft() -> torch.nn.Module:
    from models.gpt import STUDENT, load_gpt

    return load_gpt(STUDENT).eval()


def _llm_ids(s: Mapping[str, str], new_tokens: int) -> torch.Tensor:
    from components.llm.speed_sweep import encode_checked
    from models.gpt import load_tokenizer

    return encode_checked(load_tokenizer(), _llm(s, "llm_prompt"), new_tokens)


@register("llm_kv_speedup", "ratio", timed=True)
def llm_kv_speedup(s: Mapping[str, str], arg: str) -> float:
    """The page's "KV-cache speed-up at n tokens" (n = ``arg``, else the page's longest
    length): greedy generation time without the cache over the time with it, timed in
    alternation at the page's prompt, batch, threads and repeats."""
    from components.llm.speed_sweep import kv_cache_point, kv_speedup

    n = int(arg or _llm(s, "llm_max_new"))
    frame = kv_cache_point(
        zoo_model(s["model"]),
        _llm_ids(s, n),
        n,
        batch=int(_llm(s, "llm_batch")),
        threads=int(_llm(s, "llm_threads")),
        repeats=int(_llm(s, "llm_repeats")),
    )
    return kv_speedup(frame, n)


@register("llm_speculative_acceptance", "fraction")
def llm_speculative_acceptance(s: Mapping[str, str], arg: str) -> float:
    """The page's speculative "Acceptance rate": draft tokens kept over proposed, the draft
    proposing k (``arg``, else the page's ``llm_k``) a round over the page's new tokens
    (greedy, hence deterministic)."""
    from components.llm import GenerationSettings, speculative_generate

    k, new = int(arg or _llm(s, "llm_k")), int(_llm(s, "llm_spec_new"))
    settings = GenerationSettings(max_new_tokens=new, stop_at_end=False)
    result = speculative_generate(zoo_model(s["model"]), _draft(), _llm_ids(s, new), settings, k)
    return result.acceptance_rate
