"""Benchmark: attention analysis and text attributions, backend time per interaction.

Issue #4's target: all ``minilm`` attention for a 32-token sentence (``text_attention``) median
≤ 100 ms. Also timed, with targets of our own for a page that redraws on every slider move:
``tiny_vit`` attention + rollout for one digit, and ``token_attributions`` (Integrated Gradients,
32 steps) — split into the private copy it makes and the rest, which is what decided copy over
lock (see :mod:`components.explain.text`). References without targets: the bare forward passes.

Each row: ``torch.utils.benchmark.Timer.blocked_autorange`` after warm-up, median and IQR of the
per-call times, batch 1, eager fp32, at 1 thread and at all cores, in interleaved rounds in one
process (this machine is shared: compare rows of one run, not runs). With another process busy,
2 threads on 2 cores can be 10–60× slower than 1 thread (measured: 7 ms → 400 ms per MiniLM
call): the "best" column shows the quiet-moment time.

Run: ``.venv/bin/python -m tests.benchmarks.bench_explain_attention [--rounds 3]``
"""

from __future__ import annotations

import argparse
import os
import statistics
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

import torch
from torch.utils import benchmark

from components.explain.attention import (
    attention_rollout,
    attention_token_scores,
    captured_attention,
    head_view_lines,
    rollout_cls_map,
    text_attention,
    upsample_patch_map,
    vit_attention,
)
from components.explain.text import token_attributions
from components.shared_models import fingerprint, leftover_hooks, working_copy
from models.data import load_digits_split
from models.registry import load_model

# 30 word pieces + [CLS] + [SEP] = 32 tokens (checked below).
SENTENCE_32 = (
    "A young man in a red jacket is playing an old acoustic guitar on the small stage while "
    "the crowd sings along happily tonight at the old city park."
)
REFERENCE = "Someone performs music with a guitar for an audience."


@dataclass(frozen=True)
class Case:
    label: str
    fn: Callable[[], object]
    target_ms: float | None  # None: a reference row
    min_run_time: float
    around: Callable[[], AbstractContextManager] = nullcontext  # held while the row is timed


def measure(fn: Callable[[], object], threads: int, min_run_time: float) -> tuple[float, float]:
    """Median and IQR in milliseconds."""
    for _ in range(2):  # warm-up: lazy initialisation, allocator, tokenizer caches
        fn()
    timer = benchmark.Timer(stmt="fn()", globals={"fn": fn}, num_threads=threads)
    m = timer.blocked_autorange(min_run_time=min_run_time)
    return m.median * 1e3, m.iqr * 1e3


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--min-run-time", type=float, default=0.4, help="seconds per timing")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds per row")
    args = parser.parse_args()
    cores = os.cpu_count() or 1

    vit = load_model("tiny_vit")
    minilm = load_model("minilm")
    digit = load_digits_split().x_test[0]
    att = text_attention(minilm, SENTENCE_32)
    assert len(att.tokens) == 32, len(att.tokens)
    batch = minilm.tokenize([SENTENCE_32])
    ids, mask = batch["input_ids"], batch["attention_mask"]
    before = fingerprint(minilm)

    def vit_all() -> None:
        a = vit_attention(vit, digit)
        for layer in range(a.layers):  # what one page draw needs: every layer's rollout map
            upsample_patch_map(rollout_cls_map(attention_rollout(a.maps, layer), a.grid))

    def text_views() -> None:
        a = text_attention(minilm, SENTENCE_32)
        head_view_lines(a, 2, 5)
        attention_token_scores(a)

    def raw_attention() -> None:
        with torch.inference_mode():
            minilm.forward_with_attention(ids, mask)

    def plain_forward() -> None:
        with torch.inference_mode():
            minilm(ids, mask)

    quick = args.min_run_time
    cases = [
        Case("minilm text_attention (32 tokens)", lambda: text_attention(minilm, SENTENCE_32),
             100.0, quick),
        Case("  + head_view_lines + token scores", text_views, 100.0, quick),
        # inside captured_attention so that transformers' capture hooks go again afterwards
        Case("  ref: forward_with_attention, bare", raw_attention, None, quick,
             lambda: captured_attention(minilm)),
        Case("  ref: plain forward", plain_forward, None, quick),
        Case("tiny_vit attention + 4 rollout maps", vit_all, 20.0, quick),
        Case("minilm token_attributions (32 steps)",
             lambda: token_attributions(minilm, SENTENCE_32, REFERENCE, n_steps=32),
             2000.0, 2 * quick),
        Case("  of which working_copy(minilm)", lambda: working_copy(minilm), None, quick),
    ]  # fmt: skip

    # Rounds interleave every row, so a burst of load from another process hits one round of
    # a row, not the whole row: the table shows the median over rounds and the best round.
    rows = [(case, threads) for case in cases for threads in sorted({1, cores})]
    times: dict[int, list[tuple[float, float]]] = {i: [] for i in range(len(rows))}
    load_before = os.getloadavg()[0]
    for _ in range(args.rounds):
        for i, (case, threads) in enumerate(rows):
            with case.around():
                times[i].append(measure(case.fn, threads, case.min_run_time))

    print(
        f"torch {torch.__version__}, {cores} cores, eager fp32, batch 1, "
        f"torch.utils.benchmark blocked_autorange, median over {args.rounds} rounds; "
        f"1-min load average {load_before:.1f} → {os.getloadavg()[0]:.1f}"
    )
    header = (
        f"{'what':38} {'thr':>3} {'median ms':>10} {'IQR ms':>8} {'best ms':>8} {'target':>9}"
        "  verdict"
    )
    print(header)
    print("-" * len(header))
    for i, (case, threads) in enumerate(rows):
        median = statistics.median(m for m, _ in times[i])
        iqr = statistics.median(q for _, q in times[i])
        best = min(m for m, _ in times[i])
        if case.target_ms is None:
            target, verdict = "—", ""
        else:
            target = f"≤ {case.target_ms:g}"
            verdict = "ok" if median <= case.target_ms else "MISSED"
        print(
            f"{case.label:38} {threads:3d} {median:10.1f} {iqr:8.1f} {best:8.1f} {target:>9}"
            f"  {verdict}"
        )
    print()
    result = token_attributions(minilm, SENTENCE_32, REFERENCE, n_steps=32)
    print(
        f"token_attributions: similarity {result.similarity:.4f}, baseline "
        f"{result.baseline_similarity:.4f}, sum of scores "
        f"{result.scores.sum():.4f}, delta {result.delta:+.2e}"
    )
    clean = leftover_hooks(minilm) == 0 and fingerprint(minilm) == before
    print(f"shared MiniLM after all runs: leftover_hooks {leftover_hooks(minilm)}, clean {clean}")


if __name__ == "__main__":
    main()
