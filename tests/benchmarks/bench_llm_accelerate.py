"""Benchmark: the Accelerate page's code-GPT numbers, measured with the page's own backend
(components.llm.speed_sweep), in one process (compare ratios within one run, never across runs).

(a) KV cache: prefill and greedy generation of n new tokens with and without the cache after an
    8-token prompt, batch 1 and 4, timed in alternation: tokens/s, ms per token, speed-up.
(b) Speculative decoding (target = the 4-layer GPT, draft = its distilled 2-layer student) at
    k = 2 / 4 / 6 proposed tokens, 64 greedy tokens per prompt over the bench_llm prompts:
    acceptance (accepted / proposed, summed), tokens/s of the target alone and speculative
    (median over prompts of each prompt's median), speed-up, and whether every output equals
    the target's plain greedy output.

Run: ``.venv/bin/python -m tests.benchmarks.bench_llm_accelerate [--threads 1] [--repeats 5]``
"""

from __future__ import annotations

import argparse
import statistics

import torch

from components.llm.speed_sweep import (
    SPEED_PROMPT,
    SpeculativeComparison,
    kv_cache_point,
    kv_speedup,
    speculative_comparison,
)
from models.gpt import STUDENT, load_gpt, load_tokenizer
from tests.benchmarks.bench_llm import PROMPTS


def _median(results: list[SpeculativeComparison], name: str) -> float:
    return statistics.median(getattr(r, name) for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    tokenizer = load_tokenizer()
    target, draft = load_gpt(), load_gpt(STUDENT)
    encode = lambda text: torch.tensor([tokenizer.encode(text, add_special_tokens=False)])  # noqa: E731
    prompt = encode(SPEED_PROMPT)
    print(f"threads {args.threads}, repeats {args.repeats}, torch {torch.__version__}")
    print(f"prompt {prompt.shape[1]} tokens, greedy, eager PyTorch\n")

    print("(a) KV cache (median, IQR in brackets)\n")
    print(
        "| batch | new tokens | prefill tok/s | cache on tok/s | cache off tok/s | "
        "ms/token on | ms/token off | speed-up | identical |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for batch in (1, 4):
        for n in (16, 64, 256):
            f = kv_cache_point(
                target, prompt, n, batch=batch, threads=args.threads, repeats=args.repeats
            ).set_index("mode")
            on, off = f.loc["cache"], f.loc["no_cache"]
            print(
                f"| {batch} | {n} | {f.loc['prefill', 'tokens_per_s']:,.0f} | "
                f"{on['tokens_per_s']:,.0f} | {off['tokens_per_s']:,.0f} | "
                f"{on['ms_per_token']:.2f} ({1000 * on['iqr_s'] / n:.2f}) | "
                f"{off['ms_per_token']:.2f} ({1000 * off['iqr_s'] / n:.2f}) | "
                f"{kv_speedup(f.reset_index(), n):.2f}× | {bool(f['same_tokens'].all())} |"
            )

    print("\n(b) Speculative decoding, 64 new tokens per prompt\n")
    print(
        "| k | acceptance | kept/proposed | tokens/round | target tok/s | speculative tok/s | "
        "speed-up | round ms | target ms for a round's tokens | draft k proposals ms | "
        "identical |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for k in (2, 4, 6):
        results = [
            speculative_comparison(
                target, draft, encode(text), 64, k, threads=args.threads, repeats=args.repeats
            )
            for text in PROMPTS
        ]
        accepted = sum(r.accepted for r in results)
        proposed = sum(r.proposed for r in results)
        print(
            f"| {k} | {accepted / proposed:.3f} | {accepted}/{proposed} | "
            f"{_median(results, 'tokens_per_round'):.2f} | "
            f"{_median(results, 'target_tokens_per_s'):.0f} | "
            f"{_median(results, 'speculative_tokens_per_s'):.0f} | "
            f"{_median(results, 'speedup'):.2f}× | {_median(results, 'round_ms'):.1f} | "
            f"{_median(results, 'plain_ms_per_round'):.1f} | "
            f"{_median(results, 'proposals_ms'):.1f} | {all(r.identical for r in results)} |"
        )


if __name__ == "__main__":
    main()
