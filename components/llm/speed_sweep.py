"""Generation speed measured in alternation: the KV cache over the number of new tokens, and
speculative decoding against the target alone.

Every comparison times its contenders in turn inside one loop (the order rotating each repeat),
so a burst of load on a shared machine spoils all of them alike and their ratio stays fair;
each reports the median and the interquartile range of its repeats.

Without the KV cache, step ``t`` of greedy generation runs the model over all ``P + t`` tokens so
far, so the time per new token grows with the length (the whole generation grows quadratically);
with it, each step runs one token against the stored keys and values (near constant per token).
Prompt processing (prefill) is one forward pass over the whole prompt: many tokens per call,
hence far more tokens per second than generation, which makes one token per call.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import torch
from torch import nn

from components.acceleration.backends import torch_threads
from components.errors import UserFacingError
from components.llm.generation import GenerationSettings, generate_ids
from components.llm.speculative import speculative_generate
from components.llm.timing import median_iqr
from components.progress import ProgressFn, no_progress
from models.gpt import TEACHER_CONFIG

KV_LENGTHS = (16, 32, 64, 128, 256)  # new tokens; prompt + 256 stays inside 512 positions
MODES = ("prefill", "cache", "no_cache")  # one forward pass; generation with / without cache
SPEED_PROMPT = "def __init__(self, "  # 8 tokens of the code tokenizer (the benchmark's prompt)


def encode_checked(tokenizer, text: str, new_tokens: int) -> torch.Tensor:
    """``text``'s token ids as a (1, T) batch; a :class:`UserFacingError` for an empty prompt
    or one that leaves no room for ``new_tokens`` within the model's positions."""
    ids = tokenizer.encode(text, add_special_tokens=False)
    if not ids:
        raise UserFacingError("accelerate.llm.prompt_empty")
    limit = TEACHER_CONFIG.max_positions - new_tokens
    if len(ids) > limit:
        raise UserFacingError(
            "accelerate.llm.prompt_too_long", tokens=len(ids), limit=limit, new=new_tokens
        )
    return torch.tensor([ids], dtype=torch.long)


def alternate(calls: dict[str, Callable[[], object]], repeats: int) -> dict[str, list[float]]:
    """Seconds of each call over ``repeats`` rounds, one of each per round, the order rotated
    every round; one untimed warm-up call of each first."""
    for call in calls.values():
        call()
    names = list(calls)
    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(repeats):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            start = time.perf_counter()
            calls[name]()
            times[name].append(time.perf_counter() - start)
    return times


def _fixed(new_tokens: int, use_cache: bool = True) -> GenerationSettings:
    """Greedy, exactly ``new_tokens`` tokens (no early stop: every run does the same work)."""
    return GenerationSettings(max_new_tokens=new_tokens, use_cache=use_cache, stop_at_end=False)


def kv_cache_point(
    model: nn.Module,
    prompt_ids: torch.Tensor,
    new_tokens: int,
    *,
    batch: int = 1,
    threads: int = 1,
    repeats: int = 5,
) -> pd.DataFrame:
    """Prefill of ``new_tokens`` tokens, and greedy generation of ``new_tokens`` tokens after
    ``prompt_ids`` with and without the KV cache, timed in alternation at ``batch`` copies of
    the prompt.

    Returns one row per mode (:data:`MODES`): ``new_tokens``, ``batch``, ``mode``,
    ``median_s``, ``iqr_s``, ``tokens_per_s`` (batch × tokens over the median),
    ``ms_per_token`` (the median over the tokens of one sequence), ``runs``, ``threads``,
    ``prompt_tokens`` and ``same_tokens`` (whether the cached and uncached outputs agree
    token for token; the prefill row repeats it).
    """
    if prompt_ids.ndim == 1:
        prompt_ids = prompt_ids[None]
    if not 1 <= new_tokens <= 256 or batch < 1 or repeats < 1:
        raise ValueError(f"new_tokens {new_tokens}, batch {batch}, repeats {repeats}")
    ids = prompt_ids[:1].expand(batch, -1).contiguous()
    outputs: dict[str, torch.Tensor] = {}

    def generation(use_cache: bool) -> Callable[[], object]:
        def call() -> None:
            outputs[str(use_cache)] = generate_ids(model, ids, _fixed(new_tokens, use_cache))

        return call

    with torch_threads(threads):
        generation(True)()  # the continuation whose first tokens the prefill processes
        prefill_ids = outputs["True"][:, :new_tokens]

        @torch.inference_mode()
        def prefill() -> None:
            model(input_ids=prefill_ids)

        calls = {"prefill": prefill, "cache": generation(True), "no_cache": generation(False)}
        times = alternate(calls, repeats)
    same = bool(torch.equal(outputs["True"], outputs["False"]))
    rows = []
    for mode in MODES:
        median, iqr = median_iqr(times[mode])
        rows.append(
            {
                "new_tokens": new_tokens,
                "batch": batch,
                "mode": mode,
                "median_s": median,
                "iqr_s": iqr,
                "tokens_per_s": batch * new_tokens / median,
                "ms_per_token": 1000 * median / new_tokens,
                "runs": repeats,
                "threads": threads,
                "prompt_tokens": int(prompt_ids.shape[1]),
                "same_tokens": same,
            }
        )
    return pd.DataFrame(rows)


def kv_cache_sweep(
    model: nn.Module,
    prompt_ids: torch.Tensor,
    lengths: tuple[int, ...] = KV_LENGTHS,
    *,
    batch: int = 1,
    threads: int = 1,
    repeats: int = 5,
    progress: ProgressFn | None = None,
) -> pd.DataFrame:
    """:func:`kv_cache_point` at every length, shortest first, in one frame."""
    report = progress or no_progress
    frames = []
    for i, n in enumerate(lengths):
        report(i / len(lengths), f"{n} tokens")
        frames.append(
            kv_cache_point(model, prompt_ids, n, batch=batch, threads=threads, repeats=repeats)
        )
    return pd.concat(frames, ignore_index=True)


def kv_speedup(frame: pd.DataFrame, new_tokens: int, batch: int | None = None) -> float:
    """Generation time without the cache over the time with it, at ``new_tokens`` (and
    ``batch`` when the frame holds several)."""
    rows = frame[frame["new_tokens"] == new_tokens]
    if batch is not None:
        rows = rows[rows["batch"] == batch]
    median = rows.set_index("mode")["median_s"]
    return float(median["no_cache"] / median["cache"])


@dataclass(frozen=True)
class SpeculativeComparison:
    """Speculative decoding against the target alone on one prompt, timed in alternation."""

    k: int  # tokens the draft proposes per round
    prompt_tokens: int
    new_tokens: int
    accepted: int  # draft tokens the target kept
    proposed: int
    rounds: int
    identical: bool  # speculative greedy output == the target's plain greedy output
    first_difference: int | None  # first new-token position where they differ (None: none)
    target_s: float  # plain greedy generation by the target, median
    target_iqr_s: float
    speculative_s: float
    speculative_iqr_s: float
    draft_s: float  # plain greedy generation of as many tokens by the draft alone, median
    runs: int
    threads: int
    target_ids: tuple[int, ...]  # new tokens only
    speculative_ids: tuple[int, ...]

    @property
    def acceptance_rate(self) -> float:
        return self.accepted / self.proposed if self.proposed else 0.0

    @property
    def speedup(self) -> float:
        """Target-alone time over speculative time (> 1: speculative is faster)."""
        return self.target_s / self.speculative_s

    @property
    def target_tokens_per_s(self) -> float:
        return self.new_tokens / self.target_s

    @property
    def speculative_tokens_per_s(self) -> float:
        return self.new_tokens / self.speculative_s

    @property
    def tokens_per_round(self) -> float:
        """New tokens per verify pass (accepted proposals + the target's own token)."""
        return self.new_tokens / self.rounds if self.rounds else 0.0

    @property
    def round_ms(self) -> float:
        """Measured time of one round (draft proposals + verify pass + bookkeeping)."""
        return 1000 * self.speculative_s / self.rounds if self.rounds else 0.0

    @property
    def target_ms_per_token(self) -> float:
        return 1000 * self.target_s / self.new_tokens

    @property
    def draft_ms_per_token(self) -> float:
        return 1000 * self.draft_s / self.new_tokens

    @property
    def plain_ms_per_round(self) -> float:
        """What the target alone takes for one round's worth of tokens."""
        return self.tokens_per_round * self.target_ms_per_token

    @property
    def proposals_ms(self) -> float:
        """The draft's ``k`` proposals of one round, from its own measured time per token."""
        return self.k * self.draft_ms_per_token

    @property
    def rest_ms(self) -> float:
        """The rest of a round: the verify pass and assisted generation's bookkeeping."""
        return self.round_ms - self.proposals_ms


def speculative_comparison(
    target: nn.Module,
    draft: nn.Module,
    prompt_ids: torch.Tensor,
    new_tokens: int,
    k: int,
    *,
    threads: int = 1,
    repeats: int = 5,
) -> SpeculativeComparison:
    """Greedy generation of ``new_tokens`` tokens by ``target`` alone, by ``target`` verifying
    ``k`` proposals of ``draft`` a round (:func:`speculative_generate`), and by ``draft`` alone,
    timed in alternation; the acceptance counted exactly and the outputs compared token for
    token. Neither model is changed."""
    if prompt_ids.ndim == 1:
        prompt_ids = prompt_ids[None]
    if not 1 <= k <= 8 or repeats < 1:
        raise ValueError(f"k {k}, repeats {repeats}")
    settings = _fixed(new_tokens)
    out: dict[str, object] = {}
    generation_s: list[float] = []  # speculative_generate's own timer: the draft's copy left out

    def plain(model: nn.Module, name: str) -> Callable[[], None]:
        def call() -> None:
            out[name] = generate_ids(model, prompt_ids, settings)

        return call

    def speculative() -> None:
        out["speculative"] = result = speculative_generate(target, draft, prompt_ids, settings, k=k)
        generation_s.append(result.seconds)

    with torch_threads(threads):
        calls = {
            "target": plain(target, "target"),
            "speculative": speculative,
            "draft": plain(draft, "draft"),
        }
        times = alternate(calls, repeats)
    result = out["speculative"]
    start = prompt_ids.shape[1]
    mine = tuple(out["target"][0, start:].tolist())
    theirs = tuple(result.ids[0, start:].tolist())
    differ = [i for i, (a, b) in enumerate(zip(mine, theirs, strict=False)) if a != b]
    if not differ and len(mine) != len(theirs):
        differ = [min(len(mine), len(theirs))]
    t_s, t_iqr = median_iqr(times["target"])
    s_s, s_iqr = median_iqr(generation_s[1:])  # the warm-up call left out
    return SpeculativeComparison(
        k=k,
        prompt_tokens=start,
        new_tokens=len(mine),
        accepted=result.accepted,
        proposed=result.proposed,
        rounds=len(result.rounds),
        identical=not differ,
        first_difference=differ[0] if differ else None,
        target_s=t_s,
        target_iqr_s=t_iqr,
        speculative_s=s_s,
        speculative_iqr_s=s_iqr,
        draft_s=median_iqr(times["draft"])[0],
        runs=repeats,
        threads=threads,
        target_ids=mine,
        speculative_ids=theirs,
    )
