"""Seeded text generation with ``model.generate``, and its speed with and without the KV cache."""

from __future__ import annotations

import time
from dataclasses import dataclass

import torch
from torch import nn
from torch.utils import benchmark

from components.runtime import seeded_global_rng

# A prompt this corpus continues well: a method's opening, as in every stdlib class. Not "def ":
# the byte-level BPE attaches a space to the word after it, so a prompt ending in a lone space is
# text the model rarely saw (greedy then wanders).
DEFAULT_PROMPT = "def __init__(self"


@dataclass(frozen=True)
class GenerationSettings:
    """What one generation does; bounds in :data:`GENERATION_BOUNDS` (pages draw sliders)."""

    max_new_tokens: int = 64
    do_sample: bool = False  # False: greedy (arg-max every step), deterministic
    temperature: float = 0.8  # sampling only: < 1 sharpens, > 1 flattens the distribution
    top_k: int = 40  # sampling only: draw among the k likeliest tokens; 0 = all
    seed: int = 0  # sampling only: the same seed gives the same text
    use_cache: bool = True  # keep keys/values of past tokens instead of recomputing them
    stop_at_end: bool = True  # stop at <|endoftext|>; False always makes max_new_tokens tokens

    def __post_init__(self) -> None:
        for field, (low, high) in GENERATION_BOUNDS.items():
            value = getattr(self, field)
            if not low <= value <= high:
                raise ValueError(f"{field} = {value} outside [{low}, {high}]")


GENERATION_BOUNDS: dict[str, tuple[float, float]] = {
    "max_new_tokens": (1, 256),  # prompt + 256 stays inside the 512 positions the model knows
    "temperature": (0.1, 2.0),
    "top_k": (0, 200),
}


def generation_config(settings: GenerationSettings, eos_token_id: int = 0):
    """The ``transformers.GenerationConfig`` for ``settings`` (sampling fields only if sampling)."""
    from transformers import GenerationConfig

    sampling = (
        {"do_sample": True, "temperature": settings.temperature, "top_k": settings.top_k or None}
        if settings.do_sample
        else {"do_sample": False}
    )
    return GenerationConfig(
        max_new_tokens=settings.max_new_tokens,
        min_new_tokens=None if settings.stop_at_end else settings.max_new_tokens,
        use_cache=settings.use_cache,
        eos_token_id=eos_token_id,
        pad_token_id=eos_token_id,
        **sampling,
    )


def generate_ids(
    model: nn.Module, prompt_ids: torch.Tensor, settings: GenerationSettings, **kwargs
) -> torch.Tensor:
    """Prompt + new token ids, shape (1, T). Sampling draws from torch's global generator
    seeded with ``settings.seed`` under the process-wide lock, so the same seed gives the same
    text whatever other sessions do; extra ``kwargs`` go to ``generate`` (``assistant_model``)."""
    if prompt_ids.ndim == 1:
        prompt_ids = prompt_ids[None]
    with torch.inference_mode(), seeded_global_rng(settings.seed if settings.do_sample else None):
        return model.generate(
            input_ids=prompt_ids,
            attention_mask=torch.ones_like(prompt_ids),
            generation_config=generation_config(settings),
            **kwargs,
        )


@dataclass(frozen=True)
class Generation:
    """One generated text."""

    prompt: str
    completion: str  # the new text only
    new_tokens: int
    seconds: float

    @property
    def tokens_per_s(self) -> float:
        return self.new_tokens / self.seconds if self.seconds > 0 else float("inf")


def generate_text(
    model: nn.Module, tokenizer, prompt: str, settings: GenerationSettings | None = None
) -> Generation:
    """Continue ``prompt`` (greedy or seeded sampling) and time it."""
    settings = settings or GenerationSettings()
    prompt_ids = torch.tensor([tokenizer.encode(prompt, add_special_tokens=False)])
    if prompt_ids.shape[1] == 0:
        raise ValueError("the prompt is empty")
    start = time.perf_counter()
    ids = generate_ids(model, prompt_ids, settings)
    seconds = time.perf_counter() - start
    new = ids[0, prompt_ids.shape[1] :]
    return Generation(prompt, tokenizer.decode(new), len(new), seconds)


@dataclass(frozen=True)
class Speed:
    """Tokens per second of one timed operation (median over repeats)."""

    tokens: int  # tokens processed (prefill) or generated per call
    median_s: float
    iqr_s: float
    runs: int
    threads: int

    @property
    def tokens_per_s(self) -> float:
        return self.tokens / self.median_s


def _time(call, threads: int, min_run_time: float) -> benchmark.Measurement:
    call()  # warm-up: lazy initialisation, allocator, first kernel choices
    timer = benchmark.Timer(stmt="call()", globals={"call": call}, num_threads=threads)
    return timer.blocked_autorange(min_run_time=min_run_time)


def generation_speed(
    model: nn.Module,
    prompt_ids: torch.Tensor,
    new_tokens: int,
    *,
    use_cache: bool = True,
    threads: int = 1,
    min_run_time: float = 1.0,
) -> Speed:
    """Greedy generation of exactly ``new_tokens`` tokens after ``prompt_ids``, timed.

    Without the cache every step runs the model over the whole sequence so far, so the cost of
    step t grows with t; with it, each step processes one new token against stored keys/values.
    """
    settings = GenerationSettings(max_new_tokens=new_tokens, use_cache=use_cache, stop_at_end=False)
    m = _time(lambda: generate_ids(model, prompt_ids, settings), threads, min_run_time)
    return Speed(new_tokens, float(m.median), float(m.iqr), len(m.times), threads)


def prefill_speed(
    model: nn.Module, ids: torch.Tensor, *, threads: int = 1, min_run_time: float = 0.5
) -> Speed:
    """One forward pass over a prompt of ``ids.shape[-1]`` tokens (prompt processing), timed."""
    if ids.ndim == 1:
        ids = ids[None]

    @torch.inference_mode()
    def call() -> None:
        model(input_ids=ids)

    m = _time(call, threads, min_run_time)
    return Speed(int(ids.shape[1]), float(m.median), float(m.iqr), len(m.times), threads)
