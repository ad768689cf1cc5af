"""ONNX Runtime's own profiler: ``SessionOptions.enable_profiling`` writes a Chrome-trace JSON of
every node run; this reads it back into the same tables as a ``torch.profiler`` profile.

ORT reports per *node* (``node_MatMul_13_kernel_time``, op type ``MatMul``) with input shapes;
a ``MatMul`` is a linear layer when one input is a weight (an initializer, or computed from
initializers only, such as a transposed weight), attention otherwise.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from components.profiling.families import PRODUCTS, family_of
from components.profiling.operators import (
    OPERATOR_COLUMNS,
    PROFILING,
    OperatorProfile,
    ProfileSettings,
)
from components.progress import ProgressFn, no_progress

KERNEL_SUFFIX = "_kernel_time"


def weight_products(model_bytes: bytes) -> dict[str, bool]:
    """For every node of the ONNX model: whether one of its inputs is weight-derived (an
    initializer, a Constant, or a value computed from those alone)."""
    import onnx

    graph = onnx.load_from_string(model_bytes).graph
    weights = {init.name for init in graph.initializer}
    result = {}
    for node in graph.node:  # nodes are in topological order
        inputs = [i for i in node.input if i]
        if node.op_type == "Constant" or (inputs and all(i in weights for i in inputs)):
            weights.update(node.output)
        result[node.name] = any(i in weights for i in inputs)
    return result


def _node_name(event_name: str) -> str:
    return event_name.removesuffix(KERNEL_SUFFIX)


def _weight_of(node: str, products: dict[str, bool]) -> bool | None:
    if node in products:
        return products[node]
    # Nodes that ORT fused keep the original node's name inside their own.
    found = [v for name, v in products.items() if name and name in node]
    return found[0] if found else None


def _shapes(args: dict[str, Any]) -> str:
    shapes = [next(iter(s.values())) for s in args.get("input_type_shape", []) if s]
    return str([s for s in shapes if s]) if shapes else ""


def read_ort_profile(
    events: list[dict[str, Any]], steps: int, products: dict[str, bool] | None = None
) -> tuple[pd.DataFrame, list[float], float]:
    """(operator table per step, wall ms of each run, node calls per step) from the events
    of ONNX Runtime's profile, keeping the last ``steps`` runs (the earlier ones warm up)."""
    products = products or {}
    runs = sorted(
        (e for e in events if e.get("cat") == "Session" and e.get("name") == "model_run"),
        key=lambda e: e["ts"],
    )[-steps:]
    if not runs:
        raise ValueError("the ONNX Runtime profile has no model_run events")
    start = runs[0]["ts"]
    ops: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0, 0.0])
    for event in events:
        if event.get("cat") != "Node" or not event.get("name", "").endswith(KERNEL_SUFFIX):
            continue
        if event["ts"] < start:
            continue
        args = event.get("args", {})
        op = args.get("op_name", "")
        weight = _weight_of(_node_name(event["name"]), products)
        if not PRODUCTS.match(op.lower()):
            weight = None
        key = (op, _shapes(args), family_of(op, weight_product=weight))
        ops[key][0] += 1
        ops[key][1] += float(event.get("dur", 0))
    total = sum(v[1] for v in ops.values()) or 1.0
    table = pd.DataFrame(
        [
            {
                "operator": op,
                "family": family,
                "shapes": shapes,
                "quantized": "quant" in op.lower() or "integer" in op.lower(),
                "calls": count / len(runs),
                "self_ms": us / 1e3 / len(runs),
                "mean_us": us / count,
                "share": us / total,
            }
            for (op, shapes, family), (count, us) in ops.items()
        ],
        columns=OPERATOR_COLUMNS,
    ).sort_values("self_ms", ascending=False, ignore_index=True)
    calls = sum(v[0] for v in ops.values()) / len(runs)
    return table, [r["dur"] / 1e3 for r in runs], calls


def profile_onnxruntime(
    model_bytes: bytes,
    arrays: Sequence[Any],
    *,
    batch: int,
    settings: ProfileSettings | None = None,
    reference: Callable[..., Any] | None = None,
    progress: ProgressFn | None = None,
) -> OperatorProfile:
    """Profile an ONNX model on ``arrays`` (numpy inputs) with ONNX Runtime's profiler.

    A profiling session of its own is opened (ORT profiles a whole session); ``reference``,
    the backend's usual session call, is timed without the profiler for the overhead.
    """
    import onnxruntime as ort

    from components.acceleration.backends import ORT_ALLOW_SPINNING

    settings = settings or ProfileSettings()
    report = progress or no_progress
    with PROFILING, tempfile.TemporaryDirectory() as folder:
        options = ort.SessionOptions()
        options.enable_profiling = True
        options.profile_file_prefix = os.path.join(folder, "ort")
        options.intra_op_num_threads = settings.threads
        options.inter_op_num_threads = 1
        options.add_session_config_entry(
            "session.intra_op.allow_spinning", "1" if ORT_ALLOW_SPINNING else "0"
        )
        options.log_severity_level = 3
        session = ort.InferenceSession(model_bytes, options, providers=["CPUExecutionProvider"])
        names = [i.name for i in session.get_inputs()]
        feed = dict(zip(names, arrays, strict=True))
        for _ in range(settings.warmup):
            session.run(None, feed)
        plain = []
        if reference is not None:
            for _ in range(settings.warmup):
                reference(*arrays)
            for _ in range(settings.steps):
                start = time.perf_counter()
                reference(*arrays)
                plain.append(time.perf_counter() - start)
        report(0.3, "profiled steps")
        profiled = []
        for i in range(settings.steps):
            start = time.perf_counter()
            session.run(None, feed)
            profiled.append(time.perf_counter() - start)
            report(0.3 + 0.5 * (i + 1) / settings.steps, f"step {i + 1}/{settings.steps}")
        path = session.end_profiling()
        with open(path, "rb") as f:
            trace = f.read()
    report(0.85, "reading the profile")
    table, runs, calls = read_ort_profile(
        json.loads(trace), settings.steps, weight_products(model_bytes)
    )
    profiled_ms = 1e3 * statistics.median(profiled)
    return OperatorProfile(
        backend="onnxruntime",
        profiler="onnxruntime",
        steps=settings.steps,
        threads=settings.threads,
        batch=batch,
        operators=table,
        modules=None,
        profiled_ms=profiled_ms,
        profiled_mean_ms=statistics.fmean(runs),
        unprofiled_ms=1e3 * statistics.median(plain) if plain else profiled_ms,
        calls_per_step=calls,
        trace=trace if settings.trace else b"",
        notes=("profile.note.ort_nodes",),
    )
