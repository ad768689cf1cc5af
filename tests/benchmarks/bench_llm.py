"""Benchmark: the code GPT's techniques, in one process (the machine is shared and noisy: compare
ratios within one run, never across runs).

(a) Variants — fp32, torchao int8 / int4 weight-only, torch.ao dynamic int8, the distilled
    student: validation perplexity (first ``EVAL_TOKENS`` tokens) and its time, size, and greedy
    generation speed (64 new tokens after an 8-token prompt, KV cache on). Targets: perplexity
    of a variant ≤ 2 s; fp32 generation of 64 tokens ≤ 1 s.
(b) KV cache: greedy generation of 64 and 256 new tokens with and without the cache, and prompt
    processing (one forward pass) of 64 and 256 tokens.
(c) Speculative decoding (target fp32, draft = student) over a few prompts and draft lengths:
    acceptance rate (accepted / proposed draft tokens), time against plain greedy on the same
    prompt (alternated), and whether the tokens are identical (they must be).
(d) LLM attribution of a 16-token prompt (8 target tokens): target ≤ 3 s.

All timings on ``--threads`` torch threads (default 1), median of ``--repeats`` runs after a
warm-up, IQR as the spread.

Run: ``.venv/bin/python -m tests.benchmarks.bench_llm [--threads 1] [--repeats 5]``
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import torch

from components.llm import (
    VARIANTS,
    GenerationSettings,
    build_variant,
    generate_ids,
    size_bytes,
    speculative_generate,
    validation_perplexity,
)
from components.llm.attribution import attribute_prompt
from models.gpt import EVAL_TOKENS, STUDENT, load_gpt, load_tokenizer, parameter_count

PROMPTS = (
    "def __init__(self, ",
    "    for key, value in ",
    "import os\nimport sys\n\n",
    "class Queue:\n    ",
)
ATTRIBUTION_PROMPT = "def parse(self, text):\n    return text.split(sep)"  # 16 tokens


def timed(call: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median and IQR of ``repeats`` calls after one warm-up call, in seconds."""
    call()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    q = statistics.quantiles(times, n=4) if len(times) > 1 else [times[0]] * 3
    return statistics.median(times), q[2] - q[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    tokenizer = load_tokenizer()
    teacher, student = load_gpt(), load_gpt(STUDENT)
    encode = lambda text: torch.tensor([tokenizer.encode(text, add_special_tokens=False)])  # noqa: E731
    prompt = encode(PROMPTS[0])
    fixed = lambda n, cache=True: GenerationSettings(n, use_cache=cache, stop_at_end=False)  # noqa: E731
    print(f"threads {args.threads}, repeats {args.repeats}, torch {torch.__version__}\n")

    print(f"(a) Variants: perplexity on {EVAL_TOKENS} validation tokens; generation of 64 tokens\n")
    print("| variant | params | size MB | perplexity | ppl time s | gen 64 s (IQR) | tokens/s |")
    print("|---|---|---|---|---|---|---|")
    models = {name: build_variant(name, teacher) for name in VARIANTS} | {"student": student}
    for name, model in models.items():
        ppl = validation_perplexity(model)
        median, iqr = timed(lambda m=model: generate_ids(m, prompt, fixed(64)), args.repeats)
        print(
            f"| {name} | {parameter_count(model):,} | {size_bytes(model) / 1e6:.2f} | "
            f"{ppl.perplexity:.3f} | {ppl.seconds:.2f} | {median:.3f} ({iqr:.3f}) | "
            f"{64 / median:.0f} |"
        )

    print("\n(b) KV cache, fp32 teacher, greedy after an 8-token prompt\n")
    print("| new tokens | with cache s | without s | speed-up | tokens/s with | without |")
    print("|---|---|---|---|---|---|")
    for n in (64, 256):
        repeats = args.repeats if n == 64 else max(2, args.repeats // 2)
        on, _ = timed(lambda n=n: generate_ids(teacher, prompt, fixed(n)), repeats)
        off, _ = timed(lambda n=n: generate_ids(teacher, prompt, fixed(n, False)), repeats)
        print(f"| {n} | {on:.3f} | {off:.3f} | {off / on:.2f}× | {n / on:.0f} | {n / off:.0f} |")
    print("\n| prompt tokens | forward s | tokens/s |")
    print("|---|---|---|")
    for n in (64, 256):
        ids = encode(" ".join(["x"] * 400))[:, :n]

        @torch.inference_mode()
        def forward(ids=ids) -> None:
            teacher(input_ids=ids)

        median, _ = timed(forward, args.repeats)
        print(f"| {ids.shape[1]} | {median:.4f} | {ids.shape[1] / median:.0f} |")

    print("\n(c) Speculative decoding, draft = student, 64 greedy tokens per prompt\n")
    print(
        "| draft k | acceptance | kept/proposed | plain s | speculative s | speed-up | identical |"
    )
    print("|---|---|---|---|---|---|---|")
    for k in (2, 4, 6):
        accepted = proposed = 0
        plain_times, spec_times, identical = [], [], True
        for text in PROMPTS:
            ids = encode(text)
            for _ in range(max(1, args.repeats // 2)):
                start = time.perf_counter()
                plain = generate_ids(teacher, ids, fixed(64))
                plain_times.append(time.perf_counter() - start)
                result = speculative_generate(teacher, student, ids, fixed(64), k=k)
                spec_times.append(result.seconds)
            identical &= torch.equal(plain, result.ids)
            accepted += result.accepted
            proposed += result.proposed
        p, s = statistics.median(plain_times), statistics.median(spec_times)
        print(
            f"| {k} | {accepted / proposed:.3f} | {accepted}/{proposed} | {p:.3f} | {s:.3f} | "
            f"{p / s:.2f}× | {identical} |"
        )

    print("\n(d) LLM attribution, fp32 teacher\n")
    print("| method | prompt tokens | target tokens | seconds (IQR) |")
    print("|---|---|---|---|")
    for method in ("feature_ablation", "integrated_gradients"):
        result = attribute_prompt(teacher, tokenizer, ATTRIBUTION_PROMPT, method=method)
        median, iqr = timed(
            lambda m=method: attribute_prompt(teacher, tokenizer, ATTRIBUTION_PROMPT, method=m),
            max(1, args.repeats // 2),
        )
        print(
            f"| {method} | {len(result.input_tokens)} | {len(result.output_tokens)} | "
            f"{median:.3f} ({iqr:.3f}) |"
        )


if __name__ == "__main__":
    main()
