"""Operator profiles and architecture graphs: how long they take (issue #20 targets: LeNet
profile ≤ 1 s, MiniLM profile at batch 8 × 32 tokens ≤ 5 s, MiniLM graph ≤ 300 ms), the
profiler's measured overhead, and the family shares of the original vs 50 % channel pruned.

    HF_HUB_OFFLINE=1 .venv/bin/python -m tests.benchmarks.bench_profile
"""

from __future__ import annotations

import time

import torch

from components.acceleration import make_inputs
from components.graph import build_graph, collapse_blocks, graph_figure, repeated_blocks
from components.profiling import ProfileSettings, profile_model
from components.pruning import PruneSettings, prune_model
from models.registry import get_spec, load_model

THREADS = 1
BATCH = 8
SEQ = 32
SETTINGS = ProfileSettings(threads=THREADS)


def _timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def main() -> None:
    torch.set_num_threads(THREADS)
    print(f"threads {THREADS}, batch {BATCH} ({SEQ} tokens for MiniLM), steps {SETTINGS.steps}")
    # The first profile of a process starts the profiler (Kineto): paid once per server.
    profile_model(torch.nn.Linear(4, 4), (torch.rand(2, 4),), SETTINGS)
    rows = []
    for name in ("lenet", "tiny_vit", "minilm"):
        spec, model = get_spec(name), load_model(name).eval()
        pruned = prune_model(model, spec, PruneSettings("channel_removal", 0.5)).model
        inputs = make_inputs(spec, model, BATCH, SEQ)
        steps: list[str] = []
        profile, seconds = _timed(
            lambda m=model, x=inputs, seen=steps: profile_model(
                m, x, SETTINGS, progress=lambda _f, msg: seen.append(msg)
            )
        )
        cut, _ = _timed(lambda m=pruned, x=inputs: profile_model(m, x, SETTINGS))
        graph_inputs = make_inputs(spec, model, 1, 8)
        graph, trace_s = _timed(lambda m=model, x=graph_inputs: build_graph(m, x))
        blocks = repeated_blocks(model)
        _, draw_s = _timed(
            lambda g=graph, b=blocks: graph_figure(
                [("o", collapse_blocks(g, b))], words=str, colour_label="s"
            )
        )
        rows.append((name, seconds, len(steps), profile, cut, graph, trace_s, draw_s))
    print(
        f"{'model':<9}{'profile s':>10}{'progress':>9}{'profiled ms':>12}{'plain ms':>9}"
        f"{'overhead':>9}{'graph':>14}{'trace ms':>9}{'draw ms':>8}"
    )
    for name, seconds, n, p, _, g, trace_s, draw_s in rows:
        print(
            f"{name:<9}{seconds:>10.2f}{n:>9}{p.profiled_ms:>12.2f}{p.unprofiled_ms:>9.2f}"
            f"{p.overhead:>+9.0%}{g.tracer:>14}{1e3 * trace_s:>9.0f}{1e3 * draw_s:>8.0f}"
        )
    print("\nshare of operator self time, original → 50 % channels removed (eager)")
    for name, _, _, p, cut, *_ in rows:
        a, b = p.families().set_index("family"), cut.families().set_index("family")
        parts = [
            f"{f} {a['share'].get(f, 0):.0%}→{b['share'].get(f, 0):.0%}"
            for f in a.index.union(b.index)
            if max(a["share"].get(f, 0), b["share"].get(f, 0)) >= 0.02
        ]
        print(f"{name:<9}" + ", ".join(parts) + f"  ({p.self_ms:.2f} → {cut.self_ms:.2f} ms)")


if __name__ == "__main__":
    main()
